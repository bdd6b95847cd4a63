"""Staff read the steps told about the owner; owners and the public read them told to them.

Also: a repair's page and its API answer load the repair with what they show in one
statement, whatever its history holds (the model implies no loading).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import add_note, transition
from tests.factories import World
from tests.web.helpers import bearer
from tests.web.pages.helpers import post, sign_in, texts

OWNER_WAITING = {
    "en": "Waiting for your approval of the quote",
    "it": "In attesa della tua risposta al preventivo",
    "vi": "Đang chờ bạn đồng ý báo giá",
}
STAFF_WAITING = {
    "en": "Waiting for the owner's answer to the quote",
    "it": "In attesa della risposta del proprietario al preventivo",
    "vi": "Đang chờ chủ máy trả lời báo giá",
}
STAFF_CLOSE = {
    "en": "Closed: returned to the owner",
    "it": "Chiusa: telefono restituito al proprietario",
    "vi": "Đã đóng: đã trả máy cho chủ máy",
}


def _waiting(session: Session, w: World, now: datetime) -> RepairOrder:
    """Return a shop's repair whose quote waits for the owner."""
    repair = w.repair(now)
    for to, who in (("in_transit_to_centre", w.shop_staff), ("at_centre", w.technician),
                    ("diagnosing", w.technician)):  # fmt: skip
        transition(session, who, repair, to, now)
    make_quote(
        session, w.technician, repair, now, amount_minor=8990, currency="EUR", description="Display"
    )
    return repair


def _page(client: Any, code: str, lang: str) -> str:
    r = client.get(f"/repairs/{code}", params={"lang": lang})
    assert r.status_code == 200, r.text
    return html.unescape(texts(r.text))


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
def test_staff_pages_use_staff_words_and_owner_pages_the_owners(  # type: ignore[no-untyped-def]
    client, session, now, lang
):
    w = World(session)
    repair = _waiting(session, w, now)
    session.commit()
    sign_in(client, w.shop_staff)
    page = _page(client, repair.code, lang)
    assert STAFF_WAITING[lang] in page and OWNER_WAITING[lang] not in page
    shop_list = html.unescape(texts(client.get("/shop/repairs", params={"lang": lang}).text))
    assert STAFF_WAITING[lang] in shop_list and OWNER_WAITING[lang] not in shop_list
    client.cookies.clear()
    sign_in(client, w.technician)
    assert STAFF_WAITING[lang] in _page(client, repair.code, lang)
    queue = html.unescape(texts(client.get("/centre/queue", params={"lang": lang}).text))
    assert STAFF_WAITING[lang] in queue and OWNER_WAITING[lang] not in queue
    client.cookies.clear()
    sign_in(client, w.owner)
    mine = _page(client, repair.code, lang)
    assert OWNER_WAITING[lang] in mine and STAFF_WAITING[lang] not in mine
    mine = html.unescape(texts(client.get("/my/repairs", params={"lang": lang}).text))
    assert OWNER_WAITING[lang] in mine


def test_the_staff_page_says_what_staff_do_next(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = _waiting(session, w, now)
    session.commit()
    sign_in(client, w.shop_staff)
    page = _page(client, repair.code, "en")
    assert "The owner approves or declines the quote; the SLA clock is paused meanwhile." in page
    assert "the repair waits for you" not in page
    client.cookies.clear()
    sign_in(client, w.owner)
    assert "Please approve or decline the quote; the repair waits for you." in _page(
        client, repair.code, "en"
    )


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
def test_staff_close_by_hand_back_and_read_it_in_staff_words(client, session, now, lang):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    steps = [("in_transit_to_centre", w.shop_staff), ("at_centre", w.technician),
             ("diagnosing", w.technician), ("repairing", w.technician),
             ("testing", w.technician), ("in_transit_to_shop", w.technician),
             ("ready_for_pickup", w.shop_staff)]  # fmt: skip
    for to, who in steps:
        transition(session, who, repair, to, now)
    session.commit()
    sign_in(client, w.shop_staff)
    r = client.get(f"/repairs/{repair.code}", params={"lang": lang})
    buttons = re.findall(r'name="to_status" value="(\w+)"[^>]*>\s*([^<]+)<', r.text)
    assert buttons == []  # closing is the hand-back form, which records who collected it
    assert f'action="/repairs/{repair.code}/handback"' in r.text
    post(client, f"/repairs/{repair.code}/handback", {"outcome": "repaired"})
    r = client.get(f"/repairs/{repair.code}", params={"lang": lang})
    heading = re.search(r'<h1 class="status[^"]*">([^<]+)</h1>', r.text)
    assert heading is not None and html.unescape(heading.group(1)) == STAFF_CLOSE[lang]


# --- the page and the API answer load the repair with what they show -------------------


@pytest.fixture()
def statements(connection) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Record every SQL statement run on the test's connection."""
    seen: list[str] = []

    def _record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", _record)
    yield seen
    event.remove(connection, "before_cursor_execute", _record)


# A related row loaded on its own, by its id (a lazy load), instead of with the repair.
RELATED = re.compile(r"\bWHERE (phone_model|service_centre|shop|phone|brand)\.id = ")


def _cost(client: Any, session: Session, seen: list[str], path: str, **kw: Any) -> list[str]:
    client.get(path, **kw)  # first use: the token's last_used_at, the CSRF cookie
    session.expunge_all()  # objects made by the test must not spare the request its loads
    seen.clear()
    r = client.get(path, **kw)
    assert r.status_code == 200, r.text
    return list(seen)


def test_the_repair_page_and_api_answer_cost_the_same_for_a_long_history(  # type: ignore[no-untyped-def]
    client, session, now, statements
):
    w = World(session)
    repair = _waiting(session, w, now)
    headers = bearer(session, w.shop_staff, now)
    session.commit()
    sign_in(client, w.shop_staff)
    page = f"/repairs/{repair.code}"
    api = f"/api/v1/repairs/{repair.code}"
    short = {p: _cost(client, session, statements, p, headers=headers) for p in (page, api)}
    for i in range(10):
        add_note(session, w.technician, session.merge(repair), now, text=f"Step {i}", public=True)
    session.commit()
    long = {p: _cost(client, session, statements, p, headers=headers) for p in (page, api)}
    for p in (page, api):
        assert len(long[p]) == len(short[p]), (p, short[p], long[p])
        # Phone, model, brand, centre and shop come with the repair, not one by one.
        assert not [s for s in long[p] if RELATED.search(s)], p
