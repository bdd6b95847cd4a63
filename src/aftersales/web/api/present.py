"""Turn models into response shapes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import ModelTac, PhoneModel, ServiceCentre, TacStatus
from aftersales.catalog.schemas import CentreRead, ModelRead, TacRead
from aftersales.devices.access import owner_id_for
from aftersales.devices.models import Phone
from aftersales.devices.schemas import CoverageRead, PhoneRead
from aftersales.warranty.service import coverage


def model_read(model: PhoneModel) -> ModelRead:
    """Shape a phone model."""
    return ModelRead(
        id=model.id,
        brand_id=model.brand_id,
        name=model.name,
        release_date=model.release_date,
        end_of_sale_date=model.end_of_sale_date,
        tacs=[t.tac for t in model.tacs if t.status == TacStatus.confirmed],
        pending_tacs=[t.tac for t in model.tacs if t.status == TacStatus.pending],
    )


def tac_read(row: ModelTac) -> TacRead:
    """Shape a TAC with its claim."""
    return TacRead(
        tac=row.tac,
        status=row.status,
        model_id=row.model_id,
        model_name=row.model.name,
        brand_id=row.model.brand_id,
        claimed_at=row.claimed_at,
        claimed_by=row.claimed_by,
        confirmed_at=row.confirmed_at,
        confirmed_by=row.confirmed_by,
    )


def centre_read(centre: ServiceCentre) -> CentreRead:
    """Shape a service centre."""
    return CentreRead(
        id=centre.id,
        name=centre.name,
        city=centre.city,
        country=centre.country,
        timezone=centre.timezone,
        working_week=centre.working_week,
        address=centre.address,
        latitude=centre.latitude,
        longitude=centre.longitude,
        brand_ids=[b.id for b in centre.brands],
    )


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
