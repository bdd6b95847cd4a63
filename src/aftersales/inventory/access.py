"""Who sees and changes stock: one policy for the API and the pages.

A centre's staff see their centre's shelf and receive its deliveries; its manager also
corrects counts and reorder points. A brand's admins see its parts at every location (the
network's stock of their parts) and move them between locations. Platform admins see all.
Someone outside gets NotFound, never a hint that the place exists.
"""

from __future__ import annotations

from aftersales.inventory.models import Part, StockLocation
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound
from aftersales.kernel.i18n import N_

CENTRE_ROLES = (Role.technician, Role.centre_manager)


def sees_location(actor: Acting, place: StockLocation) -> bool:
    """Say whether the actor may read a location's stock (a brand admin: their parts there)."""
    if is_platform(actor):
        return True
    if actor.role == Role.brand_admin:  # every centre, and their own warehouses only
        return place.centre_id is not None or place.brand_id == actor.brand_id
    return actor.role in CENTRE_ROLES and place.centre_id == actor.centre_id


def require_location(actor: Acting, place: StockLocation | None) -> StockLocation:
    """Return the location if the actor sees it, else raise NotFound."""
    if place is None or not sees_location(actor, place):
        raise NotFound(N_("No such stock location."))
    return place


def require_receiving(actor: Acting, place: StockLocation) -> None:
    """Raise NotFound unless the actor takes deliveries here: the centre's staff, the warehouse's
    brand admins, platform admins (an outsider learns nothing of the place's orders)."""
    if is_platform(actor) or (actor.role in CENTRE_ROLES and place.centre_id == actor.centre_id):
        return
    if actor.role == Role.brand_admin and place.brand_id == actor.brand_id:
        return
    raise NotFound(N_("No such supply order."))


def require_counting(actor: Acting, place: StockLocation) -> None:
    """Raise unless the actor corrects counts here (the centre's manager, the brand's admins)."""
    require_location(actor, place)
    if is_platform(actor) or (
        actor.role == Role.centre_manager and place.centre_id == actor.centre_id
    ):
        return
    if actor.role == Role.brand_admin and place.brand_id == actor.brand_id:
        return
    raise Forbidden(N_("Only the manager of this place corrects its stock."))


def brand_filter(actor: Acting) -> int | None:
    """Return the brand whose parts the actor is limited to (brand admins), else None."""
    return actor.brand_id if actor.role == Role.brand_admin else None


def require_part_of_brand(actor: Acting, part: Part) -> None:
    """Raise NotFound for a brand admin looking at another brand's part."""
    limit = brand_filter(actor)
    if limit is not None and part.brand_id != limit:
        raise NotFound(N_("No such part."))
