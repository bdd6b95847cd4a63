"""Rate limits: one count for all processes through Redis, per-account sign-in throttling.

Two `create_app` calls stand for two server processes (`--workers 2`): each has its own
memory, so only a shared store makes them count together.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from limits.storage import MemoryStorage, RedisStorage

from aftersales.config import Settings
from aftersales.http import deps
from aftersales.web.app import create_app
from tests.conftest import SessionReader, fresh_limit_prefix
from tests.factories import PASSWORD, make_account
from tests.web.helpers import assert_problem

LOGIN = "/api/v1/auth/login"
TRACK = "/api/v1/track/ZZZZ-ZZZZ-ZZZZ?imei_last4=1234"


@pytest.fixture()
def redis_url() -> Iterator[str]:
    """Return the URL of a reachable Redis; CI must have one, elsewhere skip without."""
    url = os.environ.get("AFTERSALES_TEST_REDIS") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis at {url} for the shared rate limits: {exc}")
        pytest.skip(f"Redis at {url} is unreachable, skipping the shared-limit tests: {exc}")
    yield url
    client.close()


def _process(settings: Settings, session: Any, now: Any) -> FastAPI:
    """Build one 'server process': an app on the test's transaction and clock."""
    app = create_app(settings)

    def _session() -> Iterator[Any]:
        yield session
        session.commit()

    app.dependency_overrides[deps.get_session] = _session
    app.state.clock = lambda: now
    app.state.reader = SessionReader(session)
    return app


def _shared(settings: Settings, redis_url: str) -> Settings:
    return settings.model_copy(update={"redis_url": redis_url})


@pytest.mark.counts_tries
def test_two_processes_share_one_tracking_limit_through_redis(  # type: ignore[no-untyped-def]
    settings, session, now, redis_url
):
    shared = _shared(settings, redis_url)
    one, two = _process(shared, session, now), _process(shared, session, now)
    assert isinstance(one.state.track_limiter._strategy.storage, RedisStorage)
    with TestClient(one) as a, TestClient(two) as b:
        answers = [(a if i % 2 else b).get(TRACK).status_code for i in range(10)]
        assert answers == [404] * 10
        # Each process saw five tries: alone, each would still allow five more.
        r = a.get(TRACK)
        assert_problem(r, 429)
        assert 1 <= int(r.headers["retry-after"]) <= 61
        assert b.get(TRACK).status_code == 429
    keys = redis.Redis.from_url(redis_url).keys(f"{settings.rate_limit_prefix}:*")
    assert keys, "the counts live in Redis under the run's prefix"


@pytest.mark.counts_tries
def test_two_processes_share_the_sign_in_limits_through_redis(  # type: ignore[no-untyped-def]
    settings, session, now, redis_url
):
    person = make_account(session, "owner")
    session.commit()
    shared = _shared(settings, redis_url)
    one, two = _process(shared, session, now), _process(shared, session, now)
    wrong = {"email": person.email, "password": "not-the-password"}
    with TestClient(one) as a, TestClient(two, client=("198.51.100.20", 4000)) as b:
        for i in range(settings.login_account_limit):
            assert (a if i % 2 else b).post(LOGIN, json=wrong).status_code == 401
        right = {"email": person.email, "password": PASSWORD}
        assert_problem(a.post(LOGIN, json=right), 429)
        assert_problem(b.post(LOGIN, json=right), 429)


@pytest.mark.counts_tries
def test_another_run_prefix_starts_from_zero(settings, session, now, redis_url):  # type: ignore[no-untyped-def]
    first = _process(_shared(settings, redis_url), session, now)
    with TestClient(first) as a:
        assert [a.get(TRACK).status_code for _ in range(11)][-1] == 429
    other = settings.model_copy(
        update={"redis_url": redis_url, "rate_limit_prefix": fresh_limit_prefix()}
    )
    with TestClient(_process(other, session, now)) as b:
        assert b.get(TRACK).status_code == 404


@pytest.mark.counts_tries
def test_without_redis_each_process_counts_in_its_memory(settings, session, now):  # type: ignore[no-untyped-def]
    local = settings.model_copy(update={"redis_url": ""})
    one, two = _process(local, session, now), _process(local, session, now)
    assert isinstance(one.state.track_limiter._strategy.storage, MemoryStorage)
    with TestClient(one) as a, TestClient(two) as b:
        assert [a.get(TRACK).status_code for _ in range(11)] == [404] * 10 + [429]
        assert b.get(TRACK).status_code == 404


def test_an_unreachable_redis_lets_requests_through_and_logs(  # type: ignore[no-untyped-def]
    settings, session, now, caplog
):
    gone = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:1/0", "redis_timeout_seconds": 0.2}
    )
    with TestClient(_process(gone, session, now)) as c, caplog.at_level(logging.ERROR):
        assert [c.get(TRACK).status_code for _ in range(12)] == [404] * 12
    assert "rate limit store unavailable" in caplog.text


@pytest.mark.counts_tries
def test_failed_sign_ins_are_limited_per_account_from_any_address(client, app, session, settings):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    other = make_account(session, "owner")
    session.commit()
    limit = settings.login_account_limit
    assert (limit, settings.login_account_window_minutes) == (10, 15)  # the defaults
    for i in range(limit):  # a different address each time: the per-address limit never bites
        with TestClient(app, client=(f"198.51.100.{i + 1}", 4000)) as c:
            r = c.post(LOGIN, json={"email": person.email.upper(), "password": f"guess-{i}"})
            assert r.status_code == 401
    # Now even the right password waits, with a hint when to come back (up to 15 minutes).
    r = client.post(LOGIN, json={"email": person.email, "password": PASSWORD})
    body = assert_problem(r, 429)
    assert "wait" in body["detail"] and "set-cookie" not in r.headers
    assert 1 <= int(r.headers["retry-after"]) <= 15 * 60 + 1
    # Other accounts are not held back.
    assert client.post(LOGIN, json={"email": other.email, "password": PASSWORD}).status_code == 200


@pytest.mark.counts_tries
def test_the_account_limit_does_not_tell_which_e_mails_exist(client, app, session, settings):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    answers = {}
    for email in (person.email, "nobody-here@example.test"):
        for i in range(settings.login_account_limit):
            with TestClient(app, client=(f"203.0.113.{i + 1}", 4000)) as c:
                assert c.post(LOGIN, json={"email": email, "password": "x"}).status_code == 401
        with TestClient(app, client=("192.0.2.99", 4000)) as c:
            r = c.post(LOGIN, json={"email": email, "password": "x"})
        answers[email] = (r.status_code, r.json()["detail"])
    assert answers[person.email] == answers["nobody-here@example.test"]
    assert answers[person.email][0] == 429


@pytest.mark.counts_tries
def test_the_sign_in_page_shows_the_account_limit_in_italian(app, session, settings):  # type: ignore[no-untyped-def]
    from tests.web.pages.helpers import post

    person = make_account(session, "owner")
    session.commit()
    for i in range(settings.login_account_limit):
        with TestClient(app, client=(f"203.0.113.{i + 1}", 4000)) as c:
            c.cookies.set("aftersales_lang", "it")
            assert post(c, "/login", {"email": person.email, "password": "x"}).status_code == 401
    with TestClient(app) as c:
        c.cookies.set("aftersales_lang", "it")
        r = post(c, "/login", {"email": person.email, "password": PASSWORD})
    assert r.status_code == 429
    assert "Troppi accessi non riusciti" in r.text
