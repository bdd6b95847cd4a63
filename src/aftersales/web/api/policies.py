"""Routes: warranty and SLA policies of a brand."""

from __future__ import annotations

from fastapi import APIRouter

from aftersales.accounts.models import Account, Role
from aftersales.accounts.permissions import require_brand
from aftersales.kernel.errors import Forbidden
from aftersales.sla import service as sla
from aftersales.sla.schemas import SlaPolicyIn, SlaPolicyRead
from aftersales.warranty import service as warranty
from aftersales.warranty.schemas import WarrantyPolicyIn, WarrantyPolicyRead
from aftersales.web.deps import DbSession, Now, User

router = APIRouter(tags=["policies"])


def _visible_brands(user: Account) -> set[int] | None:
    """Return the brands whose policies the user may read; None means all."""
    if user.role == Role.platform_admin:
        return None
    if user.role == Role.brand_admin and user.brand_id is not None:
        return {user.brand_id}
    raise Forbidden("Only brand and platform admins read policies.")


@router.get("/warranty-policies", response_model=list[WarrantyPolicyRead])
def list_warranty(user: User, session: DbSession) -> list[WarrantyPolicyRead]:
    """List warranty policies of the caller's brand (all for platform admins)."""
    brands = _visible_brands(user)
    rows = warranty.list_policies(session, None)
    return [
        WarrantyPolicyRead.model_validate(p) for p in rows if brands is None or p.brand_id in brands
    ]


@router.put("/warranty-policies", response_model=WarrantyPolicyRead)
def set_warranty(
    body: WarrantyPolicyIn, user: User, session: DbSession, now: Now
) -> WarrantyPolicyRead:
    """Set a brand's warranty terms in a country from a day on (today by default)."""
    require_brand(user, body.brand_id)
    policy = warranty.set_policy(
        session,
        body.brand_id,
        body.country,
        body.maker_months,
        body.legal_months,
        effective_from=body.effective_from_date or now.date(),
    )
    return WarrantyPolicyRead.model_validate(policy)


@router.get("/sla-policies", response_model=list[SlaPolicyRead])
def list_sla(user: User, session: DbSession) -> list[SlaPolicyRead]:
    """List SLA policies of the caller's brand (all for platform admins)."""
    brands = _visible_brands(user)
    return [
        SlaPolicyRead.model_validate(p)
        for p in sla.list_policies(session, None)
        if brands is None or p.brand_id in brands
    ]


@router.put("/sla-policies", response_model=SlaPolicyRead)
def set_sla(body: SlaPolicyIn, user: User, session: DbSession, now: Now) -> SlaPolicyRead:
    """Set a brand's SLA for a country and channel from a day on (today by default)."""
    require_brand(user, body.brand_id)
    terms = body.model_dump(exclude={"effective_from_date"})
    policy = sla.set_policy(session, **terms, effective_from=body.effective_from_date or now.date())
    return SlaPolicyRead.model_validate(policy)
