"""Supply orders: parts ordered for a location, received in full or in part, or rescheduled.

What arrives is put on the shelf here (a `received` movement, and a `transferred_out` at the
warehouse it came from); who gets the parts is the repairs' business (repairs.parts fills
their back-orders, and moves their dates when an order slips).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.inventory.ledger import Ref, must_move
from aftersales.inventory.models import Movement, SupplyLine, SupplyOrder, SupplyStatus
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_

OPEN = (SupplyStatus.open, SupplyStatus.partly_received)


def order_parts(
    session: Session,
    actor: Acting,
    location_id: int,
    lines: Mapping[int, int],
    expected: date,
    now: datetime,
    *,
    from_location_id: int | None = None,
    supplier: str = "",
    reference: str = "",
) -> SupplyOrder:
    """Order parts ({part id: quantity}) for a location, due on `expected`."""
    if not lines or any(q < 1 for q in lines.values()):
        raise ValidationFailed(
            N_("Check the order."), {"lines": N_("Order at least one part, 1 or more of each.")}
        )
    if expected < now.date():
        raise ValidationFailed(
            N_("Check the order."), {"expected_date": N_("The arrival date cannot be in the past.")}
        )
    order = SupplyOrder(
        location_id=location_id, from_location_id=from_location_id, supplier=supplier[:120],
        expected_date=expected, first_expected_date=expected, reference=reference[:60],
        created_at=now,
    )  # fmt: skip
    order.lines = [SupplyLine(part_id=p, quantity=q) for p, q in sorted(lines.items())]
    session.add(order)
    session.flush()
    new = {
        "location_id": location_id,
        "lines": {str(k): v for k, v in lines.items()},
        "expected": expected.isoformat(),
    }
    record(session, actor, Action.created, "supply_order", order.id, now, new=new)
    return order


def receive(
    session: Session, actor: Acting, order: SupplyOrder, arrived: Mapping[int, int], now: datetime
) -> list[tuple[int, int]]:
    """Put arrived parts ({line id: quantity}) on the shelf; return (part id, quantity) put.

    More than was ordered, or anything on a closed order, is refused before anything moves.
    """
    if order.status not in OPEN:
        raise Conflict(N_("This supply order is closed."))
    lines = {line.id: line for line in order.lines}
    if not any(arrived.values()):
        raise ValidationFailed(
            N_("Check the quantities."), {"lines": N_("Enter how many of each part arrived.")}
        )
    for line_id, q in arrived.items():
        if line_id not in lines or q < 0 or q > lines[line_id].outstanding:
            raise ValidationFailed(
                N_("Check the quantities."),
                {"lines": N_("Receive at most what is still to arrive on each line.")},
            )
    put: list[tuple[int, int]] = []
    for line_id, q in sorted(arrived.items()):
        if q == 0:
            continue
        line = lines[line_id]
        ref = Ref(supply_order_id=order.id, other_location_id=order.from_location_id)
        if order.from_location_id is not None:
            must_move(session, order.from_location_id, line.part_id, Movement.transferred_out,
                      q, actor, now, Ref(supply_order_id=order.id,
                                         other_location_id=order.location_id))  # fmt: skip
        must_move(session, order.location_id, line.part_id, Movement.received, q, actor, now, ref)
        line.received += q
        put.append((line.part_id, q))
    done = all(line.outstanding == 0 for line in order.lines)
    order.status = SupplyStatus.received if done else SupplyStatus.partly_received
    session.flush()
    return put


def reschedule(
    session: Session, actor: Acting, order: SupplyOrder, new_date: date, reason: str, now: datetime
) -> SupplyOrder:
    """Record the new arrival date a supplier gave (or that the order is late), with why."""
    if order.status not in OPEN:
        raise Conflict(N_("This supply order is closed."))
    reason = " ".join(reason.split())
    if not reason or len(reason) > 300:
        raise ValidationFailed(
            N_("Check the new date."),
            {"reason": N_("Say why the date moved (up to 300 characters).")},
        )
    if new_date < now.date():
        raise ValidationFailed(
            N_("Check the new date."),
            {"expected_date": N_("The arrival date cannot be in the past.")},
        )
    old = order.expected_date
    order.expected_date, order.slip_reason = new_date, reason
    if new_date > old:
        order.slips += 1
    session.flush()
    new = {"expected_date": new_date.isoformat(), "reason": reason}
    record(session, actor, Action.updated, "supply_order", order.id, now,
           old={"expected_date": old.isoformat()}, new=new)  # fmt: skip
    return order


def open_orders_for(session: Session, location_id: int, part_id: int) -> Sequence[SupplyLine]:
    """Return the open supply lines of a part for a location, the earliest due first."""
    stmt = (
        select(SupplyLine)
        .join(SupplyOrder, SupplyOrder.id == SupplyLine.order_id)
        .where(
            SupplyOrder.location_id == location_id,
            SupplyOrder.status.in_([s.value for s in OPEN]),
            SupplyLine.part_id == part_id,
            SupplyLine.received < SupplyLine.quantity,
        )
        .order_by(SupplyOrder.expected_date, SupplyOrder.id)
    )
    return list(session.scalars(stmt))


def late_orders(session: Session, today: date, limit: int) -> list[SupplyOrder]:
    """Return open supply orders whose arrival date has passed, the oldest first."""
    stmt = (
        select(SupplyOrder)
        .where(SupplyOrder.status.in_([s.value for s in OPEN]), SupplyOrder.expected_date < today)
        .order_by(SupplyOrder.expected_date, SupplyOrder.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
