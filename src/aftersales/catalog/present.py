"""Turn the catalogue's rows into response shapes."""

from __future__ import annotations

from aftersales.catalog.models import ModelTac, PhoneModel, ServiceCentre, TacStatus
from aftersales.catalog.schemas import CentreRead, ModelRead, TacRead


def model_read(model: PhoneModel) -> ModelRead:
    """Shape a phone model."""
    return ModelRead(
        id=model.id,
        brand_id=model.brand_id,
        name=model.name,
        release_date=model.release_date,
        end_of_sale_date=model.end_of_sale_date,
        retired_at=model.retired_at,
        version=model.version,
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
        opening_hours=centre.opening_hours,
        version=centre.version,
    )
