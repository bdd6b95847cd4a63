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
from aftersales.repairs.eta import MIN_SAMPLES, from_history, from_sla, quantile
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import events_of
from aftersales.repairs.service import transition
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import estimate
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
) -> None:
    """Insert closed repairs with these turnarounds (rows only: cheap history)."""
    model = model or phone.model
    closed = datetime(2026, 1, 15, 10, tzinfo=UTC)
    for i, tat in enumerate(tats):
        at = closed - timedelta(hours=i)
        session.add(
            RepairOrder(
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
                received_at=at - timedelta(days=tat),
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
        )
    session.flush()


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


def test_history_is_conditioned_on_the_days_already_elapsed() -> None:
    samples = [3] * 20 + [20] * 15
    fresh = from_history(samples, Status.repairing, 0, TUESDAY, "IT", "1111100", "g")
    slow = from_history(samples, Status.repairing, 5, TUESDAY, "IT", "1111100", "g")
    # At 5 days elapsed only the 15 repairs that took 20 days remain comparable: 15 to go.
    assert slow.likely == slow.low == slow.high == add_workdays(TUESDAY, 15, "IT")
    assert fresh.likely == add_workdays(TUESDAY, 3, "IT")  # the median of all 35 is 3
    assert fresh.high == add_workdays(TUESDAY, 20, "IT")
    assert slow.basis == fresh.basis == "35 comparable repairs (g)"


def test_slower_than_almost_all_history_still_gives_a_future_date() -> None:
    est = from_history([4] * 30, Status.testing, 12, TUESDAY, "IT", "1111100", "g")
    assert est.likely == add_workdays(TUESDAY, 1, "IT")
    assert TUESDAY < est.low <= est.likely <= est.high


def test_quantile_interpolates() -> None:
    assert quantile([1, 2, 3, 4], 0.5) == 2.5
    assert quantile([5, 1, 3], 0.0) == 1
    assert quantile([5, 1, 3], 1.0) == 5
    assert quantile([7], 0.9) == 7


@given(
    samples=st.lists(st.integers(min_value=0, max_value=80), min_size=1, max_size=60),
    status=st.sampled_from(sorted(OPEN)),
    elapsed=st.integers(min_value=0, max_value=90),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    country=st.sampled_from(["IT", "VN"]),
)
def test_history_range_is_ordered_and_in_the_future(
    samples: list[int], status: Status, elapsed: int, today: date, country: str
) -> None:
    est = from_history(samples, status, elapsed, today, country, "1111100", "g")
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
    est = from_sla(terms, status, elapsed, today, "IT", "1111100")
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
