"""Answer a retried request with its first result instead of doing the work twice.

The key's row is written in the same transaction as the work it guards: either both are
committed or neither. A concurrent retry with the same key waits on the unique index
(PostgreSQL) or on the database lock (SQLite) and then sees the first answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.idempotency.models import IdempotentRequest
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_, Msg

MAX_KEY = 200


def request_hash(operation: str, body: Any) -> str:
    """Return a digest of what was asked, to tell a true retry from a reused key."""
    raw = json.dumps([operation, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def check_key(key: str) -> str:
    """Return the key stripped, or raise a field error a client's developer can act on."""
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValidationFailed(
            "Invalid Idempotency-Key header.",
            {
                "Idempotency-Key": Msg(
                    "Use 1 to %(n)s printable characters, e.g. a UUID.", n=MAX_KEY
                )
            },
        )
    return key


def run_once(
    session: Session,
    *,
    account_id: int,
    key: str,
    operation: str,
    body: Any,
    now: datetime,
    work: Callable[[], dict[str, Any]],
    status_code: int,
) -> tuple[dict[str, Any], bool]:
    """Do `work` once per (account, key); return its JSON answer and whether it was replayed."""
    key = check_key(key)
    digest = request_hash(operation, body)
    found = _find(session, account_id, key)
    if found is None:
        row = IdempotentRequest(
            account_id=account_id,
            key=key,
            operation=operation,
            request_hash=digest,
            status_code=status_code,
            created_at=now,
        )
        if _reserve(session, row):
            answer = work()
            row.response = answer
            session.flush()
            return answer, False
        found = _find(session, account_id, key)  # a concurrent first try has committed
    if found is None:  # pragma: no cover - the unique index fired, so the row exists
        raise Conflict("A request with this Idempotency-Key is still being processed.")
    if found.request_hash != digest:
        raise ValidationFailed(
            "This Idempotency-Key was already used for a different request.",
            {"Idempotency-Key": N_("Use a new key for a new request; reuse it only to retry.")},
        )
    return found.response, True


def _reserve(session: Session, row: IdempotentRequest) -> bool:
    """Insert the key's row; False when a concurrent request with the key committed first.

    PostgreSQL waits on the unique index and a savepoint undoes the failed insert. pysqlite
    has no usable savepoints here (it would commit at RELEASE), so on SQLite the failed
    insert rolls the transaction back; it is the request's first write that matters (at
    most a token's last-used time goes with it).
    """
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.add(row)
            session.flush()
        else:
            with session.begin_nested():
                session.add(row)
                session.flush()
    except IntegrityError:
        if session.get_bind().dialect.name == "sqlite":
            session.rollback()
        return False
    return True


def _find(session: Session, account_id: int, key: str) -> IdempotentRequest | None:
    return session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.account_id == account_id, IdempotentRequest.key == key
        )
    )


def forget_before(session: Session, before: datetime) -> int:
    """Delete answers older than `before` (they hold personal data; retries come within hours)."""
    result = session.execute(delete(IdempotentRequest).where(IdempotentRequest.created_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
