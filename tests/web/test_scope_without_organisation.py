"""Staff whose account names no shop, centre or brand see nothing (not the NULL rows)."""

from __future__ import annotations

import pytest
from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.access import phone_scope
from aftersales.devices.models import Phone
from aftersales.repairs.access import repair_scope
from aftersales.repairs.models import RepairOrder
from tests.factories import World, make_phone


@pytest.mark.parametrize("role", ["shop_staff", "technician", "centre_manager", "brand_admin"])
def test_staff_without_their_organisation_see_no_repair(session: Session, role: str) -> None:
    w = World(session)
    make_phone(session, w.model, owner_id=w.owner.id)  # a phone no shop sold (shop_id NULL)
    stray = Account(name="Stray", role=role)
    assert repair_scope(stray).compare(false())
    seen = session.scalar(select(func.count()).select_from(Phone).where(phone_scope(stray)))
    assert seen == 0
    rows = session.scalar(select(func.count()).select_from(RepairOrder).where(repair_scope(stray)))
    assert rows == 0
