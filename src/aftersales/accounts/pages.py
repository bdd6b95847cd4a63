"""Pages of one's account: sign-in and out, language, profile, password (own or by a link)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from aftersales.accounts import profile
from aftersales.accounts import service as accounts
from aftersales.accounts.deps import PageDep
from aftersales.accounts.links import LinkUnusable, Purpose, choose_password, open_link
from aftersales.accounts.models import Account
from aftersales.accounts.signin import limited_sign_in
from aftersales.http.deps import DbSession, Now
from aftersales.http.i18n import LANGUAGES
from aftersales.http.pages import (
    LANG_COOKIE,
    Page,
    form_errors,
    home_for,
    keep_link_private,
    safe_next,
)
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(page: PageDep, next: str = "") -> Response:
    """Show the sign-in form."""
    if page.user is not None:
        return page.redirect(safe_next(next, home_for(page.user)))
    return page.render("accounts/login.html", next=safe_next(next, ""), email="", error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    page: PageDep,
    session: DbSession,
    now: Now,
    email: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form(""),
) -> Response:
    """Sign in; on success go back where the person was going."""
    account, error, status = None, None, 400
    if not page.check_csrf(csrf):
        error = N_("The form expired. Please try again.")
    else:
        try:
            account = limited_sign_in(page.request, session, email, password)
        except HTTPException as exc:
            error, status = str(exc.detail), exc.status_code
    if account is None:
        return page.render("accounts/login.html", status, email=email, next=next, error=error)
    return _signed_in(page, session, account, now, safe_next(next, home_for(account)))


def _signed_in(
    page: Page[Account], session: DbSession, account: Account, now: datetime, target: str
) -> Response:
    """Start a login session for the account and go to `target` with its cookie."""
    token = accounts.start_session(session, account, now, page.settings.session_days)
    response = page.redirect(target)
    response.set_cookie(
        page.settings.session_cookie,
        token,
        httponly=True,
        samesite="lax",
        secure=page.settings.cookie_secure,
        max_age=page.settings.session_days * 86400,
    )
    return response


@router.post("/logout")
def logout(page: PageDep, session: DbSession, csrf: str = Form("")) -> RedirectResponse:
    """Sign out and go to the tracking page."""
    response = page.redirect("/track")
    if page.check_csrf(csrf):
        cookie = page.request.cookies.get(page.settings.session_cookie)
        if cookie:
            accounts.end_session(session, cookie)
        response.delete_cookie(page.settings.session_cookie)
    return response


@router.post("/lang")
def switch_language(
    page: PageDep, lang: str = Form(""), csrf: str = Form(""), next: str = Form("")
) -> RedirectResponse:
    """Switch the language: remembered in the browser and, when signed in, in the account."""
    if lang in LANGUAGES and page.check_csrf(csrf):
        page.cookies[LANG_COOKIE] = lang
        if page.user is not None:
            profile.patch(page.user, page.user, language=lang)
    return page.redirect(safe_next(next, home_for(page.user)))


@router.get("/profile", response_class=HTMLResponse)
def profile_form(page: PageDep) -> Response:
    """Show one's own profile: name, language, phone number, how to be told of news."""
    if page.user is None:
        return page.to_login()
    u = page.user
    values = {
        "name": u.name,
        "language": u.language,
        "phone_number": u.phone_number or "",
        "notify_email": u.notify_email,
        "notify_sms": u.notify_sms,
    }
    return page.render("accounts/profile.html", values=values, errors={}, saved=False)


@router.post("/profile", response_class=HTMLResponse)
def profile_save(
    page: PageDep,
    name: str = Form(""),
    language: str = Form("en"),
    phone_number: str = Form(""),
    notify_email: bool = Form(False),
    notify_sms: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Save one's own profile; a wrong field is shown again with its message."""
    if page.user is None:
        return page.to_login()
    values = {
        "name": name,
        "language": language,
        "phone_number": phone_number,
        "notify_email": notify_email,
        "notify_sms": notify_sms,
    }
    errors = profile.errors(name, language, phone_number, notify_sms)
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    if errors:
        return page.render("accounts/profile.html", 422, values=values, errors=errors, saved=False)
    profile.update(page.user, page.user, name, language, phone_number, notify_email, notify_sms)
    page.lang = page.user.language
    return page.render("accounts/profile.html", values=values, errors={}, saved=True)


@router.get("/password/{token}", response_class=HTMLResponse)
def password_form(page: PageDep, session: DbSession, now: Now, token: str) -> Response:
    """Show the form of a one-time link: the first password (invitation) or a new one."""
    try:
        link = open_link(session, page.settings.secret_key, token, now)
    except LinkUnusable as exc:
        return _unusable(page, exc)
    account = session.get_one(Account, link.account_id)
    return _choose(page, token, account, link.purpose == Purpose.invite, {})


def _choose(
    page: Page[Account], token: str, account: Account, invite: bool, errors: dict[str, str],
    code: int = 200,
) -> Response:  # fmt: skip
    response = page.render(
        "accounts/choose_password.html", code, token=token, account=account, invite=invite,
        errors=errors,
    )  # fmt: skip
    keep_link_private(response)
    return response


def _unusable(page: Page[Account], exc: LinkUnusable) -> Response:
    """Say the link no longer works, with the way to get a new one."""
    ask = ("/forgot-password", N_("Ask for a new link"))
    return page.render("error.html", 404, message=exc.detail, action=ask)


@router.post("/password/{token}", response_class=HTMLResponse)
def password_save(
    page: PageDep,
    session: DbSession,
    now: Now,
    token: str,
    password: str = Form(""),
    confirm: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the password through a one-time link, then sign in with it."""
    try:
        link = open_link(session, page.settings.secret_key, token, now)
    except LinkUnusable as exc:
        return _unusable(page, exc)
    account = session.get_one(Account, link.account_id)
    invite = link.purpose == Purpose.invite
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    elif password != confirm:
        errors["confirm"] = N_("The two passwords differ; type the same one twice.")
    else:
        try:
            choose_password(session, page.settings.secret_key, token, password, now)
        except ValidationFailed as exc:
            errors = form_errors(exc)
    if errors:
        return _choose(page, token, account, invite, errors, 422)
    return _signed_in(page, session, account, now, home_for(account))


@router.get("/profile/password", response_class=HTMLResponse)
def change_form(page: PageDep) -> Response:
    """Show the form to change one's password."""
    if page.user is None:
        return page.to_login()
    return page.render("accounts/change_password.html", errors={}, saved=False)


@router.post("/profile/password", response_class=HTMLResponse)
def change_save(
    page: PageDep,
    session: DbSession,
    current: str = Form(""),
    password: str = Form(""),
    confirm: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Change one's password (the current one first); other sign-ins end."""
    if page.user is None:
        return page.to_login()
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    elif password != confirm:
        errors["confirm"] = N_("The two passwords differ; type the same one twice.")
    else:
        keep = page.request.cookies.get(page.settings.session_cookie, "")
        try:
            accounts.change_password(session, page.user, current, password, keep)
        except ValidationFailed as exc:
            errors = form_errors(exc)
    if errors:
        return page.render("accounts/change_password.html", 422, errors=errors, saved=False)
    return page.render("accounts/change_password.html", errors={}, saved=True)
