"""The facts each repair message needs: one typed model per kind, checked when queued."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aftersales.notifications.kinds import Props
from aftersales.repairs.states import Status


class PartLate(BaseModel):
    """A part the repair waits for, and the day it now arrives (a supply order slipped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str  # inventory.models.PartKind: said in the reader's language
    arrival: date


class Later(BaseModel):
    """The expected ready date moved later: from when, and why (as the event recorded it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    old: date
    reason: str
    parts: list[PartLate] = []  # when late parts moved it: which, and their new day


class Step(BaseModel):
    """An earlier piece of news folded into a later message to the owner (see `News.earlier`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    status: Status
    at: datetime | None
    note: str | None
    later: Later | None
    decision: str | None  # a warranty decision: covered, not_covered


class RepairFacts(Props):
    """What every message about a repair names: which one, where it stands, whose it is."""

    code: str = Field(min_length=1)
    brand: str = Field(min_length=1)
    model: str = Field(min_length=1)
    status: Status
    centre: str = Field(min_length=1)
    shop_id: int | None
    # The owner's details as the shop typed them ("" when none were given): staff read them,
    # webhooks never carry them.
    contact: str


class News(RepairFacts):
    """A public step of the repair, told to the owner and the shop."""

    expected: date
    expected_low: date
    expected_high: date
    # Where the phone is handed in (a booking) or collected: name, address, city.
    place: str = Field(min_length=1)
    dropoff: date | None  # a booking's planned drop-off day (None once the phone is in)
    event_id: int | None
    event_type: str | None
    at: datetime | None
    note: str | None
    later: Later | None
    # The owner's news held and replaced by this one within the batching window, oldest
    # first (repairs.batching); always empty for shops and webhooks, which are not batched.
    earlier: list[Step]


class StatusChanged(News):
    """The repair moved to another public status."""


class QuoteWaiting(News):
    """A quote waits for the owner's answer."""

    amount_minor: int = Field(gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    description: str = Field(min_length=1)
    quote_id: int | None  # the owner's link answers it (None: queued before such links)


class QuoteWithdrawn(News):
    """The centre withdrew the waiting quote; `note` says why."""

    amount_minor: int = Field(gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    note: str = Field(min_length=1)


class WarrantyDecided(News):
    """The technician decided whether the warranty covers the repair; `note` says why."""

    decision: Literal["covered", "not_covered"]
    note: str = Field(min_length=1)


class Ready(News):
    """The phone is ready where the owner collects it."""


class ExpectedLater(News):
    """The expected ready date moved later, with no other news."""

    later: Later


class NoSilence(News):
    """No public news for a while: where the repair stands."""


class SlaAlert(RepairFacts):
    """A repair's SLA figures, for the centre's managers (at risk, breached, loaner owed)."""

    elapsed_days: int = Field(ge=0)
    target_days: int = Field(gt=0)
    due: date | None


class SlaEscalated(SlaAlert):
    """A breach older than the escalation point, for the brand's admins."""

    breached_days: int = Field(ge=1)
