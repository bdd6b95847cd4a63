"""Writing a checked history as a real repair: its row, its events, stamps, SLA and dates.

The stamps follow the live rules (`repairs.service` stamping each step in turn), the SLA
state and turnaround come from the live clock (`repairs.sla_state.store`) at the last step,
and the expected date from `repairs.timing.refresh_expected` (the actual days of a finished
repair): so every figure and the expected-date learning read imported repairs as their own.
Nothing is announced: no message, no alert, no webhook (decision 243).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre
from aftersales.devices.models import Phone
from aftersales.history.catalogue import CHUNK
from aftersales.history.plan import Planned
from aftersales.kernel.actors import SYSTEM_ROLE
from aftersales.kernel.clock import utcnow
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


def first_seen(plans: list[Planned]) -> dict[str, datetime]:
    """Return, per IMEI, the first moment of its repairs: when a phone made for them was known."""
    out: dict[str, datetime] = {}
    for plan in plans:
        at = plan.steps[0].at
        out[plan.imei] = min(at, out.get(plan.imei, at))
    return out


def phones_for(
    session: Session,
    plans: list[Planned],
    model_of: dict[int, int],
    country_of: dict[int, str],
    seen: dict[str, datetime],
) -> dict[str, int]:
    """Return the phone of each plan's IMEI: the known one, or a new one (no owner, no shop).

    `model_of` and `country_of` give a plan's model and its centre's country, by its index;
    `seen` the first moment of each IMEI's repairs in the whole file.
    """
    ids = {p.imei: p.phone_id for p in plans if p.phone_id is not None}
    wanted = sorted({p.imei for p in plans} - set(ids))
    known = session.execute(select(Phone.imei, Phone.id).where(Phone.imei.in_(wanted)))
    ids.update({imei: pid for imei, pid in known})  # made by an earlier chunk of this file
    new: dict[str, Phone] = {}
    for i, plan in enumerate(plans):
        if plan.imei not in ids and plan.imei not in new:
            # Registered when its first repair began, not today: the figures that take the
            # registration for the sale when no purchase date is known (care, the defect
            # rates) would read an old phone as one sold this week (decision 294).
            new[plan.imei] = Phone(imei=plan.imei, model_id=model_of[i], country=country_of[i],
                                   created_at=seen[plan.imei])  # fmt: skip
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


def stamp_written(session: Session, ids: list[int]) -> None:
    """Stamp the written repairs as changed now, by the wall clock, just before the commit.

    The rollups that read changed repairs (the insights job: `updated_at` since its last
    start less a few minutes) would miss rows stamped with the import's start: an import
    longer than that margin commits them already behind the job's mark (decision 293).
    """
    at = utcnow()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(update(RepairOrder).where(RepairOrder.id.in_(chunk)).values(updated_at=at))
