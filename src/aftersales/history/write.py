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
from aftersales.repairs.service import stamp_status as stamp
from aftersales.repairs.states import Status
from aftersales.repairs.timing import refresh_expected


def fresh_codes(session: Session, count: int, taken: set[str]) -> list[str]:
    """Return tracking codes no repair has (as intake's: a clash is astronomically rare)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_tracking_code() for _ in range(count - len(codes))} - taken - codes
        clash = set(session.scalars(select(RepairOrder.code).where(RepairOrder.code.in_(wanted))))
        codes |= wanted - clash
    taken |= codes
    return sorted(codes)


def phones_for(
    session: Session, plans: list[Planned], model_of: dict[int, int], country_of: dict[int, str]
) -> dict[str, int]:
    """Return the phone of each plan's IMEI: the known one, or a new one (no owner, no shop).

    `model_of` and `country_of` give a plan's model and its centre's country, by its index.
    """
    ids = {p.imei: p.phone_id for p in plans if p.phone_id is not None}
    wanted = sorted({p.imei for p in plans} - set(ids))
    known = session.execute(select(Phone.imei, Phone.id).where(Phone.imei.in_(wanted)))
    ids.update({imei: pid for imei, pid in known})  # made by an earlier chunk of this file
    new: dict[str, Phone] = {}
    for i, plan in enumerate(plans):
        if plan.imei not in ids and plan.imei not in new:
            new[plan.imei] = Phone(imei=plan.imei, model_id=model_of[i], country=country_of[i])
    session.add_all(new.values())
    session.flush()
    return ids | {imei: phone.id for imei, phone in new.items()}


def make_repair(
    session: Session,
    plan: Planned,
    model_id: int,
    centre: ServiceCentre,
    source: str,
    now: datetime,
    code: str,
    phone_id: int,
) -> RepairOrder:
    """Add one imported repair, stamped, timed and dated (its events come after its flush)."""
    first, last = plan.steps[0], plan.steps[-1]
    repair = RepairOrder(
        code=code,
        phone_id=phone_id,
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
    return repair


def add_events(session: Session, repair: RepairOrder, plan: Planned, source: str) -> int:
    """Add a written repair's events, one per step; return how many."""
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
