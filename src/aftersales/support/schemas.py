"""Support commitments and exits in and out of the API."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["brand", "regulation", "none"]


class TermIn(BaseModel):
    """One promise: a day, or "until no longer in use"; neither (or null) takes the default."""

    until: date | None = Field(default=None, description="The last day of this support.")
    while_in_use: bool = Field(
        default=False, description="Until the day customers no longer use the product."
    )


class CommitmentIn(BaseModel):
    """A model's commitment in a country, from a day on; every field left out takes its default.

    In EU countries the default of parts and updates is the minimum of Regulation (EU)
    2023/1670, and a shorter promise is refused (422, per field) where the regulation binds.
    """

    effective_from_date: date | None = Field(
        default=None, description="The first day it applies (today or later; default today)."
    )
    end_of_sale_date: date | None = Field(
        default=None, description="When the maker stopped selling the model in this country."
    )
    warranty: TermIn | None = None
    repair: TermIn | None = None
    parts: TermIn | None = None
    updates: TermIn | None = Field(default=None, description="Software (security) updates.")
    parts_delivery_working_days: int | None = Field(
        default=None, description="The longest a repairer waits for a part, in working days."
    )
    security_cadence_days: int | None = Field(
        default=None,
        description="The most days between two security updates while updates are promised "
        "(1-366; null: the default of 90).",
    )


class TermRead(BaseModel):
    """Until when one kind of support lasts, and who says so."""

    until: date | None = Field(description="The last day; null while unknown or open-ended.")
    while_in_use: bool
    source: Source = Field(description="brand: its promise; regulation: the EU minimum.")
    years_after_end_of_sale: int | None = Field(
        description="The EU minimum in years, while the end of sales is not known."
    )
    citation: str | None = Field(description="Where the regulation sets it (source regulation).")


class CommitmentVersionRead(BaseModel):
    """One version of a commitment as the brand entered it."""

    id: int
    effective_from_date: date
    end_of_sale_date: date | None
    warranty: TermIn
    repair: TermIn
    parts: TermIn
    updates: TermIn
    parts_delivery_working_days: int | None
    security_cadence_days: int | None


class SupportRead(BaseModel):
    """A model's support in a country today: the version in force, defaults filled in."""

    model_id: int
    country: str
    on: date
    eu: bool
    regulation_binds: bool = Field(
        description="Regulation (EU) 2023/1670 binds the model here (EU, sold from 2025-06-20)."
    )
    end_of_sale_date: date | None
    union_end_of_sale_date: date | None = Field(
        description="In the EU: the last end of sales in any member state on file."
    )
    warranty: TermRead
    repair: TermRead
    parts: TermRead
    updates: TermRead
    parts_delivery_working_days: int | None
    parts_delivery_source: Source
    security_cadence_days: int = Field(
        description="The most days between two security updates while updates are promised."
    )
    security_cadence_source: Literal["brand", "default"] = Field(
        description="brand: its promise; default: the platform's 90 days (none stated)."
    )
    effective_from_date: date | None = Field(description="The version in force; null: none.")
    versions: list[CommitmentVersionRead] = Field(description="Every version, oldest first.")


class StatementIn(BaseModel):
    """The brand's words, in the languages it wrote them (at least one)."""

    en: str | None = Field(default=None, max_length=2000)
    it: str | None = Field(default=None, max_length=2000)
    vi: str | None = Field(default=None, max_length=2000)


class ExitIn(BaseModel):
    """A brand's exit from the phone market."""

    exit_date: date = Field(description="The day it leaves or left the market.")
    statement: StatementIn


class ExitRead(BaseModel):
    """A brand's exit from the phone market, in its own words."""

    brand_id: int
    exit_date: date
    statement: StatementIn


class BrandExitState(BaseModel):
    """Whether a brand has left (or will leave) the market."""

    brand_id: int
    exit: ExitRead | None
