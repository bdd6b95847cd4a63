"""Writing and reading the audit log; every change outside a repair's history calls `record`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.access import audit_scope, require_may_read_audit
from aftersales.audit.models import AuditEntry
from aftersales.kernel.actors import Acting
from aftersales.kernel.clock import utcnow


class Action(StrEnum):
    """What happened to the record."""

    created = "created"
    updated = "updated"
    deleted = "deleted"
    revoked = "revoked"
    confirmed = "confirmed"
    rejected = "rejected"
    revealed = "revealed"  # a secret was shown to someone (an unlock code)


SECRET = "(secret)"


def plain(value: Any) -> Any:
    """Return a JSON-friendly copy of a field's value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(plain(v) for v in value)
    return value


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of a record as plain values, to compare before and after."""
    return {name: plain(getattr(obj, name)) for name in fields}


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return {field: [old, new]} for the fields that differ; a missing side is None."""
    old, new = old or {}, new or {}
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def record(
    session: Session,
    actor: Acting | None,
    action: Action,
    entity: str,
    entity_id: object,
    now: datetime | None = None,
    *,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    brand_id: int | None = None,
) -> AuditEntry | None:
    """Add an audit row for a change; nothing when an update changed no field."""
    changes = diff(old, new)
    if action == Action.updated and not changes:
        return None
    entry = AuditEntry(
        at=now or utcnow(),
        actor_id=actor.id if actor else None,
        actor_role=actor.role if actor else "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        brand_id=brand_id,
        changes=changes,
    )
    session.add(entry)
    return entry


def history(
    session: Session,
    entity: str,
    entity_id: object,
    *,
    limit: int = 50,
    before_id: int | None = None,
) -> list[AuditEntry]:
    """Return a record's audit rows, newest first, a page at a time (keyset on id)."""
    stmt = select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id)
    )
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return list(session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit)))


def entries(
    session: Session,
    actor: Acting,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    """Return the audit rows the actor may read, newest first, a page at a time (keyset on id)."""
    require_may_read_audit(actor)
    stmt = select(AuditEntry).where(audit_scope(actor))
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return list(session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit)))
