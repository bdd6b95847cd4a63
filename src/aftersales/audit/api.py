"""Routes: reading the audit log (who changed what outside a repair's history, and when)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from aftersales.audit.access import shows_actor_id
from aftersales.audit.schemas import AuditEntryRead, AuditPage
from aftersales.audit.service import entries
from aftersales.http.deps import DbSession, Signed

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=AuditPage)
def audit_log(
    user: Signed,
    session: DbSession,
    entity: str | None = Query(None, max_length=40, description="e.g. sla_policy, account"),
    entity_id: str | None = Query(None, max_length=40, description="with entity: one record"),
    before_id: int | None = Query(None, ge=1, description="next_before_id of a page"),
    limit: int = Query(50, ge=1, le=200),
) -> AuditPage:
    """List the changes the caller may read, newest first (brand admins: their brand's)."""
    rows = entries(
        session, user, entity=entity, entity_id=entity_id, before_id=before_id, limit=limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    ids = shows_actor_id(user)
    return AuditPage(
        items=[
            AuditEntryRead(
                id=r.id,
                at=r.at,
                actor_id=r.actor_id if ids else None,
                actor_role=r.actor_role,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                changes=r.changes,
            )
            for r in rows
        ],
        next_before_id=rows[-1].id if more else None,
    )
