"""Who may see and manage webhook endpoints and the outbox: the notifications area's policy.

Shops and brands manage the endpoints of their own systems; platform admins see and switch
every endpoint and are the only ones to read and requeue the outbox. An endpoint one may
not see answers the same NotFound as one that does not exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.notifications.models import WebhookEndpoint


def may_manage_endpoints(actor: Acting) -> bool:
    """Say whether the actor has webhook endpoints to manage: shop staff, brand admins, admins."""
    if is_platform(actor):
        return True
    if actor.role == Role.shop_staff:
        return actor.shop_id is not None
    return actor.role == Role.brand_admin and actor.brand_id is not None


def endpoint_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the endpoints the actor may see and switch."""
    if is_platform(actor):
        return true()
    if actor.role == Role.shop_staff and actor.shop_id is not None:
        return WebhookEndpoint.shop_id == actor.shop_id
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return WebhookEndpoint.brand_id == actor.brand_id
    return false()


def get_endpoint_for(session: Session, actor: Acting, endpoint_id: int) -> WebhookEndpoint:
    """Return one endpoint the actor may see; the same NotFound for others' and missing ones."""
    endpoint = session.scalar(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id, endpoint_scope(actor))
    )
    if endpoint is None:
        raise NotFound("No such webhook endpoint.")
    return endpoint


def require_may_change_endpoint(actor: Acting, endpoint: WebhookEndpoint) -> None:
    """Raise NotFound unless the endpoint is the actor's (or the actor is an admin)."""
    if is_platform(actor):
        return
    if actor.role == Role.shop_staff and actor.shop_id is not None:
        mine = endpoint.shop_id == actor.shop_id
    elif actor.role == Role.brand_admin and actor.brand_id is not None:
        mine = endpoint.brand_id == actor.brand_id
    else:
        mine = False
    if not mine:
        raise NotFound("No such webhook endpoint.")


def owner_of_new_endpoint(
    actor: Acting, shop_id: int | None, brand_id: int | None
) -> tuple[int | None, int | None]:
    """Return the (shop, brand) a new endpoint belongs to, from who registers it."""
    if not may_manage_endpoints(actor):
        raise Forbidden("Only shop staff, brand admins and platform admins manage webhooks.")
    if actor.role == Role.shop_staff:
        return actor.shop_id, None
    if actor.role == Role.brand_admin:
        return None, actor.brand_id
    if (shop_id is None) == (brand_id is None):
        raise ValidationFailed(
            "Say whose endpoint this is.", {"shop_id": N_("Give a shop_id or a brand_id.")}
        )
    return shop_id, brand_id


def may_register_here(actor: Acting) -> bool:
    """Say whether the actor's own shop or brand owns what they register (no owner to name)."""
    return may_manage_endpoints(actor) and not is_platform(actor)


def require_outbox_admin(actor: Acting) -> None:
    """Raise Forbidden unless the actor may read and requeue the outbox (platform admins)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not do this.")
