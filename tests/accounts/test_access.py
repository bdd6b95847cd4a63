"""The accounts area's policy: accounts and tokens, and the system actor of the CLI."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from aftersales.accounts import profile
from aftersales.accounts.access import get_account_for, get_token_for
from aftersales.accounts.owners import OwnerDetails, find_or_invite_owner
from aftersales.accounts.service import create_account, create_api_token
from aftersales.kernel.actors import SYSTEM, is_platform
from aftersales.kernel.errors import Forbidden, NotFound
from tests.repairs import QuickWorld


def test_an_account_reads_itself_and_only_admins_read_others(session: Session) -> None:
    w = QuickWorld(session)
    assert get_account_for(session, w.owner, w.owner.id) is w.owner
    assert get_account_for(session, w.admin, w.owner.id) is w.owner
    for stranger in (w.shop_staff, w.brand_admin):
        with pytest.raises(NotFound) as hidden:
            get_account_for(session, stranger, w.owner.id)
        with pytest.raises(NotFound) as missing:
            get_account_for(session, stranger, 10**9)
        assert hidden.value.detail == missing.value.detail


def test_a_token_is_its_holders_alone(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    token, _secret = create_api_token(session, w.owner, "till", now)
    assert get_token_for(session, w.owner, token.id) is token
    for other in (w.admin, w.shop_staff):  # not even a platform admin
        with pytest.raises(NotFound):
            get_token_for(session, other, token.id)


def test_only_the_platform_creates_accounts_and_only_staff_invite_owners(
    session: Session,
) -> None:
    w = QuickWorld(session)
    with pytest.raises(Forbidden):
        create_account(session, w.brand_admin, name="Eve", role="platform_admin")
    made = create_account(session, SYSTEM, name="Anna", role="owner", email="anna@ex.test")
    assert made.role == "owner" and is_platform(SYSTEM) and SYSTEM.id is None
    details = OwnerDetails("Bruno", "bruno@ex.test")
    with pytest.raises(Forbidden):
        find_or_invite_owner(session, w.owner, details, "IT")
    assert find_or_invite_owner(session, w.shop_staff, details, "IT").email == "bruno@ex.test"


def test_a_profile_is_changed_by_its_holder_or_an_admin(session: Session) -> None:
    w = QuickWorld(session)
    with pytest.raises(Forbidden):
        profile.patch(w.shop_staff, w.owner, name="Someone else")
    profile.patch(w.owner, w.owner, name="Mario")
    profile.patch(w.admin, w.owner, language="it")
    assert (w.owner.name, w.owner.language) == ("Mario", "it")
