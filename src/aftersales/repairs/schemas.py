"""Pydantic shapes of repair orders, events, quotes, contacts and tracking."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales.accounts.schemas import OwnerIn
from aftersales.repairs.schemas_work import LoanerRead, OfflineRead
from aftersales.sla.schemas import SlaClockRead

# Fields not every role reads are null for the others (the table in docs/architecture.md).
_HIDDEN = "Null when the caller's role does not read it (see the field table)."


class RepairCreate(BaseModel):
    """A repair order to open."""

    imei: str = Field(min_length=1, max_length=40)
    fault_category: str = Field(examples=["display"])
    problem: str = Field(max_length=4000, examples=["Spots on the display"])
    condition_notes: str = Field(default="", max_length=4000)
    model_id: int | None = None
    owner: OwnerIn | None = None
    purchase_date: date | None = None
    software_version: str | None = Field(
        default=None,
        max_length=40,
        description="The version the phone shows (Settings, About phone): recorded as seen today.",
    )
    shop_id: int | None = None
    centre_id: int | None = Field(
        default=None,
        description="A centre that repairs the brand (in the shop's country for shop repairs); "
        "by default the nearest one.",
    )
    channel: str | None = None
    dropoff_date: date | None = Field(
        default=None,
        description="Online bookings: the day the owner plans to hand the phone in, a working "
        "day of the centre's country within 30 days (default: the next working day). The "
        "expected ready date counts from it.",
    )
    confirm_new_owner: bool = Field(
        default=False,
        description="The phone is registered to someone else and the person handing it in "
        "is its new owner: the phone changes owner, and the change is recorded.",
    )


class OwnerContactRead(BaseModel):
    """The owner's details as given when the repair was opened."""

    name: str | None
    email: str | None
    phone_number: str | None


class WarrantyFactsRead(BaseModel):
    """What a warranty decision rests on: the purchase date and the coverage from the policy."""

    purchase_date: date | None
    judged_on: date = Field(description="The day the phone was handed in; coverage is on it.")
    covered: bool
    kind: str = Field(description="maker_warranty, legal_guarantee, expired or unknown")
    end_date: date | None
    maker_end_date: date | None
    legal_end_date: date | None
    maker_months: int
    legal_months: int
    terms: str = Field(
        description="policy: the brand's terms for the phone's country; default: none on "
        "file (24 + 24 months in the EU, else 12 + 0)"
    )


class ExpectedInputsRead(BaseModel):
    """How an expected ready date was made: method and inputs."""

    method: str = Field(
        description="actual (ready), steps (comparable repairs' time from this step), sla "
        "(the SLA target), history (before 2026-12: whole turnarounds)"
    )
    samples: int = Field(description="Comparable closed repairs' stays at the step used.")
    group: str = Field(
        description="What they share with this repair: model_fault_centre, model_fault, "
        "fault_centre, fault_brand, centre, brand (empty for sla and actual)"
    )
    step: str = Field(description="The status the estimate started from.")
    parts_date: date | None = Field(description="When the missing parts were due, if known.")
    target_days: int | None = Field(description="The SLA target in working days (sla only).")


class RepairRead(BaseModel):
    """A repair order as its reader's role sees it: fields it does not read are null."""

    code: str
    status: str
    status_label: str
    allowed_next: list[str]
    outcome: str | None
    channel: str
    imei: str | None = Field(description=_HIDDEN)
    brand: str
    model: str
    fault_category: str
    problem: str
    condition_notes: str | None = Field(description=_HIDDEN)
    shop_id: int | None
    shop: str | None
    centre_id: int
    centre: str
    country: str
    owner_id: int | None = Field(
        description="The owner's account: shown to the owner and platform admins only."
    )
    contact: OwnerContactRead | None = Field(description=_HIDDEN)
    warranty_decision: str | None
    warranty_reason: str | None
    dropoff_date: date | None = Field(
        description="An online booking's planned drop-off day (null for other intakes)."
    )
    expected_date: date
    expected_low_date: date
    expected_high_date: date
    expected_basis: str = Field(description="How the expected date was made, in a few words.")
    expected_inputs: ExpectedInputsRead = Field(
        description="How the expected date was made, as fields (decision 141)."
    )
    sla: SlaClockRead | None = Field(description=_HIDDEN)
    received_at: datetime | None
    ready_at: datetime | None
    closed_at: datetime | None
    tat_workdays: int | None
    created_at: datetime
    updated_at: datetime
    version: int
    warranty: WarrantyFactsRead | None = Field(
        default=None,
        description="What the warranty decision rests on: given only by GET /repairs/{code} "
        "to the centre's staff and platform admins; null for everyone else and in lists.",
    )
    assignee: str | None = Field(
        default=None, description="The technician working on it (name). " + _HIDDEN
    )
    loaners: list[LoanerRead] | None = Field(
        default=None,
        description="Loaner phones given and returned: given only by GET /repairs/{code} to "
        "staff; null for owners and in lists.",
    )
    offline: OfflineRead | None = Field(
        default=None,
        description="The owner's days without a phone, minus days with a loaner (calendar "
        "days): as `loaners`.",
    )


class RepairPage(BaseModel):
    """One page of a repair list."""

    items: list[RepairRead]
    total: int = Field(description="Matching repairs, counted up to 10,000.")
    total_capped: bool = Field(
        default=False, description="True when more than 10,000 match: total is a lower bound."
    )
    limit: int
    offset: int
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last."
    )


class TransitionIn(BaseModel):
    """A move to another status."""

    to_status: str = Field(examples=["diagnosing"])
    version: int | None = Field(
        default=None, description="The version you last saw; a newer one on the server answers 409."
    )
    note: str | None = Field(default=None, max_length=4000, description="Shown to the owner.")
    internal_note: str | None = Field(default=None, max_length=4000)
    outcome: str | None = Field(default=None, description="Needed when closing.")
    loaner_back: bool = Field(
        default=False,
        description="Closing or cancelling with a loaner phone out: the owner gave it back "
        "(recorded with the move); without it the move answers 409.",
    )


class NoteIn(BaseModel):
    """A note on a repair."""

    text: str = Field(min_length=1, max_length=4000)
    public: bool = False


class QuoteIn(BaseModel):
    """A price for the owner to approve."""

    amount_minor: int = Field(examples=[8900], description="Price in minor units (cents).")
    currency: str = Field(min_length=3, max_length=3, examples=["EUR"])
    description: str = Field(min_length=1, max_length=4000)
    next_status: str = Field(default="repairing", examples=["repairing"])
    version: int | None = None


class QuoteDecisionIn(BaseModel):
    """The owner's answer to a quote (given to the centre: how, in `told_by`)."""

    approve: bool
    told_by: str | None = Field(
        None,
        description="the centre recording the owner's answer: phone, email, in_person, chat or sms",
    )


class QuoteWithdrawIn(BaseModel):
    """The centre withdraws the waiting quote; the owner is told why."""

    reason: str = Field(max_length=4000, examples=["The part's price went up."])
    version: int | None = None


class QuoteRead(BaseModel):
    """A quote."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    amount_minor: int
    currency: str
    description: str
    next_status: str
    status: str
    created_at: datetime
    decided_at: datetime | None


class ContactIn(BaseModel):
    """Someone asked where the repair stands."""

    channel: str = Field(examples=["phone"])
    who: str = Field(examples=["owner"])
    note: str = Field(default="", max_length=2000)


class ContactRead(BaseModel):
    """A logged contact."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    channel: str
    who: str
    note: str
    at: datetime


class EventRead(BaseModel):
    """One event of a repair's history."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    type: str
    from_status: str | None
    to_status: str | None
    actor_id: int | None = Field(description=_HIDDEN)
    actor_role: str
    at: datetime
    public: bool
    note: str | None
    internal_note: str | None = Field(description=_HIDDEN)
    data: dict[str, Any]


class SlaBoardItem(BaseModel):
    """An open repair on an SLA board."""

    code: str
    status: str
    centre_id: int
    brand: str
    model: str
    fault_category: str
    sla: SlaClockRead
    expected_date: date


class ContactFiguresRead(BaseModel):
    """Contacts per repair over a period."""

    repairs: int
    contacts: int
    per_repair: float
    by_who: dict[str, int]
    by_count: dict[int, int]


class TrackStep(BaseModel):
    """One step of the public timeline."""

    at: datetime
    status: str | None
    label: str
    note: str | None
    kind: str


class TrackRead(BaseModel):
    """The public view of one repair."""

    code: str
    status: str
    label: str
    next_step: str
    brand: str
    model: str
    expected_date: date | None
    expected_low_date: date | None
    expected_high_date: date | None
    pickup_name: str
    pickup_address: str
    pickup_city: str
    timeline: list[TrackStep]


class SentRead(BaseModel):
    """A message about the repair: to whom, how, when, and whether it was delivered."""

    at: datetime
    kind: str
    to: str = Field(description="owner, shop, staff, shop_system or brand_system")
    name: str | None = Field(description="the staff member an alert went to")
    channel: str
    status: str = Field(description="pending, sent, dead or dropped")
    sent_at: datetime | None
