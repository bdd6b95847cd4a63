"""Webhook endpoints of shops and brands: register, list, see deliveries, switch on and off."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.audit.service import Action, record, snapshot
from aftersales.db import Base
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
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
            {"url": N_("Give an absolute http:// or https:// address of at most 400 characters.")},
        )
    if not allow_private:
        if parts.scheme != "https":
            raise ValidationFailed("Invalid webhook URL.", {"url": N_("Use an https:// address.")})
        problem = private_address(parts.hostname)
        if problem:
            raise ValidationFailed("Invalid webhook URL.", {"url": problem})
    return url


# NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address reached.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Local-use NAT64 (RFC 8215): translated to addresses of the operator's own choosing.
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
# IPv4-compatible addresses (RFC 4291, deprecated): ::a.b.c.d.
_V4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address leads to (mapped, 6to4, NAT64, compatible)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or address in _V4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def public_ip(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Say whether the worker may call this address: global unicast, also behind IPv6 wrappers.

    An IPv6 address that carries an IPv4 one (IPv4-mapped, 6to4, NAT64, IPv4-compatible)
    reaches that IPv4 address, so the IPv4 address must be public too: `64:ff9b::a00:1`
    is 10.0.0.1 through a NAT64 gateway. Local-use NAT64 prefixes lead where the operator
    chose, so they are refused outright; multicast is never a webhook receiver.
    """
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL:
            return False
        inner = _embedded_ipv4(address)
        if inner is not None:
            return public_ip(inner)
    return True


def private_address(host: str) -> str | None:
    """Say why `host` may not be called (private, loopback, unknown …), or None if public."""
    try:
        found = {str(i[4][0]) for i in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError):
        return "This host name does not resolve; check the address."
    for raw in found:
        if not public_ip(ipaddress.ip_address(raw.split("%")[0])):
            return "The address must be reachable on the public internet."
    return None


def _lock_owner(session: Session, shop_id: int | None, brand_id: int | None) -> None:
    """Hold the owner's row until commit, so one registration per shop or brand counts at a time.

    A write that changes nothing: on PostgreSQL it locks the row (a concurrent registration
    for the same owner waits, then counts what the first committed); on SQLite it takes the
    database's write lock before the count. A missing shop or brand is a 404.
    """
    # By table, not by model: notifications knows no area above it (import-linter).
    table = Base.metadata.tables["shop" if shop_id is not None else "brand"]
    owner_id = shop_id if shop_id is not None else brand_id
    found = session.execute(update(table).where(table.c.id == owner_id).values(id=table.c.id))
    if not found.rowcount:  # type: ignore[attr-defined]
        raise NotFound("No such shop or brand.")


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
    url = check_url(url, allow_private)  # before the lock: name resolution may take a while
    _lock_owner(session, shop_id, brand_id)
    owned = WebhookEndpoint.shop_id == shop_id if shop_id else WebhookEndpoint.brand_id == brand_id
    count = session.scalar(select(func.count()).select_from(WebhookEndpoint).where(owned)) or 0
    if count >= limit:
        raise Conflict(
            Msg(
                "At most %(limit)s endpoints each; remove one you no longer use first.",
                limit=limit,
            )
        )
    endpoint = WebhookEndpoint(
        shop_id=shop_id,
        brand_id=brand_id,
        url=url,
        secret=secrets.token_urlsafe(32),
        description=description.strip()[:200],
        created_at=now,
    )
    session.add(endpoint)
    session.flush()
    record(session, actor, Action.created, "webhook_endpoint", endpoint.id, now,
           new=snapshot(endpoint, ("url", "shop_id", "brand_id", "description")),
           brand_id=brand_id)  # fmt: skip
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
    record(session, actor, Action.updated, "webhook_endpoint", endpoint.id, now,
           old={"active": endpoint.active}, new={"active": active},
           brand_id=endpoint.brand_id)  # fmt: skip
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
