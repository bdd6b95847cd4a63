"""Who may read the commitment dashboard: the care area's one policy.

A brand's admins read their brand's dashboard, platform admins any brand's. Everyone else is
told the brand or model is not there (404), as with every record they may not see.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.catalog.access import get_brand_for, may_change_brand
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import NotFound


def may_read_care(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor reads this brand's commitment dashboard."""
    return may_change_brand(actor, brand_id)


def brand_for(session: Session, actor: Acting, brand_id: int) -> Brand:
    """Return a brand whose dashboard the actor reads, or the same NotFound as a missing one."""
    return get_brand_for(session, actor, brand_id)


def model_for(session: Session, actor: Acting, model_id: int) -> PhoneModel:
    """Return a model whose dashboard the actor reads, or the same NotFound as a missing one."""
    model = session.get(PhoneModel, model_id)
    if model is None or not may_read_care(actor, model.brand_id):
        raise NotFound("No such phone model.")
    return model
