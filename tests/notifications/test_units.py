"""Pure parts of notifications: quiet hours, signatures, unsubscribe tokens, backoff, kinds."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.notifications.kinds import KINDS, Kind, MessageRefused, Props, UnknownKind, register
from aftersales.notifications.links import Links, read_unsubscribe_token, unsubscribe_token
from aftersales.notifications.outbox import Backoff
from aftersales.notifications.quiet import quiet_until
from aftersales.notifications.render import render
from aftersales.notifications.signing import signature, verify
from tests.notifications.notice import NOTICE, PROPS, Notice

SPANS = {"*": "21:00-08:00", "VN": "22:00-07:00"}


def test_quiet_hours_overnight_in_rome_end_next_morning():
    late = datetime(2026, 3, 10, 21, 30, tzinfo=UTC)  # 22:30 in Rome
    assert quiet_until(late, "Europe/Rome", "IT", SPANS) == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)


def test_quiet_hours_early_morning_end_the_same_day():
    early = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 06:00 in Rome
    assert quiet_until(early, "Europe/Rome", "IT", SPANS) == datetime(2026, 3, 10, 7, 0, tzinfo=UTC)


def test_daytime_is_not_quiet_and_countries_have_their_own_hours():
    noon = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    assert quiet_until(noon, "Europe/Rome", "IT", SPANS) is None
    # 21:30 UTC is 04:30 in Hanoi: inside Vietnam's 22:00-07:00, which ends at 00:00 UTC.
    at = datetime(2026, 3, 10, 21, 30, tzinfo=UTC)
    midnight_utc = datetime(2026, 3, 11, 0, 0, tzinfo=UTC)
    assert quiet_until(at, "Asia/Ho_Chi_Minh", "VN", SPANS) == midnight_utc
    # 15:30 UTC is 22:30 in Hanoi: quiet in Vietnam, though not by the default span's clock.
    assert quiet_until(datetime(2026, 3, 10, 15, 30, tzinfo=UTC), "Asia/Ho_Chi_Minh", "VN", SPANS)


def test_a_signature_verifies_and_any_change_breaks_it():
    body = b'{"id":"k1"}'
    header = signature("s3cret", 1_700_000_000, body)
    assert header.startswith("t=1700000000,v1=")
    assert verify("s3cret", header, body, now=1_700_000_100)
    assert not verify("s3cret", header, body + b" ", now=1_700_000_100)
    assert not verify("other", header, body, now=1_700_000_100)
    assert not verify("s3cret", header, body, now=1_700_000_000 + 301)  # replay window
    assert not verify("s3cret", "garbage", body, now=1_700_000_000)


def test_unsubscribe_tokens_are_bound_to_account_channel_and_secret():
    token = unsubscribe_token("key", 42, "email")
    assert read_unsubscribe_token("key", token) == (42, "email")
    assert read_unsubscribe_token("other-key", token) is None
    assert read_unsubscribe_token("key", token.replace("42.", "43.", 1)) is None
    assert read_unsubscribe_token("key", token.replace("email", "sms")) is None
    assert read_unsubscribe_token("key", "nonsense") is None
    assert Links("https://as.example/", "key").unsubscribe(42, "email").endswith(token)


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=2**32))
def test_backoff_grows_exponentially_with_jitter_and_a_cap(attempts, seed):
    b = Backoff(max_attempts=10, base=30, cap=3600)
    delay = b.delay(attempts, random.Random(seed))
    full = min(3600, 30 * 2 ** (attempts - 1))
    assert full / 2 <= delay <= full


def test_a_message_is_written_by_its_kind_for_its_audience():
    links = Links("https://as.example", "key")
    owner = render(NOTICE.name, "en", PROPS | {"audience": "owner", "account_id": 7}, links)
    assert owner.subject == "owner: hello" and owner.paragraphs == ["hello x2"]
    assert owner.link == "https://as.example/notices/hello"
    assert "why owner Choose how we contact you: https://as.example/profile" in owner.text
    assert "/unsubscribe/7.email." in owner.text and owner.unsubscribe
    assert owner.sms.startswith("hello! https://as.example/notices/hello Stop SMS: ")
    shop = render(NOTICE.name, "en", PROPS | {"audience": "shop", "name": "<Bottega>"}, links)
    assert shop.paragraphs[0] == "Hello <Bottega>," and "&lt;Bottega&gt;" in shop.html
    assert shop.footer == ["why shop"] and shop.unsubscribe is None


def test_a_stored_message_that_does_not_fit_its_kind_is_refused():
    links = Links("https://as.example", "key")
    with pytest.raises(MessageRefused, match="count"):
        render(NOTICE.name, "en", {"text": "hi", "audience": "owner"}, links)
    with pytest.raises(MessageRefused, match="audience 'staff'"):
        render(NOTICE.name, "en", PROPS | {"audience": "staff"}, links)
    with pytest.raises(MessageRefused, match="SMS"):
        render(NOTICE.name, "en", PROPS | {"audience": "shop"}, links, channel="sms")
    with pytest.raises(UnknownKind):
        render("no_such_kind", "en", PROPS | {"audience": "owner"}, links)


def test_a_kind_may_not_be_registered_twice_or_use_reserved_names():
    with pytest.raises(ValueError, match="twice"):
        register(Kind(NOTICE.name, Notice, {}))

    class Clash(Props):
        name: str

    with pytest.raises(ValueError, match="may not be named"):
        KINDS.register(Kind("test_clash", Clash, {}))


def test_links_quote_each_part_of_a_page_address():
    links = Links("https://as.example/", "key")
    assert links.page("track", code="K7QM 3XT9") == "https://as.example/track?code=K7QM%203XT9"
    assert links.page("repairs/A/B") == "https://as.example/repairs/A/B"
    assert links.page("repairs/a?b") == "https://as.example/repairs/a%3Fb"
