"""Routes: webhook endpoints of shops and brands, and the outbox's dead letters (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from aftersales.accounts.deps import User
from aftersales.http.deps import AppSettings, DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.notifications import outbox, queries, webhooks
from aftersales.notifications.access import get_endpoint_for, require_outbox_admin
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage
from aftersales.notifications.schemas import (
    AttemptRead,
    EndpointCreate,
    EndpointCreated,
    EndpointRead,
    MessageDetail,
    MessageRead,
    RequeueIn,
    RequeueResult,
)

router = APIRouter(tags=["notifications"])


def _detail(message: OutboxMessage, tries: list[DeliveryAttempt]) -> MessageDetail:
    """Shape a message with its delivery attempts."""
    return MessageDetail(
        **MessageRead.model_validate(message).model_dump(),
        history=[AttemptRead.model_validate(a) for a in tries],
    )


@router.post("/webhooks", response_model=EndpointCreated, status_code=201)
def register_endpoint(
    body: EndpointCreate,
    user: User,
    session: DbSession,
    now: Now,
    idem: Idem,
    settings: AppSettings,
    response: Response,
) -> EndpointCreated:
    """Register an endpoint for your shop's or brand's system; the secret is shown only now."""
    response.headers["Cache-Control"] = "no-store"  # the answer holds the secret

    def work() -> EndpointCreated:
        endpoint = webhooks.register(
            session,
            user,
            **body.model_dump(),
            now=now,
            allow_private=bool(settings.webhook_allow_private),
            limit=settings.webhook_endpoints_max,
        )
        data = EndpointRead.model_validate(endpoint).model_dump()
        return EndpointCreated(**data, secret=endpoint.secret)

    return idem.once(session, user, body, now, work, EndpointCreated, secret_field="secret")


@router.get("/webhooks", response_model=list[EndpointRead])
def list_endpoints(user: User, session: DbSession) -> list[EndpointRead]:
    """List the webhook endpoints you may see."""
    return [EndpointRead.model_validate(e) for e in webhooks.list_endpoints(session, user)]


@router.get("/webhooks/{endpoint_id}/deliveries", response_model=list[MessageDetail])
def endpoint_deliveries(
    endpoint_id: int,
    user: User,
    session: DbSession,
    limit: int = Query(50, ge=1, le=200),
) -> list[MessageDetail]:
    """Return the endpoint's latest messages with every delivery attempt."""
    endpoint = get_endpoint_for(session, user, endpoint_id)
    return [_detail(m, tries) for m, tries in webhooks.deliveries(session, endpoint, limit)]


@router.post("/webhooks/{endpoint_id}/enable", response_model=EndpointRead)
def enable_endpoint(endpoint_id: int, user: User, session: DbSession, now: Now) -> EndpointRead:
    """Switch an endpoint on again (after a 410 or a pause)."""
    endpoint = get_endpoint_for(session, user, endpoint_id)
    webhooks.set_active(session, user, endpoint, True, now)
    return EndpointRead.model_validate(endpoint)


@router.post("/webhooks/{endpoint_id}/disable", response_model=EndpointRead)
def disable_endpoint(endpoint_id: int, user: User, session: DbSession, now: Now) -> EndpointRead:
    """Switch an endpoint off; its pending messages are dropped when their turn comes."""
    endpoint = get_endpoint_for(session, user, endpoint_id)
    webhooks.set_active(session, user, endpoint, False, now)
    return EndpointRead.model_validate(endpoint)


@router.get("/outbox/dead", response_model=list[MessageRead])
def dead_letters(
    user: User,
    session: DbSession,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[MessageRead]:
    """List messages that ran out of attempts (platform admins)."""
    require_outbox_admin(user)
    return [MessageRead.model_validate(m) for m in queries.dead_letters(session, limit, offset)]


@router.get("/outbox/{message_id}", response_model=MessageDetail)
def message(message_id: int, user: User, session: DbSession) -> MessageDetail:
    """Return one message with its delivery attempts (platform admins)."""
    require_outbox_admin(user)
    found = queries.get_message(session, message_id)
    return _detail(found, queries.attempts_of(session, message_id))


@router.post("/outbox/requeue", response_model=RequeueResult)
def requeue(body: RequeueIn, user: User, session: DbSession, now: Now) -> RequeueResult:
    """Send dead letters again, by id or all of them (platform admins)."""
    require_outbox_admin(user)
    if not body.all and not body.ids:
        raise ValidationFailed("Nothing to requeue.", {"ids": N_("Give ids, or all: true.")})
    return RequeueResult(requeued=outbox.requeue(session, None if body.all else body.ids, now))
