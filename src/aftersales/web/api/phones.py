"""Routes: phones and their warranty coverage."""

from __future__ import annotations

from fastapi import APIRouter, Query

from aftersales.accounts.deps import User
from aftersales.accounts.owners import OwnerDetails
from aftersales.devices import service as devices
from aftersales.devices.access import get_phone_for
from aftersales.devices.schemas import PhoneCreate, PhoneRead
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.web.api.present import phone_read

router = APIRouter(tags=["phones"])


@router.get("/phones", response_model=list[PhoneRead])
def list_phones(
    user: User,
    session: DbSession,
    now: Now,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[PhoneRead]:
    """List the phones the caller may see."""
    phones = devices.list_phones(session, user, limit, offset)
    return [phone_read(session, p, now, user) for p in phones]


@router.post("/phones", response_model=PhoneRead, status_code=201)
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


@router.get("/phones/{phone_id}", response_model=PhoneRead)
def get_phone(phone_id: int, user: User, session: DbSession, now: Now) -> PhoneRead:
    """Return one phone with its warranty coverage today."""
    return phone_read(session, get_phone_for(session, user, phone_id), now, user)
