"""JSON routes of a repair's parts, and of supply orders received or given a new date."""

from __future__ import annotations

from fastapi import APIRouter

from aftersales.accounts.deps import User
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.inventory import queries as stock
from aftersales.inventory.access import require_location
from aftersales.inventory.models import SupplyOrder
from aftersales.inventory.schemas import (
    ReceiptIn,
    ReceiptRead,
    RepairPartIn,
    RepairPartRead,
    ScheduleIn,
    ScheduleRead,
    SupplyOrderRead,
)
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.repairs import parts
from aftersales.repairs.access import get_repair_for
from aftersales.repairs.fields import Field, require_field
from aftersales.repairs.parts_late import slip_supply

router = APIRouter(tags=["parts and stock"])


def _reads(session: DbSession, rows: list[parts.RepairPart]) -> list[RepairPartRead]:
    due = parts.arrivals(session, rows)
    return [
        RepairPartRead.model_validate(rp).model_copy(
            update={"expected_arrival": due[rp.id].expected_date if rp.id in due else None}
        )
        for rp in rows
    ]


@router.get("/repairs/{code}/parts", response_model=list[RepairPartRead])
def list_repair_parts(code: str, user: User, session: DbSession) -> list[RepairPartRead]:
    """List the parts the repair asked for: reserved, ordered (with arrival), used, given back."""
    repair = get_repair_for(session, user, code)
    require_field(user, Field.parts)
    return _reads(session, parts.parts_of(session, repair.id))


@router.post("/repairs/{code}/parts", response_model=RepairPartRead, status_code=201)
def ask_for_part(
    code: str, body: RepairPartIn, user: User, session: DbSession, now: Now, idem: Idem
) -> RepairPartRead:
    """Ask for a part (the centre): reserved from stock, or back-ordered on a supply order."""
    repair = get_repair_for(session, user, code, lock=True)

    def work() -> RepairPartRead:
        rp = parts.need_part(session, user, repair, body.part_id, body.quantity, now)
        return _reads(session, [rp])[0]

    return idem.once(session, user, body, now, work, RepairPartRead)


@router.post("/repairs/{code}/parts/{part_row}/release", response_model=RepairPartRead)
def part_not_needed(
    code: str, part_row: int, user: User, session: DbSession, now: Now
) -> RepairPartRead:
    """Say an asked-for part is not needed: a reserved one goes back on the shelf."""
    repair = get_repair_for(session, user, code, lock=True)
    return _reads(session, [parts.give_back(session, user, repair, part_row, now)])[0]


def _order(session: DbSession, user: User, order_id: int) -> SupplyOrder:
    order = stock.supply_order(session, order_id)
    if order is None:
        raise NotFound(N_("No such supply order."))
    require_location(user, order.location)
    return order


@router.post("/supply-orders/{order_id}/receipts", response_model=ReceiptRead)
def receive(
    order_id: int, body: ReceiptIn, user: User, session: DbSession, now: Now
) -> ReceiptRead:
    """Record a delivery: the parts go on the shelf, then to the most urgent repairs waiting."""
    order = _order(session, user, order_id)
    filled = parts.receive_supply(session, user, order, body.lines, now)
    return ReceiptRead(order=SupplyOrderRead.model_validate(order), filled=filled)


@router.post("/supply-orders/{order_id}/schedule", response_model=ScheduleRead)
def reschedule(
    order_id: int, body: ScheduleIn, user: User, session: DbSession, now: Now
) -> ScheduleRead:
    """Record a new arrival date: the repairs waiting move later and their owners hear why."""
    order = _order(session, user, order_id)
    moved = slip_supply(session, user, order, body.expected_date, body.reason, now)
    return ScheduleRead(order=SupplyOrderRead.model_validate(order), moved=moved)
