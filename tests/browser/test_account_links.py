"""An owner made at a counter gets in: the invitation mail, the first password, a reset.

The mails come from the real worker (`aftersales worker --once`) through a real SMTP server
(aiosmtpd); the links in them are followed in Chromium.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.db import make_engine
from aftersales.kernel.clock import utcnow
from tests.browser.conftest import BIN, _free_port, shot, sign_out
from tests.worker.conftest import Inbox

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ADDRESS = "nuova.cliente@example.it"


@pytest.fixture()
def inbox() -> Iterator[tuple[Inbox, int]]:
    """Run a real SMTP server for the worker; return its inbox and port."""
    box, port = Inbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def _worker_once(demo_server: dict[str, str], port: int) -> None:
    """Run the worker once on the demo data: due jobs, then every message due."""
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": demo_server["database_url"],
        "AFTERSALES_ENV": "development",
        "AFTERSALES_MAIL_TRANSPORT": "smtp",
        "AFTERSALES_SMTP_HOST": "127.0.0.1",
        "AFTERSALES_SMTP_PORT": str(port),
        "AFTERSALES_SMTP_SECURITY": "none",
        "AFTERSALES_PUBLIC_URL": demo_server["base"],
    }
    subprocess.run([BIN / "aftersales", "worker", "--once"], env=env, check=True,
                   capture_output=True, timeout=120)  # fmt: skip


def _link_in_mail_to(box: Inbox, address: str, subject: str) -> str:
    """Return the link of the newest mail to `address` with this subject."""
    mails: list[Message] = [m for m in box.mails if m["To"] and address in m["To"]]
    mail = [m for m in mails if subject in str(m["Subject"])][-1]
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()  # type: ignore[union-attr]
    found = re.search(r"https?://\S+/password/[0-9]+-[0-9a-f]+", text)
    assert found, text
    return found.group(0)


def _counter_owner(database_url: str) -> None:
    """Make the owner account a shop's counter makes: details, no password."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        s.add(Account(email=ADDRESS, name="Carmela Russo", role=Role.owner, language="it",
                      country="IT", created_at=utcnow()))  # fmt: skip
        s.commit()
    engine.dispose()


def test_an_invited_owner_chooses_a_password_and_later_resets_it(  # type: ignore[no-untyped-def]
    open_page, demo_server, inbox: Any
) -> None:
    box, port = inbox
    _counter_owner(demo_server["database_url"])
    _worker_once(demo_server, port)
    link = _link_in_mail_to(box, ADDRESS, "Il tuo account aftersales")

    page = open_page("it-IT", width=360)
    page.goto(link)
    assert "Carmela Russo" in page.locator("h1").inner_text()
    shot(page, "it-welcome-phone")
    first = "Mergellina al mattino 7"
    page.locator("#password").fill(first)
    page.locator("#confirm").fill(first)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/repairs$"))  # signed in with the new password
    page.goto(link)
    assert page.locator("a[href='/forgot-password']").count() == 1  # used: ask for a new one
    sign_out(page)

    page = open_page("vi-VN", width=1280)
    page.goto("/login")
    page.locator("a[href='/forgot-password']").first.click()
    page.locator("#email").fill(ADDRESS)
    page.locator("main form button[type=submit]").click()
    assert page.locator("[role=status]").count() == 1
    shot(page, "vi-forgot-password-desktop")
    _worker_once(demo_server, port)
    reset = _link_in_mail_to(box, ADDRESS, "La tua nuova password")  # in the owner's language
    page.goto(reset)
    second = "Posillipo sul far della sera 9"
    page.locator("#password").fill(second)
    page.locator("#confirm").fill(second)
    shot(page, "vi-new-password-desktop")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/repairs$"))


def test_an_owner_signs_up_on_their_own(open_page, demo_server, inbox: Any) -> None:  # type: ignore[no-untyped-def]
    box, port = inbox
    page = open_page("it-IT", width=360)
    page.goto("/login")
    page.locator("a[href='/signup']").click()
    page.locator("#name").fill("Gennaro Amato")
    page.locator("#email").fill("gennaro.amato@example.it")
    shot(page, "it-signup-phone")
    page.locator("main form button[type=submit]").click()
    assert "gennaro.amato@example.it" in page.locator("[role=status]").inner_text()
    _worker_once(demo_server, port)
    page.goto(_link_in_mail_to(box, "gennaro.amato@example.it", "Finisci di creare il tuo account"))
    chosen = "Spaccanapoli a mezzogiorno 3"
    page.locator("#password").fill(chosen)
    page.locator("#confirm").fill(chosen)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/repairs$"))


def _quote_a_repair(database_url: str) -> tuple[str, str]:
    """Quote an open repair in diagnosis as its centre's technician; return code and e-mail."""
    from sqlalchemy import select

    from aftersales.repairs.models import RepairOrder
    from aftersales.repairs.quotes import make_quote

    engine = make_engine(database_url)
    with Session(engine) as s:
        found = s.execute(
            select(RepairOrder, Account)
            .join(Account, Account.id == RepairOrder.owner_id)
            .where(RepairOrder.status == "diagnosing", Account.email.is_not(None),
                   Account.notify_email.is_(True))
            .order_by(RepairOrder.id)
            .limit(1)
        ).first()  # fmt: skip
        assert found is not None, "the demo has a repair in diagnosis with an owner by e-mail"
        repair, owner = found
        tech = s.scalars(
            select(Account).where(Account.role == Role.technician,
                                  Account.centre_id == repair.centre_id)
        ).first()  # fmt: skip
        assert tech is not None
        make_quote(s, tech, repair, utcnow(), amount_minor=12900, currency=(repair.country
                   == "VN" and "VND") or "EUR", description="Display originale")  # fmt: skip
        s.commit()
        code, email = repair.code, str(owner.email)
    engine.dispose()
    return code, email


def test_an_owner_approves_a_quote_from_the_mail(open_page, demo_server, inbox: Any) -> None:  # type: ignore[no-untyped-def]
    box, port = inbox
    code, email = _quote_a_repair(demo_server["database_url"])
    _worker_once(demo_server, port)
    mails = [m for m in box.mails if m["To"] and email in m["To"] and code in str(m["Subject"])]
    assert mails, [str(m["Subject"]) for m in box.mails][:10]
    body = next(p for p in mails[-1].walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()  # type: ignore[union-attr]
    link = re.search(r"https?://\S+/quote/[0-9]+-[0-9a-f]+", text)
    assert link, text
    page = open_page("it-IT", width=360)
    page.goto(link.group(0))
    assert code in page.locator("main").inner_text()
    shot(page, "it-quote-from-mail-phone", docs=True)
    page.locator("main form:not(.decline) button[type=submit]").click()
    assert page.locator("[role=status]").count() == 1  # answered: the answer shows
