"""Pydantic shapes of phones."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from aftersales.accounts.schemas import OwnerIn


class PhoneCreate(BaseModel):
    """A phone to register."""

    imei: str = Field(min_length=1, max_length=40, examples=["864464030000014"])
    country: str = Field(min_length=2, max_length=2, examples=["IT"])
    model_id: int | None = None
    owner: OwnerIn | None = Field(
        default=None,
        description="Shops name the owner by their details: found by e-mail or invited.",
    )
    owner_id: int | None = Field(default=None, description="Platform admins only.")
    purchase_date: date | None = None
    shop_id: int | None = None
    serial: str | None = Field(default=None, max_length=40)
    software_version: str | None = Field(default=None, max_length=40)


class CoverageRead(BaseModel):
    """A phone's warranty coverage today."""

    covered: bool
    kind: str
    end_date: date | None
    maker_end_date: date | None
    legal_end_date: date | None


class PhoneRead(BaseModel):
    """A phone with its model and coverage."""

    id: int
    imei: str
    serial: str | None
    model_id: int
    model: str
    brand: str
    owner_id: int | None = Field(
        description="The owner's account: shown to the owner and platform admins only."
    )
    purchase_date: date | None
    shop_id: int | None
    country: str
    software_version: str | None
    coverage: CoverageRead
