"""Hand-back: the phone goes back to its owner; who collected it, how identified, what was paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.counter.models import HandBack
from aftersales.counter.photos import add_signature
from aftersales.counter.storage import PhotoStore
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import check_texts
from aftersales.repairs.access import require_staff_side
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import quotes_of
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status

COLLECTORS = ("owner", "someone_else")
ID_KINDS = ("id_card", "passport", "driving_licence", "other")


@dataclass
class Collection:
    """What the counter records when the phone is collected."""

    outcome: str
    collected_by: str = "owner"
    collector_name: str = ""
    id_checked: bool = False
    id_kind: str = ""
    payment_received: bool = False
    signature: str = ""  # a PNG data URL from the signature pad, or ""
    note: str = ""
    version: int | None = None
    loaner_back: bool = False  # the owner gave back the loaner phone they had (repairs.loaners)


@dataclass(frozen=True)
class Due:
    """What the owner pays at collection: the approved quote, or nothing under warranty."""

    amount_minor: int
    currency: str | None


def payment_due(session: Session, repair: RepairOrder) -> Due:
    """Return the amount of the approved quotes (out-of-warranty work); zero when none."""
    approved = [q for q in quotes_of(session, repair) if q.status == "approved"]
    if not approved:
        return Due(0, None)
    return Due(sum(q.amount_minor for q in approved), approved[-1].currency)


def check(c: Collection, due: Due) -> dict[str, str]:
    """Return what is wrong with a collection record, field by field."""
    errors: dict[str, str] = {}
    if c.collected_by not in COLLECTORS:
        errors["collected_by"] = N_("Say who collects the phone.")
    elif c.collected_by == "someone_else" and not c.collector_name.strip():
        errors["collector_name"] = N_("Type the name of the person collecting the phone.")
    if len(c.collector_name) > 120:
        errors["collector_name"] = N_("Keep the name under 120 characters.")
    if c.id_checked and c.id_kind not in ID_KINDS:
        errors["id_kind"] = N_("Choose which document you checked.")
    if c.collected_by == "someone_else" and not c.id_checked:
        errors["id_checked"] = N_("Check the identity of whoever collects for the owner.")
    if due.amount_minor > 0 and not c.payment_received:
        errors["payment_received"] = N_("Take the payment due, then tick the box.")
    check_texts(errors, note=c.note)
    return errors


def hand_back(
    session: Session,
    store: PhotoStore,
    actor: Account,
    repair: RepairOrder,
    c: Collection,
    now: datetime,
) -> HandBack:
    """Close the repair as collected and keep the record of who took the phone and paid."""
    require_staff_side(actor, repair)
    due = payment_due(session, repair)
    if errors := check(c, due):
        raise ValidationFailed(N_("Some answers need a look."), errors)
    if Status(repair.status) not in (Status.ready, Status.ready_for_pickup):
        raise ValidationFailed(
            N_("The phone can be handed back only once it is ready."),
            {"form": N_("The phone can be handed back only once it is ready.")},
        )
    transition(session, actor, repair, Status.closed, now, version=c.version, outcome=c.outcome,
               loaner_back=c.loaner_back)  # fmt: skip
    signature = add_signature(session, store, actor, repair, c.signature, "handback_signature", now)
    row = HandBack(
        repair_id=repair.id,
        collected_by=c.collected_by,
        collector_name=c.collector_name.strip() if c.collected_by == "someone_else" else "",
        id_checked=c.id_checked,
        id_kind=c.id_kind if c.id_checked else None,
        payment_due_minor=due.amount_minor,
        currency=due.currency,
        payment_received=c.payment_received and due.amount_minor > 0,
        signature_photo_id=signature.id if signature else None,
        note=c.note.strip(),
        recorded_by_id=actor.id,
        at=now,
    )
    session.add(row)
    record_event(session, repair, EventType.handed_back, now, actor_id=actor.id,
                 actor_role=actor.role, public=False,
                 data={"collected_by": c.collected_by, "id_checked": c.id_checked,
                       "payment_due_minor": due.amount_minor})  # fmt: skip
    return row


def hand_back_of(session: Session, repair: RepairOrder) -> HandBack | None:
    """Return the record of the phone's collection, if it was collected at a counter."""
    return session.get(HandBack, repair.id)
