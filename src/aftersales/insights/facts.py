"""One fact row per repair: what it adds to the dashboards, computed from its rows and events.

The rules (decisions 251-256), all days in the repair's centre's calendar and time zone:

- A repair is *opened* in the month of its creation; cancelled repairs are not counted as
  reported problems. It is *closed* in the month it closed (status closed; cancelled ones
  count nowhere but the backlog while open).
- Turnaround is the repair's own `tat_workdays` (working days from entering the service to
  ready, less the days waiting for the owner: the SLA clock's rule, repairs.service); SLA
  met is its stored final SLA state (`met` against `breached`).
- Step times are working days at each status before ready (repairs.history.visits_of):
  transit = received and in transit to the centre; diagnosis = at the centre and
  diagnosing; parts = awaiting parts; owner = awaiting approval; repair = repairing and
  testing.
- A *repeat* is a repair (not cancelled) opened within 90 days after a closed repair of the
  same phone closed; that earlier repair *came back*. *Fixed first time*: closed with the
  outcome repaired or replaced, and did not come back (as known at the last run: a repair
  closed less than 90 days ago may still come back).
- Contacts: the contact log's rows (repairs.contacts). Offline days: repairs.offline, from
  received to closed, less loaner days.
- The expected-date error: working days from the first expected date given (the created
  event's `expected`, else the `old` of the first `expected_date_changed` event) to the
  local ready day; on time when not after it. Repairs with neither are not measured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre
from aftersales.insights.figures import STEPS, month_start
from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.events import EventType
from aftersales.repairs.history import Closed, visits_of
from aftersales.repairs.models import FINAL_STATUSES, Contact, Loaner, RepairEvent, RepairOrder
from aftersales.repairs.offline import offline_days
from aftersales.surveys.models import TOP_2, SurveyAnswer

STEP_OF = {
    "received": "transit",
    "in_transit_to_centre": "transit",
    "at_centre": "diagnosis",
    "diagnosing": "diagnosis",
    "awaiting_parts": "parts",
    "awaiting_approval": "owner",
    "repairing": "repair",
    "testing": "repair",
}
REPEAT_WITHIN = timedelta(days=90)
FIXED = frozenset({"repaired", "replaced"})
_PROMISES = (EventType.created.value, EventType.expected_date_changed.value)


def among(session: Session, column: Any, ids: Sequence[int]) -> Any:
    """Return `column IN ids`; on PostgreSQL one array parameter, not thousands of them."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)


def _promised(session: Session, ids: Sequence[int]) -> dict[int, date]:
    """Return the first expected date given to the owner of each repair that has one."""
    created: dict[int, date] = {}
    first_old: dict[int, date] = {}
    rows = session.execute(
        select(RepairEvent.repair_id, RepairEvent.type, RepairEvent.data)
        .where(among(session, RepairEvent.repair_id, ids), RepairEvent.type.in_(_PROMISES))
        .order_by(RepairEvent.repair_id, RepairEvent.at, RepairEvent.id)
    ).tuples()
    for rid, kind, data in rows:
        data = data or {}
        if kind == EventType.created.value and data.get("expected"):
            created.setdefault(rid, date.fromisoformat(str(data["expected"])))
        elif kind == EventType.expected_date_changed.value and data.get("old"):
            first_old.setdefault(rid, date.fromisoformat(str(data["old"])))
    return first_old | created


def compute(session: Session, ids: Sequence[int], now: datetime) -> list[dict[str, Any]]:
    """Return the fact rows of these repairs (missing ids: repairs that no longer exist)."""
    if not ids:
        return []
    ids = list(ids)
    r, c = RepairOrder, ServiceCentre
    repairs = session.execute(
        select(
            r.id,
            r.brand_id,
            r.centre_id,
            r.country,
            r.model_id,
            r.fault_category,
            r.phone_id,
            r.status,
            r.outcome,
            r.created_at,
            r.received_at,
            r.ready_at,
            r.closed_at,
            r.tat_workdays,
            r.sla_state,
            c.timezone,
            c.working_week,
        )
        .join(c, c.id == r.centre_id)
        .where(among(session, r.id, ids))
    ).all()
    phones = sorted({row.phone_id for row in repairs})
    siblings: dict[int, list[tuple[int, datetime, datetime | None, str]]] = defaultdict(list)
    for sid, phone, created, ended, status in session.execute(
        select(r.id, r.phone_id, r.created_at, r.closed_at, r.status).where(
            among(session, r.phone_id, phones)
        )
    ).tuples():
        siblings[phone].append((sid, created, ended, status))
    contacts = dict(
        session.execute(
            select(Contact.repair_id, func.count())
            .where(among(session, Contact.repair_id, ids))
            .group_by(Contact.repair_id)
        )
        .tuples()
        .all()
    )
    loans: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for rid, given, returned in session.execute(
        select(Loaner.repair_id, Loaner.given_at, Loaner.returned_at).where(
            among(session, Loaner.repair_id, ids)
        )
    ).tuples():
        loans[rid].append((given, returned))
    surveys = dict(
        session.execute(
            select(SurveyAnswer.repair_id, SurveyAnswer.overall).where(
                among(session, SurveyAnswer.repair_id, ids)
            )
        )
        .tuples()
        .all()
    )
    promised = _promised(session, ids)
    closed = [
        Closed(x.id, x.model_id, x.centre_id, x.country, x.working_week, x.timezone, x.ready_at)
        for x in repairs
        if x.status == "closed" and x.ready_at is not None
    ]
    visits = visits_of(session, closed)
    out = []
    for x in repairs:
        tz, week = x.timezone, x.working_week
        is_closed = x.status == "closed"
        came_back = repeat = False
        for sid, created, other_closed, other_status in siblings[x.phone_id]:
            if sid == x.id:
                continue
            if (
                is_closed
                and x.closed_at is not None
                and other_status != "cancelled"
                and x.closed_at < created <= x.closed_at + REPEAT_WITHIN
            ):
                came_back = True
            if (
                x.status != "cancelled"
                and other_status == "closed"
                and other_closed is not None
                and other_closed < x.created_at <= other_closed + REPEAT_WITHIN
            ):
                repeat = True
        steps = dict.fromkeys(STEPS, 0)
        for v in visits.get(x.id, []):
            if v.step in STEP_OF:
                steps[STEP_OF[v.step]] += int(v.stay)
        ready_day = local_date(x.ready_at, tz) if x.ready_at else None
        promise = promised.get(x.id)
        error = None
        if is_closed and ready_day is not None and promise is not None:
            # early: minus the working days in (ready, promised], as late counts them
            error = (
                workdays_between(promise, ready_day, x.country, week)
                if ready_day >= promise
                else -workdays_between(ready_day, promise, x.country, week)
            )
        offline = None
        if is_closed and x.received_at is not None:
            offline = offline_days(x.received_at, x.closed_at, loans[x.id], now, tz).offline
        answer = surveys.get(x.id)
        is_open = x.status not in FINAL_STATUSES
        out.append(
            {
                "repair_id": x.id,
                "brand_id": x.brand_id,
                "centre_id": x.centre_id,
                "country": x.country,
                "week": week,
                "model_id": x.model_id,
                "fault_category": x.fault_category,
                "phone_id": x.phone_id,
                "opened_month": (
                    None if x.status == "cancelled" else month_start(local_date(x.created_at, tz))
                ),
                "closed_month": (
                    month_start(local_date(x.closed_at, tz)) if is_closed and x.closed_at else None
                ),
                "repeat": repeat,
                "came_back": came_back,
                "fixed_first_time": is_closed and x.outcome in FIXED and not came_back,
                "tat_days": x.tat_workdays if is_closed else None,
                "sla_met": (x.sla_state == "met")
                if is_closed and x.sla_state in ("met", "breached")
                else None,
                "stepped": x.id in visits,
                **{f"step_{s}": d for s, d in steps.items()},
                "contacts": contacts.get(x.id, 0),
                "offline_days": offline,
                "survey_top2": None if answer is None else answer >= TOP_2,
                "expected_error": error,
                "open_status": x.status if is_open else None,
                "open_since": local_date(x.received_at or x.created_at, tz) if is_open else None,
                "computed_at": now,
            }
        )
    return out
