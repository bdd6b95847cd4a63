"""Invitations and password resets: one-time signed links, sent whatever the news settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.links import Purpose, link_token, new_link
from aftersales.accounts.models import Account, AccountLink
from aftersales.kernel.language import translations
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.onboarding.service import invite_new_owners
from tests.factories import PASSWORD, World, make_account, make_phone
from tests.web.pages.helpers import csrf, post, sign_in, texts

LINKS = Links("https://as.example", "key")


def _messages(session: Session, kind: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_owners_made_for_someone_are_invited_once_by_mail_or_sms(
    session: Session, now: datetime
) -> None:
    w = World(session)
    by_mail = make_account(session, "owner", password=None, email="nuovo@example.it",
                           language="it")  # fmt: skip
    make_phone(session, w.model, owner_id=by_mail.id, shop_id=w.shop.id)
    by_sms = make_account(session, "owner", password=None, email=None, phone_number="+84 90 1")
    old = make_account(session, "owner", password=None, email="old@example.it")
    old.created_at = now - timedelta(days=30)  # before invitations existed: left alone
    session.flush()
    assert invite_new_owners(session, now) == 2
    assert invite_new_owners(session, now + timedelta(minutes=5)) == 0  # never twice
    mails = {m.account_id: m for m in _messages(session, "invitation")}
    assert set(mails) == {by_mail.id, by_sms.id}
    assert (mails[by_mail.id].channel, mails[by_sms.id].channel) == ("email", "sms")
    words = render("invitation", "it", mails[by_mail.id].context, LINKS)
    it = translations("it").gettext
    assert (
        it("{place} opened an account for you to follow your repairs.").format(place=w.shop.name)
        in words.paragraphs
    )
    assert words.link.startswith("https://as.example/password/")
    assert words.unsubscribe is None  # about the account itself: not a news setting


def test_an_invitation_link_sets_the_first_password_and_signs_in(
    client: Any, session: Session, now: datetime
) -> None:
    owner = make_account(session, "owner", password=None, email="primo@example.it")
    link = new_link(session, owner, Purpose.invite, now)
    session.commit()
    token = link_token(client.app.state.settings.secret_key, link.id, link.nonce)
    page = client.get(f"/password/{token}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "primo@example.it" in page.text
    assert page.headers["referrer-policy"] == "strict-origin"  # the code is not passed on
    r = post(client, f"/password/{token}", {"password": "x", "confirm": "y"})
    assert r.status_code == 422 and 'id="confirm-error"' in r.text  # nothing used up yet
    r = post(client, f"/password/{token}", {"password": "password1", "confirm": "password1"})
    assert r.status_code == 422 and 'id="password-error"' in r.text  # too common
    good = "Vesuvio al tramonto 1944"
    r = post(client, f"/password/{token}", {"password": good, "confirm": good})
    assert r.status_code == 303 and r.headers["location"] == "/my/repairs"
    assert client.get("/my/repairs").status_code == 200  # signed in with the new cookie
    again = client.get(f"/password/{token}", headers={"Accept-Language": "en"})
    assert again.status_code == 404 and "/forgot-password" in again.text  # once only
    client.cookies.clear()
    r = post(client, "/login", {"email": "primo@example.it", "password": good})
    assert r.status_code == 303


def test_the_welcome_page_says_what_the_account_is_for_to_each_role(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    said = {
        "owner": "follow your repairs and answer quotes",
        "shop_staff": "check phones in at the counter",
        "technician": "work on your centre's repairs",
        "brand_admin": "manage your brand's models",
        "platform_admin": "manage the brands, places and accounts",
    }
    place = {"shop_staff": w.shop.id, "technician": w.centre.id, "brand_admin": w.brand.id}
    secret = client.app.state.settings.secret_key
    for role, words in said.items():
        kw = {"shop_id": place[role]} if role == "shop_staff" else {}
        kw |= {"centre_id": place[role]} if role == "technician" else {}
        kw |= {"brand_id": place[role]} if role == "brand_admin" else {}
        account = make_account(session, role, password=None, **kw)
        link = new_link(session, account, Purpose.invite, now)
        session.commit()
        page = client.get(f"/password/{link_token(secret, link.id, link.nonce)}",
                          headers={"Accept-Language": "en"})  # fmt: skip
        shown = texts(page.text).replace("&#39;", "'")
        assert words in shown, role
        assert role == "owner" or "your repairs" not in shown, role


def test_a_forged_or_expired_link_gets_the_same_answer(
    client: Any, session: Session, now: datetime
) -> None:
    owner = make_account(session, "owner", password=None, email="scaduto@example.it")
    link = new_link(session, owner, Purpose.reset, now - timedelta(hours=3))  # 2 hours' life
    session.commit()
    secret = client.app.state.settings.secret_key
    expired = client.get(f"/password/{link_token(secret, link.id, link.nonce)}")
    forged = client.get(f"/password/{link.id}-{'0' * 40}")
    nonsense = client.get("/password/abc")
    assert expired.status_code == forged.status_code == nonsense.status_code == 404
    assert texts(expired.text) == texts(forged.text)


def test_a_forgotten_password_gets_a_link_and_nobody_learns_who_has_an_account(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    w.owner.notify_email = False  # no news by e-mail: a reset is not news, it still goes
    session.commit()
    answers = [
        post(client, "/forgot-password", {"email": address})
        for address in (w.owner.email, "nobody@example.it")
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert texts(answers[0].text) == texts(answers[1].text)
    [sent] = _messages(session, "password_reset")
    assert sent.account_id == w.owner.id and sent.recipient == w.owner.email
    link = session.scalars(select(AccountLink).where(AccountLink.account_id == w.owner.id)).one()
    sign_in(client, w.owner)  # an older sign-in ends when the password is chosen
    other = client.cookies.get(client.app.state.settings.session_cookie)
    token = link_token(client.app.state.settings.secret_key, link.id, link.nonce)
    new = "Ponte di Tappia 1280"
    r = client.post(f"/password/{token}", data={"csrf": csrf(client), "password": new,
                    "confirm": new}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    client.cookies.set(client.app.state.settings.session_cookie, other)
    assert client.get("/my/repairs", follow_redirects=False).status_code == 303  # ended


def test_changing_one_s_password_needs_the_current_one(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    session.commit()
    sign_in(client, w.owner)
    new = "Castel dell'Ovo 1128"
    r = post(client, "/profile/password", {"current": "wrong", "password": new, "confirm": new})
    assert r.status_code == 422 and 'id="current-error"' in r.text
    r = post(client, "/profile/password", {"current": PASSWORD, "password": new, "confirm": new})
    assert r.status_code == 200 and "changed" in texts(r.text)
    assert client.get("/my/repairs").status_code == 200  # this sign-in stays
    session.expire_all()
    account = session.get_one(Account, w.owner.id)
    client.cookies.clear()
    r = post(client, "/login", {"email": account.email, "password": new})
    assert r.status_code == 303


def test_owners_sign_up_on_their_own_and_nobody_learns_which_addresses_are_taken(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    session.commit()
    new = post(client, "/signup", {"name": "Lan Nguyễn", "email": "Lan@Example.vn",
                                   "language": "vi"})  # fmt: skip
    taken = post(client, "/signup", {"name": "Someone", "email": w.owner.email,
                                     "language": "en"})  # fmt: skip
    assert new.status_code == taken.status_code == 200
    assert texts(new.text).replace("lan@example.vn", "X").replace("Lan@Example.vn", "X") == (
        texts(taken.text).replace(str(w.owner.email), "X")
    )
    lan = session.scalars(select(Account).where(Account.email == "lan@example.vn")).one()
    assert lan.role == "owner" and lan.password_hash is None and lan.language == "vi"
    [signup] = _messages(session, "signup")
    [told] = _messages(session, "signup_taken")
    assert (signup.account_id, told.account_id) == (lan.id, w.owner.id)
    assert "/password/" in render("signup_taken", "en", told.context, LINKS).text
    assert invite_new_owners(session, now) == 0  # already sent their link: not invited again
    bad = post(client, "/signup", {"name": "", "email": "nope", "language": "it"},
               )  # fmt: skip
    assert bad.status_code == 422
    assert 'id="name-error"' in bad.text and 'id="email-error"' in bad.text
