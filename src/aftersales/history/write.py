"""Writing a checked history as a real repair: its row, its events, stamps, SLA and dates.

The stamps follow the live rules (`repairs.service` stamping each step in turn), the SLA
state and turnaround come from the live clock (`repairs.sla_state.store`) at the last step,
and the expected date from `repairs.timing.refresh_expected` (the actual days of a finished
repair): so every figure and the expected-date learning read imported repairs as their own.
Nothing is announced: no message, no alert, no webhook (decision 243).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre
from aftersales.devices.models import Phone
from aftersales.history.plan import Planned
from aftersales.kernel.actors import SYSTEM_ROLE
from aftersales.kernel.codes import new_tracking_code
from aftersales.repairs import sla_state
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import _stamp as stamp
from aftersales.repairs.states import READY_STATES, Status
from aftersales.repairs.timing import refresh_expected


def _code(session: Session, taken: set[str]) -> str:
    """Return a tracking code no repair has (as intake does: a clash is astronomically rare)."""
    while True:
        code = new_tracking_code()
        if code not in taken and not session.scalar(
            select(RepairOrder.id).where(RepairOrder.code == code)
        ):
            taken.add(code)
            return code


def phone_for(session: Session, plan: Planned, country: str, model_id: int) -> int:
    """Return the repair's phone: the one its IMEI names, else a new one (no owner, no shop)."""
    if plan.phone_id is not None:
        return plan.phone_id
    found = session.scalar(select(Phone.id).where(Phone.imei == plan.imei))
    if found is not None:  # made by an earlier repair of this file
        return found
    phone = Phone(imei=plan.imei, model_id=model_id, country=country)
    session.add(phone)
    session.flush()
    return phone.id


def write_repair(
    session: Session,
    plan: Planned,
    model_id: int,
    centre: ServiceCentre,
    source: str,
    now: datetime,
    taken: set[str],
) -> int:
    """Write one imported repair and its events; return how many events were written."""
    first, last = plan.steps[0], plan.steps[-1]
    repair = RepairOrder(
        code=_code(session, taken),
        phone_id=phone_for(session, plan, centre.country, model_id),
        owner_id=None,  # the source's owner has no account here: nobody is told or invited
        contact_name=plan.contact.get("contact_name"),
        contact_email=plan.contact.get("contact_email"),
        contact_phone=plan.contact.get("contact_phone"),
        brand_id=plan.brand_id,
        model_id=model_id,
        channel=plan.channel,
        shop_id=plan.shop_id,
        centre_id=centre.id,
        centre=centre,
        country=centre.country,
        fault_category=plan.fault_category,
        problem=plan.problem,
        status=last.status,
        paused_workdays=0,
        loaner_given=False,
        condition_notes="",
        expected_basis="",
        last_public_event_at=last.at,
        import_source=source,
        external_id=plan.external_id,
        created_at=first.at,
        updated_at=now,
    )
    current = Status.registered
    for step in plan.steps:
        if repair.received_at is None and step.status not in (Status.registered, Status.cancelled):
            # A source that skips intake had the phone from its first step past registered.
            repair.received_at = step.at
        if step.status == Status.closed and repair.ready_at is None and repair.received_at:
            repair.ready_at = step.at  # closed without a ready step: ready when handed back
        outcome = plan.outcome if step.status == Status.closed else None
        stamp(session, repair, current, step.status, step.at, outcome)
        current = step.status
    stored = sla_state.store(session, repair, last.at)  # as the last live move would
    if repair.ready_at is not None:
        repair.tat_workdays = stored.clock.elapsed_days
    session.add(repair)
    with session.no_autoflush:  # the expected date is part of the row: compute it first
        refresh_expected(session, repair, last.at, None, SYSTEM_ROLE)
    session.flush()
    previous: Status | None = None
    for step in plan.steps:
        data: dict[str, object] = {"import": source}
        if step.line is None:
            data["added"] = "close_ready"
        else:
            data |= {"line": step.line, "code": step.code}
        if step.status == Status.closed and plan.outcome:
            data["outcome"] = plan.outcome
        record_event(
            session,
            repair,
            EventType.created if previous is None else EventType.status_changed,
            step.at,
            from_status=previous,
            to_status=step.status,
            actor_id=None,
            actor_role=SYSTEM_ROLE,
            public=True,
            data=data,
        )
        previous = step.status
    return len(plan.steps)


def ready_step(plan: Planned) -> bool:
    """Tell whether a planned repair reaches a ready status (it then counts in turnaround)."""
    return any(s.status in READY_STATES for s in plan.steps)
