"""Who reads the audit log: platform admins all of it, a brand's admins their brand's rows."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from aftersales.audit.models import AuditEntry
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden
from aftersales.kernel.i18n import N_


def audit_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the audit rows this actor may read."""
    if is_platform(actor):
        return true()
    if actor.role == Role.brand_admin and actor.brand_id is not None:
        return AuditEntry.brand_id == actor.brand_id
    return false()


def require_may_read_audit(actor: Acting) -> None:
    """Refuse anyone but platform and brand admins."""
    if not (is_platform(actor) or actor.role == Role.brand_admin):
        raise Forbidden(N_("Only administrators read the audit log."))


def shows_actor_id(actor: Acting) -> bool:
    """Say whether the reader sees account numbers (platform admins only, decision 83)."""
    return is_platform(actor)
