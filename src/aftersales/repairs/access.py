"""Who may see and act on a repair order: the one permission helper for API and pages.

Which of a visible repair's fields each role reads is the table in `repairs/fields.py`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import Forbidden, NotFound
from aftersales.repairs.loads import SHOWN
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import Actor

CENTRE_ROLES = frozenset({Role.technician, Role.centre_manager})
# Who reads the SLA boards (at-risk, breached) of their centre or brand.
BOARD_ROLES = frozenset({*CENTRE_ROLES, Role.brand_admin})


def repair_scope(actor: Account) -> ColumnElement[bool]:
    """Return the condition selecting the repair orders this actor may see."""
    match actor.role:
        case Role.platform_admin:
            return true()
        case Role.owner:
            return RepairOrder.owner_id == actor.id
        # Staff without their organisation see nothing (never the rows where it is NULL).
        case Role.shop_staff if actor.shop_id is not None:
            return RepairOrder.shop_id == actor.shop_id
        case Role.technician | Role.centre_manager if actor.centre_id is not None:
            return RepairOrder.centre_id == actor.centre_id
        case Role.brand_admin if actor.brand_id is not None:
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
    if actor.role in CENTRE_ROLES and repair.centre_id == actor.centre_id:
        sides.add(Actor.centre)
    return frozenset(sides)


def reads_staff_wording(actor: Account) -> bool:
    """Say whether the actor reads a repair's steps in staff words (everyone but owners)."""
    return actor.role != Role.owner


def acts_as_staff(actor: Account, repair: RepairOrder) -> bool:
    """Say whether the actor works on this repair: its shop, its centre, or an admin."""
    sides = sides_of(actor, repair)
    return sides is None or bool(sides & {Actor.shop, Actor.centre})


def acts_as_centre(actor: Account, repair: RepairOrder) -> bool:
    """Say whether the actor is the repair's service centre (or an admin)."""
    sides = sides_of(actor, repair)
    return sides is None or Actor.centre in sides


def require_staff_side(actor: Account, repair: RepairOrder) -> None:
    """Raise Forbidden unless the actor is the repair's shop or centre (or an admin)."""
    if not acts_as_staff(actor, repair):
        raise Forbidden("Only the shop or the service centre may do this.")


def require_centre(actor: Account, repair: RepairOrder) -> None:
    """Raise Forbidden unless the actor works at the repair's centre (or is an admin)."""
    if not acts_as_centre(actor, repair):
        raise Forbidden("Only the service centre handling this repair may do this.")


def works_at_centre(account: Account, repair: RepairOrder) -> bool:
    """Say whether the account is a technician or manager of the repair's centre."""
    return (
        account.role in CENTRE_ROLES and account.centre_id == repair.centre_id and account.is_active
    )


def may_assign_anyone(actor: Account, repair: RepairOrder) -> bool:
    """Say whether the actor assigns the repair to any of its centre's staff (its manager)."""
    if actor.role == Role.platform_admin:
        return True
    return actor.role == Role.centre_manager and actor.centre_id == repair.centre_id


def require_may_assign(
    actor: Account, repair: RepairOrder, current_id: int | None, target_id: int | None
) -> None:
    """Raise Forbidden unless the actor may move the repair from `current_id` to `target_id`.

    The centre's manager (and platform admins) assign anyone; a technician takes an
    unassigned repair for themselves, or gives back one of their own. That someone else
    has it already is a conflict the caller reports (assignment.assign), not a refusal.
    """
    require_centre(actor, repair)
    if may_assign_anyone(actor, repair):
        return
    own = target_id == actor.id or (target_id is None and current_id == actor.id)
    if not own:
        raise Forbidden("Only the centre's manager assigns a repair to someone else.")


# Who uses which list of repairs: the pages of each role and the boards of the API.


def may_book(actor: Account) -> bool:
    """Say whether the actor books repairs online for their own phones (owners)."""
    return actor.role == Role.owner


def may_take_in(actor: Account) -> bool:
    """Say whether the actor takes phones in at a shop's counter (a shop's staff)."""
    return actor.role == Role.shop_staff and actor.shop_id is not None


def may_work_queue(actor: Account) -> bool:
    """Say whether the actor works through a centre's queue (its technicians and manager)."""
    return actor.role in CENTRE_ROLES and actor.centre_id is not None


def may_manage_centre(actor: Account) -> bool:
    """Say whether the actor manages a centre: its board, backlog and work per technician."""
    return actor.role == Role.centre_manager and actor.centre_id is not None


def require_sla_board(actor: Account) -> None:
    """Raise Forbidden unless the actor reads the SLA boards of their centre or brand."""
    if actor.role != Role.platform_admin and actor.role not in BOARD_ROLES:
        raise Forbidden("Your account may not do this.")


def require_contact_figures(actor: Account) -> None:
    """Raise Forbidden unless the actor reads how often people had to ask (staff and admins)."""
    if actor.role != Role.platform_admin and actor.role not in {*BOARD_ROLES, Role.shop_staff}:
        raise Forbidden("Your account may not do this.")
