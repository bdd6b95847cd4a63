"""Routes: a brand's defect alerts, one alert, and its acknowledgement or dismissal."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from aftersales.accounts.deps import User
from aftersales.catalog.access import get_brand_for
from aftersales.defects import queries, service
from aftersales.defects.access import alert_for
from aftersales.defects.schemas import AlertRead, Decision, alert_read
from aftersales.http.deps import DbSession, Now
from aftersales.kernel.errors import NotFound

router = APIRouter(tags=["defects"])


@router.get("/alerts", response_model=list[AlertRead])
def list_alerts(
    session: DbSession,
    user: User,
    request: Request,
    response: Response,
    brand_id: int,
    status: Literal["open", "acknowledged", "dismissed"] | None = None,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[AlertRead]:
    """Give a brand's alerts, newest first, of one status or all (its admins; Link: next)."""
    try:
        brand = get_brand_for(session, user, brand_id)
    except NotFound:
        raise NotFound("No such brand.") from None
    rows, total = queries.alerts(session, brand.id, status, limit, offset)
    if offset + limit < total:
        nxt = request.url.include_query_params(offset=offset + limit, limit=limit)
        response.headers["Link"] = f'<{nxt}>; rel="next"'
    return [alert_read(r) for r in rows]


@router.get("/alerts/{alert}", response_model=AlertRead)
def get_alert(alert: int, session: DbSession, user: User) -> AlertRead:
    """Give one alert with its weekly series and the repairs behind it."""
    found = alert_for(session, user, alert)
    return alert_read(queries.Listed(found, queries.model_name(session, found)))


def _decide(session: DbSession, user: User, now: Now, alert: int, status: str,
            body: Decision) -> AlertRead:  # fmt: skip
    found = alert_for(session, user, alert)
    service.decide(session, user, found, status, body.reason, now, body.version)
    return alert_read(queries.Listed(found, queries.model_name(session, found)))


@router.post("/alerts/{alert}/acknowledge", response_model=AlertRead)
def acknowledge(alert: int, body: Decision, session: DbSession, user: User, now: Now) -> AlertRead:
    """Acknowledge an alert with a reason (the brand's admins; 404 to others)."""
    return _decide(session, user, now, alert, "acknowledged", body)


@router.post("/alerts/{alert}/dismiss", response_model=AlertRead)
def dismiss(alert: int, body: Decision, session: DbSession, user: User, now: Now) -> AlertRead:
    """Dismiss an alert with a reason (the brand's admins; 404 to others)."""
    return _decide(session, user, now, alert, "dismissed", body)
