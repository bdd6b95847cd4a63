"""One-time links to choose a password: an invitation to a new account, or a reset.

A link is `/password/<id>-<code>`: the code is an HMAC of the row's id and random nonce under
the server's secret, so the database alone (or a queued message, which keeps the id and the
nonce) cannot make one. A link works once, until it expires; a newer link of the same
purpose ends the older ones, and choosing a password ends every link of the account and its
other sign-ins.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, AccountLink, LoginSession
from aftersales.accounts.service import check_password_strength, hash_password
from aftersales.kernel.codes import id_token, read_id_token, signed
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_


class Purpose(StrEnum):
    """Why a link was sent."""

    invite = "invite"  # a new account (made at a counter, by a shop's system): first password
    reset = "reset"  # a forgotten password


LIFETIME = {Purpose.invite: timedelta(days=14), Purpose.reset: timedelta(hours=2)}


class LinkUnusable(NotFound):
    """The link is wrong, used or expired: one answer for all three."""

    def __init__(self) -> None:
        super().__init__(N_("This link has expired or was already used. Ask for a new one."))


def _signed(link_id: int, nonce: str) -> str:
    """Return what a link's code signs: its row and the row's random nonce."""
    return f"account-link:{link_id}:{nonce}"


def link_token(secret: str, link_id: int, nonce: str) -> str:
    """Return the token a link carries (its id and signed code)."""
    return id_token(secret, link_id, _signed(link_id, nonce))


def new_link(session: Session, account: Account, purpose: Purpose, now: datetime) -> AccountLink:
    """Make a link for the account; older unused links of this purpose stop working."""
    session.execute(
        update(AccountLink)
        .where(
            AccountLink.account_id == account.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    link = AccountLink(
        account_id=account.id,
        purpose=purpose,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + LIFETIME[purpose],
    )
    session.add(link)
    session.flush()
    return link


def open_link(session: Session, secret: str, token: str, now: datetime) -> AccountLink:
    """Return the link of a token that still works, or raise LinkUnusable."""
    parts = read_id_token(token)
    link = session.get(AccountLink, parts[0]) if parts else None
    if parts is None or link is None or not signed(secret, parts[1], _signed(link.id, link.nonce)):
        raise LinkUnusable()
    account = session.get(Account, link.account_id)
    if link.used_at is not None or link.expires_at <= now or account is None:
        raise LinkUnusable()
    if not account.is_active:
        raise LinkUnusable()
    return link


def choose_password(
    session: Session, secret: str, token: str, password: str, now: datetime
) -> Account:
    """Set the account's password through a link; the link and the account's others end."""
    link = open_link(session, secret, token, now)
    account = session.get_one(Account, link.account_id)
    check_password_strength(password, account.email, account.name)
    account.password_hash = hash_password(password)
    link.used_at = now
    session.execute(
        update(AccountLink)
        .where(AccountLink.account_id == account.id, AccountLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))
    session.flush()
    return account
