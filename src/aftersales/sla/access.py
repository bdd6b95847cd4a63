"""Who may read and set SLA policies: the sla area's one policy.

A brand's turnaround promises are its admins' to read and set (platform admins: every
brand's). A centre manager reads the promises that apply at their centre (the brands it
serves, in its country), as the manager's board shows them; nobody else reads the table.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select, true

from aftersales.catalog.access import require_brand_admin
from aftersales.catalog.models import ServiceCentre, centre_brand
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden
from aftersales.sla.models import SlaPolicy


def require_may_read_policies(actor: Acting) -> None:
    """Raise Forbidden unless the actor reads SLA policies: admins and centre managers."""
    if is_platform(actor) or actor.role == Role.brand_admin:
        return
    if actor.role == Role.centre_manager and actor.centre_id is not None:
        return
    raise Forbidden("Only brand and platform admins and centre managers read SLA policies.")


def policy_scope(actor: Acting) -> ColumnElement[bool]:
    """Return the condition selecting the SLA policies the actor may read."""
    require_may_read_policies(actor)
    if is_platform(actor):
        return true()
    if actor.role == Role.brand_admin:
        return SlaPolicy.brand_id == actor.brand_id
    served = select(centre_brand.c.brand_id).where(centre_brand.c.centre_id == actor.centre_id)
    country = select(ServiceCentre.country).where(ServiceCentre.id == actor.centre_id)
    return and_(SlaPolicy.brand_id.in_(served), SlaPolicy.country == country.scalar_subquery())


def require_may_set_policy(actor: Acting, brand_id: int) -> None:
    """Raise Forbidden unless the actor may set this brand's turnaround promises."""
    require_brand_admin(actor, brand_id)
