"""Owners named by their details at a counter or by a shop's system, never by account number.

Staff type what the person in front of them says: a name, an e-mail address and/or a mobile
number, a language. The details find the owner's account by e-mail, or make a new one. What
the staff member learns must not depend on which accounts exist: an existing account is
used as it is (its name and language are the owner's own choice and are not overwritten),
and an address that belongs to a staff account is never attached to an owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.access import require_may_invite_owner
from aftersales.accounts.models import LANGUAGES, Account, Role
from aftersales.accounts.service import EMAIL_RE, insert_account
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_


@dataclass
class OwnerDetails:
    """Who owns the phone, as told at the counter."""

    name: str
    email: str | None = None
    phone_number: str | None = None
    language: str = "en"

    def clean_email(self) -> str | None:
        """Return the e-mail address trimmed and in lower case, or None."""
        return (self.email or "").strip().lower() or None


def _digits(number: str | None) -> str:
    """Return a phone number's digits, so '+39 081 555' and '+39081555' compare equal."""
    return re.sub(r"\D", "", number or "")


def check_details(details: OwnerDetails) -> None:
    """Refuse details that name nobody or cannot reach anybody; a message per field."""
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["owner.name"] = N_("Enter the owner's name.")
    email = details.clean_email()
    if email and not EMAIL_RE.match(email):
        errors["owner.email"] = N_("This is not an e-mail address.")
    if not email and not _digits(details.phone_number):
        errors["owner.email"] = N_("Give an e-mail address or a phone number.")
    if details.language not in LANGUAGES:
        errors["owner.language"] = N_("Choose English, Italian or Vietnamese.")
    if errors:
        raise ValidationFailed(N_("How can the owner be reached?"), errors)


def is_same_person(account: Account, details: OwnerDetails) -> bool:
    """Say whether the details name this account: the same e-mail, or the same mobile number."""
    email = details.clean_email()
    if email and account.email and email == account.email.lower():
        return True
    digits = _digits(details.phone_number)
    return bool(digits) and digits == _digits(account.phone_number)


def find_or_invite_owner(
    session: Session, actor: Acting, details: OwnerDetails, country: str
) -> Account:
    """Return the owner account these details name: found by e-mail, else a new one.

    A found owner account is returned unchanged. An address of a staff account is not
    attached: a new owner account without an e-mail address is made instead, exactly as
    for an address nobody uses, so the answer never tells that a staff account exists.
    """
    require_may_invite_owner(actor)
    check_details(details)
    email = details.clean_email()
    if email:
        found = session.scalar(select(Account).where(Account.email == email))
        if found is not None and found.role == Role.owner:
            return found
        if found is not None:
            email = None
    return insert_account(
        session,
        name=details.name,
        role=Role.owner,
        email=email,
        phone_number=(details.phone_number or "").strip() or None,
        language=details.language,
        country=country,
    )
