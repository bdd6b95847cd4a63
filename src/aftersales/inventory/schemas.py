"""Pydantic shapes of parts, stock and supply orders in the API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class PartNames(BaseModel):
    """A part's name per language; English is required, the others fall back to it."""

    en: str = Field(min_length=1, max_length=200)
    it: str | None = Field(default=None, max_length=200)
    vi: str | None = Field(default=None, max_length=200)


class PartCreate(BaseModel):
    """A new part of a brand."""

    brand_id: int
    number: str = Field(min_length=1, max_length=40, examples=["BN46-MI8"])
    kind: str = Field(description="display, battery, charging_port, camera, back_cover, speaker, "
                      "microphone, buttons, sim_tray, board or other")  # fmt: skip
    names: PartNames
    cost_minor: int = Field(ge=0, description="what the part costs the service, in minor units")
    price_minor: int = Field(ge=0, description="what the owner pays for it, in minor units")
    currency: str = Field(min_length=3, max_length=3, examples=["EUR"])
    lead_days: int = Field(ge=0, le=365, description="the supplier's lead time, working days")
    production_ends_on: date | None = Field(
        default=None,
        description="the day the maker stops producing it, if announced: the forecast then "
        "plans a last production batch",
    )
    model_ids: list[int] = Field(min_length=1, description="the models it fits")


class PartRead(BaseModel):
    """A part of a brand's catalogue."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    brand_id: int
    number: str
    kind: str
    names: dict[str, str]
    cost_minor: int
    price_minor: int
    currency: str
    lead_days: int
    production_ends_on: date | None
    model_ids: list[int]
    version: int


class LevelRead(BaseModel):
    """A part's balance at a place."""

    location_id: int
    part_id: int
    number: str
    on_hand: int
    reserved: int
    available: int
    reorder_point: int
    low: bool


class LocationRead(BaseModel):
    """A place where stock is kept: a centre's shelf or a brand's warehouse in a country."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    centre_id: int | None
    brand_id: int | None
    country: str
    name: str


class TransferIn(BaseModel):
    """Parts to move between two places."""

    part_id: int
    from_location_id: int
    to_location_id: int
    quantity: int = Field(ge=1, le=100_000)


class AdjustmentIn(BaseModel):
    """A count corrected at a place, and why."""

    location_id: int
    part_id: int
    change: int = Field(description="how many more (positive) or fewer (negative)")
    reason: str = Field(min_length=1, max_length=300)


class ReorderPointIn(BaseModel):
    """The available count at or under which a part shows as low at a place."""

    location_id: int
    part_id: int
    reorder_point: int = Field(ge=0, le=100_000)


class SupplyLineRead(BaseModel):
    """One part of a supply order."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    part_id: int
    quantity: int
    received: int


class SupplyOrderRead(BaseModel):
    """Parts ordered for a place, and when they are due."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    location_id: int
    from_location_id: int | None
    supplier: str
    status: str
    expected_date: date
    first_expected_date: date
    slips: int
    slip_reason: str | None
    reference: str
    lines: list[SupplyLineRead]


class ReceiptIn(BaseModel):
    """What arrived of a supply order: quantity per line id."""

    lines: dict[int, int] = Field(description="supply line id -> how many arrived now")


class ReceiptRead(BaseModel):
    """What a receipt did."""

    order: SupplyOrderRead
    filled: int = Field(description="back-orders of repairs filled from this delivery")


class ScheduleIn(BaseModel):
    """A new arrival date for a supply order, and why."""

    expected_date: date
    reason: str = Field(min_length=1, max_length=300)


class ScheduleRead(BaseModel):
    """What a new date did."""

    order: SupplyOrderRead
    moved: int = Field(description="repairs whose expected date moved later")


class RepairPartIn(BaseModel):
    """A part a repair needs."""

    part_id: int
    quantity: int = Field(default=1, ge=1, le=20)


class RepairPartRead(BaseModel):
    """A part a repair asked for, and where it stands."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    part_id: int
    quantity: int
    state: str = Field(description="reserved, back_ordered, used or released")
    supply_line_id: int | None
    expected_arrival: date | None = None
