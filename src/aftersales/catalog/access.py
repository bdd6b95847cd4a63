"""Who may see and change the catalogue: brands, phone models, service centres and shops.

The catalogue is reference data that every signed-in account reads whole: a shop takes in
phones of every brand and sends them to any centre. Changes are narrow: centres and shops
serve many brands, so only the platform adds brands, centres and shops; a brand's own
admins add its phone models (and set its policies, see warranty/ and sla/).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound


def brand_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the brands the actor administers (platform: all)."""
    if is_platform(actor):
        return true()
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return Brand.id == actor.brand_id
    return false()


def get_brand_for(session: Session, actor: Acting, brand_id: int) -> Brand:
    """Return a brand the actor administers, or the same NotFound whether it exists or not."""
    brand = session.scalar(select(Brand).where(Brand.id == brand_id, brand_scope(actor)))
    if brand is None:
        raise NotFound("No such brand.")
    return brand


def first_brand_for(session: Session, actor: Acting) -> Brand | None:
    """Return the first brand by name the actor administers (theirs for a brand admin)."""
    return session.scalars(select(Brand).where(brand_scope(actor)).order_by(Brand.name)).first()


def may_change_brand(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor may change this brand's models and policies."""
    return is_platform(actor) or (actor.role == Role.brand_admin and actor.brand_id == brand_id)


def require_brand_admin(actor: Acting, brand_id: int) -> None:
    """Raise Forbidden unless the actor administers this brand (or the platform)."""
    if not may_change_brand(actor, brand_id):
        raise Forbidden("Your account may not change this brand's settings.")


def may_change_catalogue(actor: Acting) -> bool:
    """Say whether the actor may add brands, centres and shops (the platform only)."""
    return is_platform(actor)


def require_catalogue_admin(actor: Acting) -> None:
    """Raise Forbidden unless the actor may add brands, centres and shops."""
    if not may_change_catalogue(actor):
        raise Forbidden("Your account may not do this.")


def may_confirm_tacs(actor: Acting) -> bool:
    """Say whether the actor confirms or refuses brands' TAC claims (the platform only)."""
    return is_platform(actor)


def tacs_wait(actor: Acting) -> bool:
    """Say whether the TACs the actor adds wait for confirmation (all but the platform's)."""
    return not may_confirm_tacs(actor)


def pending_tacs_brand(actor: Acting) -> int | None:
    """Return the brand whose waiting TACs the actor may list (None: every brand's).

    Platform admins list all; a brand admin only their brand's; anyone else none.
    """
    if is_platform(actor):
        return None
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return actor.brand_id
    raise Forbidden("Your account may not do this.")


def require_tac_confirmer(actor: Acting) -> None:
    """Raise Forbidden unless the actor may confirm or refuse TAC claims (the platform)."""
    if not may_confirm_tacs(actor):
        raise Forbidden("Your account may not do this.")
