"""Webhook endpoints: addresses the worker may call, and how many each shop or brand has."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.notifications import webhooks
from aftersales.notifications.channels.webhook import WebhookSender
from aftersales.notifications.outbox import Envelope
from tests.repairs import QuickWorld

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://93.184.216.34/hook", "https"),
        ("https://127.0.0.1/hook", "public internet"),
        ("https://10.20.30.40/hook", "public internet"),
        ("https://169.254.169.254/latest/meta-data", "public internet"),
        ("https://[::1]/hook", "public internet"),
        ("https://192.168.1.10:8443/hook", "public internet"),
        # IPv6 addresses that lead to private IPv4 ones: NAT64, 6to4, IPv4-compatible, mapped.
        ("https://[64:ff9b::a00:1]/hook", "public internet"),
        ("https://[64:ff9b::a9fe:a9fe]/latest/meta-data", "public internet"),
        ("https://[2002:7f00:1::1]/hook", "public internet"),
        ("https://[2002:c0a8:10a::]/hook", "public internet"),
        ("https://[::a9fe:a9fe]/hook", "public internet"),
        ("https://[::7f00:1]/hook", "public internet"),
        ("https://[::ffff:10.0.0.1]/hook", "public internet"),
        # Local-use NAT64 leads wherever its operator chose: refused whatever it embeds.
        ("https://[64:ff9b:1::5db8:d822]/hook", "public internet"),
        # Multicast, IPv4 and IPv6.
        ("https://224.0.0.1/hook", "public internet"),
        ("https://239.255.255.250/hook", "public internet"),
        ("https://[ff0e::1]/hook", "public internet"),
    ],
)
def test_production_refuses_internal_addresses(url: str, why: str):
    with pytest.raises(ValidationFailed) as refused:
        webhooks.check_url(url, allow_private=False)
    assert why in refused.value.errors["url"]


def test_public_https_addresses_are_accepted_and_development_allows_local_ones():
    assert webhooks.check_url(" https://93.184.216.34/hook ", allow_private=False).startswith(
        "https://93.184.216.34"
    )
    # An IPv6-only network reaches public IPv4 receivers through NAT64 (DNS64 answers).
    assert webhooks.check_url("https://[64:ff9b::5db8:d822]/hook", allow_private=False)
    assert webhooks.check_url("https://[2002:5db8:d822::1]/hook", allow_private=False)
    assert webhooks.check_url("http://127.0.0.1:9000/h", allow_private=True)
    with pytest.raises(ValidationFailed):
        webhooks.check_url("ftp://93.184.216.34/h", allow_private=True)


def test_the_worker_checks_the_address_again_before_sending():
    sender = WebhookSender(timeout=1, allow_private=False)
    env = Envelope(
        id=1,
        key="k",
        kind="status_changed",
        channel="webhook",
        recipient="https://127.0.0.1/h",
        language="en",
        context={},
        account_id=None,
        endpoint_id=1,
        timezone="UTC",
        country=None,
        attempts=1,
        created_at=NOW,
        secret="s",
    )
    result = sender.send(env)
    sender.close()
    assert result.outcome == "retry" and "public internet" in result.detail


def test_each_shop_has_a_bounded_number_of_endpoints(session: Session):
    w = QuickWorld(session)
    for i in range(2):
        webhooks.register(session, w.shop_staff, url=f"http://127.0.0.1/{i}", now=NOW, limit=2)
    with pytest.raises(Conflict):
        webhooks.register(session, w.shop_staff, url="http://127.0.0.1/3", now=NOW, limit=2)
    # The brand's own allowance is separate.
    webhooks.register(session, w.brand_admin, url="http://127.0.0.1/b", now=NOW, limit=2)


def test_an_endpoint_for_a_shop_that_does_not_exist_is_not_found(session: Session):
    w = QuickWorld(session)
    with pytest.raises(NotFound):
        webhooks.register(session, w.admin, url="http://127.0.0.1/x", shop_id=10**9, now=NOW)
