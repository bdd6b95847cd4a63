"""Routes: login, logout, own profile, API tokens, accounts."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from aftersales.accounts import profile
from aftersales.accounts import service as accounts
from aftersales.accounts.deps import User
from aftersales.accounts.schemas import (
    AccountCreate,
    AccountRead,
    LoginIn,
    ProfileUpdate,
    TokenCreate,
    TokenCreated,
    TokenRead,
)
from aftersales.accounts.signin import limited_sign_in
from aftersales.http.deps import AppSettings, DbSession, Now, by_token
from aftersales.http.idempotent import Idem

router = APIRouter(tags=["accounts"])


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
