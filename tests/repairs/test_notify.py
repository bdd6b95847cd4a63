"""Who hears of a repair's news: queued in the change's transaction, in their language."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications import webhooks
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import MUTED
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from tests.factories import make_phone
from tests.repairs import QuickWorld

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)  # a Tuesday


def queued(session: Session, repair: RepairOrder) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.about_id == repair.id)
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def world(session: Session) -> QuickWorld:
    w = QuickWorld(session)
    w.owner.language, w.owner.phone_number, w.owner.notify_sms = "it", "+39 333 123 4567", True
    w.shop.email = "banco@negozio.test"
    webhooks.register(session, w.shop_staff, url="https://erp.shop.test/hook", now=T0)
    webhooks.register(session, w.brand_admin, url="https://brand.test/hook", now=T0)
    return w


def test_a_counter_intake_tells_owner_shop_and_their_systems(session: Session):
    w = world(session)
    repair = w.repair(T0)
    msgs = queued(session, repair)
    assert {(m.channel, m.recipient) for m in msgs} == {
        ("email", w.owner.email),
        ("sms", "+39 333 123 4567"),
        ("email", "banco@negozio.test"),
        ("webhook", "https://erp.shop.test/hook"),
        ("webhook", "https://brand.test/hook"),
    }
    assert {m.kind for m in msgs} == {"status_changed"}  # "received", not also "registered"
    owner_mail = next(m for m in msgs if m.recipient == w.owner.email)
    assert owner_mail.language == "it" and owner_mail.context["status"] == "received"
    assert owner_mail.context["name"] == w.owner.name
    assert owner_mail.timezone == "Europe/Rome" and owner_mail.country == "IT"
    shop_mail = next(m for m in msgs if m.recipient == "banco@negozio.test")
    assert shop_mail.language == "it" and shop_mail.context["audience"] == "shop"
    hook = next(m for m in msgs if m.channel == "webhook")
    assert "name" not in hook.context and "account_id" not in hook.context
    assert "contact" not in hook.context and "contact" in shop_mail.context  # staff read it
    assert len({m.key for m in msgs}) == len(msgs)


def test_each_public_step_is_news_to_the_shop_and_milestones_to_the_owner(session: Session):
    w = world(session)
    w.owner.notify_email = False  # the owner's choice: SMS only
    repair = w.repair(T0)
    before = len(queued(session, repair))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", T0)
    new = queued(session, repair)[before:]
    assert {m.channel for m in new} == {"email", "webhook"}  # the shop's and the systems'
    assert all(m.context.get("audience") != "owner" for m in new)  # a step between milestones
    assert {m.context["status"] for m in new} == {"in_transit_to_centre"}
    [sms] = [m for m in queued(session, repair) if m.channel == "sms"]
    assert sms.context["status"] == "received"  # the owner's one message so far
    assert all(m.recipient != w.owner.email for m in queued(session, repair))


def test_a_quote_asks_the_owner_with_its_price(session: Session):
    w = world(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    make_quote(
        session,
        w.technician,
        repair,
        T0,
        amount_minor=4990,
        currency="EUR",
        description="Batteria nuova",
    )
    mine = [m for m in queued(session, repair) if m.kind == "quote_waiting"]
    assert mine and all(m.context["amount_minor"] == 4990 for m in mine)
    assert all(m.context["description"] == "Batteria nuova" for m in mine)
    assert all(m.context["currency"] == "EUR" for m in mine)


def test_ready_for_pickup_names_the_shop(session: Session):
    w = world(session)
    repair = w.repair(T0)
    for to in ("in_transit_to_centre", "at_centre", "diagnosing", "repairing", "testing"):
        transition(
            session, w.technician if to != "in_transit_to_centre" else w.shop_staff, repair, to, T0
        )
    transition(session, w.technician, repair, "in_transit_to_shop", T0)
    transition(session, w.shop_staff, repair, "ready_for_pickup", T0)
    ready = [m for m in queued(session, repair) if m.kind == "ready"]
    assert ready and all(w.shop.name in m.context["place"] for m in ready)


def test_a_later_date_comes_with_the_step_that_caused_it(session: Session):
    w = world(session)
    repair = w.repair(T0)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", T0)
    late = datetime(2026, 4, 28, 9, tzinfo=UTC)  # weeks later: the expected date moves
    transition(session, w.technician, repair, "at_centre", late)
    news = [m for m in queued(session, repair) if m.context.get("status") == "at_centre"]
    assert news and {m.kind for m in news} == {"status_changed"}
    assert all(m.context["later"]["old"] for m in news)  # one message says both


def test_an_online_booking_is_news_but_muted_history_is_not(session: Session):
    w = world(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    intake = Intake(phone.imei, "battery", "Si scarica subito", centre_id=w.centre.id)
    booked = open_repair(session, w.owner, intake, T0)
    assert {m.context["status"] for m in queued(session, booked)} == {"registered"}
    session.info[MUTED] = True
    try:
        quiet = w.repair(T0)
    finally:
        session.info.pop(MUTED)
    assert queued(session, quiet) == []
