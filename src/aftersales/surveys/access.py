"""Who imports survey answers, and who reads which satisfaction figures (decision 214).

A brand's admins read their brand's answers (every centre and shop); a centre's manager the
answers about their centre, a shop's staff those handed in at their shop, platform admins all.
Technicians and owners read none: a report is for those who run a place, and a centre's few
answers a month would point at the technician who served them. The ranking of brands is the
platform's alone; everyone else ranks what lies inside their scope. Everyone else is told
there is no such report (404), as with any record that is not theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from aftersales.catalog.access import get_brand_for
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Forbidden, NotFound
from aftersales.surveys.queries import Scope

# What each role may rank, the first being its report's default.
RANKS = {
    "platform": ("brand", "centre", "shop", "model"),
    Role.brand_admin.value: ("centre", "shop", "model"),
    Role.centre_manager.value: ("shop", "model"),
    Role.shop_staff.value: ("model",),
}


@dataclass(frozen=True)
class Reader:
    """What the policy lets one reader see: their answers and what they may rank."""

    scope: Scope
    ranks: tuple[str, ...]
    platform: bool = False


def reader_for(session: Session, actor: Acting, brand_id: int | None = None) -> Reader:
    """Return the reader's scope, narrowed to `brand_id` if asked, or NotFound.

    A brand admin's `brand_id` must be theirs; a platform admin's picks any brand (and then
    ranks within it, as its admins would).
    """
    if is_platform(actor):
        if brand_id is None:
            return Reader(Scope(), RANKS["platform"], platform=True)
        brand = get_brand_for(session, actor, brand_id)
        return Reader(Scope(brand_id=brand.id), RANKS[Role.brand_admin.value], platform=True)
    role = str(actor.role)
    if role == Role.brand_admin and actor.brand_id is not None:
        if brand_id is not None and brand_id != actor.brand_id:
            raise NotFound("No such brand.")
        return Reader(Scope(brand_id=actor.brand_id), RANKS[role])
    if brand_id is not None:  # only admins pick a brand
        raise NotFound("No such brand.")
    if role == Role.centre_manager and actor.centre_id is not None:
        return Reader(Scope(centre_id=actor.centre_id), RANKS[role])
    if role == Role.shop_staff and actor.shop_id is not None:
        return Reader(Scope(shop_id=actor.shop_id), RANKS[role])
    raise NotFound("No such satisfaction report.")


def require_may_import(actor: Acting) -> None:
    """Raise Forbidden unless the actor may import survey answers (the platform, the CLI)."""
    if not is_platform(actor):
        raise Forbidden("Your account may not import survey answers.")
