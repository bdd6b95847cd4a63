"""What was told about a repair, as each of its staff reads it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.notifications.models import WebhookEndpoint
from aftersales.notifications.outbox import Draft, enqueue
from aftersales.repairs.sent import messages_about
from tests.factories import World
from tests.factories.messages import alert_props, news_props


def test_each_side_reads_the_mails_and_only_its_own_alerts_and_systems(
    session: Session, now: datetime
) -> None:
    w = World(session)
    repair = w.repair(now)
    shop_hook = WebhookEndpoint(shop_id=w.shop.id, url="https://till.example/h", secret="s" * 32)
    brand_hook = WebhookEndpoint(brand_id=w.brand.id, url="https://erp.example/h", secret="s" * 32)
    session.add_all([shop_hook, brand_hook])
    session.flush()
    news = news_props()
    drafts = [
        Draft("n.owner", "status_changed", "email", "o@example.it", news, audience="owner",
              about_id=repair.id),
        Draft("n.shop", "status_changed", "email", "s@example.it", news, audience="shop",
              about_id=repair.id),
        Draft("a.mgr", "sla_breached", "email", "m@example.it", alert_props(), audience="staff",
              name="Giulia", about_id=repair.id),
        Draft("n.hook.s", "status_changed", "webhook", shop_hook.url, news,
              endpoint_id=shop_hook.id, about_id=repair.id),
        Draft("n.hook.b", "status_changed", "webhook", brand_hook.url, news,
              endpoint_id=brand_hook.id, about_id=repair.id),
    ]  # fmt: skip
    assert enqueue(session, drafts, now) == 5

    def seen(viewer):  # type: ignore[no-untyped-def]
        return {(m.to, m.name) for m in messages_about(session, viewer, repair)}

    # (the intake itself told the owner and the shop too: those rows are alike)
    assert seen(w.shop_staff) == {("owner", None), ("shop", None), ("shop_system", None)}
    assert seen(w.technician) == {("owner", None), ("shop", None), ("staff", "Giulia")}
    assert seen(w.brand_admin) == {
        ("brand_system", None), ("owner", None), ("shop", None), ("staff", "Giulia")
    }  # fmt: skip
    assert len(seen(w.admin)) == 5
    assert all(m.status == "pending" for m in messages_about(session, w.admin, repair))
