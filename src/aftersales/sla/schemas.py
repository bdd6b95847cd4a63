"""Pydantic shapes of SLA policies and the clock."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class SlaPolicyIn(BaseModel):
    """A brand's turnaround promise for a country and channel ('any' for all)."""

    brand_id: int
    country: str = Field(min_length=2, max_length=2, examples=["IT"])
    channel: str = Field(default="any", examples=["any"])
    target_days: int = Field(examples=[10])
    at_risk_days: int = Field(examples=[7])
    loaner_days: int = Field(examples=[5])
    effective_from_date: date | None = Field(
        default=None,
        description="First day these terms apply (default: today). Earlier days keep theirs.",
    )


class SlaPolicyRead(SlaPolicyIn):
    """A stored SLA policy."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    effective_from_date: date


class SlaClockRead(BaseModel):
    """Where a repair stands against its SLA."""

    state: str
    elapsed_days: int
    paused_days: int
    target_days: int
    due_date: date | None
    loaner_owed: bool
    paused: bool
