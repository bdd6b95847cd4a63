"""Repair use cases on a real database: intake, the SLA clock, quotes, warranty, contacts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.models import Phone
from aftersales.kernel.errors import Conflict, Forbidden, NotFound, ValidationFailed
from aftersales.kernel.imei import make_imei
from aftersales.repairs.contacts import contacts_of, record_contact
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.models import Quote, RepairEvent, RepairOrder
from aftersales.repairs.queries import contact_figures, events_of, sla_board
from aftersales.repairs.quotes import decide_quote, make_quote, pending_quote, quotes_of
from aftersales.repairs.service import add_note, check_version, decide_warranty, transition
from aftersales.repairs.states import Status
from aftersales.repairs.timing import clock_for, estimate
from aftersales.repairs.tracking import public_view
from aftersales.sla.clock import DEFAULT_TERMS
from aftersales.sla.service import set_policy, terms_for
from aftersales.warranty.service import coverage
from tests.factories import make_brand, make_centre, make_model, make_phone, n, owner_details
from tests.repairs import QuickWorld


def on(day: int, month: int = 3, hour: int = 9) -> datetime:
    """Return a moment in 2026 (UTC); 10 March 2026 is a Tuesday."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


def events(session: Session, repair: RepairOrder) -> list[RepairEvent]:
    return events_of(session, repair, public_only=False)


def assert_expected_date_set(repair: RepairOrder) -> None:
    assert repair.expected_basis
    assert repair.expected_date is not None
    assert repair.expected_low_date <= repair.expected_date <= repair.expected_high_date


def at_diagnosis(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    return repair


# --- intake ---------------------------------------------------------------------------


def test_intake_at_a_shop(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    imei = make_imei(w.model.tacs[0].tac, n())
    details = owner_details(name="Mario Rossi", language="it")
    repair = open_repair(
        session,
        w.shop_staff,
        Intake(
            imei=imei,
            fault_category="display",
            problem="  Macchie sul display  ",
            owner=details,
            purchase_date=date(2025, 12, 1),
        ),
        now,
    )
    assert repair.status == Status.received
    assert repair.channel == "shop"
    assert repair.shop_id == w.shop.id
    assert repair.centre_id == w.centre.id  # the centre serving the brand in the country
    assert repair.problem == "Macchie sul display"
    assert repair.received_at == now
    assert repair.phone.imei == imei
    assert repair.phone.model_id == w.model.id
    assert repair.phone.shop_id == w.shop.id
    owner = session.get(Account, repair.owner_id)
    assert owner is not None
    assert (owner.name, owner.email, owner.language) == ("Mario Rossi", details.email, "it")
    assert [(e.type, e.from_status, e.to_status) for e in events(session, repair)] == [
        ("created", None, Status.registered),
        ("status_changed", Status.registered, Status.received),
    ]
    assert all(e.actor_id == w.shop_staff.id and e.public for e in events(session, repair))
    assert_expected_date_set(repair)
    assert repair.expected_date > now.date()
    assert repair.expected_basis.startswith("SLA target")


def test_tracking_codes_are_distinct_and_canonical(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    codes = {w.repair(now).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == 14 and code[4] == code[9] == "-"


def test_walk_in_at_a_centre(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    imei = make_imei(w.model.tacs[0].tac, n())
    repair = open_repair(
        session,
        w.technician,
        Intake(
            imei=imei,
            fault_category="battery",
            problem="Drains in two hours",
            owner=OwnerDetails(name="Nguyen Van An", phone_number="+39 333 1234567"),
        ),
        now,
    )
    assert repair.channel == "walk_in"
    assert repair.shop_id is None
    assert repair.centre_id == w.centre.id
    assert repair.status == Status.received
    assert repair.received_at == now
    assert repair.phone.country == "IT"
    assert_expected_date_set(repair)


def test_walk_in_without_a_way_to_reach_the_owner_is_refused(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.technician,
            Intake(
                imei=make_imei(w.model.tacs[0].tac, n()),
                fault_category="battery",
                problem="Drains fast",
                owner=owner_details(email=None),
            ),
            now,
        )
    assert "owner.email" in info.value.errors


def test_owner_books_online(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    repair = open_repair(
        session,
        w.owner,
        Intake(
            imei=phone.imei, fault_category="charging", problem="Does not charge", shop_id=w.shop.id
        ),
        now,
    )
    assert repair.status == Status.registered
    assert repair.channel == "online"
    assert repair.owner_id == w.owner.id
    assert repair.centre_id == w.centre.id
    assert repair.received_at is None
    assert [e.type for e in events(session, repair)] == ["created"]
    assert_expected_date_set(repair)
    assert clock_for(repair, DEFAULT_TERMS, now).state == "not_started"
    # The shop receives it later: the clock starts then.
    later = now + timedelta(days=1)
    transition(session, w.shop_staff, repair, Status.received, later)
    assert repair.received_at == later


def test_owner_cannot_book_a_phone_that_is_not_theirs(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=QuickWorld(session).owner.id)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.owner,
            Intake(imei=phone.imei, fault_category="display", problem="Broken"),
            now,
        )
    assert "imei" in info.value.errors


def test_duplicate_open_repair_is_refused(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    intake = Intake(imei=repair.phone.imei, fault_category="audio", problem="No sound")
    with pytest.raises(Conflict) as info:
        open_repair(session, w.shop_staff, intake, now)
    assert "already has an open repair" in info.value.detail
    # Once the first is finished, a new one may be opened.
    transition(session, w.shop_staff, repair, Status.cancelled, now)
    again = open_repair(session, w.shop_staff, intake, now)
    assert again.id != repair.id
    assert again.phone_id == repair.phone_id


def test_imei_of_another_model_is_refused(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    other = make_model(session, w.brand)
    imei = make_imei(w.model.tacs[0].tac, n())
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(
                imei=imei,
                fault_category="display",
                problem="Cracked",
                model_id=other.id,
                owner=owner_details(),
            ),
            now,
        )
    assert "model_id" in info.value.errors
    assert w.model.name in info.value.errors["model_id"]
    assert session.scalar(select(Phone.id).where(Phone.imei == imei)) is None


def test_invalid_imei_at_intake_says_what_is_wrong(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    good = make_imei(w.model.tacs[0].tac, n())
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(imei=bad, fault_category="display", problem="Cracked", owner=owner_details()),
            now,
        )
    assert "check digit" in info.value.errors["imei"]


def test_centre_must_serve_the_brand(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    elsewhere = make_centre(session, [make_brand(session)])
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(
                imei=make_imei(w.model.tacs[0].tac, n()),
                fault_category="display",
                problem="Cracked",
                owner=owner_details(),
                centre_id=elsewhere.id,
            ),
            now,
        )
    assert "centre_id" in info.value.errors


def test_intake_field_errors(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(imei="490154203237518", fault_category="melted", problem=" x "),
            now,
        )
    assert set(info.value.errors) == {"fault_category", "problem"}


def test_a_brand_admin_cannot_open_repairs(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    with pytest.raises(Forbidden):
        open_repair(
            session,
            w.brand_admin,
            Intake(imei=make_imei(w.model.tacs[0].tac, n()), fault_category="other", problem="?!?"),
            now,
        )


# --- the SLA clock --------------------------------------------------------------------


def test_clock_stamps_and_pause_while_awaiting_approval(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))  # received Tuesday 10 March 2026
    assert repair.received_at == on(10)
    make_quote(
        session,
        w.technician,
        repair,
        on(11),
        amount_minor=12900,
        currency="eur",
        description="New display assembly",
    )
    assert repair.status == Status.awaiting_approval
    assert repair.paused_since == on(11)

    clock = clock_for(repair, DEFAULT_TERMS, on(13))  # Friday, still waiting
    assert clock.paused
    assert clock.paused_days == 2  # Thursday 12 and Friday 13
    assert clock.elapsed_days == 1  # only Wednesday 11 counts
    assert clock.due_date == date(2026, 3, 26)  # 10 + 2 working days after the 10th

    decide_quote(session, w.owner, repair, on(16), approve=True)  # Monday
    assert repair.status == Status.repairing
    assert repair.paused_since is None
    assert repair.paused_workdays == 3  # Thursday 12, Friday 13, Monday 16
    transition(session, w.technician, repair, Status.testing, on(17))
    transition(session, w.technician, repair, Status.ready, on(18))
    assert repair.ready_at == on(18)
    # Working days 11, 12, 13, 16, 17, 18 less the 3 spent waiting for the owner.
    assert repair.tat_workdays == 3
    clock = clock_for(repair, DEFAULT_TERMS, on(30))
    assert (clock.state, clock.elapsed_days, clock.loaner_owed) == ("met", 3, False)
    assert repair.expected_basis == "actual date"
    assert repair.expected_date == date(2026, 3, 18)
    # Later steps do not move the stamps.
    transition(session, w.technician, repair, Status.closed, on(19), outcome="repaired")
    assert repair.ready_at == on(18)
    assert repair.tat_workdays == 3
    assert repair.closed_at == on(19)


def test_received_at_is_stamped_once(session: Session) -> None:
    w = QuickWorld(session)
    repair = w.repair(on(10))
    transition(session, w.shop_staff, repair, Status.in_transit_to_centre, on(11))
    transition(session, w.technician, repair, Status.at_centre, on(12))
    assert repair.received_at == on(10)


def test_ready_for_pickup_counts_when_the_shop_leg_is_used(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))
    transition(session, w.technician, repair, Status.in_transit_to_shop, on(12))
    assert repair.ready_at is None
    transition(session, w.shop_staff, repair, Status.ready_for_pickup, on(13))
    assert repair.ready_at == on(13)
    assert repair.tat_workdays == 3  # Wednesday, Thursday, Friday


def test_sla_board_lists_late_repairs(session: Session) -> None:
    w = QuickWorld(session)
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=5,
        at_risk_days=3,
        loaner_days=4,
    )
    late = w.repair(on(2))  # Monday 2 March: 6 working days by Tuesday 10
    risky = w.repair(on(5))  # Thursday 5 March: 3 working days by Tuesday 10
    fresh = w.repair(on(10))
    sla_sweep(session, on(10), escalate_after=99)  # the sweep keeps the stored states current
    assert [r.code for r in sla_board(session, w.manager, "breached", 50).rows] == [late.code]
    assert [r.code for r in sla_board(session, w.manager, "at_risk", 50).rows] == [risky.code]
    assert late.sla_state == "breached" and late.loaner_owed_at is not None
    on_track = sla_board(session, w.manager, "on_track", 50)
    assert [r.code for r in on_track.rows] == [fresh.code]
    # Another centre's staff sees none of them.
    assert sla_board(session, QuickWorld(session).manager, "breached", 50).rows == []


def test_sla_lists_page_by_due_date_with_a_cursor(session: Session) -> None:
    w = QuickWorld(session)
    late = [w.repair(on(2) + timedelta(hours=h)) for h in (0, 1)] + [w.repair(on(3))]
    sla_sweep(session, on(25), escalate_after=99)
    seen, cursor = [], None
    for _ in range(3):
        page = sla_board(session, w.manager, "breached", 2, cursor)
        seen += [r.code for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    # Due 2 March + 10 working days for the first two (by id), then the third.
    assert seen == [r.code for r in late] and cursor is None
    with pytest.raises(ValidationFailed):
        sla_board(session, w.manager, "breached", 2, "not-a-cursor")


def test_terms_come_from_the_channel_policy_then_any_then_default(session: Session) -> None:
    w = QuickWorld(session)
    assert terms_for(session, w.brand.id, "IT", "shop") == DEFAULT_TERMS
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=8,
        at_risk_days=6,
        loaner_days=3,
    )
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="shop",
        target_days=12,
        at_risk_days=9,
        loaner_days=6,
    )
    assert terms_for(session, w.brand.id, "IT", "shop").target_days == 12
    assert terms_for(session, w.brand.id, "IT", "walk_in").target_days == 8
    assert terms_for(session, w.brand.id, "VN", "shop") == DEFAULT_TERMS
    with pytest.raises(ValidationFailed) as info:
        set_policy(
            session,
            w.brand_admin,
            brand_id=w.brand.id,
            country="IT",
            channel="any",
            target_days=5,
            at_risk_days=5,
            loaner_days=3,
        )
    assert "at_risk_days" in info.value.errors


def test_estimate_follows_the_policy(session: Session) -> None:
    w = QuickWorld(session)
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=4,
        at_risk_days=2,
        loaner_days=2,
    )
    repair = w.repair(on(10))
    assert repair.expected_basis == "SLA target of 4 working days"
    assert repair.expected_date == date(2026, 3, 16)  # 4 working days after Tuesday 10
    assert estimate(session, repair, on(10)).likely == repair.expected_date


# --- quotes -----------------------------------------------------------------------------


def test_quote_declined_returns_the_phone_unrepaired(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    quote = make_quote(
        session,
        w.technician,
        repair,
        now,
        amount_minor=8000,
        currency="EUR",
        description="Charging port replacement",
        next_status=Status.awaiting_parts,
    )
    assert pending_quote(session, repair) is quote
    with pytest.raises(Conflict):
        make_quote(
            session, w.technician, repair, now, amount_minor=1, currency="EUR", description="Again"
        )
    with pytest.raises(Forbidden):
        decide_quote(session, w.shop_staff, repair, now, approve=True)
    decide_quote(session, w.owner, repair, now + timedelta(days=1), approve=False)
    assert quote.status == "declined"
    assert quote.decided_by_id == w.owner.id
    assert repair.status == Status.testing
    assert pending_quote(session, repair) is None
    last = [e for e in events(session, repair) if e.type == "status_changed"][-1]
    assert (last.from_status, last.to_status) == (Status.awaiting_approval, Status.testing)
    assert last.actor_id == w.owner.id
    assert last.note and "declined" in last.note
    with pytest.raises(Conflict):
        decide_quote(session, w.owner, repair, now, approve=True)


def test_quote_approved_goes_to_the_quoted_next_step(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    make_quote(
        session,
        w.manager,
        repair,
        now,
        amount_minor=8000,
        currency="EUR",
        description="Charging port replacement",
        next_status=Status.awaiting_parts,
    )
    decide_quote(session, w.technician, repair, now, approve=True)  # on the owner's word
    assert repair.status == Status.awaiting_parts
    [quote] = quotes_of(session, repair)
    assert (quote.status, quote.currency, quote.amount_minor) == ("approved", "EUR", 8000)
    assert session.scalar(select(Quote.status).where(Quote.id == quote.id)) == "approved"


def test_quote_fields_are_checked(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    with pytest.raises(ValidationFailed) as info:
        make_quote(
            session,
            w.technician,
            repair,
            now,
            amount_minor=0,
            currency="E1",
            description="x",
            next_status=Status.ready,
        )
    assert set(info.value.errors) == {"amount_minor", "currency", "description", "next_status"}
    with pytest.raises(Forbidden):
        make_quote(
            session,
            w.shop_staff,
            repair,
            now,
            amount_minor=100,
            currency="EUR",
            description="Display",
        )
    assert repair.status == Status.diagnosing


# --- warranty ---------------------------------------------------------------------------


def test_warranty_decision_at_diagnosis(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    with pytest.raises(Conflict):
        decide_warranty(
            session, w.technician, repair, now, decision="covered", reason="Factory defect"
        )
    transition(session, w.technician, repair, Status.diagnosing, now)
    with pytest.raises(Forbidden):
        decide_warranty(
            session, w.shop_staff, repair, now, decision="covered", reason="Factory defect"
        )
    with pytest.raises(ValidationFailed) as info:
        decide_warranty(session, w.technician, repair, now, decision="maybe", reason="hm")
    assert set(info.value.errors) == {"decision", "reason"}
    event = decide_warranty(
        session,
        w.technician,
        repair,
        now,
        decision="not_covered",
        reason=" Liquid damage under the display. ",
    )
    assert repair.warranty_decision == "not_covered"
    assert repair.warranty_reason == "Liquid damage under the display."
    assert event.type == "warranty_decision" and event.public
    assert event.data == {"decision": "not_covered"}
    assert event.note == "Liquid damage under the display."


def test_eu_phone_is_covered_for_two_years(session: Session) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, purchase_date=date(2025, 6, 1), country="IT")
    # The EU's legal guarantee is two years from delivery.
    assert coverage(session, phone, date(2027, 5, 31)).covered
    assert not coverage(session, phone, date(2027, 6, 2)).covered
    assert coverage(session, phone, date(2027, 6, 2)).kind == "expired"


# --- notes, contacts and the public view ----------------------------------------------


def test_notes_and_the_public_view(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    add_note(
        session, w.technician, repair, now, text="The display connector is loose.", public=True
    )
    add_note(session, w.technician, repair, now, text="Check batch 42 of displays", public=False)
    with pytest.raises(Forbidden):
        add_note(session, w.owner, repair, now, text="Hello?", public=True)
    with pytest.raises(ValidationFailed):
        add_note(session, w.technician, repair, now, text="   ", public=True)
    view = public_view(session, repair.code.lower().replace("-", ""), repair.phone.imei[-4:], now)
    assert view.code == repair.code
    assert view.status == Status.diagnosing
    assert view.expected_date == repair.expected_date
    notes = [s.note for s in view.timeline if s.kind == "note"]
    assert notes == ["The display connector is loose."]
    assert all("batch 42" not in (s.note or "") for s in view.timeline)
    assert [s.status for s in view.timeline if s.kind == "status_changed"] == [
        Status.received,
        Status.diagnosing,
    ]
    wrong = "0000" if repair.phone.imei[-4:] != "0000" else "1111"
    with pytest.raises(NotFound):
        public_view(session, repair.code, wrong, now)


def test_contacts_are_logged_and_counted(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    asked = w.repair(now)
    quiet = w.repair(now)
    record_contact(session, w.shop_staff, asked, now, channel="phone", who="owner")
    record_contact(
        session,
        w.technician,
        asked,
        now + timedelta(hours=2),
        channel="email",
        who="shop",
        note=" Where is it? ",
    )
    with pytest.raises(Forbidden):
        record_contact(session, w.owner, asked, now, channel="phone", who="owner")
    with pytest.raises(ValidationFailed) as info:
        record_contact(session, w.shop_staff, asked, now, channel="pigeon", who="neighbour")
    assert set(info.value.errors) == {"channel", "who"}

    logged = contacts_of(session, asked)
    assert [(c.who, c.channel, c.note) for c in logged] == [
        ("owner", "phone", ""),
        ("shop", "email", "Where is it?"),
    ]
    assert contacts_of(session, quiet) == []
    contact_events = [e for e in events(session, asked) if e.type == "contact"]
    assert len(contact_events) == 2
    assert not any(e.public for e in contact_events)

    day = now.date()
    figures = contact_figures(session, w.manager, day, day, centre_id=w.centre.id)
    assert figures.repairs == 2
    assert figures.contacts == 2
    assert figures.per_repair == 1.0
    assert figures.by_who == {"owner": 1, "shop": 1}
    assert figures.by_count == {0: 1, 2: 1}
    # Outside the period, and for another shop's staff, there is nothing to count.
    before = contact_figures(session, w.manager, None, day - timedelta(days=1))
    assert (before.repairs, before.contacts, before.per_repair) == (0, 0, 0.0)
    other = contact_figures(session, QuickWorld(session).shop_staff, None, None)
    assert other.repairs == 0


# --- versions and the append-only history ---------------------------------------------


def test_stale_version_is_a_conflict(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    seen = repair.version
    check_version(repair, seen)
    check_version(repair, None)
    transition(session, w.technician, repair, Status.diagnosing, now, version=seen)
    assert repair.version > seen
    with pytest.raises(Conflict) as info:
        check_version(repair, seen)
    assert "Being checked" in info.value.detail
    with pytest.raises(Conflict):
        transition(session, w.technician, repair, Status.awaiting_parts, now, version=seen)
    with pytest.raises(Conflict):
        decide_warranty(
            session, w.technician, repair, now, decision="covered", reason="Defect", version=seen
        )
    assert repair.status == Status.diagnosing


def test_events_are_append_only(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    first = events(session, repair)[0]
    first.note = "rewritten history"
    with pytest.raises(RuntimeError, match="append-only"):
        session.flush()
    session.rollback()


def test_events_cannot_be_deleted(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    session.delete(events(session, repair)[-1])
    with pytest.raises(RuntimeError, match="append-only"):
        session.flush()
    session.rollback()


def test_every_move_is_an_event_with_actor_and_time(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))
    transition(session, w.technician, repair, Status.repairing, on(11), internal_note="Swap")
    moves = [e for e in events(session, repair) if e.type == "status_changed"]
    assert [(e.from_status, e.to_status) for e in moves] == [
        (Status.registered, Status.received),
        (Status.received, Status.diagnosing),
        (Status.diagnosing, Status.repairing),
    ]
    assert moves[-1].at == on(11)
    assert moves[-1].actor_id == w.technician.id
    assert moves[-1].actor_role == "technician"
    assert moves[-1].internal_note == "Swap"
    assert repair.last_public_event_at == on(11)


def test_leaving_approval_without_an_answer_withdraws_the_quote(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    first = make_quote(
        session, w.technician, repair, now, amount_minor=5000, currency="EUR", description="Battery"
    )
    # The centre goes on without an answer (the table allows it): the quote is moot.
    transition(session, w.technician, repair, Status.awaiting_parts, now)
    assert pending_quote(session, repair) is None
    assert first.status == "withdrawn"
    with pytest.raises(Conflict):
        decide_quote(session, w.owner, repair, now, approve=True)
    # A new price can be asked for later.
    second = make_quote(
        session, w.technician, repair, now, amount_minor=7000, currency="EUR", description="Board"
    )
    decide_quote(session, w.owner, repair, now, approve=True)
    assert second.status == "approved"
    assert [q.status for q in quotes_of(session, repair)] == ["withdrawn", "approved"]
