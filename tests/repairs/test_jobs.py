"""Scheduled jobs on open repairs: SLA sweep, escalation, loaner owed, no silence, nightly."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.jobs import nightly_expected, no_silence, sla_sweep
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from aftersales.sla.service import set_policy
from tests.repairs import QuickWorld


def on(day: int, month: int = 3) -> datetime:
    """Return 10:00 UTC on a day of 2026 (10 March is a Tuesday)."""
    return datetime(2026, month, day, 10, tzinfo=UTC)


def kinds(session: Session, repair: RepairOrder) -> list[tuple[str, str]]:
    stmt = select(OutboxMessage.kind, OutboxMessage.recipient).where(
        OutboxMessage.about_id == repair.id
    )
    return sorted(session.execute(stmt.order_by(OutboxMessage.id)).tuples())


def setup(session: Session) -> tuple[QuickWorld, RepairOrder]:
    w = QuickWorld(session)
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=5,
        at_risk_days=3,
        loaner_days=2,
    )
    repair = w.repair(on(10))  # received at the counter on Tuesday
    return w, repair


def test_the_sweep_stores_states_and_tells_managers_once(session: Session):
    w, repair = setup(session)
    version = repair.version
    sla_sweep(session, on(11), escalate_after=2)
    session.refresh(repair)
    assert repair.sla_state == "on_track" and not kinds(session, repair)[-1][0].startswith("sla")
    first = sla_sweep(session, on(13), escalate_after=2)  # Friday: 3 working days
    session.refresh(repair)
    assert repair.sla_state == "at_risk" and first.alerts >= 1
    assert ("sla_at_risk", w.manager.email) in kinds(session, repair)
    assert repair.loaner_owed_at == on(13)  # 2 working days passed without a loaner
    assert ("loaner_owed", w.manager.email) in kinds(session, repair)
    again = sla_sweep(session, on(13), escalate_after=2)  # a second run queues nothing new
    assert again.alerts == 0 and again.loaners == 0
    assert repair.version == version  # nobody's open form turns stale


def test_old_breaches_escalate_to_the_brand(session: Session):
    w, repair = setup(session)
    sla_sweep(session, on(11), escalate_after=2)  # on track, as the worker saw it then
    sla_sweep(session, on(18), escalate_after=2)  # Wednesday 18: breached (due Tuesday 17)
    session.refresh(repair)
    assert repair.sla_state == "breached" and repair.escalated_at is None
    assert ("sla_breached", w.manager.email) in kinds(session, repair)
    summary = sla_sweep(session, on(19), escalate_after=2)  # 2 working days past due
    session.refresh(repair)
    assert summary.escalations == 1 and repair.escalated_at == on(19)
    assert ("sla_escalated", w.brand_admin.email) in kinds(session, repair)
    assert sla_sweep(session, on(20), escalate_after=2).escalations == 0


def test_a_paused_or_ready_repair_is_not_chased(session: Session):
    w, repair = setup(session)
    for to in ("diagnosing", "testing", "ready"):
        transition(session, w.technician, repair, to, on(11))
    assert sla_sweep(session, on(25), escalate_after=2).checked == 0


def test_no_silence_updates_owner_and_shop_once_per_stretch(session: Session):
    w, repair = setup(session)
    w.shop.email = "banco@negozio.test"
    assert no_silence(session, on(12), silence_workdays=3) == 0  # 2 working days: not yet
    assert no_silence(session, on(13), silence_workdays=3) >= 1  # 3 working days
    assert no_silence(session, on(13), silence_workdays=3) == 0  # once per stretch
    news = [r for k, r in kinds(session, repair) if k == "no_silence"]
    assert w.owner.email in news
    assert no_silence(session, on(18), silence_workdays=3) >= 1  # the next stretch of 3


def test_nightly_recompute_tells_when_the_date_moved_later(session: Session):
    w, repair = setup(session)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", on(10))
    before = repair.expected_date
    summary = nightly_expected(session, on(28, 4), quiet_workdays=3)
    session.refresh(repair)
    assert summary.moved >= 1 and summary.told >= 1 and repair.expected_date > before
    assert ("expected_later", w.owner.email) in kinds(session, repair)
    # The next night it slides again: the event is kept, but the owner is not told daily.
    told = len(kinds(session, repair))
    again = nightly_expected(session, on(29, 4), quiet_workdays=3)
    assert again.moved >= 1 and len(kinds(session, repair)) == told
    assert nightly_expected(session, on(4, 5), quiet_workdays=3).told >= 1  # 3 days on


def test_nightly_skips_a_repair_waiting_for_the_owner(session: Session):
    w, repair = setup(session)
    transition(session, w.technician, repair, "diagnosing", on(10))
    make_quote(
        session,
        w.technician,
        repair,
        on(10),
        amount_minor=900,
        currency="EUR",
        description="Batteria nuova",
    )
    before = len(kinds(session, repair))
    summary = nightly_expected(session, on(28, 4), quiet_workdays=3)
    assert summary.moved >= 1 and len(kinds(session, repair)) == before


def test_a_ready_repair_keeps_whether_it_met_its_sla(session: Session):
    w, repair = setup(session)
    for to in ("diagnosing", "testing", "ready"):
        transition(session, w.technician, repair, to, on(12))
    assert repair.sla_state == "met"
    other, late = setup(session)
    for to in ("diagnosing", "testing", "ready"):
        transition(session, other.technician, late, to, on(25))
    assert late.sla_state == "breached"


def test_the_first_sweep_of_a_repair_stores_its_state_quietly(session: Session):
    _, repair = setup(session)  # e.g. after an upgrade: never swept, already late
    summary = sla_sweep(session, on(25), escalate_after=2)
    session.refresh(repair)
    assert repair.sla_state == "breached" and repair.escalated_at and repair.loaner_owed_at
    assert summary.alerts == summary.escalations == summary.loaners == 0
    assert not [k for k, _ in kinds(session, repair) if k.startswith(("sla", "loaner"))]
