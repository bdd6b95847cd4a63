"""The audit log as the API answers it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEntryRead(BaseModel):
    """One change: who (account number for platform admins only), when, what, old → new."""

    id: int
    at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    entity: str
    entity_id: str
    changes: dict[str, Any]


class AuditPage(BaseModel):
    """A page of the audit log, newest first; `next_before_id` asks for the next one."""

    items: list[AuditEntryRead]
    next_before_id: int | None
