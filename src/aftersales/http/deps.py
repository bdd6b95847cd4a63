"""Request dependencies: the transaction, the clock, the settings and the signed-in actor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from aftersales.config import Settings
from aftersales.db import session_scope
from aftersales.http.i18n import api_language
from aftersales.kernel.actors import Acting


class Actor(Protocol):
    """A signed-in account as the routes see it (what policies read, and the language)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def shop_id(self) -> int | None: ...

    @property
    def centre_id(self) -> int | None: ...

    @property
    def brand_id(self) -> int | None: ...

    @property
    def language(self) -> str: ...


Lookup = Callable[[Session, str, datetime], Any]


@dataclass(frozen=True)
class SignIn:
    """How the app finds the account of a session cookie or an API token (None when neither).

    The accounts area gives these (`web.app` wires them): this layer sits below it, so every
    area, the catalogue included, can take the signed-in actor.
    """

    by_session: Lookup
    by_token: Lookup


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


# scope="function": commit before the response is sent, so a failed commit is reported.
DbSession = Annotated[Session, Depends(get_session, scope="function")]
Now = Annotated[datetime, Depends(get_now)]
AppSettings = Annotated[Settings, Depends(get_settings)]


def optional_actor(
    request: Request, session: DbSession, settings: AppSettings, now: Now
) -> Actor | None:
    """Return the account behind a bearer token or the session cookie, if any."""
    signin: SignIn = request.app.state.signin
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        request.state.by_token = True  # what a token may not do is checked with this
        return _speaks(request, signin.by_token(session, auth[7:].strip(), now))
    cookie = request.cookies.get(settings.session_cookie)
    return _speaks(request, signin.by_session(session, cookie, now) if cookie else None)


def _speaks(request: Request, actor: Actor | None) -> Actor | None:
    """Note the account's language, which the API's error answers then speak."""
    if actor is not None:
        request.state.account_language = actor.language
    return actor


def cookie_actor(
    request: Request, session: DbSession, settings: AppSettings, now: Now
) -> Actor | None:
    """Return the account of the session cookie, if any; pages ignore bearer tokens."""
    signin: SignIn = request.app.state.signin
    cookie = request.cookies.get(settings.session_cookie)
    return _speaks(request, signin.by_session(session, cookie, now) if cookie else None)


def current_actor(actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """Return the signed-in account or answer 401."""
    if actor is None:
        raise HTTPException(
            401,
            "Sign in (POST /api/v1/auth/login) or send an API token as "
            "'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return actor


# The signed-in actor for areas below `accounts` (the catalogue); those above it take
# `accounts.deps.User`, the same dependency typed as the account.
Signed = Annotated[Actor, Depends(current_actor)]


def account_id_of(actor: Acting) -> int:
    """Return a signed-in account's id; the system, which has none, sends no request."""
    if actor.id is None:
        raise ValueError("only an account makes requests")
    return actor.id


def by_token(request: Request) -> bool:
    """Say whether the request was authenticated by an API token (not a session cookie)."""
    return bool(getattr(request.state, "by_token", False))


def client_address(request: Request) -> str:
    """Return the caller's address for rate limiting."""
    return request.client.host if request.client else "unknown"


def answer_language(request: Request, actor: Signed) -> str:
    """Return the language of a signed-in caller's answer (after the account is known)."""
    return api_language(request)


# Words in a signed-in caller's answers (labels): ?lang=, the account's, else Accept-Language.
AnswerLanguage = Annotated[str, Depends(answer_language)]
