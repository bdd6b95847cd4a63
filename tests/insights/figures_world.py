"""A world with figures for the dashboards' tests: two brands, closed repairs, answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.insights.rollup import refresh
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from tests.factories import World
from tests.factories.survey_answers import make_answer

PERIOD = {"from": "2026-01", "to": "2026-03"}


def closed(session: Session, w: World, at: datetime, days: int = 0, **kw: object) -> RepairOrder:
    """Open a repair at the shop on `at`, diagnose it, have it ready `days` later, close it."""
    repair = w.repair(at, **kw)
    transition(session, w.technician, repair, Status.diagnosing, at)
    ready = at + timedelta(days=days)
    transition(session, w.technician, repair, Status.ready, ready)
    transition(session, w.technician, repair, Status.closed, ready, outcome="repaired")
    return repair


class FiguresWorld:
    """Brand A's network with repairs closed in February and March 2026, one open, answers;
    brand B with one repair of its own (that A's readers must never see)."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.a = World(session)
        self.b = World(session)
        self.a.brand.name, self.b.brand.name = "Alfa", "Beta"
        self.a.centre.name, self.b.centre.name = "Napoli Centro", "Hanoi Beta"
        start = datetime(2026, 2, 2, 9, tzinfo=UTC)  # a Monday
        done = [
            closed(session, self.a, start + timedelta(days=7 * i), days,
                   fault_category="battery" if i % 2 else "display")
            for i, days in enumerate((1, 2, 2, 3, 7))
        ]  # fmt: skip
        self.open = self.a.repair(now - timedelta(days=2))
        closed(session, self.b, start, 1)
        for repair, overall in zip(done, (5, 4, 2), strict=False):
            make_answer(session, brand_id=self.a.brand.id, centre_id=self.a.centre.id,
                        repair_id=repair.id, answered_on=(repair.closed_at or start).date(),
                        overall=overall)  # fmt: skip
        session.flush()
        refresh(session, now, whole=True)
        session.commit()
