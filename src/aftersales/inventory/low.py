"""When a part runs low at a place: the one rule, kept by every write of a balance.

A balance is low when a reorder point is set and what is available has fallen to it or
below. `stock_level.low_since` stores it, so lists filter on an index and the place's
managers are told once per fall (decision 180). The UPDATE that writes a balance (a
movement, a new reorder point) also clears `low_since` when the part is no longer low, and
returns what the balance became: no second read. Only when the balance is now low and not
marked yet, i.e. it just fell there, does a second statement mark it, and the alert is
queued in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, literal, null, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import ServiceCentre
from aftersales.inventory.messages import LOW_STOCK, LowStock
from aftersales.inventory.models import Part, StockLevel, StockLocation
from aftersales.notifications.outbox import Draft, enqueue

L = StockLevel
# What a balance write returns: enough to tell whether it fell low, and the alert's figures.
RETURNED = (L.on_hand, L.reserved, L.reorder_point, L.low_since)


def is_low(on_hand: int, reserved: int, reorder_point: int) -> bool:
    """Say whether a balance is low: a reorder point is set and available is at it or under."""
    return reorder_point > 0 and on_hand - reserved <= reorder_point


def kept_low_since(hand: int = 0, kept: int = 0, point: int | None = None) -> ColumnElement[Any]:
    """Return the SET value of `low_since` for a write that adds `hand` to on hand and `kept` to
    reserved, and sets the reorder point to `point` (None: keeps it): kept while still low,
    else cleared. SQL computes every SET from the row as it was, so this reads the old row.
    """
    limit: SQLColumnExpression[int] = L.reorder_point if point is None else literal(point)
    still_low = and_(limit > 0, (L.on_hand + hand) - (L.reserved + kept) <= limit)
    return case((still_low, L.low_since), else_=null())


def after_write(session: Session, location_id: int, part_id: int, row: Any, now: datetime) -> bool:
    """Mark a balance that just fell low and tell its place's managers; True when it fell.

    `row` is what the write returned (RETURNED). The mark's UPDATE matches only an unmarked
    row, and the writer's own UPDATE holds the row's lock, so a fall is told once. The
    writes go past the identity map, so a copy of the balance loaded before is expired.
    """
    loaded = session.identity_map.get(identity_key(L, (location_id, part_id)))
    if loaded is not None:
        session.expire(loaded)
    on_hand, reserved, point, since = row
    if since is not None or not is_low(on_hand, reserved, point):
        return False
    marked = session.execute(
        update(L)
        .where(L.location_id == location_id, L.part_id == part_id, L.low_since.is_(None))
        .values(low_since=now)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        return False
    tell(session, location_id, part_id, (on_hand, reserved, point), now)
    return True


def keepers(session: Session, place: StockLocation) -> list[Account]:
    """Return who looks after a place's stock: its centre's managers, or the brand's admins."""
    if place.centre_id is not None:
        where = and_(Account.role == Role.centre_manager, Account.centre_id == place.centre_id)
    else:
        where = and_(Account.role == Role.brand_admin, Account.brand_id == place.brand_id)
    stmt = select(Account).where(where, Account.is_active.is_(True)).order_by(Account.id)
    return list(session.scalars(stmt))


def tell(
    session: Session, location_id: int, part_id: int, figures: tuple[int, int, int], now: datetime
) -> int:
    """Queue the low-stock e-mail to each of the place's keepers, in their language."""
    place = session.get_one(StockLocation, location_id)
    part = session.get_one(Part, part_id)
    centre = session.get(ServiceCentre, place.centre_id) if place.centre_id else None
    on_hand, reserved, point = figures
    props = LOW_STOCK.check(
        LowStock(
            location_id=place.id, place=centre.name if centre else place.name,
            centre_id=place.centre_id, brand_id=part.brand_id, part_number=part.number,
            part_names=part.names, on_hand=on_hand, reserved=reserved,
            available=on_hand - reserved, reorder_point=point,
        )
    )  # fmt: skip
    tag = f"low_stock.{place.id}.{part.id}.{now:%Y%m%dT%H%M%S%f}"
    drafts = [
        Draft(
            f"{tag}.email.a{a.id}",
            LOW_STOCK.name,
            "email",
            a.email,
            props,
            "staff",
            a.language,
            name=a.name,
            account_id=a.id,
            about_id=place.id,
            timezone=centre.timezone if centre else "UTC",
            country=place.country,
        )
        for a in keepers(session, place)
        if a.email
    ]
    return enqueue(session, drafts, now)
