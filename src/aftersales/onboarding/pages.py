"""The forgotten password: ask for a link by e-mail; the same answer whoever asks."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now, client_address
from aftersales.kernel.i18n import N_
from aftersales.onboarding.service import send_reset

router = APIRouter(include_in_schema=False)


@router.get("/forgot-password", response_class=HTMLResponse)
def forgot_form(page: PageDep) -> Response:
    """Show the form that asks for a reset link."""
    return page.render("onboarding/forgot.html", sent=False, email="", error=None)


@router.post("/forgot-password", response_class=HTMLResponse)
def forgot(
    page: PageDep, session: DbSession, now: Now, email: str = Form(""), csrf: str = Form("")
) -> Response:
    """Send a reset link if an account has the address; answer the same either way.

    The tries count against the sign-in limit of the caller's address: the form cannot be
    used to flood an inbox or to probe many addresses quickly.
    """
    email = email.strip()[:254]
    if not page.check_csrf(csrf):
        error = N_("The form expired. Please try again.")
        return page.render("onboarding/forgot.html", 400, sent=False, email=email, error=error)
    if page.request.app.state.login_limiter.hit(client_address(page.request)) is not None:
        error = N_("Too many tries from your address; wait a minute and try again.")
        return page.render("onboarding/forgot.html", 429, sent=False, email=email, error=error)
    send_reset(session, email, now)
    return page.render("onboarding/forgot.html", sent=True, email="", error=None)
