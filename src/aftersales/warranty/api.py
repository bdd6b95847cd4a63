"""Routes: phones with their warranty coverage, and the warranty policies of a brand.

The phones' routes are here rather than in `devices` because each answer says the phone's
coverage, which the warranty area (above devices) works out.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from aftersales.accounts.deps import User
from aftersales.accounts.owners import OwnerDetails
from aftersales.devices import service as devices
from aftersales.devices.access import get_phone_for
from aftersales.devices.schemas import PhoneCreate, PhoneRead
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.warranty import access as warranty_access
from aftersales.warranty import service as warranty
from aftersales.warranty.present import phone_read
from aftersales.warranty.schemas import WarrantyPolicyIn, WarrantyPolicyRead

router = APIRouter()  # two parts of the API: each route names its tag


@router.get("/phones", response_model=list[PhoneRead], tags=["phones"])
def list_phones(
    user: User,
    session: DbSession,
    now: Now,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000),
    imei: str | None = Query(None, max_length=40, description="find one phone by its IMEI"),
) -> list[PhoneRead]:
    """List the phones the caller may see, newest first; `imei` finds one.

    A phone the caller may not see gives an empty list, as an unregistered one does.
    """
    phones = devices.list_phones(session, user, limit, offset, imei)
    return [phone_read(session, p, now, user) for p in phones]


@router.post("/phones", response_model=PhoneRead, status_code=201, tags=["phones"])
def register_phone(
    body: PhoneCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> PhoneRead:
    """Register a phone: owners their own, shops those they sold (owner by details), admins any."""

    def work() -> PhoneRead:
        data = body.model_dump(exclude={"owner"})
        owner = OwnerDetails(**body.owner.model_dump()) if body.owner else None
        phone = devices.register_as(session, user, **data, owner=owner, today=now.date())
        return phone_read(session, phone, now, user)

    return idem.once(session, user, body, now, work, PhoneRead)


@router.get("/phones/{phone_id}", response_model=PhoneRead, tags=["phones"])
def get_phone(phone_id: int, user: User, session: DbSession, now: Now) -> PhoneRead:
    """Return one phone with its warranty coverage today."""
    return phone_read(session, get_phone_for(session, user, phone_id), now, user)


@router.get("/warranty-policies", response_model=list[WarrantyPolicyRead], tags=["policies"])
def list_warranty(user: User, session: DbSession) -> list[WarrantyPolicyRead]:
    """List warranty policies of the caller's brand (all for platform admins)."""
    rows = warranty.list_policies(session, None, warranty_access.policy_scope(user))
    return [WarrantyPolicyRead.model_validate(p) for p in rows]


@router.put("/warranty-policies", response_model=WarrantyPolicyRead, tags=["policies"])
def set_warranty(
    body: WarrantyPolicyIn, user: User, session: DbSession, now: Now
) -> WarrantyPolicyRead:
    """Set a brand's warranty terms in a country from a day on (today by default)."""
    policy = warranty.set_policy(
        session,
        user,
        body.brand_id,
        body.country,
        body.maker_months,
        body.legal_months,
        effective_from=body.effective_from_date or now.date(),
        today=now.date(),
    )
    return WarrantyPolicyRead.model_validate(policy)
