"""Idempotency-Key on creating POSTs, webhook endpoints and the outbox over HTTP, and the
unsubscribe link of e-mails."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.idempotency.service import forget_before
from aftersales.notifications.links import unsubscribe_token
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import Draft, enqueue
from aftersales.repairs.models import RepairOrder
from tests.factories import World
from tests.factories.messages import news_props
from tests.web.helpers import assert_problem, bearer, intake_body

REPAIRS = "/api/v1/repairs"


def repairs_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(RepairOrder)) or 0)


def test_a_retried_intake_with_the_same_key_creates_one_repair(
    client: Any, session: Session, now: datetime
):
    w = World(session)
    shop = bearer(session, w.shop_staff, now) | {"Idempotency-Key": "till-7-0042"}
    session.commit()
    body = intake_body(w)
    before = repairs_count(session)
    first = client.post(REPAIRS, json=body, headers=shop)
    again = client.post(REPAIRS, json=body, headers=shop)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert repairs_count(session) == before + 1
    # The same key for another request is a client bug: refused, nothing created.
    other = client.post(REPAIRS, json=intake_body(w), headers=shop)
    assert_problem(other, 422, "Idempotency-Key")
    assert repairs_count(session) == before + 1
    # Another account's key space is its own.
    tech = bearer(session, w.technician, now) | {"Idempotency-Key": "till-7-0042"}
    session.commit()
    note = client.post(
        f"{REPAIRS}/{first.json()['code']}/notes", json={"text": "Preso in carico"}, headers=tech
    )
    assert note.status_code == 201


def test_without_a_key_each_post_creates(client: Any, session: Session, now: datetime):
    w = World(session)
    shop = bearer(session, w.shop_staff, now)
    session.commit()
    code = client.post(REPAIRS, json=intake_body(w), headers=shop).json()["code"]
    for _ in range(2):
        r = client.post(
            f"{REPAIRS}/{code}/contacts", json={"channel": "phone", "who": "owner"}, headers=shop
        )
        assert r.status_code == 201
    assert len(client.get(f"{REPAIRS}/{code}/contacts", headers=shop).json()) == 2


def test_a_bad_key_gets_a_clear_error(client: Any, session: Session, now: datetime):
    w = World(session)
    headers = bearer(session, w.shop_staff, now) | {"Idempotency-Key": "x" * 201}
    session.commit()
    assert_problem(client.post(REPAIRS, json=intake_body(w), headers=headers), 422)


def test_secrets_are_shown_once_even_to_a_retry(client: Any, session: Session, now: datetime):
    w = World(session)
    shop = bearer(session, w.shop_staff, now) | {"Idempotency-Key": "hook-1"}
    session.commit()
    body = {"url": "https://erp.negozio.test/aftersales", "description": "Gestionale"}
    first = client.post("/api/v1/webhooks", json=body, headers=shop)
    assert first.status_code == 201 and len(first.json()["secret"]) >= 32
    assert first.json()["shop_id"] == w.shop.id  # a shop registers for itself
    again = client.post("/api/v1/webhooks", json=body, headers=shop)
    problem = assert_problem(again, 409)
    assert str(first.json()["id"]) in problem["detail"] and "secret" not in again.json()
    listed = client.get("/api/v1/webhooks", headers=shop).json()
    assert [e["id"] for e in listed] == [first.json()["id"]] and "secret" not in listed[0]


def test_webhook_urls_are_checked(client: Any, session: Session, now: datetime):
    w = World(session)
    shop = bearer(session, w.shop_staff, now)
    session.commit()
    r = client.post("/api/v1/webhooks", json={"url": "ftp://files.test/x"}, headers=shop)
    assert_problem(r, 422, "url")


def test_endpoint_history_switches_and_dead_letters(client: Any, session: Session, now: datetime):
    w = World(session)
    shop = bearer(session, w.shop_staff, now)
    admin = bearer(session, w.admin, now)
    session.commit()
    hook = client.post("/api/v1/webhooks", json={"url": "https://erp.test/h"}, headers=shop).json()
    client.post(REPAIRS, json=intake_body(w), headers=shop)
    history = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=shop).json()
    assert history and history[0]["kind"] == "status_changed" and history[0]["history"] == []
    off = client.post(f"/api/v1/webhooks/{hook['id']}/disable", headers=shop).json()
    assert off["active"] is False and off["disabled_reason"]
    assert client.post(f"/api/v1/webhooks/{hook['id']}/enable", headers=shop).json()["active"]
    # A dead letter: visible to platform admins, requeued by id.
    dead_letter = Draft("dead.api.1", "status_changed", "email", "x@x.test", news_props(), "shop")
    enqueue(session, [dead_letter], now)
    msg = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "dead.api.1"))
    assert msg is not None
    msg.status, msg.attempts = "dead", 10
    session.commit()
    dead = client.get("/api/v1/outbox/dead", headers=admin).json()
    assert msg.id in [m["id"] for m in dead]
    assert client.get(f"/api/v1/outbox/{msg.id}", headers=admin).json()["status"] == "dead"
    r = client.post("/api/v1/outbox/requeue", json={"ids": [msg.id]}, headers=admin)
    assert r.json() == {"requeued": 1}
    session.refresh(msg)
    assert (msg.status, msg.attempts) == ("pending", 0)
    assert_problem(client.post("/api/v1/outbox/requeue", json={}, headers=admin), 422, "ids")


def test_the_unsubscribe_link_asks_then_stops_e_mails(client: Any, session: Session, app: Any):
    w = World(session)
    session.commit()
    token = unsubscribe_token(app.state.settings.secret_key, w.owner.id, "email")
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and 'method="post"' in page.text
    session.refresh(w.owner)
    assert w.owner.notify_email  # following the link changes nothing (mail scanners do)
    done = client.post(f"/unsubscribe/{token}")  # also what one-click mail clients send
    assert done.status_code == 200
    session.refresh(w.owner)
    assert not w.owner.notify_email
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.post(f"/unsubscribe/{forged}").status_code == 404
    assert client.get("/unsubscribe/nonsense").status_code == 404


@pytest.mark.counts_tries
def test_unsubscribe_tokens_cannot_be_tried_in_bulk(client: Any, session: Session, app: Any):
    app.state.track_limiter.limit = 3
    answers = [client.get(f"/unsubscribe/1.email.{i:032x}").status_code for i in range(5)]
    assert answers == [404, 404, 404, 429, 429]


def test_old_answers_are_forgotten(client: Any, session: Session, now: datetime):
    w = World(session)
    shop = bearer(session, w.shop_staff, now) | {"Idempotency-Key": "old-1"}
    session.commit()
    assert client.post(REPAIRS, json=intake_body(w), headers=shop).status_code == 201
    assert forget_before(session, now) == 0  # still within its time
    assert forget_before(session, now + timedelta(hours=1)) == 1
    again = client.post(REPAIRS, json=intake_body(w), headers=shop)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
