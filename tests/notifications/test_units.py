"""Pure parts of notifications: quiet hours, signatures, unsubscribe tokens, backoff, words."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.kernel.language import MISSING
from aftersales.notifications.links import Links, read_unsubscribe_token, unsubscribe_token
from aftersales.notifications.outbox import Backoff
from aftersales.notifications.quiet import quiet_until
from aftersales.notifications.render import KINDS, render
from aftersales.notifications.signing import signature, verify

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


CTX = {
    "code": "K7QM-3XT9-PW2D",
    "model": "Mi 8",
    "brand": "Xiaomi",
    "status": "awaiting_parts",
    "status_label": "Waiting for parts",
    "next_step": "The repair continues as soon as the parts arrive.",
    "open": True,
    "expected": "2026-03-20",
    "expected_low": "2026-03-18",
    "expected_high": "2026-03-25",
    "place": "Centro Napoli, Via Roma 1, Napoli",
    "centre": "Centro Napoli",
    "old_expected": "2026-03-16",
    "reason": "Waiting for parts is taking longer than expected.",
    "quote_amount_minor": 4990,
    "quote_currency": "EUR",
    "quote_description": "Nuova batteria <originale>",
    "elapsed_days": 8,
    "target_days": 10,
    "due": "2026-03-24",
    "breached_days": 3,
    "audience": "owner",
    "name": "Mario <Rossi>",
    "account_id": 7,
}


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_in_every_language_from_the_catalogue(kind, lang):
    MISSING[lang].clear()
    words = render(kind, lang, CTX, Links("https://as.example", "key"))
    assert not MISSING.get(lang), f"untranslated in {lang}: {MISSING[lang]}"
    assert CTX["code"] in words.subject or "Mi 8" in words.subject
    assert words.sms.startswith(CTX["code"]) or CTX["code"] in words.sms
    assert "<Rossi>" not in words.html and "&lt;Rossi&gt;" in words.html  # escaped
    assert "/unsubscribe/7.email." in words.text  # owners can stop e-mails
    assert words.link in words.text


def test_words_follow_the_language_and_its_formats():
    links = Links("https://as.example", "key")
    it = render("quote_waiting", "it", CTX, links)
    assert "49,90" in it.text and "€" in it.text
    en = render("expected_later", "en", CTX, links)
    assert "Mar 16, 2026" in en.text and "Mar 20, 2026" in en.text
    assert "Waiting for parts is taking longer than expected." in en.text
    vi = render("status_changed", "vi", CTX | {"old_expected": None}, links)
    assert "K7QM-3XT9-PW2D" in vi.subject and vi.subject != en.subject


def test_staff_messages_link_to_the_repair_page_without_unsubscribe():
    staff = CTX | {"audience": "staff"}
    words = render("sla_breached", "en", staff, Links("https://as.example", "key"))
    assert words.link == "https://as.example/repairs/K7QM-3XT9-PW2D"
    assert "unsubscribe" not in words.text
    assert "8 of 10 working days" in words.text


def test_a_ready_phone_is_collected_not_expected():
    ready = CTX | {"ready": True, "old_expected": None}
    words = render("no_silence", "en", ready, Links("https://as.example", "key"))
    assert "Collect it at Centro Napoli" in words.text and "Expected ready date" not in words.text
    same = CTX | {"expected_low": "2026-03-20", "expected_high": "2026-03-20", "old_expected": None}
    text = render("status_changed", "en", same, Links("https://as.example", "key")).text
    assert "Expected ready date: Mar 20, 2026." in text and "between" not in text


def test_an_owner_text_message_says_how_to_stop_them():
    sms = render("status_changed", "it", CTX, Links("https://as.example", "key")).sms
    assert "/unsubscribe/7.sms." in sms and "SMS" in sms
    staff = render("sla_breached", "en", CTX | {"audience": "staff"}, Links("https://a.x", "k"))
    assert "unsubscribe" not in staff.sms
