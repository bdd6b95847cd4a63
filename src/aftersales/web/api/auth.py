"""Routes: login, logout, own profile, API tokens, accounts."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy.orm import Session

from aftersales.accounts import profile
from aftersales.accounts import service as accounts
from aftersales.accounts.deps import User
from aftersales.accounts.models import Account
from aftersales.accounts.schemas import (
    AccountCreate,
    AccountRead,
    LoginIn,
    ProfileUpdate,
    TokenCreate,
    TokenCreated,
    TokenRead,
)
from aftersales.http.deps import AppSettings, DbSession, Now, by_token, client_address
from aftersales.http.idempotent import Idem
from aftersales.http.ratelimit import account_key, retry_after
from aftersales.kernel.i18n import N_

router = APIRouter(tags=["accounts"])

# The pages show these same texts, translated.
TOO_MANY_FROM_ADDRESS = N_("Too many sign-in attempts; wait a minute.")
TOO_MANY_FOR_ACCOUNT = N_("Too many failed sign-ins with this e-mail address; wait a few minutes.")
WRONG_CREDENTIALS = N_("Wrong e-mail or password.")


def limited_sign_in(request: Request, session: Session, email: str, password: str) -> Account:
    """Check the credentials within the limits; 429 past a limit, 401 if wrong.

    Two limits: tries per address (any outcome), and failed tries per e-mail address. The
    second counts an address whether or not it has an account, so its answer never tells
    which e-mails exist; once reached, even the right password waits.
    """
    state = request.app.state
    wait = state.login_limiter.hit(client_address(request))
    if wait is not None:
        raise HTTPException(429, TOO_MANY_FROM_ADDRESS, headers=retry_after(wait))
    key = account_key(email)
    wait = state.account_limiter.blocked(key)
    if wait is not None:
        raise HTTPException(429, TOO_MANY_FOR_ACCOUNT, headers=retry_after(wait))
    account = accounts.authenticate(session, email, password)
    if account is None:
        state.account_limiter.hit(key)
        raise HTTPException(401, WRONG_CREDENTIALS)
    return account


@router.post("/auth/login", response_model=AccountRead)
def login(
    body: LoginIn,
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
    now: Now,
) -> AccountRead:
    """Sign in with e-mail and password; sets the session cookie."""
    account = limited_sign_in(request, session, body.email, body.password)
    token = accounts.start_session(session, account, now, settings.session_days)
    response.set_cookie(
        settings.session_cookie,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=settings.session_days * 86400,
    )
    return AccountRead.model_validate(account)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, response: Response, session: DbSession, settings: AppSettings) -> None:
    """Sign out: ends the session of the cookie."""
    cookie = request.cookies.get(settings.session_cookie)
    if cookie:
        accounts.end_session(session, cookie)
    response.delete_cookie(settings.session_cookie)


@router.get("/me", response_model=AccountRead)
def me(user: User) -> AccountRead:
    """Return the signed-in account."""
    return AccountRead.model_validate(user)


@router.patch("/me", response_model=AccountRead)
def update_me(body: ProfileUpdate, user: User, session: DbSession) -> AccountRead:
    """Change one's own name, language or phone number."""
    profile.patch(user, user, **body.model_dump())
    session.flush()
    return AccountRead.model_validate(user)


@router.post("/accounts", response_model=AccountRead, status_code=201)
def create_account(
    body: AccountCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> AccountRead:
    """Create an account (platform admins)."""

    def work() -> AccountRead:
        account = accounts.create_account(session, user, **body.model_dump())
        return AccountRead.model_validate(account)

    return idem.once(session, user, body, now, work, AccountRead)


@router.get("/tokens", response_model=list[TokenRead])
def list_tokens(user: User, session: DbSession) -> list[TokenRead]:
    """List the caller's API tokens."""
    return [TokenRead.model_validate(t) for t in accounts.list_api_tokens(session, user)]


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(
    body: TokenCreate, request: Request, user: User, session: DbSession, now: Now, idem: Idem
) -> TokenCreated:
    """Create an API token for one of the caller's systems; the secret is shown only now.

    Only with the session of a password sign-in: a token cannot create tokens (403).
    """
    from_token = by_token(request)

    def work() -> TokenCreated:
        row, token = accounts.create_api_token(
            session, user, body.name, now, expires_at=body.expires_at, by_token=from_token
        )
        return TokenCreated(**TokenRead.model_validate(row).model_dump(), token=token)

    return idem.once(session, user, body, now, work, TokenCreated, secret_field="token")


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, user: User, session: DbSession, now: Now) -> None:
    """Revoke one of the caller's API tokens."""
    accounts.revoke_api_token(session, user, token_id, now)
