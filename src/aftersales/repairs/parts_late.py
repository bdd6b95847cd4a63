"""A supply order that slips moves the repairs waiting for it, and their owners and shops hear why.

The supplier gives a new date, or the date passes with nothing delivered: every repair with a
back-order on the order gets its expected date recomputed from the parts' new arrival
(repairs.timing: the arrival plus the time comparable repairs took from there), an event
saying so, and one message per recipient: "waiting for the display; new arrival date 14
March", in their language (decision 138).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.inventory import supply
from aftersales.inventory.access import require_receiving
from aftersales.inventory.models import SupplyOrder
from aftersales.kernel.actors import Acting
from aftersales.kernel.i18n import N_
from aftersales.kernel.workdays import add_workdays
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.repairs.notify import announce
from aftersales.repairs.parts import PartState
from aftersales.repairs.states import Status
from aftersales.repairs.timing import refresh_expected

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
    require_receiving(actor, order.location)
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
    """Recompute one repair's date from the parts' new arrival; False when it did not move later.

    The event says why in words every reader's language has (LATE_NOTE) and carries the
    parts' kinds and day, which the message turns into "waiting for the display; new
    arrival date …" for each recipient.
    """
    event = refresh_expected(session, repair, now, actor.id, actor.role,
                             cause=Status.awaiting_parts)  # fmt: skip
    if event is None:
        return False
    kinds = sorted({rp.part.kind for rp in parts})
    event.note = LATE_NOTE
    event.data = {
        **event.data,
        "parts": [{"kind": k, "arrival": arrival.isoformat()} for k in kinds],
    }
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
