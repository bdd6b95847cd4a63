"""Who may see and change accounts and API tokens: the accounts area's one policy."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, ApiToken
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound

# Staff who take phones in (at a counter or a centre) and so name owners by their details.
TAKES_PHONES_IN = frozenset({Role.shop_staff, Role.technician, Role.centre_manager})


def account_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the accounts the actor may read: their own (admins: all)."""
    return true() if is_platform(actor) else Account.id == actor.id


def get_account_for(session: Session, actor: Acting, account_id: int) -> Account:
    """Return an account the actor may read, or the same NotFound whether it exists or not."""
    found = session.scalar(select(Account).where(Account.id == account_id, account_scope(actor)))
    if found is None:
        raise NotFound("No such account.")
    return found


def require_account_admin(actor: Acting) -> None:
    """Raise Forbidden unless the actor may create accounts of any role (platform admins)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not do this.")


def require_may_change_account(actor: Acting, account: Account) -> None:
    """Raise Forbidden unless the actor may change this account's profile: its holder or admins."""
    if not (is_platform(actor) or actor.id == account.id):
        raise Forbidden("You may change only your own profile.")


def require_may_invite_owner(actor: Acting) -> None:
    """Raise Forbidden unless the actor takes phones in and so may name (invite) an owner."""
    if not (is_platform(actor) or actor.role in TAKES_PHONES_IN):
        raise Forbidden("Your account may not name owners.")


def token_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the API tokens the actor may see: their own only.

    Not even platform admins read others' tokens: a token is its holder's key.
    """
    return ApiToken.account_id == actor.id


def get_token_for(session: Session, actor: Acting, token_id: int) -> ApiToken:
    """Return one of the actor's tokens, or the same NotFound for others' and missing ones."""
    found = session.scalar(select(ApiToken).where(ApiToken.id == token_id, token_scope(actor)))
    if found is None:
        raise NotFound("No such token.")
    return found
