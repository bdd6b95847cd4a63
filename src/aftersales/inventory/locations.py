"""Where stock is kept: each centre's shelf and each brand's warehouse per country, made on use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, ServiceCentre
from aftersales.db import insert_ignoring_conflicts
from aftersales.inventory.models import StockLocation

S = StockLocation


def centre_location(session: Session, centre: ServiceCentre) -> StockLocation:
    """Return the centre's stock location, made the first time it is needed."""
    row = {"centre_id": centre.id, "country": centre.country, "name": centre.name}
    session.execute(insert_ignoring_conflicts(session, S, row))  # two first uses at once: one row
    return session.scalars(select(S).where(S.centre_id == centre.id)).one()


def warehouse(session: Session, brand: Brand, country: str) -> StockLocation:
    """Return the brand's warehouse in a country, made the first time it is needed."""
    row = {"brand_id": brand.id, "country": country, "name": f"{brand.name} {country}"}
    session.execute(insert_ignoring_conflicts(session, S, row))
    return session.scalars(select(S).where(S.brand_id == brand.id, S.country == country)).one()
