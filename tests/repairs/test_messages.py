"""Repair messages: typed props checked when queued, and words per audience in every language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict
from aftersales.kernel.language import MISSING
from aftersales.notifications.kinds import RESERVED, MessageRefused
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import Draft, enqueue
from aftersales.notifications.render import Rendered, render
from aftersales.repairs.messages import ALERTS, KINDS, NEWS
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.notify import news_of
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from tests.factories.messages import (
    alert_props,
    decided_props,
    news_props,
    quote_props,
    withdrawn_props,
)
from tests.repairs import QuickWorld

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)
LINKS = Links("https://as.example", "key")
LATER = {"old": "2026-03-16", "reason": "Waiting for parts is taking longer than expected."}
OWNER = {"audience": "owner", "name": "Mario <Rossi>", "account_id": 7}
SHOP = {"audience": "shop"}
STAFF = {"audience": "staff", "name": "Giulia"}
# News held for the owner and folded into a later message (every kind of step).
EARLIER = [
    {"kind": "status_changed", "status": "received", "at": "2026-03-10T09:00:00+00:00",
     "note": None, "later": None, "decision": None},
    {"kind": "warranty_decided", "status": "diagnosing", "at": "2026-03-10T09:01:00+00:00",
     "note": "Difetto di fabbrica", "later": None, "decision": "not_covered"},
    {"kind": "status_changed", "status": "awaiting_parts", "at": "2026-03-10T09:01:30+00:00",
     "note": "Display ordinato", "later": LATER, "decision": None},
]  # fmt: skip


def props_for(kind: str) -> dict[str, Any]:
    """Return complete props of a kind, as the change would store them."""
    if kind == "quote_waiting":
        return quote_props(later=LATER)
    if kind == "expected_later":
        return news_props(later=LATER, earlier=EARLIER)
    if kind == "quote_withdrawn":
        return withdrawn_props(later=LATER, earlier=EARLIER)
    if kind == "warranty_decided":
        return decided_props(earlier=EARLIER)
    if kind == "sla_escalated":
        return alert_props(breached_days=3)
    if kind in {k.name for k in ALERTS}:
        return alert_props()
    return news_props(later=LATER, earlier=EARLIER)


def say(kind: str, lang: str, to: dict[str, Any], **props: Any) -> Rendered:
    return render(kind, lang, props_for(kind) | props | to, LINKS)


CASES = [(k.name, audience) for k in KINDS for audience in k.writers]


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
@pytest.mark.parametrize(("kind", "audience"), CASES)
def test_every_kind_speaks_every_language_to_each_of_its_audiences(
    kind: str, audience: str, lang: str
):
    MISSING[lang].clear()
    to = {"owner": OWNER, "shop": SHOP, "staff": STAFF}[audience]
    words = say(kind, lang, to)
    assert not MISSING.get(lang), f"untranslated in {lang}: {MISSING[lang]}"
    assert "K7QM-3XT9-PW2D" in words.subject or "Mi 8" in words.subject
    assert words.link in words.text
    if audience == "owner" and kind == "quote_waiting":  # the link answers the quote
        assert words.link.startswith("https://as.example/quote/41-")
    if audience == "owner":
        assert (
            kind == "quote_waiting" or words.link == "https://as.example/track?code=K7QM-3XT9-PW2D"
        )
        assert "/unsubscribe/7.email." in words.text  # owners can stop e-mails
        assert "/unsubscribe/7.sms." in words.sms
        assert "<Rossi>" not in words.html and "&lt;Rossi&gt;" in words.html  # escaped
        if kind != "quote_waiting":  # its props here fold nothing
            assert "Display ordinato" in words.text  # the news folded into this one
    else:
        assert "Display ordinato" not in words.text  # shops hear of each step on its own
        assert words.link == "https://as.example/repairs/K7QM-3XT9-PW2D"
        assert "unsubscribe" not in words.text


def test_words_follow_the_language_and_its_formats():
    it = say("quote_waiting", "it", OWNER)
    assert "49,90" in it.text and "€" in it.text
    en = say("expected_later", "en", OWNER)
    assert "Mar 16, 2026" in en.text and "Mar 20, 2026" in en.text
    assert "Waiting for parts is taking longer than expected." in en.text
    vi = say("status_changed", "vi", OWNER, later=None)
    assert "K7QM-3XT9-PW2D" in vi.subject and vi.subject != en.subject


def test_a_ready_phone_is_collected_not_expected():
    ready = say("no_silence", "en", OWNER, status="ready", later=None)
    assert "Collect it at Centro Napoli" in ready.text and "Expected ready date" not in ready.text
    day = {"expected_low": "2026-03-20", "expected_high": "2026-03-20"}
    same = say("status_changed", "en", OWNER, **day, later=None)
    assert "Expected ready date: Mar 20, 2026." in same.text and "between" not in same.text


def test_staff_alerts_name_the_figures_and_the_owner_in_staff_words():
    words = say("sla_breached", "en", STAFF, status="awaiting_approval")
    assert "8 of 10 working days" in words.text
    assert "Waiting for the owner's answer to the quote" in words.text
    assert "Mario <Rossi>" in words.text and "your" not in words.text.lower()


# --- the shop reads about the owner's phone, not to the owner --------------------------


def test_the_shops_ready_mail_speaks_to_the_shop():
    owner = say("ready", "en", OWNER, status="ready_for_pickup", contact="Anna Verdi")
    shop = say("ready", "en", SHOP, status="ready_for_pickup", contact="Anna Verdi")
    assert owner.subject == "Your Mi 8 is ready for pickup"
    assert shop.subject == "Repair K7QM-3XT9-PW2D: ready for pickup at your shop"
    assert "The phone of Anna Verdi (Mi 8) is ready for pickup at your shop." in shop.text
    assert "Bring your tracking code" not in shop.text and "Collect it" not in shop.text
    it = say("ready", "it", SHOP, status="ready_for_pickup", contact="Anna Verdi")
    assert "Anna Verdi" in it.text and "negozio" in it.text


def test_the_shops_quote_mail_says_the_owners_quote_waits_for_their_answer():
    shop = say("quote_waiting", "en", SHOP)
    assert shop.subject == "Repair K7QM-3XT9-PW2D: the owner's quote is waiting for their answer"
    assert "for the owner's Mi 8" in shop.text and "€49.90" in shop.text
    assert "your approval" not in shop.text.lower() and "sign in" not in shop.text
    assert "Waiting for the owner's answer to the quote" in shop.text
    owner = say("quote_waiting", "en", OWNER)
    assert "Approve or decline it here, no password needed: https://as.example/quote/41-" in (
        owner.text
    )
    queued_before_links = say("quote_waiting", "en", OWNER, quote_id=None)
    assert "approve or decline the quote when you sign in" in queued_before_links.text
    assert "/quote/" in owner.sms and "/quote/" not in shop.text


def test_the_shops_status_mail_uses_staff_words():
    closed = say("status_changed", "en", SHOP, status="closed", later=None)
    assert closed.subject == "Repair K7QM-3XT9-PW2D: Closed: returned to the owner"
    assert "Returned to you" not in closed.text
    mine = say("status_changed", "en", OWNER, status="closed", later=None)
    assert mine.subject == "Repair K7QM-3XT9-PW2D: Returned to you"
    vi = say("status_changed", "vi", SHOP, status="closed", later=None)
    assert "Đã đóng" in vi.subject


# --- typed props, checked when queued, in the change's transaction ---------------------


def test_a_quote_message_without_its_price_is_refused_when_queued(session: Session):
    w = QuickWorld(session)
    repair = w.repair(T0)
    no_price = {k: v for k, v in quote_props().items() if k != "amount_minor"}
    drafts = [Draft("quote.t1.email", "quote_waiting", "email", "o@x.test", no_price, "owner")]
    with pytest.raises(MessageRefused, match="amount_minor"):
        enqueue(session, drafts, T0)
    zero = quote_props(amount_minor=0)
    with pytest.raises(MessageRefused, match="amount_minor"):
        enqueue(
            session,
            [Draft("quote.t2.email", "quote_waiting", "email", "o@x.test", zero, "owner")],
            T0,
        )
    for wrong in ({"currency": "euro"}, {"expected": "soon"}, {"status": "lost"}):
        bad = quote_props(**wrong)
        with pytest.raises(MessageRefused, match=next(iter(wrong))):
            enqueue(
                session,
                [Draft("quote.t3.email", "quote_waiting", "email", "o@x", bad, "owner")],
                T0,
            )
    stored = select(OutboxMessage).where(OutboxMessage.key.like("quote.t%"))
    assert session.scalars(stored).all() == [] and repair.id


def test_news_props_refuse_a_quote_message_with_no_pending_quote(session: Session):
    w = QuickWorld(session)
    repair = w.repair(T0)
    repair.status = Status.awaiting_approval  # as a bug might leave it: no quote behind it
    with pytest.raises(MessageRefused, match="amount_minor"):
        news_of(session, repair, "quote_waiting", None, None)


def test_a_repair_waits_for_the_owners_answer_only_to_a_quote(session: Session):
    w = QuickWorld(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    before = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    with pytest.raises(Conflict, match="Send a quote"):
        transition(session, w.technician, repair, "awaiting_approval", T0)
    after = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    assert repair.status == Status.diagnosing and before == after
    make_quote(
        session, w.technician, repair, T0, amount_minor=4990, currency="EUR", description="Display"
    )
    assert repair.status == Status.awaiting_approval


def test_every_news_kind_is_queued_with_props_that_fit(session: Session):
    w = QuickWorld(session)
    w.shop.email = "banco@negozio.test"
    repair: RepairOrder = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    make_quote(
        session, w.technician, repair, T0, amount_minor=4990, currency="EUR", description="Display"
    )
    kinds = {k.name: k for k in NEWS}
    for m in session.scalars(select(OutboxMessage).where(OutboxMessage.about_id == repair.id)):
        props = {k: v for k, v in m.context.items() if k not in RESERVED}
        if m.channel != "webhook":
            kinds[m.kind].check(props)  # what was stored reads back as the kind's model
    shop = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.about_id == repair.id,
            OutboxMessage.recipient == "banco@negozio.test",
            OutboxMessage.kind == "quote_waiting",
        )
    ).one()
    words = render(shop.kind, shop.language, shop.context, LINKS)
    assert shop.language == "it" and "49,90" in words.text and "proprietario" in words.text


def test_a_quote_made_without_autoflush_still_moves_the_repair(session: Session):
    """The demo loader turns autoflush off; the move must still see the new quote."""
    w = QuickWorld(session)
    repair = w.repair(T0)
    transition(session, w.technician, repair, "diagnosing", T0)
    with session.no_autoflush:
        make_quote(
            session, w.technician, repair, T0, amount_minor=990, currency="EUR", description="A pin"
        )
    assert repair.status == Status.awaiting_approval


# Promises of a survey: only the owner's closing news makes one, which the survey job keeps
# (surveys.invites, decision 204); no other message or step may.
UNKEPT = {
    "en": ("how it went", "survey", "rate us", "your opinion", "feedback"),
    "it": ("com'è andata", "sondaggio", "valuta", "opinione", "valutazione"),
    "vi": ("trải nghiệm", "khảo sát", "đánh giá", "ý kiến"),
}


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
def test_no_message_or_step_promises_a_survey(lang: str):
    from aftersales.kernel.language import translate
    from aftersales.repairs.states import LABELS, NEXT_STEP, STAFF_NEXT_STEP

    said = [translate(lang, s) for s in [*LABELS.values(), *NEXT_STEP.values()]]
    said += [translate(lang, s) for s in STAFF_NEXT_STEP.values()]
    kept = []
    for kind, audience in CASES:
        to = {"owner": OWNER, "shop": SHOP, "staff": STAFF}[audience]
        for status in Status:
            words = say(kind, lang, to, status=status)
            promised = (kind, audience, status) == ("status_changed", "owner", Status.closed)
            (kept if promised else said).append(words.text)
            said += [words.subject, words.sms]
    assert len(kept) == 1 and any(p in kept[0].lower() for p in UNKEPT[lang]), kept
    for text in said:
        assert not any(p in text.lower() for p in UNKEPT[lang]), text
