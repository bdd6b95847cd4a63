"""The centre's backlog by status and age: counted by the worker, read by the board.

Counting a centre's open repairs reads every one of them (82,000 in a large centre: 20-40 ms
on each view of the board). The worker counts each centre every few minutes
(`count_backlogs`, a scheduled job) and the board shows that count with the time it was
made; a centre the worker has not counted yet (a new installation) is counted live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre
from aftersales.kernel.i18n import N_
from aftersales.repairs.models import CentreBacklog
from aftersales.repairs.queue import backlog

# Ages of open repairs in working days since they entered the service: (low, high, label).
AGE_BUCKETS = (
    (0, 2, N_("0–2 working days")),
    (3, 5, N_("3–5 working days")),
    (6, 10, N_("6–10 working days")),
    (11, 10_000, N_("more than 10 working days")),
)
_EDGES = [(low, high) for low, high, _ in AGE_BUCKETS]


@dataclass(frozen=True)
class Backlog:
    """A centre's open repairs by status and by age bucket; `counted_at` None: counted now."""

    by_status: dict[str, int]
    by_age: list[int]
    counted_at: datetime | None


def count_backlogs(session: Session, now: datetime) -> int:
    """Count every centre's backlog and store it (the worker's job); return how many centres."""
    done = 0
    for centre in session.scalars(select(ServiceCentre).order_by(ServiceCentre.id)):
        by_status, ages = backlog(session, centre, now, _EDGES)
        row = session.get(CentreBacklog, centre.id) or CentreBacklog(centre_id=centre.id)
        row.counted_at, row.by_status, row.by_age = now, by_status, ages
        session.add(row)
        done += 1
    session.flush()
    return done


def backlog_of(session: Session, centre: ServiceCentre, now: datetime) -> Backlog:
    """Return the centre's backlog as last counted, or counted now if it never was."""
    row = session.get(CentreBacklog, centre.id)
    if row is not None and len(row.by_age) == len(AGE_BUCKETS):
        return Backlog(dict(row.by_status), list(row.by_age), row.counted_at)
    by_status, ages = backlog(session, centre, now, _EDGES)
    return Backlog(by_status, ages, None)
