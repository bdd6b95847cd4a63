"""Signing up and the forgotten password: a link by e-mail; the same answer whoever asks."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now, client_address
from aftersales.http.pages import form_errors
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.onboarding.service import send_reset, sign_up

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


@router.get("/signup", response_class=HTMLResponse)
def signup_form(page: PageDep) -> Response:
    """Show the sign-up form for owners who come on their own."""
    if page.user is not None:
        return page.redirect("/")
    values = {"name": "", "email": "", "language": page.lang}
    return page.render("onboarding/signup.html", values=values, errors={}, sent=False)


@router.post("/signup", response_class=HTMLResponse)
def signup(
    page: PageDep,
    session: DbSession,
    now: Now,
    name: str = Form(""),
    email: str = Form(""),
    language: str = Form("en"),
    csrf: str = Form(""),
) -> Response:
    """Start an account: a link to choose the password goes to the address.

    The answer is the same whether the address had an account or not (its holder is told by
    e-mail instead), so the form tells nobody which addresses have accounts.
    """
    values = {"name": name[:120], "email": email[:254], "language": language[:5]}
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    elif page.request.app.state.login_limiter.hit(client_address(page.request)) is not None:
        errors["form"] = N_("Too many tries from your address; wait a minute and try again.")
    else:
        try:
            sign_up(session, name, email, language, now)
        except ValidationFailed as exc:
            errors = form_errors(exc)
    if errors:
        return page.render("onboarding/signup.html", 422, values=values, errors=errors, sent=False)
    return page.render("onboarding/signup.html", values=values, errors={}, sent=True)
