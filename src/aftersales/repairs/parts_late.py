"""A supply order that slips moves the repairs waiting for it, and their owners and shops hear why.

The supplier gives a new date, or the date passes with nothing delivered: every repair with a
back-order on the order gets an expected date no earlier than the new arrival plus the work
left after it (the SLA's share of the repair after the parts, at least one working day), an
event saying so, and one message per recipient: "waiting for the display; new arrival date
14 March", in their language (decision 138).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.inventory import supply
from aftersales.inventory.models import SupplyOrder
from aftersales.kernel.actors import Acting
from aftersales.kernel.i18n import N_
from aftersales.kernel.workdays import add_workdays
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.repairs.notify import announce
from aftersales.repairs.parts import PartState, _require_place
from aftersales.repairs.states import PROGRESS, Status
from aftersales.repairs.timing import repair_terms

LATE_NOTE = N_("The parts arrive later than planned.")
GRACE_WORKDAYS = 5  # a late order with no word from the supplier: assume a week more


def slip_supply(
    session: Session,
    actor: Account,
    order: SupplyOrder,
    new_date: date,
    reason: str,
    now: datetime,
) -> int:
    """Record the order's new arrival date and move the waiting repairs; return how many moved."""
    _require_place(actor, order)
    supply.reschedule(session, actor, order, new_date, reason, now)
    return move_waiting(session, actor, order, now)


def move_waiting(session: Session, actor: Acting, order: SupplyOrder, now: datetime) -> int:
    """Move later the expected dates of the repairs waiting on the order; tell who should know."""
    lines = {line.id: line for line in order.lines}
    waiting = session.scalars(
        select(RepairPart).where(
            RepairPart.supply_line_id.in_(list(lines)), RepairPart.state == PartState.back_ordered
        )
    ).all()
    by_repair: dict[int, list[RepairPart]] = {}
    for rp in waiting:
        by_repair.setdefault(rp.repair_id, []).append(rp)
    moved = 0
    for repair_id, parts in sorted(by_repair.items()):
        repair = session.get_one(RepairOrder, repair_id)
        if _move_one(session, actor, repair, parts, order.expected_date, now):
            moved += 1
    return moved


def _move_one(
    session: Session,
    actor: Acting,
    repair: RepairOrder,
    parts: list[RepairPart],
    arrival: date,
    now: datetime,
) -> bool:
    """Give one repair a date after the parts' arrival; False when its date already is."""
    terms = repair_terms(session, repair)
    after = max(1, math.ceil(terms.target_days * (1 - PROGRESS[Status.repairing])))
    week = repair.centre.working_week
    likely = add_workdays(arrival, after, repair.country, week)
    if likely <= repair.expected_date:
        return False
    old = repair.expected_date
    spread = max(timedelta(days=1), repair.expected_high_date - repair.expected_date)
    repair.expected_date = likely
    repair.expected_low_date = add_workdays(arrival, 1, repair.country, week)
    repair.expected_high_date = likely + spread
    repair.expected_basis = "parts arrival"
    kinds = sorted({rp.part.kind for rp in parts})
    event = record_event(
        session, repair, EventType.expected_date_changed, now, actor_id=actor.id,
        actor_role=actor.role, public=True, note=LATE_NOTE,
        data={"old": old.isoformat(), "new": likely.isoformat(), "basis": "parts arrival",
              "parts": [{"kind": k, "arrival": arrival.isoformat()} for k in kinds]},
    )  # fmt: skip
    repair.last_public_event_at = repair.updated_at = now
    session.flush()
    announce(session, repair, event, now)
    return True


def late_supply(session: Session, actor: Acting, now: datetime, limit: int = 500) -> int:
    """Push back open orders whose date passed unanswered, GRACE_WORKDAYS from today (a job)."""
    moved = 0
    for order in supply.late_orders(session, now.date(), limit):
        country = order.location.country
        new = add_workdays(now.date(), GRACE_WORKDAYS, country, "1111100")
        supply.reschedule(
            session, actor, order, new, "overdue: no delivery on the agreed date", now
        )
        moved += move_waiting(session, actor, order, now)
    return moved
