"""Pydantic shapes of the catalogue."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class BrandCreate(BaseModel):
    """A new brand."""

    slug: str = Field(min_length=1, max_length=40, examples=["xiaomi"])
    name: str = Field(min_length=1, max_length=100, examples=["Xiaomi"])


class BrandRead(BaseModel):
    """A brand."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    slug: str
    name: str


class ModelCreate(BaseModel):
    """A new phone model."""

    brand_id: int
    name: str = Field(min_length=1, max_length=100, examples=["Mi 8"])
    tacs: list[str] = Field(default_factory=list, max_length=200, examples=[["86446403"]])
    release_date: date | None = None
    end_of_sale_date: date | None = None


class ModelRead(BaseModel):
    """A phone model."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    brand_id: int
    name: str
    release_date: date | None
    end_of_sale_date: date | None
    retired_at: datetime | None = Field(
        default=None, description="When the brand retired it: no new phones or bookings of it."
    )
    version: int = 1
    tacs: list[str] = Field(description="Confirmed TACs: the IMEI prefixes that name this model.")
    pending_tacs: list[str] = Field(
        default_factory=list,
        description="TACs a brand admin claimed for it, waiting for a platform admin.",
    )


class TacsAdd(BaseModel):
    """TACs to add to a model."""

    tacs: list[str] = Field(min_length=1, max_length=200, examples=[["86446404"]])


class TacRead(BaseModel):
    """A TAC and where its claim stands."""

    tac: str
    status: str = Field(description="pending (claimed, waiting for a platform admin) or confirmed")
    model_id: int
    model_name: str
    brand_id: int
    claimed_at: datetime | None
    claimed_by: int | None
    confirmed_at: datetime | None
    confirmed_by: int | None


class CentreCreate(BaseModel):
    """A new service centre."""

    name: str = Field(min_length=1, max_length=120)
    city: str = Field(min_length=1, max_length=80)
    country: str = Field(min_length=2, max_length=2, examples=["IT"])
    brand_ids: list[int] = Field(default_factory=list, max_length=100)
    working_week: str = Field(default="1111100", min_length=7, max_length=7)
    timezone: str | None = Field(default=None, max_length=60)
    address: str = Field(default="", max_length=200)
    latitude: float | None = Field(default=None, ge=-90, le=90, examples=[45.4642])
    longitude: float | None = Field(default=None, ge=-180, le=180, examples=[9.19])
    opening_hours: dict[str, list[str]] | None = Field(
        default=None,
        description='Opening hours by weekday, "0" Monday to "6" Sunday: {"0": ["09:00", '
        '"18:30"]}; a day not named is closed.',
        examples=[{"0": ["09:00", "18:30"], "5": ["09:00", "13:00"]}],
    )
    confirm_duplicate: bool = Field(
        default=False,
        description="Add it even though one of the same name exists in the same city (else 409).",
    )


class CentreRead(BaseModel):
    """A service centre."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    city: str
    country: str
    timezone: str
    working_week: str
    address: str
    latitude: float | None = None
    longitude: float | None = None
    brand_ids: list[int]
    opening_hours: dict[str, list[str]] | None = None
    version: int = 1


class ShopCreate(BaseModel):
    """A new shop."""

    name: str = Field(min_length=1, max_length=120)
    city: str = Field(min_length=1, max_length=80)
    country: str = Field(min_length=2, max_length=2)
    timezone: str | None = Field(default=None, max_length=60)
    address: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=254, description="Where it hears news.")
    latitude: float | None = Field(default=None, ge=-90, le=90, examples=[45.4642])
    longitude: float | None = Field(default=None, ge=-180, le=180, examples=[9.19])
    opening_hours: dict[str, list[str]] | None = Field(
        default=None,
        description='Opening hours by weekday, "0" Monday to "6" Sunday: {"0": ["09:00", '
        '"18:30"]}; a day not named is closed.',
        examples=[{"0": ["09:00", "18:30"], "5": ["09:00", "13:00"]}],
    )
    confirm_duplicate: bool = Field(
        default=False,
        description="Add it even though one of the same name exists in the same city (else 409).",
    )


class ShopRead(BaseModel):
    """A shop."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    city: str
    country: str
    address: str
    email: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    opening_hours: dict[str, list[str]] | None = None
    version: int = 1


VERSION = Field(description="The version you last read; a newer one on the server answers 409.")


class CentreUpdate(BaseModel):
    """Changes to a service centre; a field left out stays as it is."""

    version: int = VERSION
    name: str | None = Field(default=None, min_length=1, max_length=120)
    address: str | None = Field(default=None, max_length=200)
    opening_hours: dict[str, list[str]] | None = Field(
        default=None,
        description='Opening hours by weekday, "0" Monday to "6" Sunday: {"0": ["09:00", '
        '"18:30"]}; a day not named is closed.',
        examples=[{"0": ["09:00", "18:30"], "5": ["09:00", "13:00"]}],
    )


class ShopUpdate(CentreUpdate):
    """Changes to a shop; a field left out stays as it is."""

    email: str | None = Field(default=None, max_length=254, description="Where it hears news.")


class ModelUpdate(BaseModel):
    """Changes to a phone model; a field left out stays as it is (null clears a date)."""

    version: int = VERSION
    name: str | None = Field(default=None, min_length=1, max_length=100)
    release_date: date | None = None
    end_of_sale_date: date | None = None
    retired: bool | None = Field(
        default=None,
        description="true retires it (no new phones or bookings), false brings it back.",
    )


class ModelGuess(BaseModel):
    """The model an IMEI's TAC names, if known."""

    imei: str
    valid: bool
    problem: str | None
    model: ModelRead | None
