"""Pydantic shapes of warranty policies and decisions."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class WarrantyPolicyIn(BaseModel):
    """A brand's warranty terms in a country."""

    brand_id: int
    country: str = Field(min_length=2, max_length=2, examples=["IT"])
    maker_months: int = Field(examples=[24])
    legal_months: int = Field(examples=[24])
    effective_from_date: date | None = Field(
        default=None,
        description="First day these terms apply (default: today). Earlier days keep theirs.",
    )


class WarrantyPolicyRead(WarrantyPolicyIn):
    """Stored warranty terms."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    effective_from_date: date


class WarrantyDecisionIn(BaseModel):
    """The technician's decision at diagnosis and the reason the owner reads."""

    decision: str = Field(examples=["covered"])
    reason: str = Field(
        min_length=1,
        max_length=2000,
        examples=["Display defect from manufacturing: covered by warranty."],
    )
    version: int | None = None
