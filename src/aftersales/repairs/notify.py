"""Who hears of a repair's news, on which channel and in which language (queued, not sent).

Every message is queued in the transaction of the change it announces; its key names the
event, the channel and the recipient, so the same news never goes twice to one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import ServiceCentre, Shop
from aftersales.notifications.models import WebhookEndpoint
from aftersales.notifications.outbox import MUTED, Draft, enqueue
from aftersales.repairs.models import Quote, RepairEvent, RepairOrder
from aftersales.repairs.states import LABELS, NEXT_STEP, OPEN, READY_STATES, Status

# Shops have no language setting: they hear in their country's language.
SHOP_LANGUAGE = {"IT": "it", "VN": "vi"}


def kind_of(repair: RepairOrder, event: RepairEvent) -> str:
    """Return the message kind that announces `event`."""
    if event.type == "expected_date_changed":
        return "expected_later"
    status = Status(repair.status)
    if status == Status.awaiting_approval:
        return "quote_waiting"
    if status == Status.ready_for_pickup or (status == Status.ready and repair.shop_id is None):
        return "ready"
    return "status_changed"


def context_of(
    session: Session, repair: RepairOrder, event: RepairEvent | None, later: RepairEvent | None
) -> dict[str, Any]:
    """Return what every message about the repair's current state says, as plain JSON."""
    status = Status(repair.status)
    shop = repair.shop if status in (Status.ready_for_pickup, Status.closed) else None
    place: Shop | ServiceCentre = shop or repair.centre
    ctx: dict[str, Any] = {
        "code": repair.code,
        "model": repair.model.name,
        "brand": repair.model.brand.name,
        "status": status.value,
        "status_label": LABELS[status],
        "next_step": NEXT_STEP[status],
        "open": status in OPEN,
        "ready": status in READY_STATES,
        "expected": repair.expected_date.isoformat(),
        "expected_low": repair.expected_low_date.isoformat(),
        "expected_high": repair.expected_high_date.isoformat(),
        "place": ", ".join(p for p in (place.name, place.address, place.city) if p),
        "centre": repair.centre.name,
        "shop_id": repair.shop_id,
    }
    if event is not None:
        ctx |= {"event_id": event.id, "event_type": event.type, "at": event.at.isoformat()}
        if event.note:
            ctx["note"] = event.note
    why = later if later is not None else event
    if why is not None and why.type == "expected_date_changed":
        ctx |= {"old_expected": why.data.get("old"), "reason": why.note}
    if status == Status.awaiting_approval:
        quote = session.scalar(
            select(Quote).where(Quote.repair_id == repair.id, Quote.status == "pending")
        )
        if quote is not None:
            ctx |= {
                "quote_amount_minor": quote.amount_minor,
                "quote_currency": quote.currency,
                "quote_description": quote.description,
            }
    return ctx


def announce(
    session: Session,
    repair: RepairOrder,
    event: RepairEvent,
    now: datetime,
    *,
    later: RepairEvent | None = None,
) -> int:
    """Queue the owner's, the shop's and the webhooks' messages about a public event."""
    if session.info.get(MUTED):
        return 0
    kind = kind_of(repair, event)
    ctx = context_of(session, repair, event, later)
    tag = f"{kind}.{event.id}"
    return enqueue(session, news_drafts(session, repair, kind, ctx, tag), now)


def news_drafts(
    session: Session, repair: RepairOrder, kind: str, ctx: dict[str, Any], tag: str
) -> list[Draft]:
    """Return the drafts for the owner (e-mail, SMS), the shop (e-mail) and webhooks."""
    drafts: list[Draft] = []

    def add(
        key: str, channel: str, to: str, lang: str, data: dict[str, Any], account: int | None
    ) -> None:
        drafts.append(
            Draft(
                f"{tag}.{channel}.{key}",
                kind,
                channel,
                to,
                lang,
                data,
                account_id=account,
                repair_id=repair.id,
                timezone=repair.centre.timezone,
                country=repair.country,
            )
        )

    owner = session.get(Account, repair.owner_id) if repair.owner_id else None
    if owner is not None and owner.is_active:
        mine = ctx | {"audience": "owner", "name": owner.name, "account_id": owner.id}
        if owner.notify_email and owner.email:
            add(f"a{owner.id}", "email", owner.email, owner.language, mine, owner.id)
        if owner.notify_sms and owner.phone_number:
            add(f"a{owner.id}", "sms", owner.phone_number, owner.language, mine, owner.id)
    shop = repair.shop
    if shop is not None and shop.email:
        lang = SHOP_LANGUAGE.get(shop.country, "en")
        add(f"s{shop.id}", "email", shop.email, lang, ctx | {"audience": "shop"}, None)
    return drafts + webhook_drafts(session, repair, kind, ctx, tag)


def webhook_drafts(
    session: Session,
    repair: RepairOrder,
    kind: str,
    ctx: dict[str, Any],
    tag: str,
    *,
    shop: bool = True,
) -> list[Draft]:
    """Return drafts for the active endpoints of the repair's brand and shop (no names)."""
    owners = [WebhookEndpoint.brand_id == repair.brand_id]
    if shop and repair.shop_id is not None:
        owners.append(WebhookEndpoint.shop_id == repair.shop_id)
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True), or_(*owners))
    )
    data = {k: v for k, v in ctx.items() if k not in ("name", "account_id", "audience")}
    return [
        Draft(
            f"{tag}.webhook.e{e.id}",
            kind,
            "webhook",
            e.url,
            "en",
            data,
            endpoint_id=e.id,
            repair_id=repair.id,
        )
        for e in endpoints
    ]


def staff_of(session: Session, repair: RepairOrder, role: Role) -> list[Account]:
    """Return the active managers of the repair's centre, or the admins of its brand."""
    where = (
        Account.centre_id == repair.centre_id
        if role == Role.centre_manager
        else Account.brand_id == repair.brand_id
    )
    return list(
        session.scalars(
            select(Account)
            .where(Account.role == role, Account.is_active.is_(True), where)
            .order_by(Account.id)
        )
    )


def alert(
    session: Session,
    repair: RepairOrder,
    kind: str,
    role: Role,
    extra: dict[str, Any],
    tag: str,
    now: datetime,
) -> int:
    """Queue a staff alert: e-mail to each manager or brand admin, and the brand's webhooks."""
    ctx = context_of(session, repair, None, None) | extra
    drafts = [
        Draft(
            f"{tag}.email.a{a.id}",
            kind,
            "email",
            a.email,
            a.language,
            ctx | {"audience": "staff", "name": a.name},
            account_id=a.id,
            repair_id=repair.id,
        )
        for a in staff_of(session, repair, role)
        if a.email
    ]
    drafts += webhook_drafts(session, repair, kind, ctx, tag, shop=False)  # brand's only
    return enqueue(session, drafts, now)
