"""The brand's stock across its network: filters, pages, and moving parts with clear refusals."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location, warehouse
from aftersales.inventory.models import Movement, Part, StockLevel, StockLocation
from aftersales.inventory.stock import set_reorder_point
from aftersales.kernel.actors import SYSTEM
from tests.factories import World, make_centre
from tests.inventory import make_part
from tests.web.pages.helpers import post, sign_in, texts

EN = {"Accept-Language": "en"}


class Network:
    """A brand with two centres and a warehouse holding its parts, and another brand's."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.w, self.other = World(session), World(session)
        self.naples = self.w.centre
        self.rome = make_centre(session, [self.w.brand], name="Centro Roma Eur", city="Roma")
        self.depot = warehouse(session, self.w.brand, "IT")
        self.shelf = centre_location(session, self.naples)
        names = {"en": "Battery", "it": "Batteria", "vi": "Pin"}
        self.battery = make_part(session, [self.w.model], now, number="BT-100", names=names)
        self.display = make_part(session, [self.w.model], now, number="DS-200")
        self.foreign = make_part(session, [self.other.model], now, number="BT-999")
        self.put(self.depot, self.battery, 20)
        self.put(self.shelf, self.battery, 1, point=2)  # low
        self.put(self.shelf, self.display, 4, point=1)
        self.put(centre_location(session, self.other.centre), self.foreign, 1, point=3)
        session.commit()

    def put(self, place: StockLocation, part: Part, count: int, point: int = 0) -> None:
        """Receive parts at a place and set their reorder point there."""
        ledger.move(self.session, place.id, part.id, Movement.received, count, SYSTEM, self.now)
        if point:
            set_reorder_point(self.session, SYSTEM, place, part, point, self.now)

    def on_hand(self, place: StockLocation, part: Part) -> int:
        """Return how many of a part a place holds now."""
        self.session.expire_all()
        return self.session.get_one(StockLevel, (place.id, part.id)).on_hand


def rows(html: str) -> list[str]:
    """Return the text of each row of the stock table."""
    body = html.split('aria-labelledby="levels-h"', 1)[1].split("</table>", 1)[0]
    return [texts(r) for r in re.findall(r"<tr[ >].*?</tr>", body, re.S)[1:]]


def test_the_brand_sees_its_parts_everywhere_filtered_by_part_place_and_low(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    page = client.get("/brand/stock", headers=EN)
    assert page.status_code == 200
    found = rows(page.text)
    assert len(found) == 3 and all("BT-999" not in r for r in found)  # not the other brand's
    assert "1 part is at or under its reorder point at a place." in texts(page.text)
    assert [r.split(" · ")[0].strip() for r in found] == ["BT-100", "BT-100", "DS-200"]
    low = rows(client.get("/brand/stock?low=1", headers=EN).text)
    assert len(low) == 1 and "BT-100" in low[0] and net.naples.name in low[0] and "low" in low[0]
    assert [r for r in rows(client.get("/brand/stock?part=ds-", headers=EN).text)] == [
        r for r in found if "DS-200" in r
    ]
    at_naples = rows(client.get("/brand/stock", params={"place": net.naples.name}).text)
    assert len(at_naples) == 2 and all(net.naples.name in r for r in at_naples)
    in_depot = rows(client.get("/brand/stock", params={"place": "it", "part": "BT"}).text)
    assert len(in_depot) == 1 and "20" in in_depot[0]  # the warehouse in Italy: by country
    nowhere = client.get("/brand/stock", params={"place": "Milano"}, headers=EN)
    assert "No stock of the brand&#39;s parts here." in texts(nowhere.text)


def test_the_list_is_paged_25_at_a_time(client: Any, session: Session, now: datetime) -> None:
    net = Network(session, now)
    for i in range(30):
        part = make_part(session, [net.w.model], now, number=f"ZZ-{i:02d}")
        net.put(net.depot, part, 1)
    session.commit()
    sign_in(client, net.w.brand_admin)
    first = client.get("/brand/stock", headers=EN).text
    assert len(rows(first)) == 25 and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/brand/stock?page_no=2", headers=EN).text
    assert len(rows(second)) == 33 - 25 and 'rel="prev"' in second and 'rel="next"' not in second
    assert rows(second)[-1].strip().startswith("ZZ-29")


def test_a_platform_admin_picks_any_brand_and_other_brands_admins_see_nothing(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.admin)
    theirs = client.get(f"/brand/stock?brand_id={net.other.brand.id}", headers=EN)
    assert len(rows(theirs.text)) == 1 and 'name="brand_id"' in theirs.text
    client.cookies.clear()
    sign_in(client, net.other.brand_admin)
    assert client.get(f"/brand/stock?brand_id={net.w.brand.id}").status_code == 404
    client.cookies.clear()
    sign_in(client, net.w.manager)
    assert client.get("/brand/stock").status_code == 404  # a centre sees its own shelf only


def test_parts_move_between_places_and_the_list_follows(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    prefilled = client.get(
        f"/brand/stock?from_place=warehouse:{net.depot.id}&part_id={net.battery.id}", headers=EN
    ).text
    assert f'<option value="warehouse:{net.depot.id}" selected>' in prefilled
    assert f'<option value="{net.battery.id}" selected>' in prefilled
    r = post(client, "/brand/stock/transfers?low=1", {
        "part_id": str(net.battery.id), "from_place": f"warehouse:{net.depot.id}",
        "to_place": f"centre:{net.rome.id}", "quantity": "5",
    })  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/brand/stock?")
    assert "low=1" in r.headers["location"]  # back to the list as it was filtered
    assert net.on_hand(net.depot, net.battery) == 15
    rome = session.query(StockLocation).filter_by(centre_id=net.rome.id).one()  # made on use
    assert net.on_hand(rome, net.battery) == 5
    after = client.get(r.headers["location"], headers=EN)
    assert "The parts were moved." in texts(after.text)


def test_each_refusal_says_why_under_its_field_and_keeps_what_was_typed(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    empty = post(client, "/brand/stock/transfers", {"quantity": "zero"})
    assert empty.status_code == 422
    said = texts(empty.text)
    for why in ("Choose a part.", "Choose where the parts leave from.",
                "Choose where the parts go.", "Give a quantity from 1 to 100000."):  # fmt: skip
        assert why in said
    assert 'value="zero"' in empty.text and 'id="t-quantity-error"' in empty.text
    typed = {"part_id": str(net.battery.id), "from_place": f"centre:{net.naples.id}"}
    same = post(client, "/brand/stock/transfers",
                typed | {"to_place": f"centre:{net.naples.id}", "quantity": "1"})  # fmt: skip
    assert same.status_code == 422 and "Choose another place to send to." in texts(same.text)
    assert 'id="t-to_place-error"' in same.text
    short = post(client, "/brand/stock/transfers",
                 typed | {"to_place": f"warehouse:{net.depot.id}", "quantity": "3"})  # fmt: skip
    assert short.status_code == 422 and "Check the transfer." in texts(short.text)
    assert "not enough stock of this part where it leaves: 1 available" in texts(short.text)
    assert 'id="t-quantity-error"' in short.text and 'value="3"' in short.text
    assert f'<option value="centre:{net.naples.id}" selected>' in short.text  # as chosen
    assert f'<option value="warehouse:{net.depot.id}" selected>' in short.text
    theirs = centre_location(session, net.other.centre)
    foreign = post(client, "/brand/stock/transfers", {
        "part_id": str(net.foreign.id), "from_place": f"warehouse:{theirs.id}",
        "to_place": f"centre:{net.other.centre.id}", "quantity": "1",
    })  # fmt: skip
    assert foreign.status_code == 422  # another brand's part and places are not offered
    assert "Choose a part." in texts(foreign.text) and "Choose where the parts go." in texts(
        foreign.text
    )
    assert net.on_hand(net.shelf, net.battery) == 1  # nothing moved
    expired = client.post("/brand/stock/transfers", data=typed | {"csrf": "stale"})
    assert expired.status_code == 422 and "The form expired" in texts(expired.text)


def test_refusals_are_in_the_readers_language(client: Any, session: Session, now: datetime):  # type: ignore[no-untyped-def]
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    post(client, "/lang", {"lang": "it", "next": "/track"})
    short = post(client, "/brand/stock/transfers", {
        "part_id": str(net.battery.id), "from_place": f"centre:{net.naples.id}",
        "to_place": f"centre:{net.rome.id}", "quantity": "9",
    })  # fmt: skip
    said = texts(short.text)
    assert "da dove partono: 1 disponibili" in said and "Scorte nella rete" in said
    assert "Batteria" in said  # the part's name in Italian


def test_the_brand_page_links_the_network_stock_with_the_low_count(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    page = client.get("/brand", headers=EN)
    assert f'href="/brand/stock?brand_id={net.w.brand.id}"' in page.text
    assert "1 part is at or under its reorder point at a place." in texts(page.text)


def test_a_transfer_sent_twice_moves_the_parts_once(
    client: Any, session: Session, now: datetime
) -> None:
    net = Network(session, now)
    sign_in(client, net.w.brand_admin)
    form = re.search(r'name="form_token" value="([^"]+)"', client.get("/brand/stock").text)
    assert form is not None
    sent = {
        "part_id": str(net.battery.id), "from_place": f"warehouse:{net.depot.id}",
        "to_place": f"centre:{net.naples.id}", "quantity": "2", "form_token": form.group(1),
    }  # fmt: skip
    first, again = (
        post(client, "/brand/stock/transfers", sent),
        post(client, "/brand/stock/transfers", sent),
    )
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert net.on_hand(net.depot, net.battery) == 18 and net.on_hand(net.shelf, net.battery) == 3
