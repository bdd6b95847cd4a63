"""Turn phones into response shapes, with their warranty coverage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.access import owner_id_for
from aftersales.devices.models import Phone
from aftersales.devices.schemas import CoverageRead, PhoneRead
from aftersales.warranty.service import coverage


def phone_read(session: Session, phone: Phone, now: datetime, viewer: Account) -> PhoneRead:
    """Shape a phone with today's coverage, for this viewer."""
    cov = coverage(session, phone, now.date())
    return PhoneRead(
        id=phone.id,
        imei=phone.imei,
        serial=phone.serial,
        model_id=phone.model_id,
        model=phone.model.name,
        brand=phone.model.brand.name,
        owner_id=owner_id_for(viewer, phone.owner_id),
        purchase_date=phone.purchase_date,
        shop_id=phone.shop_id,
        country=phone.country,
        software_version=phone.software_version,
        coverage=CoverageRead(
            covered=cov.covered,
            kind=cov.kind,
            end_date=cov.end_date,
            maker_end_date=cov.maker_end_date,
            legal_end_date=cov.legal_end_date,
        ),
    )
