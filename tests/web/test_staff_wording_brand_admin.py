"""A brand admin reads a repair's steps in staff words on the page as in the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.repairs.intake import Intake, open_repair
from tests.factories import World, make_phone
from tests.web.helpers import bearer
from tests.web.pages.helpers import sign_in, texts

STAFF_WORDS = "Registered: the phone is not handed in yet"


def test_brand_admins_read_staff_words_on_the_page_and_in_the_api(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    booking = Intake(imei=phone.imei, fault_category="display", problem="The display flickers",
                     shop_id=w.shop.id)  # fmt: skip
    repair = open_repair(session, w.owner, booking, now)
    session.commit()
    api = client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, w.brand_admin, now))
    assert api.json()["status_label"] == STAFF_WORDS
    sign_in(client, w.brand_admin)
    assert STAFF_WORDS in texts(client.get(f"/repairs/{repair.code}").text)
