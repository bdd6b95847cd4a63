"""Channels against real servers: SMTP with STARTTLS and login, SMTP over TLS, certificate
checks, and the generic HTTP SMS gateway."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from aftersales.config import Settings
from aftersales.notifications.channels.email import SmtpMailer, build
from aftersales.notifications.channels.sms import HttpSms
from aftersales.notifications.delivery import Senders
from aftersales.notifications.links import Links
from aftersales.notifications.outbox import Envelope
from aftersales.notifications.render import render
from tests.factories.messages import news_props
from tests.worker.conftest import Inbox
from tests.worker.receivers import Receiver, free_port

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
ENV = Envelope(
    id=1,
    key="status_changed.1.email.a1",
    kind="status_changed",
    channel="email",
    recipient="anna@example.test",
    language="vi",
    context=news_props(model="Joy 3", status="repairing", expected_low="2026-03-19")
    | {"expected_high": "2026-03-24", "audience": "owner", "account_id": 1, "name": "Anna"},
    account_id=1,
    endpoint_id=None,
    timezone="Asia/Ho_Chi_Minh",
    country="VN",
    attempts=1,
    created_at=NOW,
)


def mail() -> Any:
    words = render(ENV.kind, ENV.language, ENV.context, Links("https://as.example", "k"))
    return build(ENV, words, "aftersales <no-reply@as.example>", None)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture()
def tls(ca: trustme.CA, tmp_path: Path) -> tuple[ssl.SSLContext, str]:
    """Return a server TLS context for 127.0.0.1 and the CA file that trusts it."""
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return server, str(ca_file)


def login_ok(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"shop", b"pw")
    return AuthResult(success=ok, handled=False)


def settings(port: int, security: str, ca_file: str = "", **kw: Any) -> Settings:
    return Settings(
        env="test",
        secret_key="k",
        mail_transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security=security,
        smtp_ca_file=ca_file,
        smtp_timeout_seconds=5,
        **kw,
    )


@pytest.fixture()
def starttls_server(tls: tuple[ssl.SSLContext, str]) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls[0],
        require_starttls=True,
        authenticator=login_ok,
        auth_require_tls=True,
    )
    controller.start()
    yield inbox, port
    controller.stop()


def test_starttls_with_login_delivers(starttls_server: tuple[Inbox, int], tls: Any):
    inbox, port = starttls_server
    mailer = SmtpMailer(
        settings(port, "starttls", tls[1], smtp_username="shop", smtp_password="pw")
    )
    result = mailer.send(mail())
    mailer.close()
    assert result.outcome == "sent", result.detail
    [got] = inbox.mails
    assert got["Message-ID"] == f"<{ENV.key}@aftersales>" and got["Content-Language"] == "vi"


def test_a_wrong_password_or_an_untrusted_certificate_is_not_sent(
    starttls_server: tuple[Inbox, int], tls: Any
):
    inbox, port = starttls_server
    wrong = SmtpMailer(settings(port, "starttls", tls[1], smtp_username="shop", smtp_password="x"))
    refused = wrong.send(mail())  # 535 is about the settings, not this message: retried
    assert refused.outcome == "retry" and refused.unreachable and "535" in refused.detail
    untrusted = SmtpMailer(settings(port, "starttls", "", smtp_username="shop", smtp_password="pw"))
    result = untrusted.send(mail())
    assert result.outcome == "retry" and "certificate" in result.detail.lower()
    assert inbox.mails == []


def test_implicit_tls(tls: Any):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=tls[0])
    controller.start()
    try:
        mailer = SmtpMailer(settings(port, "tls", tls[1]))
        assert mailer.send(mail()).outcome == "sent"
        mailer.close()
    finally:
        controller.stop()
    assert len(inbox.mails) == 1


def test_the_http_sms_gateway_gets_the_template_and_its_answers_decide(receiver: Receiver):
    def gateway(path: str) -> HttpSms:
        return HttpSms(
            settings(
                25,
                "none",
                sms_provider="http",
                sms_http_url=receiver.url + path,
                sms_http_auth_header="Authorization: Bearer gw-token",
                sms_http_body='{"from": "aftersales", "to": $to, "text": $text, "ref": $key}',
            )
        )

    sms = gateway("/ok")
    assert sms.send("+84 912 345 678", "K7QM: Đang sửa chữa", "k.1").outcome == "sent"
    [got] = receiver.got
    assert json.loads(got.body) == {
        "from": "aftersales",
        "to": "+84 912 345 678",
        "text": "K7QM: Đang sửa chữa",
        "ref": "k.1",
    }
    assert got.headers["Authorization"] == "Bearer gw-token" and got.key == "k.1"
    assert gateway("/busy").send("+84 1", "x", "k.2").outcome == "retry"  # 429
    assert gateway("/fail").send("+84 1", "x", "k.3").outcome == "retry"  # 500
    assert gateway("/bad").send("+84 1", "x", "k.4").outcome == "dead"  # 400: will not improve
    sms.close()


def test_the_sms_gateway_keeps_working_batch_after_batch(receiver: Receiver, tmp_path: Path):
    s = Settings(
        env="test",
        secret_key="k",
        data_dir=tmp_path,
        sms_provider="http",
        sms_http_url=receiver.url + "/ok",
    )
    senders = Senders(s)
    sms = ENV.__class__(**{**ENV.__dict__, "channel": "sms", "recipient": "+84 912"})
    noon = datetime(2026, 3, 10, 5, tzinfo=UTC)  # 12:00 in Hanoi: no quiet hours
    for _ in range(2):  # the worker ends every batch with close()
        assert senders.deliver(sms, noon).outcome == "sent"
        senders.close()
    senders.shutdown()
    assert len(receiver.got) == 2
