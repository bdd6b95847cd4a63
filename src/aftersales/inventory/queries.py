"""What the stock pages and API read: balances and supply orders of one place, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.inventory.models import Part, StockLevel, StockLocation, SupplyOrder
from aftersales.inventory.supply import OPEN
from aftersales.kernel.paging import COUNT_CAP


@dataclass(frozen=True)
class LevelLine:
    """A part's balance at a place, as a list shows it."""

    level: StockLevel
    part: Part

    @property
    def low(self) -> bool:
        """Say whether what is available has fallen to the reorder point or below."""
        return self.level.low_since is not None  # kept with every write (inventory.low)


def levels(
    session: Session,
    location_id: int,
    limit: int,
    offset: int = 0,
    *,
    brand_id: int | None = None,
    low_only: bool = False,
) -> list[LevelLine]:
    """Return a page of a place's balances by part number (a brand's parts only, if given)."""
    stmt = (
        select(StockLevel, Part)
        .join(Part, Part.id == StockLevel.part_id)
        .where(StockLevel.location_id == location_id)
        .order_by(Part.number, Part.id)
        .limit(limit)
        .offset(offset)
    )
    if brand_id is not None:
        stmt = stmt.where(Part.brand_id == brand_id)
    if low_only:
        stmt = stmt.where(StockLevel.low_since.is_not(None))  # the partial index's condition
    return [LevelLine(level, part) for level, part in session.execute(stmt).tuples()]


def low_count(session: Session, location_id: int) -> int:
    """Count the parts at or under their reorder point at a place (up to COUNT_CAP)."""
    low = (
        select(StockLevel.part_id)
        .where(StockLevel.location_id == location_id, StockLevel.low_since.is_not(None))
        .limit(COUNT_CAP)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(low)) or 0


def supply_orders(
    session: Session, location_id: int, limit: int, offset: int = 0, *, open_only: bool = True
) -> list[SupplyOrder]:
    """Return a page of a place's supply orders, the earliest due first (open ones only, or all)."""
    stmt = select(SupplyOrder).where(SupplyOrder.location_id == location_id)
    if open_only:
        stmt = stmt.where(SupplyOrder.status.in_([s.value for s in OPEN]))
    stmt = stmt.order_by(SupplyOrder.expected_date, SupplyOrder.id).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def location(session: Session, location_id: int) -> StockLocation | None:
    """Return a location by id."""
    return session.get(StockLocation, location_id)


def supply_order(session: Session, order_id: int) -> SupplyOrder | None:
    """Return a supply order by id."""
    return session.get(SupplyOrder, order_id)


def locations(session: Session, limit: int, offset: int = 0) -> list[StockLocation]:
    """Return a page of stock locations by id."""
    stmt = select(StockLocation).order_by(StockLocation.id).limit(limit).offset(offset)
    return list(session.scalars(stmt))
