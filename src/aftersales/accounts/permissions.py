"""Role checks shared by every area's permission helpers."""

from __future__ import annotations

from aftersales.accounts.models import Account, Role
from aftersales.kernel.errors import Forbidden

STAFF = frozenset(
    {Role.shop_staff, Role.technician, Role.centre_manager, Role.brand_admin, Role.platform_admin}
)
CENTRE_ROLES = frozenset({Role.technician, Role.centre_manager})


def require_role(actor: Account, *roles: Role) -> None:
    """Raise Forbidden unless the actor has one of these roles (platform admins always pass)."""
    if actor.role == Role.platform_admin or actor.role in roles:
        return
    raise Forbidden("Your account may not do this.")


def require_brand(actor: Account, brand_id: int) -> None:
    """Raise Forbidden unless the actor administers this brand (or the platform)."""
    if actor.role == Role.platform_admin:
        return
    if actor.role == Role.brand_admin and actor.brand_id == brand_id:
        return
    raise Forbidden("Your account may not change this brand's settings.")
