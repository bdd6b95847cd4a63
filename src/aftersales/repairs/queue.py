"""A centre's open repairs by SLA urgency, read from the stored SLA state (no clocks).

The queue and the board show the most urgent few hundred of a centre's open repairs. Each
state (breached, then at risk, on track, not started, met) is one short index read in due
date order (`ix_repair_order_open_centre_sla`), so the cost does not grow with the backlog;
the figures of the whole backlog are counted in SQL, bounded where they could be large.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre
from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.loaners import loaner_owed
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.queries import bounded_count, open_in, running_in
from aftersales.repairs.sla_state import STATES_BY_URGENCY


@dataclass(frozen=True)
class StoredSla:
    """A repair's SLA as stored: state, due date, and whether a loaner is owed now."""

    state: str
    due_date: date | None
    loaner_owed: bool


@dataclass
class QueueRow:
    """One open repair of a centre's queue."""

    code: str
    status: str
    fault_category: str
    brand: str
    model: str
    received_at: datetime | None
    created_at: datetime
    sla: StoredSla
    assignee: str | None  # the technician working on it, by name


def open_at(centre: ServiceCentre) -> list[ColumnElement[bool]]:
    """Return the conditions of a centre's open repairs (closed_at IS NULL: see open_in)."""
    return [RepairOrder.centre_id == centre.id, RepairOrder.closed_at.is_(None)]


def in_state(
    session: Session, centre: ServiceCentre, state: str, limit: int, *, running: bool = False
) -> list[QueueRow]:
    """Return up to `limit` of the centre's open repairs in one SLA state, earliest due first.

    `running`: only those whose clock still runs (the board's SLA lists, as the API's).
    """
    which = running_in(state) if running else open_in(state)
    return _rows(session, [RepairOrder.centre_id == centre.id, *which], limit)


def assigned_to(session: Session, account_id: int, limit: int) -> list[QueueRow]:
    """Return the open repairs assigned to one person: the most urgent first, then by due date.

    One short read per SLA state, as the centre's queue (`ix_repair_order_open_assignee`,
    by person, state and due date): a person holds tens of repairs, but nothing stops a
    manager from giving one person thousands, and sorting them all would read every one.
    """
    rows: list[QueueRow] = []
    for state in STATES_BY_URGENCY:
        if len(rows) >= limit:
            break
        rows += _rows(session, [RepairOrder.assigned_to_id == account_id, *open_in(state)],
                      limit - len(rows))  # fmt: skip
    return rows


def _rows(session: Session, where: list[ColumnElement[bool]], limit: int) -> list[QueueRow]:
    """Read queue rows: the repair's columns, its brand and model, who works on it."""
    r = RepairOrder
    rows = session.execute(
        select(
            r.code,
            r.status,
            r.fault_category,
            Brand.name,
            PhoneModel.name,
            r.received_at,
            r.created_at,
            r.sla_state,
            r.sla_due_date,
            r.ready_at,
            r.loaner_owed_at,
            r.loaner_given,
            Account.name.label("assignee"),
        )
        .join(PhoneModel, PhoneModel.id == r.model_id)
        .join(Brand, Brand.id == PhoneModel.brand_id)
        .outerjoin(Account, Account.id == r.assigned_to_id)
        .where(*where)
        .order_by(r.sla_due_date, r.id)
        .limit(limit)
    ).all()
    return [
        QueueRow(
            row.code,
            row.status,
            row.fault_category,
            row[3],
            row[4],
            row.received_at,
            row.created_at,
            StoredSla(
                row.sla_state,
                row.sla_due_date,
                # flagged by the sweep, until the phone is ready or a loaner is given
                loaner_owed(
                    row.ready_at is None and row.loaner_owed_at is not None, row.loaner_given
                ),
            ),
            row.assignee,
        )
        for row in rows
    ]


def centre_queue(session: Session, centre: ServiceCentre, limit: int) -> tuple[list[QueueRow], int]:
    """Return the centre's most urgent open repairs and how many are open (capped).

    Breached first, then at risk, on track, not started and met; each by due date.
    """
    rows: list[QueueRow] = []
    for state in STATES_BY_URGENCY:
        if len(rows) >= limit:
            break
        rows += in_state(session, centre, state, limit - len(rows))
    return rows, bounded_count(session, open_at(centre))


def state_count(session: Session, centre: ServiceCentre, state: str) -> int:
    """Count the centre's repairs in one SLA state whose clock runs, up to COUNT_CAP + 1."""
    return bounded_count(session, [RepairOrder.centre_id == centre.id, *running_in(state)])


def backlog(
    session: Session, centre: ServiceCentre, now: datetime, buckets: list[tuple[int, int]]
) -> tuple[dict[str, int], list[int]]:
    """Count the centre's open repairs by status and by age in working days, in one query.

    Each bucket (low, high) of working days since the repair entered the service becomes a
    moment: a repair is at least n working days old when it entered before the start of
    the day whose distance from today is n (the calendar is the centre's).
    """
    start = func.coalesce(RepairOrder.received_at, RepairOrder.created_at)
    edges = [_since(centre, now, low) for low, _ in buckets[1:]]
    bucket = case(
        *((start < edge, len(edges) - i) for i, edge in enumerate(reversed(edges))), else_=0
    )
    rows = session.execute(
        select(RepairOrder.status, bucket.label("bucket"), func.count())
        .where(*open_at(centre))
        .group_by(RepairOrder.status, "bucket")
    ).all()
    by_status: dict[str, int] = {}
    ages = [0] * len(buckets)
    for status, b, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        ages[b] += n
    return by_status, ages


def _since(centre: ServiceCentre, now: datetime, days: int) -> datetime:
    """Return the start (UTC) of the latest local day that is `days` working days ago."""
    today = local_date(now, centre.timezone)
    day = today
    while workdays_between(day, today, centre.country, centre.working_week) < days:
        day -= timedelta(days=1)
    # Repairs that entered on `day` or earlier are at least `days` old: the edge is the
    # start of the next day, local time.
    tz = ZoneInfo(centre.timezone)
    return datetime.combine(day + timedelta(days=1), time.min, tz)
