"""Who may see and change software: the software area's one policy.

Releases are reference data, as the catalogue's models: every signed-in account reads them.
A brand's admins (and platform admins) add and correct its models' releases and read how
many of its phones run the latest; version files are imported by the platform.
"""

from __future__ import annotations

from aftersales.catalog.access import may_change_brand
from aftersales.kernel.actors import Acting, is_platform
from aftersales.kernel.errors import Forbidden


def may_manage_releases(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor adds and corrects this brand's releases and reads its figures."""
    return may_change_brand(actor, brand_id)


def require_may_manage_releases(actor: Acting, brand_id: int) -> None:
    """Raise Forbidden unless the actor administers the brand (or the platform)."""
    if not may_manage_releases(actor, brand_id):
        raise Forbidden("Your account may not change this brand's software releases.")


def require_may_read_share(actor: Acting, brand_id: int) -> None:
    """Raise Forbidden unless the actor may read how many of the brand's phones are up to date."""
    if not may_manage_releases(actor, brand_id):
        raise Forbidden("Your account may not read this brand's figures.")


def require_may_import_versions(actor: Acting) -> None:
    """Raise Forbidden unless the actor may import versions in bulk (the platform)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not import software versions.")
