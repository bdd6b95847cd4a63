"""The parts a repair needs: reserved from the centre's shelf or back-ordered against supply.

A back-order waits on a supply line; the receipt of that line fills back-orders of the most
urgent repairs first (SLA breached, then at risk, then the oldest), and a repair waiting for
parts moves on once nothing it needs is missing. Parts reserved are used when the repair
leaves "repairing" forward (they were fitted); what is still reserved or awaited when it is
ready or ends is given back (decision 137). Every change is one ledger movement and one
event, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.inventory import ledger, supply
from aftersales.inventory.access import require_receiving
from aftersales.inventory.ledger import Ref
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement, Part, SupplyLine, SupplyOrder
from aftersales.inventory.parts import get_part
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.workdays import add_workdays
from aftersales.repairs.access import require_centre
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.repairs.states import Status
from aftersales.repairs.timing import on_parts_arrival, today_at


class PartState(StrEnum):
    """Where a repair's part stands."""

    reserved = "reserved"  # on the centre's shelf, set aside
    back_ordered = "back_ordered"  # waiting for a supply line
    used = "used"  # fitted in the phone
    released = "released"  # given back: not needed, or the repair ended without it


# While the phone is at the centre and before it is ready, the centre may ask for parts.
NEEDS_PARTS = frozenset(
    {Status.at_centre, Status.diagnosing, Status.awaiting_approval, Status.awaiting_parts,
     Status.repairing, Status.testing}
)  # fmt: skip
OUTSTANDING = (PartState.reserved, PartState.back_ordered)
FORWARD_FROM_REPAIRING = frozenset({Status.testing, Status.ready, Status.in_transit_to_shop})
GIVE_BACK_AT = frozenset({Status.ready, Status.ready_for_pickup, Status.closed, Status.cancelled})
# Receipts go to the most urgent repairs first: breached, at risk, then the rest; then the oldest.
_URGENCY = case(
    (RepairOrder.sla_state == "breached", 0), (RepairOrder.sla_state == "at_risk", 1), else_=2
)


def _event(
    session: Session, repair: RepairOrder, actor: Account, now: datetime, what: str, rp: RepairPart
) -> None:
    record_event(session, repair, EventType.part, now, actor_id=actor.id, actor_role=actor.role,
                 public=False, data={"what": what, "part_id": rp.part_id, "number": rp.part.number,
                                     "kind": rp.part.kind, "quantity": rp.quantity})  # fmt: skip


def need_part(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    part_id: int,
    quantity: int,
    now: datetime,
) -> RepairPart:
    """Ask for a part: reserved when the shelf has it, else back-ordered on a supply line.

    A repair being diagnosed or repaired that now misses a part goes to "awaiting parts".
    """
    require_centre(actor, repair)
    if Status(repair.status) not in NEEDS_PARTS:
        raise Conflict(N_("Parts are asked for while the phone is at the centre being worked on."))
    if not 1 <= quantity <= 20:
        raise ValidationFailed(
            N_("Check the part."), {"quantity": N_("Give a quantity from 1 to 20.")}
        )
    part = get_part(session, part_id)
    if repair.model_id not in {m.id for m in part.models} or part.retired_at is not None:
        raise ValidationFailed(
            N_("Check the part."), {"part": N_("Choose a part that fits this phone's model.")}
        )
    place = centre_location(session, repair.centre)
    rp = RepairPart(repair_id=repair.id, part_id=part.id, location_id=place.id, quantity=quantity,
                    state=PartState.reserved, requested_at=now, actor_id=actor.id)  # fmt: skip
    rp.part = part
    if ledger.move(session, place.id, part.id, Movement.reserved, quantity, actor, now,
                   Ref(repair_id=repair.id)):  # fmt: skip
        rp.filled_at = now
    else:
        rp.state = PartState.back_ordered
        rp.supply_line_id = _line_for(session, actor, repair, part, place.id, quantity, now).id
    session.add(rp)
    session.flush()
    _event(session, repair, actor, now, rp.state, rp)
    if rp.state == PartState.back_ordered and Status(repair.status) in (
        Status.diagnosing,
        Status.repairing,
    ):
        from aftersales.repairs.service import transition  # service calls back into this module

        transition(session, actor, repair, Status.awaiting_parts, now,
                   internal_note=f"{part.number}: {part.name_in('en')}")  # fmt: skip
    return rp


def _line_for(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    part: Part,
    location_id: int,
    quantity: int,
    now: datetime,
) -> SupplyLine:
    """Return the supply line a back-order waits on: an open one with room, else a new order.

    Room is what is still to arrive minus what other back-orders already wait for.
    """
    for line in supply.open_orders_for(session, location_id, part.id):
        waiting = session.scalar(
            select(func.coalesce(func.sum(RepairPart.quantity), 0)).where(
                RepairPart.supply_line_id == line.id,
                RepairPart.state == PartState.back_ordered,
            )
        )
        if line.outstanding - (waiting or 0) >= quantity:
            return line
    today = today_at(repair, now)
    due = add_workdays(today, max(part.lead_days, 1), repair.country, repair.centre.working_week)
    order = supply.order_parts(session, actor, location_id, {part.id: quantity}, due, now,
                               supplier=part.brand.name)  # fmt: skip
    return order.lines[0]


def fill(session: Session, actor: Account, location_id: int, part_id: int, now: datetime) -> int:
    """Give parts on the shelf to back-orders, the most urgent repair first; return how many.

    A repair waiting for parts that now has all it needs moves on to "repairing".
    """
    waiting = session.scalars(
        select(RepairPart)
        .join(RepairOrder, RepairOrder.id == RepairPart.repair_id)
        .where(
            RepairPart.location_id == location_id,
            RepairPart.part_id == part_id,
            RepairPart.state == PartState.back_ordered,
        )
        .order_by(_URGENCY, RepairOrder.created_at, RepairPart.id)
    ).all()
    filled = 0
    for rp in waiting:
        if not ledger.move(session, location_id, part_id, Movement.reserved, rp.quantity, actor,
                           now, Ref(repair_id=rp.repair_id)):  # fmt: skip
            break  # the rest wait for the next receipt, in the same order
        rp.state, rp.filled_at = PartState.reserved, now
        repair = session.get_one(RepairOrder, rp.repair_id)
        _event(session, repair, actor, now, "filled", rp)
        filled += 1
        if Status(repair.status) == Status.awaiting_parts and not _missing(session, repair.id):
            from aftersales.repairs.service import transition

            transition(session, actor, repair, Status.repairing, now,
                       note=N_("The parts arrived; the repair goes on."),
                       facts={"parts_arrived": True})  # fmt: skip
    session.flush()
    return filled


def _missing(session: Session, repair_id: int) -> bool:
    """Say whether a repair still waits for a back-ordered part."""
    stmt = select(RepairPart.id).where(
        RepairPart.repair_id == repair_id, RepairPart.state == PartState.back_ordered
    )
    return session.scalar(stmt.limit(1)) is not None


def receive_supply(
    session: Session, actor: Account, order: SupplyOrder, arrived: Mapping[int, int], now: datetime
) -> int:
    """Put a delivery on the shelf and fill the back-orders it answers; return how many."""
    require_receiving(actor, order.location)
    filled = 0
    for part_id, _ in supply.receive(session, actor, order, arrived, now):
        filled += fill(session, actor, order.location_id, part_id, now)
    return filled


def use_or_give_back(
    session: Session, actor: Account, repair: RepairOrder, frm: Status, to: Status, now: datetime
) -> None:
    """Follow a move: leaving "repairing" forward uses the reserved parts (they were fitted);
    reaching ready or an end gives back what is still reserved or awaited (not fitted)."""
    if frm == Status.repairing and to in FORWARD_FROM_REPAIRING:
        kind, state = Movement.used, PartState.used
    elif to in GIVE_BACK_AT:
        kind, state = Movement.released, PartState.released
    else:
        return
    rows = session.scalars(
        select(RepairPart).where(RepairPart.repair_id == repair.id,
                                 RepairPart.state.in_([s.value for s in OUTSTANDING]))
    ).all()  # fmt: skip
    for rp in rows:
        if rp.state == PartState.back_ordered:
            if kind == Movement.used:
                continue  # not here yet: it cannot have been fitted
            rp.state, rp.done_at = PartState.released, now
        else:
            ledger.must_move(session, rp.location_id, rp.part_id, kind, rp.quantity, actor, now,
                             Ref(repair_id=repair.id))  # fmt: skip
            rp.state, rp.done_at = state, now
        _event(session, repair, actor, now, rp.state, rp)


def parts_of(session: Session, repair_id: int) -> list[RepairPart]:
    """Return the parts a repair asked for, in the order asked."""
    stmt = select(RepairPart).where(RepairPart.repair_id == repair_id).order_by(RepairPart.id)
    return list(session.scalars(stmt))


def arrivals(session: Session, rows: list[RepairPart]) -> dict[int, SupplyOrder]:
    """Return the supply order each back-ordered part waits on, by the part's row id."""
    lines = {rp.supply_line_id: rp.id for rp in rows if rp.supply_line_id is not None}
    if not lines:
        return {}
    found = session.execute(
        select(SupplyLine.id, SupplyOrder)
        .join(SupplyOrder, SupplyOrder.id == SupplyLine.order_id)
        .where(SupplyLine.id.in_(list(lines)))
    ).tuples()
    return {lines[line_id]: order for line_id, order in found}


def give_back(
    session: Session, actor: Account, repair: RepairOrder, rp_id: int, now: datetime
) -> RepairPart:
    """Say a part is not needed after all: a reserved one goes back on the shelf."""
    require_centre(actor, repair)
    rp = session.get(RepairPart, rp_id)
    if rp is None or rp.repair_id != repair.id:
        raise NotFound(N_("No such part on this repair."))
    if rp.state not in OUTSTANDING:
        raise Conflict(N_("This part is already used or given back."))
    if rp.state == PartState.reserved:
        ledger.must_move(session, rp.location_id, rp.part_id, Movement.released, rp.quantity,
                         actor, now, Ref(repair_id=repair.id))  # fmt: skip
    rp.state, rp.done_at = PartState.released, now
    _event(session, repair, actor, now, rp.state, rp)
    session.flush()
    return rp


@on_parts_arrival
def awaited_until(session: Session, repair: RepairOrder) -> date | None:
    """Return the day the last part the repair waits for is due (None: it waits for none).

    The expected date counts from it (repairs.timing), so the nightly recomputation never
    promises a phone before its parts arrive.
    """
    stmt = (
        select(func.max(SupplyOrder.expected_date))
        .join(SupplyLine, SupplyLine.order_id == SupplyOrder.id)
        .join(RepairPart, RepairPart.supply_line_id == SupplyLine.id)
        .where(RepairPart.repair_id == repair.id, RepairPart.state == PartState.back_ordered)
    )
    found: date | None = session.scalar(stmt)
    return found
