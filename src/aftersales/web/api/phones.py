"""Routes: phones and their warranty coverage."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.devices import service as devices
from aftersales.devices.schemas import PhoneCreate, PhoneRead
from aftersales.kernel.errors import Forbidden
from aftersales.web.api.present import phone_read
from aftersales.web.deps import DbSession, Now, User
from aftersales.web.idempotent import Idem

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
    return [phone_read(session, p, now) for p in devices.list_phones(session, user, limit, offset)]


@router.post("/phones", response_model=PhoneRead, status_code=201)
def register_phone(
    body: PhoneCreate, user: User, session: DbSession, now: Now, idem: Idem
) -> PhoneRead:
    """Register a phone: owners their own, shops those they sold, admins any."""
    return idem.once(
        session, user, body, now, lambda: _register(body, user, session, now), PhoneRead
    )


def _register(body: PhoneCreate, user: Account, session: Session, now: datetime) -> PhoneRead:
    data = body.model_dump()
    if user.role == Role.owner:
        data["owner_id"] = user.id
    elif user.role == Role.shop_staff:
        data["shop_id"] = user.shop_id
    elif user.role != Role.platform_admin:
        raise Forbidden("Your account may not register phones.")
    phone = devices.register_phone(session, **data, today=now.date())
    return phone_read(session, phone, now)


@router.get("/phones/{phone_id}", response_model=PhoneRead)
def get_phone(phone_id: int, user: User, session: DbSession, now: Now) -> PhoneRead:
    """Return one phone with its warranty coverage today."""
    return phone_read(session, devices.get_phone_for(session, user, phone_id), now)
