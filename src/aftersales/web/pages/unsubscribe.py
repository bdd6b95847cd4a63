"""The unsubscribe link of messages: a signed token turns one channel off, no sign-in needed."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.accounts.profile import stop_channel
from aftersales.http.deps import DbSession, client_address
from aftersales.notifications.links import read_unsubscribe_token

router = APIRouter(include_in_schema=False)


def _refused(page: PageDep) -> HTMLResponse:
    """Answer a wrong token: 404, or 429 to an address that keeps trying (bulk guessing).

    Only wrong tokens count: a mail provider posting many real one-click unsubscribes from
    one address is never turned away.
    """
    if page.request.app.state.track_limiter.hit(client_address(page.request)) is not None:
        return page.render("unsubscribe.html", 429, state="limited", channel="", token="")
    return page.render("unsubscribe.html", 404, state="invalid", channel="", token="")


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
    return page.render("unsubscribe.html", state="ask", channel=found[1], token=token)


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
    return page.render("unsubscribe.html", state="done", channel=found[1], token=token)
