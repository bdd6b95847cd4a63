"""An owner hears of the milestones of a repair, and news within a few minutes go as one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications import webhooks
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import claim
from aftersales.notifications.render import render
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.notify import announce
from aftersales.repairs.quotes import decide_quote, make_quote, withdraw_quote
from aftersales.repairs.service import decide_warranty, transition
from aftersales.repairs.states import Status, owner_hears_of
from tests.repairs import QuickWorld, events

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)  # a Tuesday, 10:00 in Naples
LINKS = Links("https://as.example", "key")


def world(session: Session) -> QuickWorld:
    w = QuickWorld(session)
    w.owner.language, w.owner.phone_number, w.owner.notify_sms = "it", "+39 333 123 4567", True
    w.shop.email = "banco@negozio.test"
    webhooks.register(session, w.shop_staff, url="https://erp.shop.test/hook", now=T0)
    return w


def to_owner(session: Session, repair: RepairOrder) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(
        OutboxMessage.about_id == repair.id, OutboxMessage.account_id.is_not(None)
    )
    session.expire_all()
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def to_shop(session: Session, repair: RepairOrder, channel: str) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(
        OutboxMessage.about_id == repair.id,
        OutboxMessage.channel == channel,
        OutboxMessage.account_id.is_(None),
    )
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def busy_two_minutes(session: Session, w: QuickWorld) -> RepairOrder:
    """Replay a shop repair clicked through in two minutes: 11 steps, as in the issue."""
    at = iter(T0 + timedelta(seconds=12 * i) for i in range(11))
    repair = w.repair(next(at))  # received at the counter
    tech, shop = w.technician, w.shop_staff
    transition(session, shop, repair, "in_transit_to_centre", next(at))
    transition(session, tech, repair, "at_centre", next(at))
    transition(session, tech, repair, "diagnosing", next(at))
    decide_warranty(session, tech, repair, next(at), decision="covered", reason="Difetto")
    transition(session, tech, repair, "awaiting_parts", next(at), note="Display ordinato")
    transition(session, tech, repair, "repairing", next(at))
    transition(session, tech, repair, "testing", next(at))
    transition(session, tech, repair, "in_transit_to_shop", next(at))
    transition(session, shop, repair, "ready_for_pickup", next(at))
    transition(session, shop, repair, "closed", next(at), outcome="repaired")
    return repair


def test_a_busy_two_minutes_make_one_message_per_owner_channel_with_the_latest_state(
    session: Session,
):
    w = world(session)
    repair = busy_two_minutes(session, w)
    mine = to_owner(session, repair)
    assert sorted(m.channel for m in mine) == ["email", "sms"]  # one each, not 11
    for m in mine:
        assert m.context["status"] == "closed" and m.created_at == T0  # held since the first
        steps = [(s["kind"], s["status"]) for s in m.context["earlier"]]
        assert steps == [
            ("status_changed", "received"),
            ("warranty_decided", "diagnosing"),
            ("status_changed", "awaiting_parts"),  # the parts delay, with its note
            ("ready", "ready_for_pickup"),
        ]
    mail = next(m for m in mine if m.channel == "email")
    words = render(mail.kind, mail.language, mail.context, LINKS)
    assert "Restituito" in words.subject  # the latest state: returned to you
    for said in ("Telefono ricevuto", "Coperto da garanzia", "Display ordinato", "Pronto"):
        assert said in words.text
    # Shops and their systems keep their rules: every move, each on its own.
    moves = [e for e in events(session, repair) if e.type == "status_changed"]
    assert len(to_shop(session, repair, "email")) == len(moves) == 10
    assert len(to_shop(session, repair, "webhook")) == len(moves)


def test_steps_between_milestones_send_the_owner_nothing():
    s = Status
    assert owner_hears_of(s.registered, s.received, via_shop=True)
    assert owner_hears_of(s.registered, s.at_centre, via_shop=False)  # received at the centre
    assert owner_hears_of(s.diagnosing, s.repairing, via_shop=True)  # the diagnosis
    assert owner_hears_of(s.awaiting_approval, s.testing, via_shop=True)  # the quote's answer
    assert owner_hears_of(s.repairing, s.awaiting_parts, via_shop=True)
    assert owner_hears_of(s.testing, s.ready, via_shop=False)
    assert not owner_hears_of(s.testing, s.ready, via_shop=True)  # ready at the shop is news
    for frm, to in [
        (s.received, s.in_transit_to_centre),
        (s.in_transit_to_centre, s.at_centre),
        (s.at_centre, s.diagnosing),
        (s.awaiting_parts, s.repairing),
        (s.repairing, s.testing),
        (s.testing, s.in_transit_to_shop),
    ]:
        assert not owner_hears_of(frm, to, via_shop=True), (frm, to)


def test_the_quote_goes_at_once_with_the_news_held_before_it(session: Session):
    w = world(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0 + timedelta(seconds=30))
    later = T0 + timedelta(minutes=1)
    make_quote(session, w.technician, repair, later, amount_minor=4990, currency="EUR",
               description="Batteria nuova")  # fmt: skip
    mine = to_owner(session, repair)
    assert [m.kind for m in mine] == ["quote_waiting", "quote_waiting"]  # e-mail and SMS
    for m in mine:
        assert m.batch_key is None and m.next_attempt_at == later  # due now, not held
        assert [s["status"] for s in m.context["earlier"]] == ["received"]
    # The answer starts a new batch: the quote's message is not rewritten.
    decide_quote(session, w.technician, repair, later, approve=True, told_by="phone")
    mine = to_owner(session, repair)
    assert [m.kind for m in mine] == ["quote_waiting"] * 2 + ["status_changed"] * 2
    assert all(m.batch_key and m.context["earlier"] == [] for m in mine[2:])


def test_a_withdrawn_quote_tells_the_owner_why_at_once(session: Session):
    w = world(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    make_quote(session, w.technician, repair, T0, amount_minor=4990, currency="EUR",
               description="Batteria nuova")  # fmt: skip
    later = T0 + timedelta(minutes=2)
    withdraw_quote(session, w.technician, repair, later, reason="Il ricambio costa di più")
    told = [m for m in to_owner(session, repair) if m.kind == "quote_withdrawn"]
    assert len(told) == 2 and all(m.next_attempt_at == later for m in told)
    mail = next(m for m in told if m.channel == "email")
    words = render(mail.kind, mail.language, mail.context, LINKS)
    assert "49,90" in words.text and "Il ricambio costa di più" in words.text
    [shop] = [m for m in to_shop(session, repair, "email") if m.kind == "quote_withdrawn"]
    assert "Il ricambio costa di più" in render(shop.kind, "it", shop.context, LINKS).text


def test_a_message_a_worker_took_is_never_rewritten(session: Session):
    w = world(session)
    repair = w.repair(T0)
    taken = claim(session, T0, limit=100, lease_seconds=60, max_attempts=3)  # no hold
    assert {e.context["status"] for e in taken if e.account_id} == {"received"}
    transition(session, w.technician, repair, "diagnosing", T0)
    transition(session, w.technician, repair, "repairing", T0)  # a milestone: the diagnosis
    mine = to_owner(session, repair)
    assert [m.context["status"] for m in mine] == ["received"] * 2 + ["repairing"] * 2
    assert all(m.context["earlier"] == [] for m in mine)


def test_the_same_news_queued_again_folds_once(session: Session):
    w = world(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    transition(session, w.technician, repair, "repairing", T0)
    last = events(session, repair)[-1]
    assert announce(session, repair, last, T0) == 0  # queued again: nothing new, no new step
    for m in to_owner(session, repair):
        assert [s["status"] for s in m.context["earlier"]] == ["received"]
        assert len(m.context["folded"]) == 1


def test_the_worker_holds_an_owner_s_news_but_not_the_shop_s(session: Session):
    w = world(session)
    w.repair(T0)
    hold = 5 * 60.0
    first = claim(session, T0 + timedelta(minutes=4), limit=100, lease_seconds=600,
                  max_attempts=3, hold_seconds=hold)  # fmt: skip
    assert first and all(e.account_id is None for e in first)  # the shop's and the systems'
    ripe = claim(session, T0 + timedelta(minutes=5), limit=100, lease_seconds=600,
                 max_attempts=3, hold_seconds=hold)  # fmt: skip
    assert sorted(e.channel for e in ripe) == ["email", "sms"]
