"""The SLA read model (stored state and due date) and the lists that read it in SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.kernel.errors import ValidationFailed
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs import jobs, queries
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import RepairFilter, list_repairs, work_per_technician
from aftersales.repairs.queue import backlog, centre_queue
from aftersales.repairs.quotes import decide_quote
from aftersales.repairs.service import transition
from aftersales.repairs.sla_state import backfill
from tests.factories import make_account, make_phone
from tests.factories.policies import make_quote, make_sla_policy
from tests.repairs import QuickWorld


def on(day: int, month: int = 3) -> datetime:
    """Return 10:00 UTC on a day of 2026 (10 March is a Tuesday)."""
    return datetime(2026, month, day, 10, tzinfo=UTC)


def five_day_sla(session: Session, w: QuickWorld) -> None:
    make_sla_policy(session, w.brand, target_days=5, at_risk_days=3, loaner_days=2)


def booking(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    """Book a repair online: registered, the phone not handed in yet."""
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    intake = Intake(phone.imei, "battery", "Si scarica in due ore", centre_id=w.centre.id)
    return open_repair(session, w.owner, intake, now)


def test_every_move_stores_the_sla_state_and_due_date(session: Session) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)
    repair = w.repair(on(10))  # received at the counter on Tuesday 10 March
    assert (repair.sla_state, repair.sla_due_date) == ("on_track", date(2026, 3, 17))
    transition(session, w.technician, repair, "diagnosing", on(11))
    make_quote(session, w.technician, repair, on(11))  # waits for the owner
    # The owner said yes on the phone after 2 working days paused; the centre records it.
    decide_quote(session, w.technician, repair, on(13), approve=True, told_by="phone")
    assert repair.sla_due_date == date(2026, 3, 19)  # the pause moves the date
    transition(session, w.technician, repair, "testing", on(23))
    transition(session, w.technician, repair, "ready", on(23))
    assert (repair.sla_state, repair.tat_workdays) == ("breached", 7)


def test_a_move_into_an_alerted_state_tells_the_managers_once(session: Session) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)
    repair = w.repair(on(10))
    sla_sweep(session, on(10), escalate_after=99)  # seen by the sweep: news from now on
    transition(session, w.technician, repair, "diagnosing", on(13))  # 3 working days: at risk
    assert repair.sla_state == "at_risk"

    def alerts() -> int:
        kinds = select(OutboxMessage.kind).where(OutboxMessage.about_id == repair.id)
        return session.scalars(kinds).all().count("sla_at_risk")

    told = alerts()
    assert told >= 1  # e-mail to the manager
    assert sla_sweep(session, on(13), escalate_after=99).alerts == 0  # nothing new to say
    assert alerts() == told


def test_the_sweep_moves_the_due_date_of_a_paused_repair(session: Session) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)
    repair = w.repair(on(10))
    transition(session, w.technician, repair, "diagnosing", on(10))
    make_quote(session, w.technician, repair, on(10))  # waits for the owner
    assert repair.sla_due_date == date(2026, 3, 17)
    sla_sweep(session, on(12), escalate_after=99)  # waiting for the owner since Tuesday
    session.refresh(repair)
    assert repair.sla_due_date == date(2026, 3, 19)


def test_backfill_fills_rows_from_before_the_read_model(session: Session) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)
    late, cancelled, fresh = w.repair(on(2)), w.repair(on(2)), w.repair(on(10))
    transition(session, w.shop_staff, cancelled, "cancelled", on(3))
    booked = booking(session, w, on(10))  # not handed in yet: no clock
    ids = [r.id for r in (late, cancelled, fresh, booked)]
    session.execute(  # as an upgrade finds them: nothing stored
        update(RepairOrder)
        .where(RepairOrder.id.in_(ids))
        .values(sla_state="not_started", sla_due_date=None)
    )
    assert backfill(session.connection(), on(10), batch=2) >= 3
    session.expire_all()
    got = {r.id: (r.sla_state, r.sla_due_date) for r in session.scalars(
        select(RepairOrder).where(RepairOrder.id.in_(ids)))}  # fmt: skip
    assert got[late.id] == ("breached", date(2026, 3, 9))
    assert got[cancelled.id] == ("on_track", date(2026, 3, 9))  # as it stood when cancelled
    assert got[fresh.id] == ("on_track", date(2026, 3, 17))
    assert got[booked.id] == ("not_started", None)


def test_backfill_takes_the_terms_in_force_on_the_day_the_repair_was_opened(
    session: Session,
) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)  # in force since always
    make_sla_policy(  # a shorter promise from 5 March: repairs opened since then follow it
        session, w.brand, target_days=2, at_risk_days=1, loaner_days=1,
        effective_from=date(2026, 3, 5),
    )  # fmt: skip
    before, after = w.repair(on(3)), w.repair(on(10))
    stored = {r.id: r.sla_due_date for r in (before, after)}
    assert stored == {before.id: date(2026, 3, 10), after.id: date(2026, 3, 12)}
    session.execute(  # as an upgrade finds them: nothing stored
        update(RepairOrder)
        .where(RepairOrder.id.in_(stored))
        .values(sla_state="not_started", sla_due_date=None)
    )
    assert backfill(session.connection(), on(10), missing_only=True) == 2
    session.expire_all()
    assert {r.id: r.sla_due_date for r in (before, after)} == stored  # as the moves stored them
    assert backfill(session.connection(), on(10), missing_only=True) == 0  # nothing left to do


def test_the_queue_reads_states_in_urgency_then_due_order(session: Session) -> None:
    w = QuickWorld(session)
    five_day_sla(session, w)
    fresh, risky, late, later = w.repair(on(10)), w.repair(on(5)), w.repair(on(2)), w.repair(on(3))
    booked = booking(session, w, on(10))
    sla_sweep(session, on(10), escalate_after=99)
    rows, total = centre_queue(session, w.centre, 200)
    assert [r.code for r in rows] == [late.code, later.code, risky.code, fresh.code, booked.code]
    assert total == 5 and rows[0].sla.loaner_owed
    few, _ = centre_queue(session, w.centre, 2)
    assert [r.code for r in few] == [late.code, later.code]
    by_status, ages = backlog(session, w.centre, on(10), [(0, 2), (3, 5), (6, 10), (11, 99)])
    assert by_status == {"received": 4, "registered": 1}
    assert ages == [2, 2, 1, 0]  # 0, 3, 6, 5 and 0 working days old


def test_lists_count_up_to_a_cap_and_page_deep_by_cursor(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = QuickWorld(session)
    made = [w.repair(on(2) + timedelta(hours=h)) for h in range(7)]
    newest_first = [r.code for r in reversed(made)]
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    page = list_repairs(session, w.shop_staff, RepairFilter(), 3)
    assert (page.total, page.capped) == (5, True)
    seen = [r.code for r in page.rows]
    while page.next_cursor:
        page = list_repairs(session, w.shop_staff, RepairFilter(), 3, cursor=page.next_cursor)
        seen += [r.code for r in page.rows]
    assert seen == newest_first
    with pytest.raises(ValidationFailed):
        list_repairs(session, w.shop_staff, RepairFilter(), 3, cursor="bm90IGEgY3Vyc29y")


def test_search_matches_code_beginnings_imei_beginnings_and_names(session: Session) -> None:
    w = QuickWorld(session)
    named = make_account(session, "owner", password=None, name="Giulia 50% Bianchi")
    giulia = w.repair(on(2), owner_id=named.id)
    giulia.contact_name = named.name  # what the shop typed at intake: the name searched
    other = w.repair(on(3))

    def found(q: str) -> list[str]:
        return [r.code for r in list_repairs(session, w.shop_staff, RepairFilter(q=q), 25).rows]

    assert found(giulia.code[:6]) == [giulia.code]
    assert other.code in found(other.phone.imei[:12])
    assert found(other.phone.imei) == [other.code]
    assert found("50% b") == [giulia.code]
    assert found("0%") == [giulia.code]  # the % is a character, not a wildcard
    assert found("zzzz") == []


def test_work_per_technician_counts_a_window_up_to_a_cap(session: Session) -> None:
    w = QuickWorld(session)
    other = make_account(session, "technician", password=None, centre_id=w.centre.id)
    for i in range(4):
        repair = w.repair(on(2 + i))
        transition(session, w.technician, repair, "diagnosing", on(9))
    transition(session, other, repair, "repairing", on(9))
    session.add(RepairEvent(repair_id=repair.id, type="status_changed", actor_id=other.id,
                            actor_role="technician", at=on(1), public=True))  # fmt: skip
    since = on(5)
    assert work_per_technician(session, w.centre.id, since) == [
        (w.technician.name, 4),
        (other.name, 1),
    ]
    assert work_per_technician(session, w.centre.id, since, cap=2)[0] == (w.technician.name, 3)


def test_the_sweep_goes_in_batches_and_lets_go_of_what_it_loaded(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "SWEEP_BATCH", 2)
    w = QuickWorld(session)
    five_day_sla(session, w)
    held = [w.repair(on(2)) for _ in range(3)]
    ids = [r.id for r in held] + [w.repair(on(9)).id for _ in range(2)]
    session.expunge(session.get_one(RepairOrder, ids[-1]))
    assert sla_sweep(session, on(10), escalate_after=99).checked == 5
    assert all(r in session for r in held) and held[0].sla_state == "breached"
    assert session.identity_map.get((RepairOrder, (ids[-1],), None)) is None  # let go
    states = session.scalars(select(RepairOrder.sla_state).where(RepairOrder.id.in_(ids)))
    assert sorted(states) == ["breached"] * 3 + ["on_track"] * 2
