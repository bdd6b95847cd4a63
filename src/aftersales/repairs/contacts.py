"""The contact log: each time someone had to ask where a repair stands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.kernel.text import MEDIUM, check_texts
from aftersales.repairs.access import require_staff_side
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import Contact, RepairOrder

CONTACT_CHANNELS = ("phone", "email", "in_person", "chat", "sms")
CONTACT_WHO = ("owner", "shop")


def record_contact(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    channel: str,
    who: str,
    note: str = "",
) -> Contact:
    """Log that the owner or the shop asked about this repair."""
    require_staff_side(actor, repair)
    errors: dict[str, str] = {}
    if channel not in CONTACT_CHANNELS:
        errors["channel"] = Msg("Use one of: %(choices)s.", choices=", ".join(CONTACT_CHANNELS))
    if who not in CONTACT_WHO:
        errors["who"] = Msg("Use one of: %(choices)s.", choices=", ".join(CONTACT_WHO))
    check_texts(errors, MEDIUM, note=note)
    if errors:
        raise ValidationFailed("The contact cannot be recorded.", errors)
    contact = Contact(
        repair_id=repair.id,
        channel=channel,
        who=who,
        note=note.strip(),
        recorded_by_id=actor.id,
        at=now,
    )
    session.add(contact)
    record_event(
        session,
        repair,
        EventType.contact,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=False,
        internal_note=note.strip() or None,
        data={"channel": channel, "who": who},
    )
    session.flush()
    return contact


def contacts_of(session: Session, repair: RepairOrder) -> list[Contact]:
    """Return a repair's logged contacts, oldest first."""
    return list(
        session.scalars(
            select(Contact).where(Contact.repair_id == repair.id).order_by(Contact.at, Contact.id)
        )
    )
