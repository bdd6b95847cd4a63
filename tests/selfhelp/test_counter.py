"""At the counter: the likely fixes for the phone's model as the clerk types; "Solved at the
counter" records it and opens no repair; the repair opened after the fixes counts as needing one."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from aftersales.knowledge.service import ArticleFields, create_article, move_article
from aftersales.repairs.models import RepairOrder
from aftersales.selfhelp.models import Attempt
from tests.factories import World, make_imei, n
from tests.web.pages.helpers import csrf, post, sign_in, texts


def test_the_clerk_sees_fixes_and_marks_one_solved(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    fields = ArticleFields(
        "Battery drains fast", "Turn on battery saver.", language="en", fault_category="battery"
    )
    a = create_article(session, w.brand_admin, w.brand.id, fields, now)
    move_article(session, w.brand_admin, a.id, "submit", now)
    move_article(session, w.brand_admin, a.id, "publish", now)
    session.commit()
    sign_in(client, w.shop_staff)
    r = client.get(
        "/shop/intake/fixes",
        params={
            "model_id": w.model.id,
            "fault_category": "battery",
            "problem": "the battery drains in two hours",
        },
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Battery drains fast" in r.text
    assert 'name="selfhelp_seen"' in r.text and 'hx-swap-oob="true"' in r.text
    before = session.scalar(select(func.count()).select_from(RepairOrder))
    done = post(
        client,
        "/help/solved",
        {
            "model": w.model.id,
            "fault_category": "battery",
            "problem": "battery drains",
            "doc_kind": "article",
            "doc_id": a.id,
            "via": "counter",
        },
    )
    assert done.status_code == 303 and done.headers["location"] == "/shop/intake?solved=1"
    [row] = session.scalars(select(Attempt)).all()
    assert (row.channel, row.outcome, row.doc_id, row.account_id) == (
        "counter",
        "solved",
        a.id,
        w.shop_staff.id,
    )
    assert session.scalar(select(func.count()).select_from(RepairOrder)) == before
    client.cookies.clear()
    sign_in(client, w.owner)  # an owner cannot say it was solved at a counter
    assert post(client, "/help/solved", {"model": w.model.id, "via": "counter"}).status_code == 404


def test_opening_the_repair_after_the_fixes_counts_as_needing_one(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/shop/intake").text)
    assert token
    form = {"imei": make_imei(w.model.tacs[0].tac, n()), "owner_name": "Gennaro Esposito",
            "owner_email": f"gennaro{n()}@example.test", "owner_language": "it",
            "fault_category": "display", "problem": "Macchie sul display", "screen_lock": "none",
            "selfhelp_seen": "1", "csrf": csrf(client), "form_token": token.group(1)}  # fmt: skip
    r = client.post("/shop/intake", data=form, follow_redirects=False)
    assert r.status_code == 303, texts(r.text)[:300]
    [row] = session.scalars(select(Attempt)).all()
    assert (row.channel, row.outcome, row.model_id, row.language) == ("counter", "repair",
                                                                      w.model.id, "it")  # fmt: skip
