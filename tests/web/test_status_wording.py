"""The API names a repair's status in its reader's words: the owner's, or staff wording."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.repairs.intake import Intake, open_repair
from tests.factories import World, make_phone
from tests.web.helpers import bearer


def test_owner_and_staff_read_the_status_in_their_own_words(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    booking = Intake(imei=phone.imei, fault_category="display", problem="The display flickers",
                     shop_id=w.shop.id)  # fmt: skip
    repair = open_repair(session, w.owner, booking, now)
    session.commit()
    said = {
        who: client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, person, now))
        for who, person in (("owner", w.owner), ("shop", w.shop_staff))
    }
    assert said["owner"].json()["status_label"] == "Repair registered"
    assert said["shop"].json()["status_label"] == "Registered: the phone is not handed in yet"
