"""Who may see and register phones: the devices area's one policy.

Owners see their own phones, shops the phones they sold, brand admins their brand's, platform
admins all. Service centres see the phones of their repairs through the repairs, not the
registry. A phone one may not see answers the same NotFound as one that does not exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound

# Who registers phones one by one: owners their own, shops those they sold, admins any.
REGISTERS = frozenset({Role.owner, Role.shop_staff})


def phone_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the phones this actor may see."""
    if is_platform(actor):
        return true()
    if actor.role == Role.owner:
        return Phone.owner_id == actor.id
    # Staff without their organisation see nothing (never the rows where it is NULL).
    if actor.role == Role.shop_staff and actor.shop_id is not None:
        return Phone.shop_id == actor.shop_id
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return Phone.model_id.in_(
            select(PhoneModel.id).where(PhoneModel.brand_id == actor.brand_id)
        )
    return false()


def get_phone_for(
    session: Session, actor: Acting, phone_id: int, extra: ColumnElement[bool] | None = None
) -> Phone:
    """Return a phone the actor may see, or NotFound whether it exists or not."""
    cond = phone_scope(actor) if extra is None else or_(phone_scope(actor), extra)
    phone = session.scalar(select(Phone).where(Phone.id == phone_id, cond))
    if phone is None:
        raise NotFound("No such phone.")
    return phone


def is_owner(actor: Acting) -> bool:
    """Say whether the actor owns the phones they see (owners): the owner's pages are theirs."""
    return actor.role == Role.owner


def owner_id_for(viewer: Acting, owner_id: int | None) -> int | None:
    """Return the owner's account number if the viewer may know it: the owner or the platform.

    Staff name owners by their details; an account number would tell them whether the
    details they typed matched an account that already existed.
    """
    if owner_id is not None and (is_platform(viewer) or viewer.id == owner_id):
        return owner_id
    return None


def require_may_register(actor: Acting) -> None:
    """Raise Forbidden unless the actor registers phones: owners, shop staff, the platform."""
    if not (is_platform(actor) or actor.role in REGISTERS):
        raise Forbidden("Your account may not register phones.")


def require_may_import(actor: Acting) -> None:
    """Raise Forbidden unless the actor may import sales records in bulk (the platform)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not import sales records.")
