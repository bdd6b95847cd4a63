"""Lists of the catalogue, in the order the API and the pages show them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop, centre_brand


def list_brands(session: Session) -> list[Brand]:
    """Return every brand by name."""
    return list(session.scalars(select(Brand).order_by(Brand.name)))


def list_models(session: Session, brand_id: int | None = None) -> list[PhoneModel]:
    """Return the phone models by brand and name, of one brand or all."""
    stmt = select(PhoneModel).order_by(PhoneModel.brand_id, PhoneModel.name)
    if brand_id is not None:
        stmt = stmt.where(PhoneModel.brand_id == brand_id)
    return list(session.scalars(stmt))


def centres_page(session: Session, limit: int, after: int | None = None) -> list[ServiceCentre]:
    """Return a page of service centres by id, from after the id `after`."""
    stmt = select(ServiceCentre).order_by(ServiceCentre.id).limit(limit)
    if after is not None:
        stmt = stmt.where(ServiceCentre.id > after)
    return list(session.scalars(stmt))


def countries_served(session: Session, brand_id: int) -> set[str]:
    """Return the countries where a centre serves the brand (one row a country)."""
    stmt = (
        select(ServiceCentre.country)
        .join(centre_brand)
        .where(centre_brand.c.brand_id == brand_id)
        .distinct()
    )
    return set(session.scalars(stmt))


def centres_serving(session: Session, brand_id: int) -> list[ServiceCentre]:
    """Return the service centres that serve a brand, by name."""
    stmt = (
        select(ServiceCentre)
        .join(centre_brand)
        .where(centre_brand.c.brand_id == brand_id)
        .order_by(ServiceCentre.name)
    )
    return list(session.scalars(stmt))


def shops_page(session: Session, limit: int, after: int | None = None) -> list[Shop]:
    """Return a page of shops by id, from after the id `after`."""
    stmt = select(Shop).order_by(Shop.id).limit(limit)
    if after is not None:
        stmt = stmt.where(Shop.id > after)
    return list(session.scalars(stmt))


def newest_shops(session: Session, limit: int) -> list[Shop]:
    """Return the shops added last (the brand page's list; the network page has them all)."""
    return list(session.scalars(select(Shop).order_by(Shop.id.desc()).limit(limit)))


def name_or_city_has(model: type[ServiceCentre] | type[Shop], q: str) -> ColumnElement[bool]:
    """Return the filter of places whose name or city contains q, in any case (the searches)."""
    pattern = f"%{q.strip().lower()}%"
    return func.lower(model.name).like(pattern) | func.lower(model.city).like(pattern)
