"""Webhook endpoints of shops and brands: register, list, see deliveries, switch on and off."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.notifications.access import (
    endpoint_scope,
    owner_of_new_endpoint,
    require_may_change_endpoint,
)
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint


def check_url(url: str, allow_private: bool) -> str:
    """Return the URL if it is an absolute http(s) address we may call, else a field error.

    Unless private addresses are allowed (development), it must be https and every address
    its host name has must be public: the worker must not be pointed at internal services.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 400:
        raise ValidationFailed(
            "Invalid webhook URL.",
            {"url": "Give an absolute http:// or https:// address of at most 400 characters."},
        )
    if not allow_private:
        if parts.scheme != "https":
            raise ValidationFailed("Invalid webhook URL.", {"url": "Use an https:// address."})
        problem = private_address(parts.hostname)
        if problem:
            raise ValidationFailed("Invalid webhook URL.", {"url": problem})
    return url


def private_address(host: str) -> str | None:
    """Say why `host` may not be called (private, loopback, unknown …), or None if public."""
    try:
        found = {str(i[4][0]) for i in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError):
        return "This host name does not resolve; check the address."
    for raw in found:
        address = ipaddress.ip_address(raw.split("%")[0])
        if not address.is_global:
            return "The address must be reachable on the public internet."
    return None


def register(
    session: Session,
    actor: Account,
    *,
    url: str,
    description: str = "",
    shop_id: int | None = None,
    brand_id: int | None = None,
    now: datetime,
    allow_private: bool = True,
    limit: int = 10,
) -> WebhookEndpoint:
    """Register an endpoint with a new secret (shown to the caller once)."""
    shop_id, brand_id = owner_of_new_endpoint(actor, shop_id, brand_id)
    owned = WebhookEndpoint.shop_id == shop_id if shop_id else WebhookEndpoint.brand_id == brand_id
    count = session.scalar(select(func.count()).select_from(WebhookEndpoint).where(owned)) or 0
    if count >= limit:
        raise Conflict(f"At most {limit} endpoints each; remove one you no longer use first.")
    endpoint = WebhookEndpoint(
        shop_id=shop_id,
        brand_id=brand_id,
        url=check_url(url, allow_private),
        secret=secrets.token_urlsafe(32),
        description=description.strip()[:200],
        created_at=now,
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def list_endpoints(session: Session, actor: Account) -> list[WebhookEndpoint]:
    """Return the endpoints the actor may see, newest first."""
    stmt = select(WebhookEndpoint).where(endpoint_scope(actor)).order_by(WebhookEndpoint.id.desc())
    return list(session.scalars(stmt))


def set_active(
    session: Session, actor: Acting, endpoint: WebhookEndpoint, active: bool, now: datetime
) -> None:
    """Switch an endpoint on (after the receiver is fixed) or off."""
    require_may_change_endpoint(actor, endpoint)
    endpoint.active = active
    endpoint.disabled_at = None if active else now
    endpoint.disabled_reason = None if active else "Switched off by its owner."
    session.flush()


def deliveries(
    session: Session, endpoint: WebhookEndpoint, limit: int = 50
) -> list[tuple[OutboxMessage, list[DeliveryAttempt]]]:
    """Return the endpoint's latest messages with their attempts, newest first."""
    messages = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.endpoint_id == endpoint.id)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )
    attempts: dict[int, list[DeliveryAttempt]] = {m.id: [] for m in messages}
    if messages:
        for a in session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.message_id.in_(attempts))
            .order_by(DeliveryAttempt.id)
        ):
            attempts[a.message_id].append(a)
    return [(m, attempts[m.id]) for m in messages]
