"""A centre's open repairs with their SLA clocks, from plain columns (no ORM objects).

A busy centre has thousands of open repairs, and the queue and the board sort all of them by
SLA risk on every view; loading each as an ORM object with its joins cost most of the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre
from aftersales.kernel.clock import local_date
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import OPEN
from aftersales.sla.clock import SlaClock, SlaTerms, sla_clock
from aftersales.sla.service import terms_for

RISK = {"breached": 0, "at_risk": 1, "on_track": 2, "not_started": 3, "met": 4}


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
    clock: SlaClock


def centre_queue(session: Session, centre: ServiceCentre, now: datetime) -> list[QueueRow]:
    """Return the centre's open repairs, breached first, then at risk, then by due date."""
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
            r.ready_at,
            r.paused_since,
            r.paused_workdays,
            r.country,
            r.brand_id,
            r.channel,
        )
        .join(PhoneModel, PhoneModel.id == r.model_id)
        .join(Brand, Brand.id == PhoneModel.brand_id)
        .where(r.centre_id == centre.id, r.status.in_([s.value for s in OPEN]))
    ).all()
    terms: dict[tuple[int, str, str], SlaTerms] = {}
    today = local_date(now, centre.timezone)
    result = []
    for row in rows:
        key = (row.brand_id, row.country, row.channel)
        if key not in terms:
            terms[key] = terms_for(session, *key)
        clock = sla_clock(
            terms=terms[key],
            country=row.country,
            week=centre.working_week,
            today=today,
            started_on=_day(row.received_at, centre.timezone),
            finished_on=_day(row.ready_at, centre.timezone),
            paused_workdays=row.paused_workdays,
            paused_since=_day(row.paused_since, centre.timezone),
        )
        result.append(
            QueueRow(
                row.code,
                row.status,
                row.fault_category,
                row[3],
                row[4],
                row.received_at,
                row.created_at,
                clock,
            )
        )
    result.sort(key=lambda q: (RISK.get(q.clock.state, 9), q.clock.due_date or today, q.code))
    return result


def _day(moment: datetime | None, timezone: str) -> date | None:
    return local_date(moment, timezone) if moment else None
