"""The repair page's parts: the centre asks for a part, sees it reserved or awaited with its
arrival day, gives back one not needed; the shop reads where the parts stand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.service import transition
from tests.factories import World
from tests.inventory import make_part
from tests.web.pages.helpers import post, sign_in, texts


def test_the_centre_asks_for_parts_and_the_shop_sees_them_awaited(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    part = make_part(session, [w.model], now, number="DS-01", lead_days=3)
    repair = w.repair(now)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
    for status in ("at_centre", "diagnosing"):
        transition(session, w.technician, repair, status, now)
    ledger.move(session, centre_location(session, w.centre).id, part.id, Movement.received, 1,
                SYSTEM, now)  # fmt: skip
    session.commit()
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text
    assert 'id="parts"' in page and "Ask for the part" in page and "DS-01" in page
    r = post(client, f"/repairs/{repair.code}/parts", {"part": str(part.id), "quantity": "x"})
    assert r.status_code == 422 and 'id="parts-quantity-error"' in r.text
    r = post(client, f"/repairs/{repair.code}/parts", {"part": str(part.id), "quantity": "1"})
    assert r.status_code == 303
    r = post(client, f"/repairs/{repair.code}/parts", {"part": str(part.id), "quantity": "1"})
    assert r.status_code == 303
    page = texts(client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text)
    assert "reserved from stock" in page and "ordered · arrives" in page
    session.expire_all()
    assert repair.status == "awaiting_parts"  # one display missing: the repair waits for it
    client.cookies.clear()
    sign_in(client, w.shop_staff)
    shop = texts(client.get(f"/repairs/{repair.code}").text)
    assert "ordered · arrives" in shop and "Ask for the part" not in shop  # read only
    assert "Part ordered: DS-01 × 1" in page
    client.cookies.clear()
    sign_in(client, w.technician)
    row = client.get(f"/repairs/{repair.code}").text.split("/parts/")[1].split("/release")[0]
    assert post(client, f"/repairs/{repair.code}/parts/{row}/release").status_code == 303
    page = texts(client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text)
    assert "given back" in page


def test_a_brand_admin_adds_a_part_and_a_wrong_one_comes_back_saying_why(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    w.brand_admin.language = "it"
    session.commit()
    sign_in(client, w.brand_admin)
    wrong = {"number": "", "kind": "", "name_en": "", "currency": "EUR", "cost": "dieci",
             "price": "25,00"}  # fmt: skip
    bad = post(client, "/brand/parts", wrong)
    assert bad.status_code == 422
    page = texts(bad.text)
    for said in ("Indica il codice del ricambio", "Scegli di che tipo di ricambio",
                 "Inserisci il prezzo", "Scegli almeno un modello"):  # fmt: skip
        assert said in page, said
    assert 'value="25,00"' in bad.text  # the input is kept
    good = {"number": "bt-mi8", "kind": "battery", "name_en": "Battery", "name_it": "Batteria",
            "currency": "EUR", "cost": "12,50", "price": "39,90", "lead_days": "4",
            "models": str(w.model.id)}  # fmt: skip
    assert post(client, "/brand/parts", good).status_code == 303
    page = texts(client.get("/brand").text)
    assert "BT-MI8" in page and "Batteria" in page and "39,90" in page
