"""What was told about a repair: every message queued for it, to whom, how, and whether it went.

Staff of a repair answer "did you tell me?" from this. Who reads which rows: the mails and
SMS to the owner and the shop, every staff member who reads the field (`Field.messages`);
the alerts to the centre's managers and the brand's admins, those but the shop; a webhook
delivery, the side whose system it went to (its shop or its brand), and platform admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.kernel.actors import is_platform
from aftersales.notifications.models import OutboxMessage, WebhookEndpoint
from aftersales.repairs.messages import KINDS
from aftersales.repairs.models import RepairOrder

NAMES = [k.name for k in KINDS]
LIMIT = 100  # the newest; a repair gets a few dozen in its life


@dataclass(frozen=True)
class Sent:
    """One message about the repair as its staff read it."""

    at: datetime
    kind: str
    to: str  # owner, shop, staff, shop_system, brand_system
    name: str | None  # the staff member an alert went to
    channel: str
    status: str  # pending, sent, dead, dropped
    sent_at: datetime | None


def _readable(viewer: Account) -> ColumnElement[bool]:
    """Return the condition of the messages this viewer reads (of a repair they see)."""
    if is_platform(viewer):
        return OutboxMessage.id.is_not(None)
    people = OutboxMessage.channel != "webhook"
    if viewer.role == Role.shop_staff:
        own = WebhookEndpoint.shop_id == viewer.shop_id
        staff_alert = OutboxMessage.context["audience"].as_string() == "staff"
        return or_(and_(people, ~staff_alert), and_(~people, own))
    if viewer.role == Role.brand_admin:
        return or_(people, WebhookEndpoint.brand_id == viewer.brand_id)
    if viewer.role in (Role.technician, Role.centre_manager):
        return people
    return false()


def messages_about(session: Session, viewer: Account, repair: RepairOrder) -> list[Sent]:
    """Return the newest messages about the repair that this viewer reads, newest first."""
    rows = session.execute(
        select(OutboxMessage, WebhookEndpoint.shop_id)
        .outerjoin(WebhookEndpoint, WebhookEndpoint.id == OutboxMessage.endpoint_id)
        .where(
            OutboxMessage.about_id == repair.id,
            OutboxMessage.kind.in_(NAMES),
            _readable(viewer),
        )
        .order_by(OutboxMessage.id.desc())
        .limit(LIMIT)
    ).all()
    return [_sent(m, shop_endpoint is not None) for m, shop_endpoint in rows]


def _sent(m: OutboxMessage, to_shop_system: bool) -> Sent:
    context = m.context or {}
    if m.channel == "webhook":
        to = "shop_system" if to_shop_system else "brand_system"
    else:
        to = str(context.get("audience") or "owner")
    name = context.get("name") if to == "staff" else None
    return Sent(m.created_at, m.kind, to, name, m.channel, m.status, m.sent_at)
