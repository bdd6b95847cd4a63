"""Pages of notifications: webhook endpoints, and the unsubscribe link of messages.

Shops and brands register their webhook endpoints and see every delivery; a message's
signed unsubscribe link turns one channel off, no sign-in needed.
"""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.accounts.profile import stop_channel
from aftersales.http.deps import DbSession, Now, client_address
from aftersales.http.pages import Page, form_errors, register_words
from aftersales.kernel.errors import DomainError
from aftersales.kernel.i18n import N_
from aftersales.notifications import webhooks
from aftersales.notifications.access import (
    get_endpoint_for,
    may_manage_endpoints,
    may_register_here,
)
from aftersales.notifications.links import read_unsubscribe_token
from aftersales.notifications.models import WebhookEndpoint
from aftersales.notifications.words import DELIVERY_STATES

register_words(DELIVERY_STATES=DELIVERY_STATES)

router = APIRouter(include_in_schema=False)
UNSUBSCRIBE = "notifications/unsubscribe.html"


def _allowed(page: Page) -> Response | None:
    """Return a redirect or a 404 page unless the visitor manages webhook endpoints."""
    if page.user is None:
        return page.to_login()
    if not may_manage_endpoints(page.user):
        return page.render("error.html", 404, message=N_("This page is for shops and brands."))
    return None


def _list(
    page: Page,
    session: DbSession,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    created: WebhookEndpoint | None = None,
) -> Response:
    assert page.user is not None
    return page.render(
        "notifications/hooks/list.html",
        status,
        endpoints=webhooks.list_endpoints(session, page.user),
        values=values or {"url": "", "description": ""},
        errors=errors or {},
        created=created,
        can_register=may_register_here(page.user),
    )


@router.get("/webhooks")
def list_page(page: PageDep, session: DbSession) -> Response:
    """Show the endpoints and the form to register one."""
    if (stop := _allowed(page)) is not None:
        return stop
    return _list(page, session)


@router.post("/webhooks")
def register(
    page: PageDep,
    session: DbSession,
    now: Now,
    csrf: str = Form(""),
    url: str = Form(""),
    description: str = Form(""),
) -> Response:
    """Register an endpoint; its secret is shown on this answer only."""
    if (stop := _allowed(page)) is not None:
        return stop
    assert page.user is not None
    values = {"url": url, "description": description}
    if not page.check_csrf(csrf):
        errors = {"form": N_("The form expired. Please try again.")}
        return _list(page, session, status=400, values=values, errors=errors)
    try:
        endpoint = webhooks.register(
            session,
            page.user,
            url=url,
            description=description,
            now=now,
            allow_private=bool(page.settings.webhook_allow_private),
            limit=page.settings.webhook_endpoints_max,
        )
    except DomainError as exc:
        return _list(page, session, status=422, values=values, errors=form_errors(exc))
    shown = _list(page, session, status=201, created=endpoint)
    shown.headers["Cache-Control"] = "no-store"  # the page holds the secret
    return shown


def _endpoint(page: Page, session: DbSession, endpoint_id: int) -> WebhookEndpoint | Response:
    """Return an endpoint the visitor may manage, or the page that says why not."""
    if (stop := _allowed(page)) is not None:
        return stop
    assert page.user is not None
    try:
        return get_endpoint_for(session, page.user, endpoint_id)
    except DomainError:
        return page.render("error.html", 404, message=N_("No such webhook endpoint."))


@router.get("/webhooks/{endpoint_id}")
def deliveries_page(page: PageDep, session: DbSession, endpoint_id: int) -> Response:
    """Show one endpoint's latest messages with every delivery attempt."""
    endpoint = _endpoint(page, session, endpoint_id)
    if isinstance(endpoint, Response):
        return endpoint
    rows = webhooks.deliveries(session, endpoint, 50)
    return page.render("notifications/hooks/deliveries.html", endpoint=endpoint, rows=rows)


@router.post("/webhooks/{endpoint_id}/switch")
def switch(
    page: PageDep,
    session: DbSession,
    now: Now,
    endpoint_id: int,
    csrf: str = Form(""),
    active: str = Form(""),
) -> Response:
    """Switch an endpoint on or off."""
    endpoint = _endpoint(page, session, endpoint_id)
    if isinstance(endpoint, Response):
        return endpoint
    if page.check_csrf(csrf):
        assert page.user is not None  # _endpoint answered anonymous visitors
        webhooks.set_active(session, page.user, endpoint, active == "on", now)
    return page.redirect(f"/webhooks/{endpoint.id}")


def _refused(page: PageDep) -> HTMLResponse:
    """Answer a wrong token: 404, or 429 to an address that keeps trying (bulk guessing).

    Only wrong tokens count: a mail provider posting many real one-click unsubscribes from
    one address is never turned away.
    """
    if page.request.app.state.track_limiter.hit(client_address(page.request)) is not None:
        return page.render(UNSUBSCRIBE, 429, state="limited", channel="", token="")
    return page.render(UNSUBSCRIBE, 404, state="invalid", channel="", token="")


def _account(page: PageDep, session: DbSession, token: str) -> tuple[Account, str] | None:
    found = read_unsubscribe_token(page.settings.secret_key, token)
    if found is None:
        return None
    account = session.get(Account, found[0])
    return (account, found[1]) if account is not None else None


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def confirm(page: PageDep, session: DbSession, token: str) -> HTMLResponse:
    """Ask to confirm (mail scanners follow links; only the button changes anything)."""
    found = _account(page, session, token)
    if found is None:
        return _refused(page)
    return page.render(UNSUBSCRIBE, state="ask", channel=found[1], token=token)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(page: PageDep, session: DbSession, token: str) -> HTMLResponse:
    """Turn the channel off; also the one-click POST of mail clients (RFC 8058).

    No CSRF token: the signed token is the authority, and it can only switch messages off.
    """
    found = _account(page, session, token)
    if found is None:
        return _refused(page)
    stop_channel(*found)
    session.flush()
    return page.render(UNSUBSCRIBE, state="done", channel=found[1], token=token)
