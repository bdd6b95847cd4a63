"""Routes: the SLA policies of a brand."""

from __future__ import annotations

from fastapi import APIRouter

from aftersales.accounts.deps import User
from aftersales.http.deps import DbSession, Now
from aftersales.sla import access as sla_access
from aftersales.sla import service as sla
from aftersales.sla.schemas import SlaPolicyIn, SlaPolicyRead

router = APIRouter(tags=["policies"])


@router.get("/sla-policies", response_model=list[SlaPolicyRead])
def list_sla(user: User, session: DbSession) -> list[SlaPolicyRead]:
    """List SLA policies: of the caller's brand, at the manager's centre, all for admins."""
    rows = sla.list_policies(session, None, sla_access.policy_scope(user))
    return [SlaPolicyRead.model_validate(p) for p in rows]


@router.put("/sla-policies", response_model=SlaPolicyRead)
def set_sla(body: SlaPolicyIn, user: User, session: DbSession, now: Now) -> SlaPolicyRead:
    """Set a brand's SLA for a country and channel from a day on (today by default)."""
    terms = body.model_dump(exclude={"effective_from_date"})
    policy = sla.set_policy(
        session,
        user,
        **terms,
        effective_from=body.effective_from_date or now.date(),
        today=now.date(),
    )
    return SlaPolicyRead.model_validate(policy)
