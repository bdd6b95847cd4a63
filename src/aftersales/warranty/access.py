"""Who may read and set warranty policies: the warranty area's one policy.

A brand's warranty terms are its admins' to read and set (platform admins: every brand's).
Others learn a phone's coverage, never the policy table.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from aftersales.catalog.access import require_brand_admin
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden
from aftersales.warranty.models import WarrantyPolicy


def require_may_read_policies(actor: Acting) -> None:
    """Raise Forbidden unless the actor reads warranty policies (brand and platform admins)."""
    if not (is_platform(actor) or actor.role == Role.brand_admin):
        raise Forbidden("Only brand and platform admins read policies.")


def policy_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the warranty policies the actor may read."""
    require_may_read_policies(actor)
    return true() if is_platform(actor) else WarrantyPolicy.brand_id == actor.brand_id


def require_may_set_policy(actor: Acting, brand_id: int) -> None:
    """Raise Forbidden unless the actor may set this brand's warranty terms."""
    require_brand_admin(actor, brand_id)
