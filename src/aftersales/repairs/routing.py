"""Where a repair goes: the centres that may take it, and the nearest of them.

A shop's repair goes to a centre that repairs the phone's brand in the shop's country: the
nearest by the places' coordinates, or one in the shop's city when coordinates are missing.
The shop may pick another of the same centres; any other is refused with a field error.
"""

from __future__ import annotations

from math import inf

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre, Shop, centre_brand
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.geo import distance_km
from aftersales.kernel.i18n import N_


def centres_for(session: Session, brand_id: int, country: str | None) -> list[ServiceCentre]:
    """Return the centres that repair the brand, in the country if one is given, by name."""
    stmt = select(ServiceCentre).join(centre_brand).where(centre_brand.c.brand_id == brand_id)
    if country:
        stmt = stmt.where(ServiceCentre.country == country)
    return list(session.scalars(stmt.order_by(ServiceCentre.name, ServiceCentre.id)))


def distance_to(centre: ServiceCentre, origin: Shop) -> float:
    """Return how far the centre is from the shop: km, 0 in its city if unknown, else infinite."""
    here = (origin.latitude, origin.longitude)
    there = (centre.latitude, centre.longitude)
    if None not in here and None not in there:
        return distance_km(*here, *there)  # type: ignore[arg-type]
    return 0.0 if centre.city.strip().casefold() == origin.city.strip().casefold() else inf


def nearest(centres: list[ServiceCentre], origin: Shop | None) -> ServiceCentre | None:
    """Return the centre nearest the shop (ties and unknown distances: the lowest id)."""
    if not centres:
        return None
    if origin is None:
        return min(centres, key=lambda c: c.id)
    return min(centres, key=lambda c: (distance_to(c, origin), c.id))


def choose_centre(
    session: Session,
    brand_id: int,
    shop: Shop | None,
    country: str | None,
    asked: int | None,
) -> ServiceCentre:
    """Return the asked centre if it may take the repair, else the nearest that may.

    `country` limits the choice (the shop's country for a shop's repair); without one any
    centre of the brand will do.
    """
    valid = centres_for(session, brand_id, country)
    if asked is not None:
        chosen = next((c for c in valid if c.id == asked), None)
        if chosen is None:
            raise ValidationFailed(
                N_("This centre cannot take the repair."),
                {"centre_id": _why_not(valid)},
            )
        return chosen
    chosen = nearest(valid, shop)
    if chosen is None:
        raise ValidationFailed(
            N_("No service centre repairs this brand."),
            {"centre_id": N_("No service centre in this country repairs this brand.")},
        )
    return chosen


def _why_not(valid: list[ServiceCentre]) -> str:
    if not valid:
        return N_("No service centre in this country repairs this brand.")
    return N_("Choose a service centre that repairs this brand in the shop's country.")
