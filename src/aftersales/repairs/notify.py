"""Who hears of a repair's news, on which channel and in which language (queued, not sent).

Every message is queued in the transaction of the change it announces; its key names the
event, the channel and the recipient, so the same news never goes twice to one place.
Owners hear of the milestones (`states.owner_hears_of`, warranty decisions, a later date),
batched over a few minutes (`repairs.batching`); shops and webhooks hear of every public move.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.look import look_of
from aftersales.catalog.models import ServiceCentre, Shop
from aftersales.notifications.kinds import Audience
from aftersales.notifications.models import WebhookEndpoint
from aftersales.notifications.outbox import MUTED, Draft, enqueue
from aftersales.repairs.batching import URGENT, batch_of, fold
from aftersales.repairs.messages import (
    EXPECTED_LATER,
    KINDS,
    QUOTE_WAITING,
    QUOTE_WITHDRAWN,
    READY,
    STATUS_CHANGED,
    WARRANTY_DECIDED,
)
from aftersales.repairs.messages.props import News, SlaAlert
from aftersales.repairs.models import Quote, RepairEvent, RepairOrder
from aftersales.repairs.states import Status, owner_hears_of

# Shops have no language setting: they hear in their country's language.
SHOP_LANGUAGE = {"IT": "it", "VN": "vi"}
BY_NAME = {k.name: k for k in KINDS}


def kind_of(repair: RepairOrder, event: RepairEvent) -> str:
    """Return the message kind that announces `event`."""
    if event.type == "expected_date_changed":
        return EXPECTED_LATER.name
    if event.type == "warranty_decision":
        return WARRANTY_DECIDED.name
    if (event.data or {}).get("quote_withdrawn"):
        return QUOTE_WITHDRAWN.name
    status = Status(repair.status)
    if status == Status.awaiting_approval:
        return QUOTE_WAITING.name
    if status == Status.ready_for_pickup or (status == Status.ready and repair.shop_id is None):
        return READY.name
    return STATUS_CHANGED.name


def facts(repair: RepairOrder) -> dict[str, Any]:
    """Return what every message about the repair names (see `messages.props.RepairFacts`)."""
    return {
        "code": repair.code,
        "brand": repair.model.brand.name,
        "model": repair.model.name,
        "status": repair.status,
        "centre": repair.centre.name,
        "shop_id": repair.shop_id,
        "contact": repair.contact_name or repair.contact_email or repair.contact_phone or "",
    }


def news_of(
    session: Session,
    repair: RepairOrder,
    kind: str,
    event: RepairEvent | None,
    later: RepairEvent | None,
) -> News:
    """Return the typed props of a news message about the repair's current state.

    A quote message without a pending quote, a date message without the move, or any other
    missing fact raises here (MessageRefused), failing the change rather than the message.
    """
    status = Status(repair.status)
    handed = (Status.registered, Status.ready_for_pickup, Status.closed)  # at the shop
    shop = repair.shop if status in handed else None
    place: Shop | ServiceCentre = shop or repair.centre
    props: dict[str, Any] = facts(repair) | {
        "expected": repair.expected_date,
        "expected_low": repair.expected_low_date,
        "expected_high": repair.expected_high_date,
        "place": ", ".join(p for p in (place.name, place.address, place.city) if p),
        "dropoff": repair.dropoff_date if status == Status.registered else None,
        "event_id": event.id if event else None,
        "event_type": event.type if event else None,
        "at": event.at if event else None,
        "note": event.note if event else None,
        "later": None,
        "earlier": [],
    }
    why = later if later is not None else event
    if why is not None and why.type == "expected_date_changed":
        props["later"] = {"old": why.data.get("old"), "reason": why.note or "",
                          "parts": why.data.get("parts", [])}  # fmt: skip
    if kind == QUOTE_WAITING.name:
        quote = session.scalar(
            select(Quote).where(Quote.repair_id == repair.id, Quote.status == "pending")
        )
        if quote is not None:
            props |= {
                "amount_minor": quote.amount_minor,
                "currency": quote.currency,
                "description": quote.description,
                "quote_id": quote.id,
            }
    if kind == QUOTE_WITHDRAWN.name and event is not None:
        withdrawn = session.get(Quote, event.data["quote_withdrawn"])
        if withdrawn is not None:
            props |= {"amount_minor": withdrawn.amount_minor, "currency": withdrawn.currency}
    if kind == WARRANTY_DECIDED.name and event is not None:
        props["decision"] = event.data.get("decision")
    checked = BY_NAME[kind].check(props)
    assert isinstance(checked, News)
    return checked


def announce(
    session: Session,
    repair: RepairOrder,
    event: RepairEvent,
    now: datetime,
    *,
    later: RepairEvent | None = None,
) -> int:
    """Queue the owner's, the shop's and the webhooks' messages about a public event.

    The owner hears of milestones only, batched; the shop and webhooks of every public move
    as before, and not of warranty decisions.
    """
    if session.info.get(MUTED):
        return 0
    kind = kind_of(repair, event)
    props = news_of(session, repair, kind, event, later)
    tag = f"{kind}.{event.id}"
    moves = event.type != "warranty_decision"
    drafts = news_drafts(
        session,
        repair,
        kind,
        props,
        tag,
        owner=owner_hears(repair, event, later),
        shop=moves,
        webhooks=moves,
        batched=True,
    )
    return enqueue(session, drafts, now, fold=fold)


def owner_hears(repair: RepairOrder, event: RepairEvent, later: RepairEvent | None) -> bool:
    """Tell whether the owner gets a message about this event (a milestone, or a later date)."""
    if event.type != "status_changed" or later is not None:
        return True  # a booking, a warranty decision, an expected date moved later
    if (event.data or {}).get("quote_withdrawn") or (event.data or {}).get("parts_arrived"):
        return True  # the owner was told of the quote or of the wait for parts: now its end
    before = Status(event.from_status) if event.from_status else None
    after = Status(event.to_status or repair.status)
    return owner_hears_of(before, after, via_shop=repair.shop_id is not None)


def news_drafts(
    session: Session,
    repair: RepairOrder,
    kind: str,
    props: News,
    tag: str,
    *,
    owner: bool = True,
    shop: bool = True,
    webhooks: bool = True,
    batched: bool = False,
) -> list[Draft]:
    """Return the drafts for the owner (e-mail, SMS), the shop (e-mail) and webhooks.

    `batched`: the owner's drafts join the batch of their news about the repair.
    """
    drafts: list[Draft] = []

    def add(
        key: str,
        channel: str,
        to: str,
        audience: Audience,
        lang: str,
        name: str | None,
        account: int | None,
    ) -> None:
        batch = batch_of(repair.id, account, channel) if batched and account else None
        drafts.append(
            Draft(
                f"{tag}.{channel}.{key}",
                kind,
                channel,
                to,
                props,
                audience,
                lang,
                name=name,
                account_id=account,
                about_id=repair.id,
                timezone=repair.centre.timezone,
                country=repair.country,
                batch=batch,
                urgent=kind in URGENT,
                look=look if audience == "owner" else None,  # the owner reads the brand's
            )
        )

    shown = look_of(repair.model.brand)
    look = {"name": shown.name, "colour": shown.colour, "logo": shown.logo_url} if shown else None

    owner_ = session.get(Account, repair.owner_id) if owner and repair.owner_id else None
    if owner_ is not None and owner_.is_active:
        mine = (owner_.language, owner_.name, owner_.id)
        if owner_.notify_email and owner_.email:
            add(f"a{owner_.id}", "email", owner_.email, "owner", *mine)
        if owner_.notify_sms and owner_.phone_number:
            add(f"a{owner_.id}", "sms", owner_.phone_number, "owner", *mine)
    place = repair.shop if shop else None
    if place is not None and place.email:
        lang = SHOP_LANGUAGE.get(place.country, "en")
        add(f"s{place.id}", "email", place.email, "shop", lang, None, None)
    if not webhooks:
        return drafts
    return drafts + webhook_drafts(session, repair, kind, props, tag)


def webhook_drafts(
    session: Session,
    repair: RepairOrder,
    kind: str,
    props: News | SlaAlert,
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
    return [
        Draft(
            f"{tag}.webhook.e{e.id}",
            kind,
            "webhook",
            e.url,
            props,
            endpoint_id=e.id,
            about_id=repair.id,
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
    figures: dict[str, Any],
    tag: str,
    now: datetime,
) -> int:
    """Queue a staff alert: e-mail to each manager or brand admin, and the brand's webhooks."""
    props = BY_NAME[kind].check(facts(repair) | figures)
    assert isinstance(props, SlaAlert)
    drafts = [
        Draft(
            f"{tag}.email.a{a.id}",
            kind,
            "email",
            a.email,
            props,
            "staff",
            a.language,
            name=a.name,
            account_id=a.id,
            about_id=repair.id,
        )
        for a in staff_of(session, repair, role)
        if a.email
    ]
    drafts += webhook_drafts(session, repair, kind, props, tag, shop=False)  # brand's only
    return enqueue(session, drafts, now)
