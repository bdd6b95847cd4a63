"""Sending the account links: invitations to new owners (a job) and password resets."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from aftersales.accounts.access import require_account_admin
from aftersales.accounts.links import Purpose, new_link
from aftersales.accounts.models import LANGUAGES, Account, AccountLink, Role
from aftersales.accounts.service import EMAIL_RE
from aftersales.audit.service import Action, record
from aftersales.catalog.models import Shop
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.notifications.outbox import Draft, enqueue
from aftersales.onboarding.messages import (
    INVITATION,
    PASSWORD_RESET,
    SIGNUP,
    SIGNUP_TAKEN,
    STAFF_INVITATION,
)

# Owners made for someone (at a counter, by an import) this recently and never invited are
# invited; older ones are left alone (an upgrade does not mail everyone at once).
INVITE_WITHIN = timedelta(days=14)
BATCH = 500


def _draft(account: Account, kind: str, props: dict[str, object], key: str) -> Draft | None:
    """Address an account message: e-mail if there is an address, else SMS, else nothing."""
    channel, to = ("email", account.email) if account.email else ("sms", account.phone_number)
    if not to:
        return None
    return Draft(
        f"{key}.{channel}", kind, channel, to, props, audience="account",
        language=account.language, name=account.name, account_id=account.id,
        about_id=account.id,
    )  # fmt: skip


def invite_new_owners(session: Session, now: datetime) -> int:
    """Invite owners made for someone who have no password and no invitation yet (a job)."""
    invited = exists().where(
        AccountLink.account_id == Account.id, AccountLink.purpose == Purpose.invite
    )
    owners = session.scalars(
        select(Account)
        .where(
            Account.password_hash.is_(None),
            Account.created_at >= now - INVITE_WITHIN,
            Account.role == Role.owner,
            Account.is_active.is_(True),
            ~invited,
        )
        .order_by(Account.id)
        .limit(BATCH)
    ).all()
    return sum(
        _send_link(
            session, owner, Purpose.invite, INVITATION.name, now, made_by=_made_by(session, owner)
        )
        for owner in owners
    )


def _made_by(session: Session, owner: Account) -> str | None:
    """Return the shop that sold the owner's newest phone, as the owner knows it, if any."""
    return session.scalar(
        select(Shop.name)
        .join(Phone, Phone.shop_id == Shop.id)
        .where(Phone.owner_id == owner.id)
        .order_by(Phone.id.desc())
        .limit(1)
    )


def send_reset(session: Session, email: str, now: datetime) -> None:
    """Send a reset link to the active account of this address; nothing if there is none.

    The caller answers the same either way, so nobody learns which addresses have accounts.
    """
    address = email.strip().lower()
    if not address or len(address) > 254 or "\x00" in address:
        return
    account = session.scalar(
        select(Account).where(Account.email == address, Account.is_active.is_(True))
    )
    if account is None:
        return
    _send_link(session, account, Purpose.reset, PASSWORD_RESET.name, now)


def _send_link(
    session: Session, account: Account, purpose: Purpose, kind: str, now: datetime, **props: Any
) -> int:
    """Make a link of this purpose for the account and queue the message that carries it."""
    link = new_link(session, account, purpose, now)
    draft = _draft(account, kind, {"link_id": link.id, "nonce": link.nonce, **props},
                   f"{kind}.a{account.id}.l{link.id}")  # fmt: skip
    return enqueue(session, [draft], now) if draft is not None else 0


def sign_up(session: Session, name: str, email: str, language: str, now: datetime) -> None:
    """Start an owner's own account: a link to choose the password goes to the address.

    An address that has an account already gets a message saying so, with a link to choose a
    new password; the caller answers the same either way.
    """
    name, address = name.strip(), email.strip().lower()
    problems: dict[str, str] = {}
    if not name or len(name) > 120:
        problems["name"] = N_("Enter your name (at most 120 characters).")
    if not EMAIL_RE.match(address) or len(address) > 254:
        problems["email"] = N_("This is not an e-mail address.")
    if language not in LANGUAGES:
        problems["language"] = N_("Choose English, Italian or Vietnamese.")
    if problems:
        raise ValidationFailed(N_("Check the details."), problems)
    taken = session.scalar(select(Account).where(Account.email == address))
    if taken is not None:
        if taken.is_active:
            _send_link(session, taken, Purpose.reset, SIGNUP_TAKEN.name, now)
        return
    account = Account(name=name, email=address, role=Role.owner, language=language, created_at=now)
    session.add(account)
    session.flush()
    _send_link(session, account, Purpose.invite, SIGNUP.name, now)


def send_link_for(
    session: Session, actor: Acting, account: Account, purpose: Purpose, now: datetime
) -> None:
    """Send an account, at a platform admin's request, an invitation or a reset link.

    An invitation names the shop for an owner (as the job's does) and the platform for staff.
    """
    require_account_admin(actor)
    if not account.is_active:
        raise Conflict(N_("This account is switched off: switch it on first."))
    if not (account.email or account.phone_number):
        raise Conflict(N_("This account has no e-mail address or mobile number to send it to."))
    if purpose == Purpose.reset:
        sent = _send_link(session, account, purpose, PASSWORD_RESET.name, now)
    elif account.role == Role.owner:
        made_by = _made_by(session, account)
        sent = _send_link(session, account, purpose, INVITATION.name, now, made_by=made_by)
    else:
        sent = _send_link(session, account, purpose, STAFF_INVITATION.name, now)
    record(session, actor, Action.created, "account_link", account.id, now,
           new={"purpose": purpose.value, "queued": sent}, brand_id=account.brand_id)  # fmt: skip
