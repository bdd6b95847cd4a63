"""The rollup job: incremental runs give what a whole rebuild gives, and runs are idempotent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.insights import queries
from aftersales.insights.facts import _promised
from aftersales.insights.figures import Filters, Scope
from aftersales.insights.models import InsightsCube, InsightsCubeBrand, InsightsFact
from aftersales.insights.rollup import refresh
from aftersales.repairs.models import RepairOrder
from aftersales.surveys.models import SurveyAnswer
from tests.factories import World
from tests.insights.history import History, at

FEB_MAR = Filters(date(2026, 2, 1), date(2026, 3, 1))
SKIP = {"id", "computed_at"}


def _rows(session: Session, model: Any, key: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Return a table's rows without ids and times, sorted."""
    columns = [c for c in model.__table__.columns if c.name not in SKIP]
    rows = session.execute(select(*columns)).all()
    return sorted((tuple(r) for r in rows), key=repr)


def _state(session: Session) -> list[list[tuple[Any, ...]]]:
    return [
        _rows(session, InsightsFact, ()),
        _rows(session, InsightsCube, ()),
        _rows(session, InsightsCubeBrand, ()),
    ]


def test_a_second_run_changes_nothing(session: Session, now: datetime) -> None:
    History(session)
    refresh(session, now)
    before = _state(session)
    note = refresh(session, now + timedelta(minutes=5))
    assert _state(session) == before
    assert "brand-months" in note


def test_incremental_runs_equal_a_whole_rebuild_after_changes(
    session: Session, now: datetime
) -> None:
    h = History(session)
    refresh(session, now)
    later = now + timedelta(hours=2)
    # R4 (open, P3) is closed; the phone of R1 comes back; R5 gets a contact and R3 a survey
    session.execute(
        update(RepairOrder)
        .where(RepairOrder.id == h.r4.id)
        .values(
            status="closed",
            outcome="repaired",
            ready_at=later,
            closed_at=later,
            tat_workdays=6,
            sla_state="met",
            updated_at=later,
        )
    )
    back = h.repair(
        h.phones["P1"], h.c1, "audio", [("2026-03-10", "registered")], expected="2026-03-17"
    )
    session.execute(update(RepairOrder).where(RepairOrder.id == back.id).values(updated_at=later))
    h.contacts(h.r5, "2026-03-10")
    h.survey(h.r3, 5)
    session.execute(
        update(SurveyAnswer).where(SurveyAnswer.repair_id == h.r3.id).values(created_at=later)
    )
    session.flush()
    session.expire_all()
    refresh(session, later + timedelta(minutes=1))
    incremental = _state(session)
    d = queries.dashboard(session, Scope.brand(h.a.id), FEB_MAR, later)
    refresh(session, later + timedelta(minutes=2), whole=True)
    assert _state(session) == incremental
    # by hand: R1 came back (P1 again on 10 Mar): fixed first time now only R2; R4 closed
    # in March, a repeat of R3, repaired: fixed first time (P3 has not come back since)
    assert (d.first_time_fix.closed, d.first_time_fix.came_back) == (5, 2)
    assert d.first_time_fix.fixed_first_time == 2
    assert (d.first_time_fix.opened, d.first_time_fix.repeats) == (7, 2)
    assert d.contacts.contacts == 2 + 0 + 1 + 4 + 0  # R1, R2, R3, R5 (one more), R4
    assert (d.satisfaction.answers, d.satisfaction.top2) == (4, 3)  # R3's answer: 5
    assert d.backlog.by_status == (("registered", 2),)


def test_the_job_reads_changes_from_its_last_start(session: Session, now: datetime) -> None:
    h = History(session)
    refresh(session, now)
    # a change stamped long before the last run is not seen: the watermark is the last start
    session.execute(
        update(RepairOrder)
        .where(RepairOrder.id == h.r7.id)
        .values(fault_category="audio", updated_at=at("2026-03-01"))
    )
    refresh(session, now + timedelta(minutes=5))
    fact = session.get(InsightsFact, h.r7.id)
    assert fact is not None and fact.fault_category == "display"
    refresh(session, now + timedelta(minutes=10), whole=True)
    session.expire_all()
    again = session.get(InsightsFact, h.r7.id)
    assert again is not None and again.fault_category == "audio"


def test_intake_records_the_first_expected_date_the_facts_read(
    session: Session, now: datetime
) -> None:
    world = World(session)
    repair = world.repair(now)
    assert _promised(session, [repair.id]) == {repair.id: repair.expected_date}
    refresh(session, now)
    fact = session.get(InsightsFact, repair.id)
    assert fact is not None
    # a counter intake is received at once
    assert (fact.open_status, fact.opened_month) == ("received", date(2026, 3, 1))
