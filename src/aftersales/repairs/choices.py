"""What the intake and booking forms offer: the phone models, shops and centres to pick from."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, ServiceCentre, Shop, centre_brand
from aftersales.devices.models import Phone


def models_by_name(session: Session) -> list[PhoneModel]:
    """Return every phone model, by name (the intake form's list)."""
    return list(session.scalars(select(PhoneModel).order_by(PhoneModel.name)))


def centres_in(session: Session, country: str) -> list[ServiceCentre]:
    """Return every service centre of the country, by name."""
    stmt = select(ServiceCentre).where(ServiceCentre.country == country)
    return list(session.scalars(stmt.order_by(ServiceCentre.name)))


def booking_places(
    session: Session, phones: Sequence[Phone]
) -> tuple[list[Shop], list[ServiceCentre]]:
    """Return where the owner may hand a phone in: shops, and centres serving their brands."""
    brands = {p.model.brand_id for p in phones}
    countries = {p.country for p in phones}
    shops = session.scalars(select(Shop).where(Shop.country.in_(countries)).order_by(Shop.name))
    centres = session.scalars(
        select(ServiceCentre)
        .join(centre_brand)
        .where(centre_brand.c.brand_id.in_(brands))
        .distinct()
        .order_by(ServiceCentre.name)
    )
    return list(shops), list(centres)
