"""Platform admins manage accounts: find them, switch them off and on, move them.

Only platform admins (decision 114): accounts are made by them alone today, and a brand's
admin has no staff of their own (centres and shops serve many brands). An admin never
switches off or changes their own account, and the last active platform admin stays one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from aftersales.accounts.access import require_account_admin
from aftersales.accounts.models import Account, LoginSession, Role
from aftersales.accounts.service import ACCOUNT_FIELDS, check_org_exists, org_problems
from aftersales.audit.service import Action, record, snapshot
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.paging import COUNT_CAP, PAGE_SIZE
from aftersales.kernel.text import fold

STAFF = tuple(r.value for r in Role if r != Role.owner)
# What the audit log keeps of a change of access.
ACCESS_FIELDS = (*ACCOUNT_FIELDS, "is_active")


def _filtered(role: str, q: str):  # type: ignore[no-untyped-def]
    """Return the list's condition: a role (or all staff) and a search by name or e-mail start."""
    roles = STAFF if role in ("", "staff") else (role,)
    stmt = select(Account.id).where(Account.role.in_(roles))
    q = fold(q)
    if q:
        # A range on the beginning reads the indexes of e-mail and folded name (not LIKE).
        column = Account.email if "@" in q else Account.name_key
        stmt = stmt.where(column >= q, column < q + "\uffff")
    return stmt


def find_accounts(
    session: Session, actor: Acting, *, q: str = "", role: str = "staff", page: int = 1
) -> tuple[list[Account], int]:
    """Return one page of accounts, newest first, and how many match (at most COUNT_CAP)."""
    require_account_admin(actor)
    if role not in ("", "staff", *[r.value for r in Role]):
        raise ValidationFailed(N_("Unknown role."), {"role": N_("Choose a role from the list.")})
    ids = _filtered(role, q)
    total = session.scalar(select(func.count()).select_from(ids.limit(COUNT_CAP).subquery()))
    rows = session.scalars(
        select(Account)
        .where(Account.id.in_(ids.order_by(Account.id.desc()).limit(PAGE_SIZE)
                              .offset((page - 1) * PAGE_SIZE).scalar_subquery()))
        .order_by(Account.id.desc())
    ).all()  # fmt: skip
    return list(rows), total or 0


def get_account(session: Session, actor: Acting, account_id: int) -> Account:
    """Return any account for a platform admin, or NotFound."""
    require_account_admin(actor)
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound("No such account.")
    return account


def _active_platform_admins(session: Session) -> int:
    stmt = select(func.count()).where(
        Account.role == Role.platform_admin, Account.is_active.is_(True)
    )
    return session.scalar(stmt) or 0


def _guard(session: Session, actor: Acting, account: Account, keeps_platform: bool) -> None:
    """Refuse a change of one's own account, and one that leaves no active platform admin."""
    if actor.id == account.id:
        raise Conflict(N_("You cannot switch off or change your own account."))
    last = account.role == Role.platform_admin and account.is_active and not keeps_platform
    if last and _active_platform_admins(session) <= 1:
        raise Conflict(N_("This is the last platform administrator: appoint another one first."))


def end_sessions(session: Session, account: Account) -> None:
    """Sign the account out everywhere (its API tokens stop by themselves, see access_of)."""
    session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))


def set_active(
    session: Session, actor: Acting, account: Account, active: bool, now: datetime
) -> Account:
    """Switch an account off (it cannot sign in, its sessions end) or on again."""
    require_account_admin(actor)
    if account.is_active == active:
        return account
    _guard(session, actor, account, keeps_platform=active)
    old = snapshot(account, ACCESS_FIELDS)
    account.is_active = active
    if not active:
        end_sessions(session, account)
    session.flush()
    record(session, actor, Action.updated, "account", account.id, now, old=old,
           new=snapshot(account, ACCESS_FIELDS), brand_id=account.brand_id)  # fmt: skip
    return account


def change_access(
    session: Session,
    actor: Acting,
    account: Account,
    now: datetime,
    *,
    role: str,
    shop_id: int | None = None,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> Account:
    """Give an account another role and place; its sessions end (it signs in again)."""
    require_account_admin(actor)
    errors: dict[str, str] = {}
    if role not in set(Role):
        errors["role"] = Msg("Unknown role; use one of: %(choices)s.", choices=", ".join(Role))
    else:
        errors |= org_problems(role, shop_id, centre_id, brand_id)
    if errors:
        raise ValidationFailed(N_("The role and place cannot be saved."), errors)
    check_org_exists(session, shop_id, centre_id, brand_id)
    _guard(session, actor, account, keeps_platform=role == Role.platform_admin)
    old = snapshot(account, ACCESS_FIELDS)
    account.role, account.shop_id, account.centre_id, account.brand_id = (
        role,
        shop_id,
        centre_id,
        brand_id,
    )
    new = snapshot(account, ACCESS_FIELDS)
    if new != old:
        end_sessions(session, account)
    session.flush()
    record(session, actor, Action.updated, "account", account.id, now, old=old, new=new,
           brand_id=account.brand_id)  # fmt: skip
    return account
