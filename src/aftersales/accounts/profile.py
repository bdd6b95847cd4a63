"""One's own profile: name, language, phone number and how to be told of news."""

from __future__ import annotations

import re

from sqlalchemy.orm import object_session

from aftersales.accounts.access import require_may_change_account
from aftersales.accounts.models import LANGUAGES, Account
from aftersales.audit.service import Action, record, snapshot
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import NUL

PHONE_NUMBER = re.compile(r"^\+?[0-9 ()-]{6,31}$")


def errors(name: str, language: str, phone_number: str, notify_sms: bool) -> dict[str, str]:
    """Return a message per wrong field (empty when all is well)."""
    found: dict[str, str] = {}
    if not name.strip() or len(name) > 120:
        found["name"] = N_("Enter your name (up to 120 characters).")
    elif "\x00" in name:
        found["name"] = NUL
    if language not in LANGUAGES:
        found["language"] = N_("Choose English, Italian or Vietnamese.")
    if phone_number.strip() and not PHONE_NUMBER.match(phone_number.strip()):
        found["phone_number"] = N_("Enter a phone number with digits only, e.g. +39 081 555 0101.")
    if notify_sms and not phone_number.strip():
        found["notify_sms"] = N_("Text messages need a phone number.")
    return found


def update(
    actor: Acting,
    account: Account,
    name: str,
    language: str,
    phone_number: str,
    notify_email: bool,
    notify_sms: bool,
) -> None:
    """Store checked profile values on the account."""
    require_may_change_account(actor, account)
    before = snapshot(account, PROFILE_FIELDS)
    account.name = name.strip()
    account.language = language
    account.phone_number = phone_number.strip() or None
    account.notify_email = notify_email
    account.notify_sms = notify_sms
    _audit(actor, account, before)


def patch(
    actor: Acting,
    account: Account,
    *,
    name: str | None = None,
    language: str | None = None,
    phone_number: str | None = None,
) -> None:
    """Change the given fields of a profile; the others stay as they are."""
    require_may_change_account(actor, account)
    if language is not None and language not in LANGUAGES:
        raise ValidationFailed(
            "Unknown language.",
            {"language": Msg("Use one of: %(choices)s.", choices=", ".join(LANGUAGES))},
        )
    before = snapshot(account, PROFILE_FIELDS)
    if name is not None:
        account.name = name
    if language is not None:
        account.language = language
    if phone_number is not None:
        account.phone_number = phone_number
    _audit(actor, account, before)


PROFILE_FIELDS = ("name", "language", "phone_number", "notify_email", "notify_sms")


def _audit(actor: Acting, account: Account, before: dict[str, object]) -> None:
    """Record what a profile change changed (nothing when nothing did)."""
    session = object_session(account)
    if session is not None:
        record(session, actor, Action.updated, "account", account.id, old=before,
               new=snapshot(account, PROFILE_FIELDS), brand_id=account.brand_id)  # fmt: skip


def stop_channel(account: Account, channel: str) -> None:
    """Turn off one way of being told of news ("email" or "sms")."""
    if channel == "email":
        account.notify_email = False
    elif channel == "sms":
        account.notify_sms = False
