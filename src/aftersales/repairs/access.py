"""Who may see and act on a repair order: the one permission helper for API and pages."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import NotFound
from aftersales.repairs.loads import SHOWN
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import Actor


def repair_scope(actor: Account) -> ColumnElement[bool]:
    """Return the condition selecting the repair orders this actor may see."""
    match actor.role:
        case Role.platform_admin:
            return true()
        case Role.owner:
            return RepairOrder.owner_id == actor.id
        case Role.shop_staff:
            return RepairOrder.shop_id == actor.shop_id
        case Role.technician | Role.centre_manager:
            return RepairOrder.centre_id == actor.centre_id
        case Role.brand_admin:
            return RepairOrder.brand_id == actor.brand_id
    return false()


def get_repair_for(
    session: Session, actor: Account, code: str, *, lock: bool = False
) -> RepairOrder:
    """Return a repair the actor may see, or the same NotFound whether it exists or not."""
    canonical = normalize_tracking_code(code)
    stmt = (
        select(RepairOrder)
        .options(*SHOWN)
        .where(RepairOrder.code == canonical, repair_scope(actor))
    )
    if lock:  # row lock on the order only: eager-loaded outer joins cannot be locked
        stmt = stmt.with_for_update(of=RepairOrder)
    repair = session.scalar(stmt) if canonical else None
    if repair is None:
        raise NotFound("No repair with this code is visible to you.")
    return repair


def sides_of(actor: Account, repair: RepairOrder) -> frozenset[Actor] | None:
    """Return the sides the actor acts for on this repair; None means every side (admins)."""
    if actor.role == Role.platform_admin:
        return None
    sides: set[Actor] = set()
    if actor.role == Role.owner and repair.owner_id == actor.id:
        sides.add(Actor.owner)
    if actor.role == Role.shop_staff and repair.shop_id == actor.shop_id:
        sides.add(Actor.shop)
    if actor.role in (Role.technician, Role.centre_manager) and repair.centre_id == actor.centre_id:
        sides.add(Actor.centre)
    return frozenset(sides)
