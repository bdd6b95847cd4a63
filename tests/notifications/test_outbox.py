"""The outbox on a real database: keys dedupe, claims lease, results retry, die and requeue."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications import outbox, queries
from aftersales.notifications.kinds import MessageRefused, UnknownKind
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage
from aftersales.notifications.outbox import MUTED, Backoff, Draft, Result, claim, enqueue, record
from tests.notifications.notice import NOTICE, PROPS, Notice

BACKOFF = Backoff(max_attempts=3, base=60, cap=3600)


def draft(key: str, **kw: object) -> Draft:
    return Draft(key, NOTICE.name, "webhook", "http://127.0.0.1:9/x", PROPS, **kw)  # type: ignore[arg-type]


def message(session: Session, key: str) -> OutboxMessage:
    found = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    assert found is not None
    session.refresh(found)
    return found


def test_a_key_is_queued_once(session: Session, now: datetime):
    assert enqueue(session, [draft("k.1"), draft("k.2")], now) == 2
    assert enqueue(session, [draft("k.1"), draft("k.3")], now) == 1
    keys = session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("k.%")))
    assert sorted(keys) == ["k.1", "k.2", "k.3"]


def test_a_muted_session_queues_nothing(session: Session, now: datetime):
    session.info[MUTED] = True
    try:
        assert enqueue(session, [draft("muted.1")], now) == 0
    finally:
        session.info.pop(MUTED)
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.key == "muted.1")) is None


def test_claim_takes_due_messages_once_and_leases_them(session: Session, now: datetime):
    enqueue(session, [draft("c.1"), draft("c.2")], now)
    enqueue(session, [draft("c.later")], now + timedelta(hours=1))
    first = claim(session, now, limit=10, lease_seconds=120, max_attempts=10)
    assert {e.key for e in first} >= {"c.1", "c.2"} and "c.later" not in {e.key for e in first}
    assert all(e.attempts == 1 and e.claim_token for e in first)
    assert not [
        e
        for e in claim(session, now, limit=10, lease_seconds=120, max_attempts=10)
        if e.key == "c.1"
    ]
    # When the lease runs out (the worker died), the message is claimed again, same key.
    again = claim(
        session, now + timedelta(seconds=121), limit=100, lease_seconds=120, max_attempts=10
    )
    assert "c.1" in {e.key for e in again}
    assert next(e for e in again if e.key == "c.1").attempts == 2


def test_results_are_recorded_with_backoff_then_dead_then_requeued(session: Session, now: datetime):
    enqueue(session, [draft("r.1")], now)
    rng = random.Random(1)
    t = now
    for attempt in (1, 2, 3):
        [env] = [
            e
            for e in claim(session, t, limit=100, lease_seconds=60, max_attempts=10)
            if e.key == "r.1"
        ]
        counts = record(session, [(env, Result("retry", "HTTP 500", 500))], t, BACKOFF, rng)
        m = message(session, "r.1")
        if attempt < 3:
            assert counts == {"retry": 1} and m.status == "pending"
            wait = (m.next_attempt_at - t).total_seconds()
            full = 60 * 2 ** (attempt - 1)
            assert full / 2 <= wait <= full  # exponential, with jitter
            t = m.next_attempt_at
        else:
            assert counts == {"dead": 1} and m.status == "dead" and m.last_error == "HTTP 500"
    assert [d.key for d in queries.dead_letters(session, 100)].count("r.1") == 1
    tries = session.scalars(
        select(DeliveryAttempt.outcome).where(DeliveryAttempt.message_id == m.id)
    ).all()
    assert tries == ["retry", "retry", "dead"]
    assert outbox.requeue(session, [m.id], t) == 1
    m = message(session, "r.1")
    assert (m.status, m.attempts, m.next_attempt_at) == ("pending", 0, t)


def test_sent_deferred_and_stale_results(session: Session, now: datetime):
    enqueue(session, [draft("s.1"), draft("s.2"), draft("s.3")], now)
    envs = {e.key: e for e in claim(session, now, limit=100, lease_seconds=60, max_attempts=10)}
    wake = now + timedelta(hours=9)
    counts = record(
        session,
        [
            (envs["s.1"], Result("sent", "ok", 200)),
            (envs["s.2"], Result("deferred", "quiet hours", retry_at=wake)),
        ],
        now,
        BACKOFF,
    )
    assert counts == {"sent": 1, "deferred": 1}
    # s.3's lease ran out and another worker took it: this worker's late result is ignored.
    taken = claim(
        session, now + timedelta(seconds=61), limit=100, lease_seconds=60, max_attempts=10
    )
    assert "s.3" in {e.key for e in taken} and "s.2" not in {e.key for e in taken}
    counts = record(session, [(envs["s.3"], Result("sent", "ok", 200))], now, BACKOFF)
    assert counts == {"stale": 1}
    s1, s2, s3 = (message(session, k) for k in ("s.1", "s.2", "s.3"))
    assert s1.status == "sent" and s1.sent_at == now
    assert s2.status == "pending" and s2.next_attempt_at == wake and s2.attempts == 0
    assert s3.status == "pending" and s3.attempts == 2  # belongs to the newer claim


def test_a_message_that_never_gets_recorded_ends_as_a_dead_letter(session: Session, now: datetime):
    enqueue(session, [draft("poison.1")], now)
    t = now
    for _ in range(3):  # claimed, then the worker dies before recording: every time
        assert [
            e.key
            for e in claim(session, t, limit=100, lease_seconds=60, max_attempts=3)
            if e.key == "poison.1"
        ] == ["poison.1"]
        t += timedelta(seconds=61)
    assert not [
        e
        for e in claim(session, t, limit=100, lease_seconds=60, max_attempts=3)
        if e.key == "poison.1"
    ]
    m = message(session, "poison.1")
    assert m.status == "dead" and m.last_error == "the worker was lost delivering it"


def test_a_cut_batch_gives_its_unsent_messages_back_at_once(session: Session, now: datetime):
    enqueue(session, [draft("cut.1")], now)
    [env] = [
        e
        for e in claim(session, now, limit=100, lease_seconds=60, max_attempts=3)
        if e.key == "cut.1"
    ]
    assert record(session, [(env, Result("released", "not sent"))], now, BACKOFF) == {"released": 1}
    m = message(session, "cut.1")
    assert (m.status, m.attempts, m.next_attempt_at, m.claim_token) == ("pending", 0, now, None)


# --- typed props, checked when queued -------------------------------------------------


def test_a_message_missing_a_fact_is_refused_when_queued_and_nothing_is_written(
    session: Session, now: datetime
):
    fine = Draft("typed.ok", NOTICE.name, "email", "a@example.test", PROPS, "owner")
    missing = Draft("typed.bad", NOTICE.name, "email", "b@example.test", {"text": "hi"}, "owner")
    with pytest.raises(MessageRefused, match="count"):
        enqueue(session, [fine, missing], now)
    keys = session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("typed.%")))
    assert list(keys) == []  # the good one did not go either: the change fails as a whole


@pytest.mark.parametrize(
    ("props", "audience", "channel", "why"),
    [
        (PROPS | {"count": 0}, "owner", "email", "count"),  # a count above zero
        (PROPS | {"count": "many"}, "owner", "email", "count"),  # wrong type
        (PROPS | {"extra": 1}, "owner", "email", "extra"),  # an unknown fact
        (PROPS, "staff", "email", "audience 'staff'"),  # no words for centre staff
        (PROPS, None, "email", "audience None"),
        (PROPS, "shop", "sms", "SMS"),  # shops get e-mail only
        (PROPS, "owner", "fax", "channel"),
    ],
)
def test_wrong_props_audiences_and_channels_are_refused(
    session: Session, now: datetime, props: dict[str, object], audience: str, channel: str, why: str
):
    d = Draft("typed.x", NOTICE.name, channel, "x@example.test", props, audience)  # type: ignore[arg-type]
    with pytest.raises(MessageRefused, match=why):
        enqueue(session, [d], now)


def test_an_unknown_kind_is_refused(session: Session, now: datetime):
    with pytest.raises(UnknownKind):
        enqueue(session, [Draft("typed.u", "no_such_kind", "webhook", "http://x", PROPS)], now)


def test_the_stored_message_keeps_its_props_reader_and_webhooks_no_private_facts(
    session: Session, now: datetime
):
    props = Notice(text="hi", count=3, secret="Mario Rossi")
    enqueue(
        session,
        [
            Draft("typed.mail", NOTICE.name, "email", "m@x.test", props, "owner", name="Mario"),
            Draft("typed.hook", NOTICE.name, "webhook", "http://127.0.0.1:9/x", props),
        ],
        now,
    )
    mail, hook = message(session, "typed.mail"), message(session, "typed.hook")
    told = {"text": "hi", "count": 3, "secret": "Mario Rossi", "audience": "owner", "name": "Mario"}
    assert mail.context == told
    assert hook.context == {"text": "hi", "count": 3}
