"""The webhooks page of shops and brands: register (secret shown once), deliveries, switch."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from aftersales.notifications import webhooks
from tests.factories import World
from tests.web.pages.helpers import post, sign_in


def test_a_shop_registers_an_endpoint_and_sees_its_deliveries(client: Any, session: Session, now):
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    page = client.get("/webhooks")
    assert page.status_code == 200 and 'name="url"' in page.text
    bad = post(client, "/webhooks", {"url": "erp.negozio.test", "description": "ERP"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    assert 'value="erp.negozio.test"' in bad.text  # the input is kept
    made = post(client, "/webhooks", {"url": "https://erp.negozio.test/h", "description": "ERP"})
    assert made.status_code == 201
    [endpoint] = webhooks.list_endpoints(session, w.shop_staff)
    assert endpoint.secret in made.text and endpoint.shop_id == w.shop.id
    assert endpoint.secret not in client.get("/webhooks").text  # shown once
    w.repair(now)
    session.commit()
    history = client.get(f"/webhooks/{endpoint.id}")
    assert history.status_code == 200 and "status_changed" in history.text
    off = post(client, f"/webhooks/{endpoint.id}/switch", {"active": "off"})
    assert off.status_code in (302, 303)
    session.refresh(endpoint)
    assert not endpoint.active


def test_others_cannot_see_an_endpoint_or_the_page(client: Any, session: Session, now):
    w, other = World(session), World(session)
    endpoint = webhooks.register(session, w.shop_staff, url="https://erp.test/h", now=now)
    session.commit()
    sign_in(client, other.shop_staff)
    assert client.get(f"/webhooks/{endpoint.id}").status_code == 404
    sign_in(client, w.owner)
    assert client.get("/webhooks").status_code == 404
