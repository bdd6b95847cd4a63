"""Pydantic shapes of the centre's work on a repair: who has it, loaner phones, offline days."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class StaffRead(BaseModel):
    """A member of the centre's staff (named, with the account number assignments use)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str


class AssignmentIn(BaseModel):
    """Who is to work on the repair."""

    technician: int | Literal["me"] | None = Field(
        description='An account id of the centre\'s staff, "me" to take it, or null to leave '
        "it unassigned. A technician takes an unassigned repair or gives back their own; the "
        "centre's manager assigns anyone.",
        examples=["me"],
    )
    version: int | None = Field(
        default=None, description="The version you last saw; a newer one on the server answers 409."
    )


class AssignmentRead(BaseModel):
    """Who works on the repair, and who may be assigned it."""

    assignee: StaffRead | None
    technicians: list[StaffRead] = Field(
        description="The centre's active technicians and managers, who may be assigned it."
    )
    version: int


class LoanerIn(BaseModel):
    """A loaner phone given to the owner."""

    label: str = Field(min_length=1, max_length=60, description="Its label or IMEI.")


class LoanerRead(BaseModel):
    """A loaner phone given for a repair, and when it came back."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    label: str
    given_at: datetime
    returned_at: datetime | None


class OfflineRead(BaseModel):
    """The owner's time without a phone, in calendar days (every day counts to an owner)."""

    days_without_phone: int = Field(description="From hand-in to collection, or to today.")
    days_with_loaner: int = Field(description="Of those, days with a loaner phone.")
    offline_days: int = Field(description="Days without any phone: the difference.")
    counting: bool = Field(description="True while the phone is in the service.")
