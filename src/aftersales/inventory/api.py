"""Routes: the parts catalogue, stock per place, transfers, corrections and supply orders.

Receiving a supply order and moving its date are in `repairs.api.parts`: both change the
repairs waiting for it.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from aftersales.accounts.deps import User
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.inventory import parts as catalogue
from aftersales.inventory import queries, stock
from aftersales.inventory.access import (
    brand_filter,
    require_location,
    require_part_of_brand,
    sees_location,
)
from aftersales.inventory.models import Part, StockLocation
from aftersales.inventory.schemas import (
    AdjustmentIn,
    LevelRead,
    LocationRead,
    PartCreate,
    PartRead,
    PartUpdate,
    ReorderPointIn,
    SupplyOrderRead,
    TransferIn,
)
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_

router = APIRouter(tags=["parts and stock"])
PAGE = Query(50, ge=1, le=200)
OFFSET = Query(0, ge=0, le=100_000)


def part_read(part: Part) -> PartRead:
    """Shape a part for the API."""
    data = {k: getattr(part, k) for k in PartRead.model_fields if k != "model_ids"}
    return PartRead(**data, model_ids=[m.id for m in part.models])


@router.get("/parts", response_model=list[PartRead])
def list_parts(
    user: User, session: DbSession, brand_id: int, limit: int = PAGE, offset: int = OFFSET
) -> list[PartRead]:
    """List a brand's parts by number (a brand admin: their own brand's)."""
    if brand_filter(user) not in (None, brand_id):
        return []
    return [part_read(p) for p in catalogue.parts_of_brand(session, brand_id, limit, offset)]


@router.get("/models/{model_id}/parts", response_model=list[PartRead])
def parts_for_model(model_id: int, user: User, session: DbSession) -> list[PartRead]:
    """List the parts that fit a model."""
    found = catalogue.parts_for_model(session, model_id)
    limit = brand_filter(user)
    return [part_read(p) for p in found if limit in (None, p.brand_id)]


@router.post("/parts", response_model=PartRead, status_code=201)
def create_part(body: PartCreate, user: User, session: DbSession, now: Now, idem: Idem) -> PartRead:
    """Add a part to a brand's catalogue (its admins); a number taken in the brand answers 409."""

    def work() -> PartRead:
        values = body.model_dump(exclude={"brand_id", "model_ids"})
        made = catalogue.create_part(session, user, body.brand_id, body.model_ids, now, **values)
        return part_read(made)

    return idem.once(session, user, body, now, work, PartRead)


@router.patch("/parts/{part_id}", response_model=PartRead)
def update_part(
    part_id: int, body: PartUpdate, user: User, session: DbSession, now: Now
) -> PartRead:
    """Change a part: names, money, lead time, end of production, the models it fits (audited)."""
    part = _part(session, user, part_id)
    given = body.model_dump(exclude_unset=True, exclude={"model_ids"})
    # A null is "leave it" everywhere but the end of production, where it withdraws the day.
    values = {k: v for k, v in given.items() if v is not None or k == "production_ends_on"}
    fits = body.model_ids or [m.id for m in part.models]
    return part_read(catalogue.update_part(session, user, part, fits, now, **values))


def _place(session: DbSession, user: User, location_id: int) -> StockLocation:
    return require_location(user, queries.location(session, location_id))


def _part(session: DbSession, user: User, part_id: int) -> Part:
    part = session.get(Part, part_id)
    if part is None:
        raise NotFound(N_("No such part."))
    require_part_of_brand(user, part)
    return part


@router.get("/stock/{location_id}", response_model=list[LevelRead])
def list_stock(
    location_id: int,
    user: User,
    session: DbSession,
    low_only: bool = False,
    limit: int = PAGE,
    offset: int = OFFSET,
) -> list[LevelRead]:
    """List the balances at a place by part number (a brand admin: their brand's parts)."""
    place = _place(session, user, location_id)
    rows = queries.levels(session, place.id, limit, offset, brand_id=brand_filter(user),
                          low_only=low_only)  # fmt: skip
    return [
        LevelRead(
            location_id=place.id,
            part_id=r.part.id,
            number=r.part.number,
            on_hand=r.level.on_hand,
            reserved=r.level.reserved,
            available=r.level.available,
            reorder_point=r.level.reorder_point,
            low=r.low,
        )
        for r in rows
    ]


@router.get("/stock-locations", response_model=list[LocationRead])
def list_locations(
    user: User, session: DbSession, limit: int = PAGE, offset: int = OFFSET
) -> list[StockLocation]:
    """List the places whose stock the caller may read, by id."""
    return [p for p in queries.locations(session, limit, offset) if sees_location(user, p)]


@router.post("/stock/transfers", status_code=204)
def transfer(body: TransferIn, user: User, session: DbSession, now: Now) -> None:
    """Move available parts between two places (the brand's admins); too few answers 409."""
    stock.transfer(session, user, _part(session, user, body.part_id),
                   _place(session, user, body.from_location_id),
                   _place(session, user, body.to_location_id), body.quantity, now)  # fmt: skip


@router.post("/stock/adjustments", status_code=204)
def adjust(body: AdjustmentIn, user: User, session: DbSession, now: Now) -> None:
    """Correct a count at a place, saying why (its manager, the brand's admins)."""
    stock.adjust(session, user, _place(session, user, body.location_id),
                 _part(session, user, body.part_id), body.change, body.reason, now)  # fmt: skip


@router.put("/stock/reorder-points", status_code=204)
def reorder_point(body: ReorderPointIn, user: User, session: DbSession, now: Now) -> None:
    """Set when a part shows as low at a place (its manager, the brand's admins)."""
    place, part = _place(session, user, body.location_id), _part(session, user, body.part_id)
    stock.set_reorder_point(session, user, place, part, body.reorder_point, now)


@router.get("/supply-orders", response_model=list[SupplyOrderRead])
def list_supply_orders(
    user: User,
    session: DbSession,
    location_id: int,
    open_only: bool = True,
    limit: int = PAGE,
    offset: int = OFFSET,
) -> list[object]:
    """List a place's supply orders, the earliest due first (open ones unless asked)."""
    place = _place(session, user, location_id)
    return list(queries.supply_orders(session, place.id, limit, offset, open_only=open_only))
