"""Request dependencies: the transaction, the clock and the signed-in account."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import account_for_api_token, account_for_session
from aftersales.config import Settings
from aftersales.db import session_scope
from aftersales.web.readers import Reader


def get_session(request: Request) -> Iterator[Session]:
    """Open the request's transaction; commit when the handler returns, else roll back."""
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


async def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


async def get_now(request: Request) -> datetime:
    """Return the app's current time (`app.state.clock`, set by tests); async: no thread hop."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


async def get_reader(request: Request) -> Reader:
    """Return the app's reader for the public tracking lookup."""
    reader: Reader = request.app.state.reader
    return reader


# scope="function": commit before the response is sent, so a failed commit is reported.
DbSession = Annotated[Session, Depends(get_session, scope="function")]
Now = Annotated[datetime, Depends(get_now)]
AppSettings = Annotated[Settings, Depends(get_settings)]
TrackReader = Annotated[Reader, Depends(get_reader)]


def optional_user(
    request: Request, session: DbSession, settings: AppSettings, now: Now
) -> Account | None:
    """Return the account behind a bearer token or the session cookie, if any."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        request.state.by_token = True  # what a token may not do is checked with this
        return _speaks(request, account_for_api_token(session, auth[7:].strip(), now))
    cookie = request.cookies.get(settings.session_cookie)
    return _speaks(request, account_for_session(session, cookie, now) if cookie else None)


def _speaks(request: Request, account: Account | None) -> Account | None:
    """Note the account's language, which the API's error answers then speak."""
    if account is not None:
        request.state.account_language = account.language
    return account


def cookie_user(
    request: Request, session: DbSession, settings: AppSettings, now: Now
) -> Account | None:
    """Return the account of the session cookie, if any; pages ignore bearer tokens."""
    cookie = request.cookies.get(settings.session_cookie)
    return _speaks(request, account_for_session(session, cookie, now) if cookie else None)


def current_user(user: Annotated[Account | None, Depends(optional_user)]) -> Account:
    """Return the signed-in account or answer 401."""
    if user is None:
        raise HTTPException(
            401,
            "Sign in (POST /api/v1/auth/login) or send an API token as "
            "'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


User = Annotated[Account, Depends(current_user)]
MaybeUser = Annotated[Account | None, Depends(optional_user)]
CookieUser = Annotated[Account | None, Depends(cookie_user)]


def by_token(request: Request) -> bool:
    """Say whether the request was authenticated by an API token (not a session cookie)."""
    return bool(getattr(request.state, "by_token", False))


def client_address(request: Request) -> str:
    """Return the caller's address for rate limiting."""
    return request.client.host if request.client else "unknown"
