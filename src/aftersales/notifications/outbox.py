"""The transactional outbox: queue messages with a change, claim them, record how they went.

A message is queued in the transaction of the change it announces and sent after commit by
the worker. Claiming takes a lease: the message stays `pending` with `next_attempt_at` moved
past the lease and a `claim_token`; recording checks that token, so a worker whose lease ran
out cannot overwrite what the next one did. A worker that dies leaves the lease to expire,
and the message is tried again with the same key (at least once, never silently lost).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.db import insert_ignoring_conflicts
from aftersales.notifications.kinds import KINDS, Audience, Props
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint

MUTED = "outbox_muted"  # session.info flag: history being replayed (demo data) is not news
Outcome = Literal["sent", "retry", "dead", "dropped", "deferred", "released"]


@dataclass(frozen=True)
class Draft:
    """A message to queue: who, how, what about; `key` makes queueing it twice a no-op.

    `props` are checked against the kind's model when queued; `audience` says whose words an
    e-mail or SMS carries (webhooks carry the kind's payload, for no audience); `about_id`
    names the record the message is about, in the table of the area that owns the kind.
    """

    key: str
    kind: str
    channel: str
    recipient: str
    props: Props | Mapping[str, Any]
    audience: Audience | None = None
    language: str = "en"
    name: str | None = None
    account_id: int | None = None
    endpoint_id: int | None = None
    about_id: int | None = None
    timezone: str = "UTC"
    country: str | None = None
    # Messages of one batch go as one (see OutboxMessage.batch_key); `urgent` takes what the
    # batch holds and goes at once, ending the batch.
    batch: str | None = None
    urgent: bool = False
    # The brand's name and colour for an owner's mail ({"name": ..., "colour": ...}).
    look: Mapping[str, str | None] | None = None


# Given a held message's kind and stored context and a later draft of its batch, the area
# that owns the kind returns the draft to store in its place (the later news, saying the
# earlier).
Fold = Callable[[str, Mapping[str, Any], Draft], Draft]


@dataclass(frozen=True)
class Envelope:
    """A claimed message, detached from the session, with what its channel needs."""

    id: int
    key: str
    kind: str
    channel: str
    recipient: str
    language: str
    context: dict[str, Any]
    account_id: int | None
    endpoint_id: int | None
    timezone: str
    country: str | None
    attempts: int
    created_at: datetime
    claim_token: str = ""
    secret: str = ""
    endpoint_active: bool = True
    wanted: bool = True  # false: the owner turned this channel off after it was queued


@dataclass(frozen=True)
class Result:
    """How one delivery went."""

    outcome: Outcome
    detail: str = ""
    status_code: int | None = None
    duration_ms: int = 0
    retry_at: datetime | None = None  # for "deferred" (quiet hours)
    unreachable: bool = False  # no connection at all: the rest of the batch need not try


@dataclass(frozen=True)
class Backoff:
    """When to try again: exponential from `base` seconds, capped, with jitter; then dead."""

    max_attempts: int = 10
    base: float = 30.0
    cap: float = 6 * 3600.0

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        """Return seconds before the next try after `attempts` tries ("equal jitter")."""
        full = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return full / 2 + (rng or random).uniform(0, full / 2)


def enqueue(
    session: Session, drafts: Iterable[Draft], now: datetime, fold: Fold | None = None
) -> int:
    """Queue messages in the caller's transaction; return how many were new (keys dedupe).

    Each draft is checked first (MessageRefused, before anything is written): a known kind,
    props that fit its model, and words for its audience on its channel. With `fold`, a
    draft whose batch holds an unsent message replaces it (it counts as new) rather than
    being queued beside it.
    """
    if session.info.get(MUTED):
        return 0
    drafts = list(drafts)
    rows = [_row(d, now) for d in drafts]
    folded = 0
    if fold is not None:
        kept = []
        for draft, row in zip(drafts, rows, strict=True):
            message = held(session, draft.batch) if draft.batch else None
            new = _fold(session, message, draft, fold, now) if message is not None else None
            if new is None:
                kept.append(row)
            else:
                folded += new
        rows = kept
    if not rows:
        return folded
    # RETURNING, as rowcount is not reliable for multi-row inserts.
    stmt = insert_ignoring_conflicts(session, OutboxMessage, rows).returning(OutboxMessage.id)
    return folded + len(session.execute(stmt).all())


def _unsent() -> list[Any]:
    """Return the condition of a message no worker has taken: pending, unclaimed, never tried."""
    return [
        OutboxMessage.status == "pending",
        OutboxMessage.claim_token.is_(None),
        OutboxMessage.attempts == 0,
    ]


def held(session: Session, batch: str) -> OutboxMessage | None:
    """Return the batch's unsent message, locked against a worker's claim, if there is one.

    A worker that claimed it first leaves nothing to find (its claim is committed before it
    sends); one that comes second skips the locked row (SKIP LOCKED) or finds it changed.
    """
    return session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.batch_key == batch, *_unsent())
        .order_by(OutboxMessage.id.desc())
        .limit(1)
        .with_for_update()
    )


def _fold(
    session: Session, message: OutboxMessage, draft: Draft, fold: Fold, now: datetime
) -> int | None:
    """Put a later draft of the batch in the held message's place.

    Return 1, or 0 when the message holds this draft already (queued twice), or None when
    a worker took the message meanwhile (the draft is then queued on its own).
    """
    context = dict(message.context or {})
    seen = [message.key, *context.get("folded", [])]
    if draft.key[:120] in seen:
        return 0
    merged = fold(message.kind, context, draft)
    values = _row(merged, now)
    values["context"] |= {"folded": [*seen[1:], draft.key[:120]]}
    for kept in ("key", "created_at", "status", "attempts"):  # the batch's first moment holds
        del values[kept]
    if not draft.urgent:
        values["next_attempt_at"] = message.next_attempt_at
    values["batch_key"] = None if draft.urgent else message.batch_key
    changed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, *_unsent())
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.expire(message)
    return 1 if changed.rowcount else None  # type: ignore[attr-defined]


def _context(d: Draft) -> dict[str, Any]:
    """Return what the message stores: checked props, and who reads it (not for webhooks)."""
    kind = KINDS.get(d.kind)
    props = kind.check(d.props)
    if d.channel == "webhook":
        return kind.webhook(props)
    kind.writer(d.audience, d.channel)
    look = dict(d.look) if d.look else None
    to = {"audience": d.audience, "name": d.name, "account_id": d.account_id, "look": look}
    return props.model_dump(mode="json") | {k: v for k, v in to.items() if v is not None}


def _row(d: Draft, now: datetime) -> dict[str, Any]:
    return {
        "key": d.key[:120],
        "kind": d.kind,
        "channel": d.channel,
        "recipient": d.recipient,
        "language": d.language,
        "context": _context(d),
        "account_id": d.account_id,
        "endpoint_id": d.endpoint_id,
        "about_id": d.about_id,
        "timezone": d.timezone,
        "country": d.country,
        "batch_key": None if d.urgent else d.batch,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def claim(
    session: Session,
    now: datetime,
    *,
    limit: int,
    lease_seconds: float,
    max_attempts: int,
    hold_seconds: float = 0,
) -> list[Envelope]:
    """Take up to `limit` due messages for this worker; the caller commits at once.

    A message of a batch is due `hold_seconds` after the batch's first news was queued, so
    that later news within that time go with it.

    On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so workers running at the
    same time take disjoint sets; the UPDATE checks again that each row is still due, which
    keeps two claimers apart on SQLite too. A due message that has used all its attempts
    was claimed and never recorded, again and again (its sending kills or hangs the worker):
    it becomes a dead letter instead of taking its batch down with it once more.
    """
    due = (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)
    if hold_seconds > 0:
        ripe = OutboxMessage.created_at <= now - timedelta(seconds=hold_seconds)
        due &= or_(OutboxMessage.batch_key.is_(None), ripe)
    session.execute(
        update(OutboxMessage)
        .where(due, OutboxMessage.attempts >= max_attempts)
        .values(status="dead", claim_token=None, last_error="the worker was lost delivering it")
    )
    pick = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(pick))
    if not ids:
        return []
    token = secrets.token_hex(16)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), due)
        .values(
            claim_token=token,
            next_attempt_at=now + timedelta(seconds=lease_seconds),
            attempts=OutboxMessage.attempts + 1,
        )
    )
    rows = session.execute(
        select(OutboxMessage, WebhookEndpoint, Account)
        .outerjoin(WebhookEndpoint, WebhookEndpoint.id == OutboxMessage.endpoint_id)
        .outerjoin(Account, Account.id == OutboxMessage.account_id)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claim_token == token)
        .order_by(OutboxMessage.id)
    ).all()
    return [_envelope(m, e, token, _wanted(m, a)) for m, e, a in rows]


def _wanted(m: OutboxMessage, account: Account | None) -> bool:
    """Tell whether the owner still wants news on this channel (checked again at sending)."""
    if account is None or (m.context or {}).get("audience") != "owner":
        return True
    if not account.is_active:
        return False
    return account.notify_email if m.channel == "email" else account.notify_sms


def _envelope(
    m: OutboxMessage, endpoint: WebhookEndpoint | None, token: str, wanted: bool
) -> Envelope:
    return Envelope(
        id=m.id,
        key=m.key,
        kind=m.kind,
        channel=m.channel,
        recipient=endpoint.url if endpoint else m.recipient,
        language=m.language,
        context=dict(m.context or {}),
        account_id=m.account_id,
        endpoint_id=m.endpoint_id,
        timezone=m.timezone,
        country=m.country,
        attempts=m.attempts,
        created_at=m.created_at,
        claim_token=token,
        secret=endpoint.secret if endpoint else "",
        endpoint_active=endpoint.active if endpoint else True,
        wanted=wanted,
    )


def record(
    session: Session,
    done: Iterable[tuple[Envelope, Result]],
    now: datetime,
    backoff: Backoff,
    rng: random.Random | None = None,
) -> dict[str, int]:
    """Write each delivery's outcome and attempt row; return counts by final outcome."""
    counts: dict[str, int] = {}
    for env, result in done:
        outcome: str = result.outcome
        if outcome == "retry" and env.attempts >= backoff.max_attempts:
            outcome = "dead"
        values: dict[str, Any] = {"claim_token": None, "last_error": result.detail or None}
        if outcome == "sent":
            values |= {"status": "sent", "sent_at": now, "last_error": None}
        elif outcome == "retry":
            values["next_attempt_at"] = now + timedelta(seconds=backoff.delay(env.attempts, rng))
        elif outcome in ("deferred", "released"):  # quiet hours, a cut batch: not a try
            values |= {
                "next_attempt_at": result.retry_at or now,
                "attempts": OutboxMessage.attempts - 1,
            }
        else:  # dead or dropped
            values["status"] = outcome
        changed = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == env.id,
                OutboxMessage.claim_token == env.claim_token,
            )
            .values(**values)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]
            outcome = "stale"  # the lease ran out and another worker took the message over
        elif result.status_code == 410 and env.endpoint_id is not None:
            _disable(session, env.endpoint_id, now, "The receiver answered 410 Gone.")
        session.add(
            DeliveryAttempt(
                message_id=env.id,
                at=now,
                outcome=outcome if outcome != "stale" else result.outcome,
                status_code=result.status_code,
                detail=(result.detail or "")[:2000],
                duration_ms=result.duration_ms,
            )
        )
        counts[outcome] = counts.get(outcome, 0) + 1
    session.flush()
    return counts


def _disable(session: Session, endpoint_id: int, now: datetime, reason: str) -> None:
    session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.active.is_(True))
        .values(active=False, disabled_at=now, disabled_reason=reason)
    )


def requeue(session: Session, ids: list[int] | None, now: datetime) -> int:
    """Put dead letters back in the queue (all of them when `ids` is None); return how many."""
    stmt = update(OutboxMessage).where(OutboxMessage.status == "dead")
    if ids is not None:
        stmt = stmt.where(OutboxMessage.id.in_(ids))
    result = session.execute(
        stmt.values(status="pending", attempts=0, next_attempt_at=now, claim_token=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
