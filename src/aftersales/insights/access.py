"""Who reads which figures (decision 260): the insights area's one policy.

A brand's admins read their brand's whole network; a centre's manager their own centre, of
every brand it serves; platform admins any one brand, chosen on the page (the first by name
until they choose). Technicians, shop staff, owners and visitors read none, and are told there
are no such figures (404), as with any record that is not theirs: a brand or centre outside
one's scope answers the same 404 as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.access import first_brand_for, get_brand_for
from aftersales.catalog.models import Brand, ServiceCentre
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_

NOT_FOUND = N_("No such figures.")
Side = Literal["brand", "centre"]


@dataclass(frozen=True)
class Reader:
    """What the policy lets one reader see: a brand's network or one centre, by name."""

    side: Side
    brand_id: int | None
    centre_id: int | None
    name: str
    platform: bool = False


def side_of(actor: Acting) -> Side | None:
    """Return which figures the actor's role reads ("brand", "centre"), or None."""
    if is_platform(actor):
        return "brand"
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return "brand"
    if actor.role == Role.centre_manager and actor.centre_id is not None:
        return "centre"
    return None


def reader_for(session: Session, actor: Acting, side: Side, brand_id: int | None = None) -> Reader:
    """Return the reader's scope on one side (a platform admin's brand if asked), or NotFound.

    A brand admin's `brand_id` must be theirs; a centre manager names no brand.
    """
    if side_of(actor) != side:
        raise NotFound(NOT_FOUND)
    if side == "centre":
        if brand_id is not None:
            raise NotFound(NOT_FOUND)
        centre = session.get(ServiceCentre, actor.centre_id)
        if centre is None:
            raise NotFound(NOT_FOUND)
        return Reader("centre", None, centre.id, centre.name)
    brand: Brand | None
    if brand_id is not None:
        brand = get_brand_for(session, actor, brand_id)  # NotFound outside the actor's brands
    else:
        brand = first_brand_for(session, actor)
    if brand is None:
        raise NotFound(NOT_FOUND)
    return Reader("brand", brand.id, None, brand.name, platform=is_platform(actor))


def brand_choices(session: Session, actor: Acting) -> list[tuple[int, str]]:
    """Return the brands a platform admin may choose, by name (nobody else chooses)."""
    if not is_platform(actor):
        return []
    return [(b.id, b.name) for b in session.scalars(select(Brand).order_by(Brand.name))]
