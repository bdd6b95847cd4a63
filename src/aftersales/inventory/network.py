"""A brand's stock across its network: every place that holds its parts, found and paged.

The places are the centres that serve the brand and the brand's warehouses. Centres may be
thousands, so they are found by part of their name or city, PLACE_CHOICES at a time
(decision 135), never listed whole. A place is named by a key, "centre:<centre id>" or
"warehouse:<location id>", since a centre's shelf is made on its first use. The balances
are read a page at a time, by part number, from the brand's parts through the index of a
part's locations (decision 181).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, lazyload

from aftersales.catalog.models import ServiceCentre, centre_brand
from aftersales.catalog.queries import name_or_city_has
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Part, StockLevel, StockLocation
from aftersales.kernel.paging import COUNT_CAP

PLACE_CHOICES = 30  # centres offered at a time; the brand's warehouses come with them


@dataclass(frozen=True)
class Place:
    """A place of the network as the page offers it: its key, name and where it is."""

    key: str
    name: str
    city: str
    country: str
    location_id: int | None  # None: a centre whose shelf holds nothing yet

    @property
    def is_warehouse(self) -> bool:
        """Say whether this is the brand's warehouse (else a centre)."""
        return self.key.startswith("warehouse:")


@dataclass(frozen=True)
class NetworkLine:
    """A part's balance at one place of the network."""

    level: StockLevel
    part: Part
    place: Place

    @property
    def low(self) -> bool:
        """Say whether the part is at or under its reorder point here."""
        return self.level.low_since is not None


def _centre_place(centre: ServiceCentre, location_id: int | None) -> Place:
    return Place(f"centre:{centre.id}", centre.name, centre.city, centre.country, location_id)


def _warehouse_place(place: StockLocation) -> Place:
    return Place(f"warehouse:{place.id}", place.name, "", place.country, place.id)


def _place_of(location: StockLocation, centre: ServiceCentre | None) -> Place:
    return _centre_place(centre, location.id) if centre else _warehouse_place(location)


def warehouses(session: Session, brand_id: int, q: str = "") -> list[Place]:
    """Return the brand's warehouses (one per country: few), by name; with q, those whose
    name contains it or whose country it is."""
    stmt = select(StockLocation).where(StockLocation.brand_id == brand_id)
    if q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(StockLocation.name).like(like),
                func.lower(StockLocation.country) == q.strip().lower(),
            )
        )
    return [_warehouse_place(w) for w in session.scalars(stmt.order_by(StockLocation.name))]


def centres(session: Session, brand_id: int, q: str = "") -> list[Place]:
    """Return up to PLACE_CHOICES centres serving the brand, by name; with q, those whose name
    or city contains it."""
    stmt = (
        select(ServiceCentre, StockLocation.id)
        .join(centre_brand, centre_brand.c.centre_id == ServiceCentre.id)
        .outerjoin(StockLocation, StockLocation.centre_id == ServiceCentre.id)
        .where(centre_brand.c.brand_id == brand_id)
        .order_by(ServiceCentre.name, ServiceCentre.id)
        .limit(PLACE_CHOICES)
    )
    if q.strip():
        stmt = stmt.where(name_or_city_has(ServiceCentre, q))
    return [_centre_place(c, loc) for c, loc in session.execute(stmt).tuples()]


def place(session: Session, brand_id: int, key: str) -> Place | None:
    """Return the place a key names, if it is of the brand's network (else None)."""
    kind, _, raw = key.partition(":")
    if not raw.isdigit():
        return None
    if kind == "warehouse":
        depot = session.get(StockLocation, int(raw))
        return _warehouse_place(depot) if depot and depot.brand_id == brand_id else None
    if kind != "centre":
        return None
    centre = session.get(ServiceCentre, int(raw))
    if centre is None or brand_id not in {b.id for b in centre.brands}:
        return None
    shelf = session.scalar(select(StockLocation.id).where(StockLocation.centre_id == centre.id))
    return _centre_place(centre, shelf)


def location(session: Session, chosen: Place) -> StockLocation:
    """Return the stock location of a place, making a centre's shelf on its first use."""
    if chosen.location_id is not None:
        return session.get_one(StockLocation, chosen.location_id)
    centre_id = int(chosen.key.partition(":")[2])
    return centre_location(session, session.get_one(ServiceCentre, centre_id))


def find_parts(
    session: Session, brand_id: int, q: str = "", limit: int = PLACE_CHOICES
) -> list[Part]:
    """Return up to `limit` of the brand's parts whose number contains q, by number."""
    stmt = select(Part).where(Part.brand_id == brand_id, Part.retired_at.is_(None))
    if q.strip():
        stmt = stmt.where(Part.number.contains(q.strip().upper(), autoescape=True))
    return list(session.scalars(stmt.order_by(Part.number, Part.id).limit(limit)))


def levels(
    session: Session,
    brand_id: int,
    limit: int,
    offset: int = 0,
    *,
    part_q: str = "",
    location_ids: list[int] | None = None,
    low_only: bool = False,
) -> list[NetworkLine]:
    """Return a page of the brand's balances by part number, then place.

    `part_q`: part numbers containing it; `location_ids`: only those places (the places
    found); `low_only`: at or under the reorder point (the partial indexes).
    """
    stmt = (
        select(StockLevel, Part, StockLocation, ServiceCentre)
        .join(Part, Part.id == StockLevel.part_id)
        .join(StockLocation, StockLocation.id == StockLevel.location_id)
        .outerjoin(ServiceCentre, ServiceCentre.id == StockLocation.centre_id)
        .where(Part.brand_id == brand_id)
        .options(lazyload(StockLevel.part))  # the part is selected beside it
        .order_by(Part.number, StockLevel.location_id)
        .limit(limit)
        .offset(offset)
    )
    if part_q.strip():
        stmt = stmt.where(Part.number.contains(part_q.strip().upper(), autoescape=True))
    if location_ids is not None:
        stmt = stmt.where(StockLevel.location_id.in_(location_ids))
    if low_only:
        stmt = stmt.where(StockLevel.low_since.is_not(None))
    return [
        NetworkLine(level, part, _place_of(where, centre))
        for level, part, where, centre in session.execute(stmt).tuples()
    ]


def low_count(session: Session, brand_id: int) -> int:
    """Count the brand's balances at or under their reorder point (up to COUNT_CAP)."""
    low = (
        select(StockLevel.part_id)
        .join(Part, Part.id == StockLevel.part_id)
        .where(Part.brand_id == brand_id, StockLevel.low_since.is_not(None))
        .limit(COUNT_CAP)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(low)) or 0


def brand_part(session: Session, brand_id: int, raw: str) -> Part | None:
    """Return the part a form names by id, if it is the brand's (else None)."""
    if not raw.strip().isdigit():
        return None
    part = session.get(Part, int(raw))
    return part if part is not None and part.brand_id == brand_id else None
