"""Surveys' collection tests: closed repairs, their invitations, the answer page, the import."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from tests.factories import World
from tests.repairs import QuickWorld

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)  # a Tuesday


def closed_repair(
    session: Session, w: QuickWorld | World, at: datetime = T0, **kw: object
) -> RepairOrder:
    """Open a repair at the shop, repair it in the centre and close it the same day."""
    repair = w.repair(at, **kw)
    transition(session, w.technician, repair, Status.diagnosing, at)
    transition(session, w.technician, repair, Status.ready, at)
    transition(session, w.technician, repair, Status.closed, at, outcome="repaired")
    return repair
