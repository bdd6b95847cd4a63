"""A brand's look for owners: set on the brand page (contrast checked), shown on tracking,
on the owner's repair page and in the owner's mails, never on staff pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.service import transition
from tests.factories import World
from tests.repairs.test_messages import LINKS
from tests.web.pages.helpers import csrf, post, sign_in, texts


def _styled(session, w: World) -> None:  # type: ignore[no-untyped-def]
    w.brand.display_name, w.brand.colour = "Xiaomi Care", "#c2410c"
    session.commit()


def test_a_brand_admin_sets_the_look_and_a_light_colour_is_refused_saying_why(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/look", {"display_name": "Xiaomi Care", "colour": "#ff6900"})
    assert r.status_code == 422
    page = texts(r.text)
    # 2.89:1 is shown rounded down, so a colour just under the bar never reads as 4.5:1.
    assert "its contrast is 2.8:1 and at least 4.5:1 is needed" in page
    assert 'value="#ff6900"' in r.text and 'value="Xiaomi Care"' in r.text
    assert 'aria-invalid="true"' in r.text
    session.refresh(w.brand)
    assert w.brand.colour is None

    r = post(client, "/brand/look", {"display_name": "  Xiaomi   Care ", "colour": "C2410C"})
    assert r.status_code == 303
    session.refresh(w.brand)
    assert (w.brand.display_name, w.brand.colour) == ("Xiaomi Care", "#c2410c")
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "brand", AuditEntry.action == "updated")
    ).one()
    assert entry.actor_id == w.brand_admin.id
    html = client.get("/brand", headers={"Accept-Language": "en"}).text
    assert '<link rel="stylesheet" href="/look/c2410c.css">' in html  # the preview
    assert "White text on this colour: contrast 5.1:1" in texts(html)
    assert 'class="branded"' not in html  # the admin's own page keeps the platform's look


def test_the_refusal_speaks_the_admins_language(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    w.brand_admin.language = "vi"
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/look", {"colour": "#ffff00"})
    assert r.status_code == 422 and "Màu này quá sáng cho chữ trắng" in r.text
    # The figure is written as the language writes numbers: 2,8 in Italian, not 2.8.
    client.post("/lang", data={"csrf": csrf(client), "lang": "it", "next": "/brand"})
    w.brand_admin.language = "it"
    session.commit()
    r = post(client, "/brand/look", {"colour": "#ff6900"})
    assert r.status_code == 422 and "2,8:1" in texts(r.text) and "2.8:1" not in texts(r.text)


def test_the_colour_stylesheet_serves_checked_colours_only(client):  # type: ignore[no-untyped-def]
    r = client.get("/look/c2410c.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "--brand: #c2410c" in r.text and "immutable" in r.headers["cache-control"]
    for bad in ("ff6900", "C2410C", "c2410", "zzzzzz"):
        assert client.get(f"/look/{bad}.css").status_code == 404, bad


def test_tracking_shows_the_brands_look_and_the_stages_with_the_current_one(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    _styled(session, w)
    repair = w.repair(now - timedelta(days=1))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(hours=3))
    transition(session, w.technician, repair, "at_centre", now - timedelta(hours=1))
    session.commit()
    form = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    r = client.post("/track", data=form, headers={"Accept-Language": "en"})
    assert r.status_code == 200
    assert '<body class="branded">' in r.text and "/look/c2410c.css" in r.text
    assert "<span>Xiaomi Care</span>" in r.text and "· Xiaomi Care</title>" in r.text
    assert '<li class="current" aria-current="step">At the centre</li>' in r.text
    assert r.text.count('class="done"') == 1 and r.text.count('class="todo"') == 4
    assert 'class="expected-big"' in r.text
    # Before the code is known, the page is the platform's.
    assert "Xiaomi Care" not in client.get("/track").text


def test_the_owner_sees_the_look_on_their_repair_and_staff_do_not(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    _styled(session, w)
    repair = w.repair(now)
    session.commit()
    sign_in(client, w.owner)
    assert "<span>Xiaomi Care</span>" in client.get(f"/repairs/{repair.code}").text
    client.cookies.clear()
    sign_in(client, w.technician)
    assert "Xiaomi Care" not in client.get(f"/repairs/{repair.code}").text


def test_the_owners_mail_wears_the_brands_look_the_shops_the_platforms(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.shop.email = "banco@negozio.test"
    _styled(session, w)
    repair = w.repair(now)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
    mails = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.about_id == repair.id, OutboxMessage.channel == "email"
        )
    ).all()
    owner = next(m for m in mails if m.context.get("audience") == "owner")
    shop = next(m for m in mails if m.context.get("audience") == "shop")
    html = render(owner.kind, owner.language, owner.context, LINKS).html
    assert "Xiaomi Care" in html and "background:#c2410c" in html
    html = render(shop.kind, shop.language, shop.context, LINKS).html
    assert "Xiaomi Care" not in html and "background:#0f172a" in html
