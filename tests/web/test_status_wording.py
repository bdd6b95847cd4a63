"""A repair's status in its reader's words: the owner's, or staff wording (brand admins too)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.language import translations
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder
from tests.factories import World, make_phone
from tests.web.helpers import bearer
from tests.web.pages.helpers import sign_in, texts

OWNER_WORDS = "Repair registered"
STAFF_WORDS = "Registered: the phone is not handed in yet"


@pytest.fixture()
def booked(session: Session, now: datetime) -> tuple[World, RepairOrder]:
    """An online booking not handed in yet, and the world around it."""
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    booking = Intake(imei=phone.imei, fault_category="display", problem="The display flickers",
                     shop_id=w.shop.id)  # fmt: skip
    repair = open_repair(session, w.owner, booking, now)
    session.commit()
    return w, repair


def test_owner_and_staff_read_the_status_in_their_own_words(
    client: Any, session: Session, now: datetime, booked: tuple[World, RepairOrder]
) -> None:
    w, repair = booked
    said = {
        who: client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, person, now))
        for who, person in (("owner", w.owner), ("shop", w.shop_staff))
    }
    assert said["owner"].json()["status_label"] == OWNER_WORDS
    assert said["shop"].json()["status_label"] == STAFF_WORDS


def test_brand_admins_read_staff_words_on_the_page_and_in_the_api(
    client: Any, session: Session, now: datetime, booked: tuple[World, RepairOrder]
) -> None:
    w, repair = booked
    api = client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, w.brand_admin, now))
    assert api.json()["status_label"] == STAFF_WORDS
    sign_in(client, w.brand_admin)
    assert STAFF_WORDS in texts(client.get(f"/repairs/{repair.code}").text)


def test_the_status_label_is_in_the_account_s_language(
    client: Any, session: Session, now: datetime, booked: tuple[World, RepairOrder]
) -> None:
    w, repair = booked
    w.owner.language = "it"
    session.commit()
    r = client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, w.owner, now))
    assert r.json()["status_label"] == translations("it").gettext(OWNER_WORDS) != OWNER_WORDS
    r = client.get(
        f"/api/v1/repairs/{repair.code}?lang=vi", headers=bearer(session, w.owner, now)
    )  # as its error answers: ?lang= first
    assert r.json()["status_label"] == translations("vi").gettext(OWNER_WORDS)
