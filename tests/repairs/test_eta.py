"""The expected ready date: SLA-based at first, then from comparable closed repairs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.devices.models import Phone
from aftersales.kernel.codes import new_tracking_code
from aftersales.kernel.workdays import add_workdays, is_workday, workdays_between
from aftersales.repairs.eta import (
    MIN_CALIBRATE,
    MIN_SAMPLES,
    Estimate,
    Group,
    Method,
    Visit,
    band,
    calibrated,
    from_sla,
    from_steps,
    quantile,
    remaining_after,
)
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import events_of
from aftersales.repairs.service import transition
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import (
    estimate,
    off_parts_arrival,
    on_parts_arrival,
    refresh_expected,
)
from aftersales.repairs.tracking import public_view
from aftersales.sla.clock import DEFAULT_TERMS, SlaTerms
from tests.factories import make_brand, make_centre, make_model, make_phone
from tests.repairs import QuickWorld

TUESDAY = date(2026, 3, 10)


def add_closed(
    session: Session,
    phone: Phone,
    centre: ServiceCentre,
    fault: str,
    tats: list[int],
    model: PhoneModel | None = None,
    last: Status = Status.testing,
) -> None:
    """Insert closed repairs with these turnarounds in working days (rows only: cheap history).

    Each was received `tat` working days before ready and went to `last` one working day
    before ready (the same day for a turnaround of 0).
    """
    model = model or phone.model
    closed = datetime(2026, 1, 15, 10, tzinfo=UTC)  # a Thursday
    for i, tat in enumerate(tats):
        at = closed - timedelta(hours=i)
        received = workdays_back(at, tat, centre.country)
        repair = RepairOrder(
            code=new_tracking_code(),
            phone_id=phone.id,
            brand_id=model.brand_id,
            model_id=model.id,
            channel="shop",
            centre_id=centre.id,
            country=centre.country,
            fault_category=fault,
            problem="Old repair",
            status=Status.closed,
            outcome="repaired",
            received_at=received,
            ready_at=at,
            closed_at=at,
            tat_workdays=tat,
            expected_date=at.date(),
            expected_low_date=at.date(),
            expected_high_date=at.date(),
            expected_basis="actual date",
            last_public_event_at=at,
            created_at=at,
            updated_at=at,
        )
        session.add(repair)
        session.flush()
        testing = workdays_back(at, min(tat, 1), centre.country)
        for status, moment in ((Status.received, received), (last, testing)):
            session.add(
                RepairEvent(
                    repair_id=repair.id,
                    type="status_changed",
                    to_status=status,
                    actor_role="system",
                    at=moment,
                )
            )
        session.add(
            RepairEvent(
                repair_id=repair.id,
                type="status_changed",
                to_status="ready",
                actor_role="system",
                at=at,
            )
        )
    session.flush()


def workdays_back(at: datetime, n: int, country: str) -> datetime:
    """Return the latest moment, a whole number of days before `at`, n working days before it."""
    moment = at - timedelta(hours=1)
    while workdays_between(moment.date(), at.date(), country) < n:
        moment -= timedelta(days=1)
    return moment


def test_with_few_closed_repairs_the_basis_is_the_sla_target(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    old_phone = make_phone(session, w.model)
    add_closed(session, old_phone, w.centre, "display", [3] * (MIN_SAMPLES - 1))
    repair = w.repair(now)
    assert repair.expected_basis == f"SLA target of {DEFAULT_TERMS.target_days} working days"
    # Received Tuesday 10 March 2026, target 10 working days: Tuesday 24 March.
    assert repair.expected_date == date(2026, 3, 24)
    assert repair.expected_low_date <= repair.expected_date < repair.expected_high_date


def test_with_enough_closed_repairs_of_the_group_the_basis_names_it(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    old_phone = make_phone(session, w.model)
    add_closed(session, old_phone, w.centre, "display", [4] * MIN_SAMPLES)
    # Noise from other groups must not matter: the narrowest group has enough.
    add_closed(session, old_phone, w.centre, "battery", [40] * MIN_SAMPLES)
    repair = w.repair(now)
    assert (
        repair.expected_basis == f"{MIN_SAMPLES} comparable repairs (same model, fault and centre)"
    )
    # Every comparable repair took 4 working days: Tuesday 10 March + 4 = Monday 16 March.
    assert repair.expected_date == date(2026, 3, 16)
    assert repair.expected_low_date == repair.expected_high_date == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("same_model", "same_centre", "same_fault", "group"),
    [
        (True, False, True, "same model and fault"),
        (False, True, True, "same fault at this centre"),
        (False, False, True, "same fault, whole brand"),
        (True, True, False, "any fault at this centre"),
        (False, False, False, "any fault, whole brand"),
    ],
)
def test_falls_back_to_broader_groups(
    session: Session,
    now: datetime,
    same_model: bool,
    same_centre: bool,
    same_fault: bool,
    group: str,
) -> None:
    w = QuickWorld(session)
    model = w.model if same_model else make_model(session, w.brand)
    centre = w.centre if same_centre else make_centre(session, [w.brand])
    old_phone = make_phone(session, model)
    fault = "display" if same_fault else "battery"
    add_closed(session, old_phone, centre, fault, [6] * MIN_SAMPLES)
    # A narrower group with too few repairs is passed over.
    add_closed(session, make_phone(session, w.model), w.centre, "display", [2] * 5)
    repair = w.repair(now, fault_category="display")
    # The five narrow ones belong to every broader group too.
    total = MIN_SAMPLES + 5
    assert repair.expected_basis == f"{total} comparable repairs ({group})"
    assert repair.expected_low_date <= repair.expected_date <= repair.expected_high_date


def test_other_brands_history_is_not_comparable(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    other_brand = make_brand(session)
    other_model = make_model(session, other_brand)
    add_closed(session, make_phone(session, other_model), w.centre, "display", [1] * 40)
    repair = w.repair(now)
    assert repair.expected_basis.startswith("SLA target")


def stays(step: str, pairs: list[tuple[float, float]]) -> list[Visit]:
    """Return stays at `step` as (days there, days from entering it to ready)."""
    return [Visit(step, stay, to_ready) for stay, to_ready in pairs]


def test_too_few_stays_at_the_step_give_no_estimate() -> None:
    few = stays("repairing", [(1, 3)] * (MIN_SAMPLES - 1))
    assert remaining_after(few, "repairing", 0) is None
    assert remaining_after(few + stays("testing", [(1, 1)] * 40), "repairing", 0) is None


def test_the_time_left_is_what_the_rest_took_from_this_step() -> None:
    history = stays("received", [(1, 8)] * 30) + stays("testing", [(1, 1)] * 30)
    just_in = remaining_after(history, "received", 0)
    in_testing = remaining_after(history, "testing", 0)
    assert just_in is not None and in_testing is not None
    assert (just_in.low, just_in.mid, just_in.high, just_in.samples) == (8, 8, 8, 30)
    assert (in_testing.low, in_testing.mid, in_testing.high) == (1, 1, 1)


def test_time_already_spent_at_the_step_is_compared_with_longer_stays() -> None:
    # 20 stays of 1 day (ready 3 days after entering), 15 of 10 days (ready after 12).
    history = stays("awaiting_parts", [(1, 3)] * 20 + [(10, 12)] * 15)
    fresh = remaining_after(history, "awaiting_parts", 0)
    five_days_in = remaining_after(history, "awaiting_parts", 5)
    assert fresh is not None and fresh.mid == 3
    assert five_days_in is not None
    assert five_days_in.low == five_days_in.mid == five_days_in.high == 7  # 12 - 5
    assert five_days_in.samples == 35


def test_longer_than_nearly_every_stay_counts_the_rest_after_the_step() -> None:
    history = stays("repairing", [(2, 5)] * 30)  # 3 days after leaving the step
    late = remaining_after(history, "repairing", 9)
    assert late is not None and late.low == late.mid == late.high == 3


def test_newer_repairs_going_faster_narrow_and_lower_the_range() -> None:
    # Newest first: 80 newer stays took 1-80 days, the 240 older ones 1-120, twice over.
    newer = stays("repairing", [(1, d) for d in range(1, 81)])
    older = stays("repairing", [(1, d) for d in range(1, 121)] * 2)
    low, mid, high = calibrated(newer + older)
    # A newer stay of d days ranks (2d - 1) / 240 among the older; the 10th and 90th
    # percentiles of those 80 ranks are 16.8 / 240 and 143.2 / 240.
    assert mid == 0.5 and round(low, 6) == round(16.8 / 240, 6)
    assert round(high, 6) == round(143.2 / 240, 6)
    plain = band([v.to_ready for v in newer + older], 320)
    tuned = remaining_after(newer + older, "repairing", 0)
    assert tuned is not None and tuned.mid == plain.mid
    assert tuned.low < plain.low and tuned.high < plain.high


def test_the_calibrated_range_keeps_the_likely_value_inside() -> None:
    newer = stays("repairing", [(1, 1)] * 30)  # every newer repair far faster than the older
    low, mid, high = calibrated(newer + stays("repairing", [(1, 50)] * 90))
    assert low <= mid <= high == 0.5


def test_newer_repairs_like_the_older_keep_the_plain_levels() -> None:
    alike = stays("repairing", [(1, d) for d in range(1, 201)] * 2)  # the same days twice
    low, mid, high = calibrated(alike[::2] + alike[1::2])
    assert abs(low - 0.1) < 0.02 and mid == 0.5 and abs(high - 0.9) < 0.02


def test_too_few_newer_stays_keep_the_plain_levels() -> None:
    few = stays("repairing", [(1, 1)] * (MIN_CALIBRATE * 4 - 1))
    assert calibrated(few) == (0.1, 0.5, 0.9)


def test_quantile_interpolates() -> None:
    assert quantile([1, 2, 3, 4], 0.5) == 2.5
    assert quantile([5, 1, 3], 0.0) == 1
    assert quantile([5, 1, 3], 1.0) == 5
    assert quantile([7], 0.9) == 7


def test_from_steps_records_method_and_inputs() -> None:
    history = stays("testing", [(1, 2)] * 40)
    est = from_steps(history, Group.fault_centre, Status.testing, 0, TUESDAY, "IT", "1111100")
    assert est == Estimate(
        add_workdays(TUESDAY, 2, "IT"),
        add_workdays(TUESDAY, 2, "IT"),
        add_workdays(TUESDAY, 2, "IT"),
        Method.steps,
        samples=40,
        group=Group.fault_centre,
        step="testing",
    )
    assert est.basis == "40 comparable repairs (same fault at this centre)"


def test_parts_arrival_moves_the_date_to_after_the_parts() -> None:
    history = stays("awaiting_parts", [(2, 4)] * 30) + stays("repairing", [(1, 2)] * 30)
    parts_day = date(2026, 3, 20)  # Friday: 8 working days after Tuesday 10 March
    plain = from_steps(history, Group.brand, Status.awaiting_parts, 0, TUESDAY, "IT", "1111100")
    waiting = from_steps(
        history, Group.brand, Status.awaiting_parts, 0, TUESDAY, "IT", "1111100", parts_day
    )
    assert plain is not None and waiting is not None
    assert plain.likely == add_workdays(TUESDAY, 4, "IT")
    # The parts in 8 working days, then 2 days from repairing to ready: Tuesday 24 March.
    assert waiting.likely == waiting.low == waiting.high == date(2026, 3, 24)
    assert waiting.parts_date == parts_day
    assert waiting.basis.endswith("; parts on 2026-03-20")
    # Parts that came already, or arrive sooner than the history's own wait, change nothing.
    soon = from_steps(
        history, Group.brand, Status.awaiting_parts, 0, TUESDAY, "IT", "1111100", TUESDAY
    )
    assert soon is not None and soon.likely == plain.likely
    # Past the step that needs them, the parts' date no longer counts.
    after = from_steps(
        history, Group.brand, Status.repairing, 0, TUESDAY, "IT", "1111100", parts_day
    )
    assert after is not None and after.likely == add_workdays(TUESDAY, 2, "IT")


def test_parts_arrival_moves_the_sla_estimate_too() -> None:
    parts_day = date(2026, 3, 31)  # 15 working days after Tuesday 10 March
    est = from_sla(10, Status.awaiting_parts, 2, TUESDAY, "IT", "1111100", parts_day)
    assert est.method == Method.sla and est.target_days == 10 and est.parts_date == parts_day
    assert est.likely > parts_day
    assert est.basis == "SLA target of 10 working days; parts on 2026-03-31"


@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 60)), min_size=MIN_SAMPLES, max_size=60
    ),
    status=st.sampled_from(sorted(OPEN)),
    in_step=st.integers(min_value=0, max_value=90),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    country=st.sampled_from(["IT", "VN"]),
    parts=st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2036, 12, 31)),
)
def test_steps_range_is_ordered_and_in_the_future(
    pairs: list[tuple[int, int]],
    status: Status,
    in_step: int,
    today: date,
    country: str,
    parts: date | None,
) -> None:
    history = [Visit(s, min(a, b), max(a, b)) for s in (status, "repairing") for a, b in pairs]
    est = from_steps(history, Group.brand, status, in_step, today, country, "1111100", parts)
    assert est is not None
    assert today < est.low <= est.likely <= est.high
    assert is_workday(est.likely, country)


@given(
    target=st.integers(min_value=1, max_value=120),
    status=st.sampled_from(sorted(OPEN)),
    elapsed=st.integers(min_value=0, max_value=150),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_sla_range_is_ordered_and_in_the_future(
    target: int, status: Status, elapsed: int, today: date
) -> None:
    terms = SlaTerms(target, max(0, target - 1), 0, "policy")
    est = from_sla(terms.target_days, status, elapsed, today, "IT", "1111100")
    assert today < est.low <= est.likely < est.high
    if elapsed == 0:  # nothing spent yet: the whole target is ahead
        assert workdays_between(today, est.likely, "IT") == target


def test_expected_date_skips_tet_at_a_vietnamese_centre(session: Session) -> None:
    w = QuickWorld(session, country="VN", week="1111110")
    friday = datetime(2026, 2, 13, 2, tzinfo=UTC)  # morning in Hà Nội
    repair = w.repair(friday)
    likely = repair.expected_date
    assert workdays_between(date(2026, 2, 13), likely, "VN", "1111110") == 10
    # Saturdays count but the five days of Tết do not: 14, 21, 23-28 Feb (8) and 2-3 March.
    assert likely == date(2026, 3, 3)


def test_a_slip_records_old_and_new_dates(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    old = repair.expected_date
    late = now + timedelta(days=10)  # Friday 20 March: 8 working days later
    transition(session, w.technician, repair, Status.diagnosing, late)
    assert repair.expected_date > old
    slips = [
        e for e in events_of(session, repair, public_only=True) if e.type == "expected_date_changed"
    ]
    assert len(slips) == 1
    slip: RepairEvent = slips[0]
    assert slip.data["old"] == old.isoformat()
    assert slip.data["new"] == repair.expected_date.isoformat()
    assert slip.data["basis"] == repair.expected_basis
    assert slip.at == late and slip.actor_id == w.technician.id
    assert slip.note == "This step is taking longer than expected."
    assert repair.last_public_event_at == late


def test_no_slip_event_when_the_date_holds_or_moves_earlier(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    for status in (Status.diagnosing, Status.repairing, Status.testing):
        before = repair.expected_date
        transition(session, w.technician, repair, status, now)
        assert repair.expected_date <= before
    assert not [
        e
        for e in events_of(session, repair, public_only=False)
        if e.type == "expected_date_changed"
    ]


def test_estimate_of_a_finished_repair_is_the_actual_date(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    transition(session, w.technician, repair, Status.ready, now + timedelta(days=2))
    est = estimate(session, repair, now + timedelta(days=9))
    assert est.basis == "actual date"
    assert est.likely == est.low == est.high == date(2026, 3, 12)


def test_dates_are_the_centres_local_dates(session: Session) -> None:
    w = QuickWorld(session, country="VN", week="1111110")
    # Friday 13 March 2026 at 18:00 UTC is already Saturday 14 March, 01:00 in Hà Nội.
    repair = w.repair(datetime(2026, 3, 13, 18, tzinfo=UTC))
    # Ten working days from Saturday 14 (Saturdays worked): 16-21, 23-26 March.
    assert repair.expected_date == date(2026, 3, 26)


def test_a_passed_expected_date_is_never_shown(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    stored = repair.expected_date
    weeks_later = now + timedelta(days=30)  # Thursday 9 April 2026, the stored date has passed
    view = public_view(session, repair.code, repair.phone.imei[-4:], weeks_later)
    assert view.expected_date is not None and view.expected_date > weeks_later.date()
    assert view.expected_low_date is not None and view.expected_high_date is not None
    assert view.expected_low_date <= view.expected_date <= view.expected_high_date
    assert repair.expected_date == stored  # reading does not write
    fresh = public_view(session, repair.code, repair.phone.imei[-4:], now)
    assert fresh.expected_date == stored


def test_a_repair_in_testing_is_not_estimated_like_one_just_received(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    # Received 6 working days before ready, in testing from the day before ready.
    add_closed(session, make_phone(session, w.model), w.centre, "display", [6] * MIN_SAMPLES)
    repair = w.repair(now)
    assert repair.expected_date == add_workdays(TUESDAY, 6, "IT")
    for status in (Status.diagnosing, Status.repairing):
        transition(session, w.technician, repair, status, now)
    transition(session, w.technician, repair, Status.testing, now)
    assert repair.expected_date == add_workdays(TUESDAY, 1, "IT")
    assert (repair.expected_method, repair.expected_samples, repair.expected_step) == (
        "steps",
        MIN_SAMPLES,
        "testing",
    )
    assert repair.expected_group == "model_fault_centre"
    assert repair.expected_parts_date is None and repair.expected_target_days is None


def test_the_sla_fallback_stores_its_target(session: Session, now: datetime) -> None:
    repair = QuickWorld(session).repair(now)
    assert (repair.expected_method, repair.expected_samples, repair.expected_group) == (
        "sla",
        0,
        "",
    )
    assert repair.expected_target_days == DEFAULT_TERMS.target_days
    assert repair.expected_step == "received"


def test_a_slip_event_carries_the_inputs(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now + timedelta(days=10))
    slip = next(e for e in events_of(session, repair, public_only=True) if e.data.get("method"))
    assert slip.data["method"] == "sla" and slip.data["step"] == "diagnosing"
    assert slip.data["target_days"] == DEFAULT_TERMS.target_days
    assert slip.data["high"] == repair.expected_high_date.isoformat()


def test_the_parts_arrival_is_asked_of_the_registered_sources(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    transition(session, w.technician, repair, Status.awaiting_parts, now)
    without = estimate(session, repair, now)
    parts_day = date(2026, 4, 30)
    given = estimate(session, repair, now, parts=parts_day)
    assert without.parts_date is None and given.parts_date == parts_day
    assert given.likely > parts_day > without.likely

    def arrival(_: Session, r: RepairOrder) -> date | None:
        return parts_day if r.id == repair.id else None

    on_parts_arrival(arrival)
    try:
        refresh_expected(session, repair, now, None, "system")
        assert repair.expected_parts_date == parts_day
        assert repair.expected_date == given.likely
    finally:
        off_parts_arrival(arrival)
