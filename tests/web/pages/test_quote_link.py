"""The owner answers a quote from the e-mail's link, without a password."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.quote_links import quote_token
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from tests.factories import World
from tests.web.pages.helpers import post, texts


def _quoted(session: Session, now: datetime) -> tuple[World, Any, Any]:
    w = World(session)
    w.shop.email = "banco@negozio.test"  # the shop hears of its repairs by e-mail
    repair = w.repair(now)
    transition(session, w.technician, repair, "diagnosing", now)
    quote = make_quote(session, w.technician, repair, now, amount_minor=8900, currency="EUR",
                       description="Nuovo display originale")  # fmt: skip
    session.commit()
    return w, repair, quote


def test_the_quote_mail_carries_a_link_that_answers_it(client: Any, session: Session, now) -> None:  # type: ignore[no-untyped-def]
    w, repair, quote = _quoted(session, now)
    mail = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "quote_waiting", OutboxMessage.account_id == w.owner.id
        )
    ).first()
    assert mail is not None
    secret = client.app.state.settings.secret_key
    words = render("quote_waiting", "en", mail.context, Links("https://as.example", secret))
    token = quote_token(secret, quote.id, repair.code)
    assert words.link == f"https://as.example/quote/{token}" and words.link in words.text
    shop_mail = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "quote_waiting", OutboxMessage.context["audience"].as_string()
            == "shop")
    ).first()  # fmt: skip
    assert shop_mail is not None  # the shop hears of the quote, without the owner's link
    shop_words = render(
        "quote_waiting", "en", shop_mail.context, Links("https://as.example", secret)
    )
    assert "/quote/" not in shop_words.text

    page = client.get(f"/quote/{token}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "89.00" in page.text and "Nuovo display" in page.text
    r = post(client, f"/quote/{token}", {"answer": "decline"})
    assert r.status_code == 422 and "Tick the box" in texts(r.text)  # a decline is confirmed
    session.refresh(quote)
    assert quote.status == "pending"
    r = post(client, f"/quote/{token}", {"answer": "approve"})
    assert r.status_code == 200 and "Approved" in texts(r.text)
    session.refresh(quote)
    session.refresh(repair)
    assert quote.status == "approved" and quote.decided_by_id == w.owner.id
    assert repair.status == "repairing"
    again = post(client, f"/quote/{token}", {"answer": "decline", "confirm": "true"})
    assert again.status_code == 422  # answered already: the answer stands


def test_a_wrong_or_old_link_answers_nothing(client: Any, session: Session, now) -> None:  # type: ignore[no-untyped-def]
    _w, repair, quote = _quoted(session, now)
    secret = client.app.state.settings.secret_key
    assert client.get(f"/quote/{quote.id}-{'0' * 40}").status_code == 404
    assert client.get(f"/quote/{quote.id + 1}-{'0' * 40}").status_code == 404
    client.app.state.clock = lambda: now + timedelta(days=31)  # past the link's 30 days
    assert client.get(f"/quote/{quote_token(secret, quote.id, repair.code)}").status_code == 404


def test_the_centre_records_the_owner_s_answer_and_how_it_was_given(
    client: Any, session: Session, now: datetime
) -> None:
    from aftersales.repairs.models import RepairEvent
    from tests.web.pages.helpers import sign_in

    w, repair, quote = _quoted(session, now)
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text
    assert "Record the owner" in page
    r = post(client, f"/repairs/{repair.code}/quote/decision", {"answer": "approve"})
    assert r.status_code == 422 and "told_by" in r.text  # how the owner told: required
    r = post(client, f"/repairs/{repair.code}/quote/decision",
             {"answer": "approve", "told_by": "phone"})  # fmt: skip
    assert r.status_code == 303
    session.refresh(quote)
    assert quote.status == "approved" and quote.decided_by_id == w.technician.id
    step = session.scalars(
        select(RepairEvent).where(RepairEvent.repair_id == repair.id)
        .order_by(RepairEvent.id.desc())
    ).first()  # fmt: skip
    assert step is not None and step.public  # the owner is told of it, like any step
    assert step.data["quote_answer_told_by"] == "phone"
    assert step.note == "Quote approved by the owner, as told to the centre."
    told = session.scalars(
        select(OutboxMessage).where(OutboxMessage.account_id == w.owner.id,
                                    OutboxMessage.kind == "status_changed")
        .order_by(OutboxMessage.id.desc())
    ).first()  # fmt: skip
    assert told is not None and told.context["event_id"] == step.id


def test_the_centre_withdraws_a_quote_saying_why_and_the_owner_s_link_says_so(
    client: Any, session: Session, now: datetime
) -> None:
    from tests.web.pages.helpers import sign_in

    w, repair, quote = _quoted(session, now)
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text
    assert "Withdraw the quote" in page
    assert 'name="to_status"' not in page  # no move past the quote without its answer
    r = post(client, f"/repairs/{repair.code}/quote/withdraw", {"reason": ""})
    assert r.status_code == 422 and 'id="withdraw-reason-error"' in r.text
    r = post(client, f"/repairs/{repair.code}/move", {"to_status": "repairing"})
    assert r.status_code == 409  # the page's move form is checked again by the service
    r = post(client, f"/repairs/{repair.code}/quote/withdraw",
             {"reason": "Il prezzo del display è cambiato"})  # fmt: skip
    assert r.status_code == 303
    session.refresh(quote)
    session.refresh(repair)
    assert quote.status == "withdrawn" and repair.status == "diagnosing"
    told = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.account_id == w.owner.id, OutboxMessage.kind == "quote_withdrawn"
        )
    ).first()
    assert told is not None and told.context["note"] == "Il prezzo del display è cambiato"
    client.cookies.clear()
    token = quote_token(client.app.state.settings.secret_key, quote.id, repair.code)
    link = texts(client.get(f"/quote/{token}", headers={"Accept-Language": "en"}).text)
    assert "Withdrawn" in link and "Approve the quote" not in link
