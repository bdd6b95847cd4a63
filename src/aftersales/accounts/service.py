"""Use cases of accounts: create, authenticate, sessions and API tokens."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aftersales.accounts.access import get_token_for, require_account_admin, token_scope
from aftersales.accounts.models import (
    LANGUAGES,
    Account,
    ApiToken,
    LoginSession,
    Role,
    access_of,
)
from aftersales.accounts.passwords import password_problem
from aftersales.audit.service import Action, record, snapshot
from aftersales.audit.service import plain as _plain
from aftersales.catalog.models import Brand, ServiceCentre, Shop
from aftersales.kernel.actors import Acting
from aftersales.kernel.codes import hash_token, new_token
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_, Msg

_hasher = PasswordHasher()
# A valid hash of a random password: verifying against it costs the same as a real check,
# so a login for an unknown e-mail takes as long as one with a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0f3c")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Which organisation each staff role belongs to.
ROLE_ORG = {
    Role.shop_staff: "shop_id",
    Role.technician: "centre_id",
    Role.centre_manager: "centre_id",
    Role.brand_admin: "brand_id",
}


def hash_password(password: str) -> str:
    """Return the argon2 hash of a password."""
    return _hasher.hash(password)


def check_password_strength(
    password: str, email: str | None = None, name: str | None = None
) -> None:
    """Refuse passwords that are short, common, trivial, or the person's e-mail or name."""
    problem = password_problem(password, email, name)
    if problem is not None:
        raise ValidationFailed(N_("This password cannot be used."), {"password": problem})


def create_account(session: Session, actor: Acting, **fields: Any) -> Account:
    """Create an account of any role for an admin (or the system) after checking its fields."""
    require_account_admin(actor)
    account = insert_account(session, **fields)
    record(session, actor, Action.created, "account", account.id,
           new=snapshot(account, ACCOUNT_FIELDS), brand_id=account.brand_id)  # fmt: skip
    return account


# What the audit log keeps of an account (never a password or its hash).
ACCOUNT_FIELDS = ("name", "email", "role", "language", "shop_id", "centre_id", "brand_id")


def insert_account(
    session: Session,
    *,
    name: str,
    role: str,
    email: str | None = None,
    password: str | None = None,
    phone_number: str | None = None,
    language: str = "en",
    country: str | None = None,
    shop_id: int | None = None,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> Account:
    """Add an account after checking role, organisation, e-mail and password.

    No permission check: callers check theirs (`create_account` for admins,
    `owners.find_or_invite_owner` for staff taking a phone in).
    """
    errors: dict[str, str] = {}
    if role not in set(Role):
        errors["role"] = Msg("Unknown role; use one of: %(choices)s.", choices=", ".join(Role))
    if not name.strip():
        errors["name"] = N_("A name is required.")
    if email is not None:
        email = email.strip().lower()
        if not EMAIL_RE.match(email):
            errors["email"] = N_("This is not an e-mail address.")
    if language not in LANGUAGES:
        errors["language"] = Msg("Use one of: %(choices)s.", choices=", ".join(LANGUAGES))
    errors |= org_problems(role, shop_id, centre_id, brand_id)
    if errors:
        raise ValidationFailed("The account cannot be created.", errors)
    check_org_exists(session, shop_id, centre_id, brand_id)
    if password is not None:
        check_password_strength(password, email, name)
    if email and session.scalar(select(Account.id).where(Account.email == email)):
        raise Conflict("An account with this e-mail already exists.")
    account = Account(
        name=name.strip(),
        role=role,
        email=email,
        phone_number=phone_number,
        language=language,
        country=country.upper() if country else None,
        password_hash=hash_password(password) if password else None,
        shop_id=shop_id,
        centre_id=centre_id,
        brand_id=brand_id,
    )
    session.add(account)
    session.flush()
    return account


def org_problems(
    role: str, shop_id: int | None, centre_id: int | None, brand_id: int | None
) -> dict[str, str]:
    """Return a message per place the role needs and lacks, or has and must not."""
    errors: dict[str, str] = {}
    orgs = {"shop_id": shop_id, "centre_id": centre_id, "brand_id": brand_id}
    needed = ROLE_ORG.get(Role(role)) if role in set(Role) else None
    for key, value in orgs.items():
        if key == needed and value is None:
            errors[key] = Msg("A %(role)s account needs %(field)s.", role=role, field=key)
        elif key != needed and value is not None:
            errors[key] = Msg("A %(role)s account has no %(field)s.", role=role, field=key)
    return errors


def check_org_exists(
    session: Session, shop_id: int | None, centre_id: int | None, brand_id: int | None
) -> None:
    for model, value, key in (
        (Shop, shop_id, "shop_id"),
        (ServiceCentre, centre_id, "centre_id"),
        (Brand, brand_id, "brand_id"),
    ):
        if value is not None and session.get(model, value) is None:
            raise ValidationFailed("The account cannot be created.", {key: N_("No such record.")})


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """Return the active account for these credentials, or None; constant work either way."""
    if "\x00" in email or len(email) > 254:
        email = ""  # no account has such an address (and PostgreSQL refuses a NUL in text)
    account = session.scalar(select(Account).where(Account.email == email.strip().lower()))
    stored = account.password_hash if account and account.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None or not account.password_hash or not account.is_active:
        return None
    return account


def change_password(
    session: Session, account: Account, current: str, new: str, keep_token: str
) -> None:
    """Change a password after checking the current one; other sign-ins of the account end."""
    if authenticate(session, account.email or "", current) is not account:
        raise ValidationFailed(
            N_("The current password is wrong."), {"current": N_("This is not your password.")}
        )
    check_password_strength(new, account.email, account.name)
    account.password_hash = hash_password(new)
    others = LoginSession.token_hash != hash_token(keep_token)
    session.execute(delete(LoginSession).where(LoginSession.account_id == account.id, others))
    session.flush()


def start_session(session: Session, account: Account, now: datetime, days: int) -> str:
    """Open a login session and return its token (the cookie value)."""
    token = new_token()
    session.add(
        LoginSession(
            account_id=account.id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    session.flush()
    return token


def end_session(session: Session, token: str) -> None:
    """Close the login session of this token, if any."""
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == hash_token(token)))
    if row is not None:
        session.delete(row)
        session.flush()


def account_for_session(session: Session, token: str, now: datetime) -> Account | None:
    """Return the active account behind a login-session token that has not expired."""
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == hash_token(token)))
    if row is None or row.expires_at <= now:
        return None
    account = session.get(Account, row.account_id)
    return account if account and account.is_active else None


def create_api_token(
    session: Session,
    account: Account,
    name: str,
    now: datetime,
    *,
    expires_at: datetime | None = None,
    by_token: bool = False,
) -> tuple[ApiToken, str]:
    """Create a bearer token for an account; the plain token is returned only here.

    Only a person signed in with a password makes tokens: a leaked token must not be able
    to mint fresh ones that outlive its revocation.
    """
    if by_token:
        raise Forbidden("An API token cannot create API tokens; sign in with your password.")
    if not name.strip():
        raise ValidationFailed(
            "A token needs a name.", {"name": N_("Name the system that uses it.")}
        )
    if expires_at is not None and expires_at <= now:
        raise ValidationFailed(
            "The token would be expired already.", {"expires_at": N_("Give a time in the future.")}
        )
    token = "as_" + new_token()
    row = ApiToken(
        account_id=account.id,
        name=name.strip(),
        token_hash=hash_token(token),
        created_at=now,
        expires_at=expires_at,
        access=access_of(account),
    )
    session.add(row)
    session.flush()
    record(session, account, Action.created, "api_token", row.id, now,
           new={"name": row.name, "expires_at": _plain(expires_at)})  # fmt: skip
    return row, token


def account_for_api_token(session: Session, token: str, now: datetime) -> Account | None:
    """Return the account behind a bearer token that still holds.

    A token holds while it is not revoked nor expired, its account is active, and the
    account's role and organisation are those it was made with: a person moved to another
    shop, or demoted, does not keep their old reach through a script's token.
    """
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    account = session.get(Account, row.account_id)
    if account is None or not account.is_active or access_of(account) != row.access:
        return None
    row.last_used_at = now
    return account


def list_api_tokens(session: Session, account: Account) -> list[ApiToken]:
    """Return the account's tokens, newest first."""
    stmt = select(ApiToken).where(token_scope(account)).order_by(ApiToken.id.desc())
    return list(session.scalars(stmt))


def revoke_api_token(session: Session, account: Account, token_id: int, now: datetime) -> None:
    """Revoke one of the account's own tokens."""
    get_token_for(session, account, token_id).revoked_at = now
    session.flush()
    record(session, account, Action.revoked, "api_token", token_id, now)
