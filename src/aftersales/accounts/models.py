"""Tables of accounts and credentials."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from aftersales.db import Base
from aftersales.kernel.actors import Role as Role  # the roles are named below every area
from aftersales.kernel.clock import utcnow
from aftersales.kernel.text import fold

LANGUAGES = ("en", "it", "vi")


class Account(Base):
    """A person: a phone owner or a member of staff."""

    __tablename__ = "account"
    __table_args__ = (
        # The invitations job reads the accounts without a password, newest first.
        Index(
            "ix_account_without_password",
            "created_at",
            postgresql_where=text("password_hash IS NULL"),
            sqlite_where=text("password_hash IS NULL"),
        ),
        # The platform admin's account list: staff of a role, newest first, a page at a time.
        Index("ix_account_role_id", "role", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone_number: Mapped[str | None] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # The name folded (case, spaces): the account list finds people by its beginning.
    name_key: Mapped[str] = mapped_column(String(120), index=True, default="", server_default="")
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="en")
    country: Mapped[str | None] = mapped_column(String(2))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centre.id"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    # How the owner wants to hear of news about a repair (issue 4 sends them).
    notify_email: Mapped[bool] = mapped_column(default=True, server_default=true())
    notify_sms: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("name")
    def _keep_name_key(self, _field: str, value: str) -> str:
        self.name_key = fold(value)[:120]
        return value


def access_of(account: Account) -> str:
    """Return what an account may reach, as stored with its tokens."""
    orgs = (account.shop_id, account.centre_id, account.brand_id)
    return ":".join([account.role, *("" if v is None else str(v) for v in orgs)])


class ApiToken(Base):
    """A bearer token for a shop's or brand's own system; only its hash is kept."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    # The account's role and organisation when the token was made ("role:shop:centre:brand"):
    # a token works only while they stay the same.
    access: Mapped[str] = mapped_column(String(80))


class LoginSession(Base):
    """A browser login; the cookie holds the token, the table its hash."""

    __tablename__ = "login_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class AccountLink(Base):
    """A one-time link sent to an account holder: to choose a first password, or a new one.

    The link carries the row's id and a code signed with the server's secret
    (`accounts.links`); the row keeps what makes it single-use and expiring. A new link of a
    purpose ends the older ones of the same purpose.
    """

    __tablename__ = "account_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(10))  # invite, reset
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
