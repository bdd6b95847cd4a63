"""Who may see and change support commitments and exits: the support area's one policy.

A brand's admins (and platform admins) read and set its models' commitments and its exit
statement. Everyone else is told the model or brand is not there (404), as with every record
they may not see; owners read the support of their own phones on their phones' page.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.catalog.access import get_brand_for, may_change_brand
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import NotFound


def may_manage_support(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor reads and sets this brand's commitments and exit."""
    return may_change_brand(actor, brand_id)


def model_for(session: Session, actor: Acting, model_id: int) -> PhoneModel:
    """Return a model whose commitments the actor manages, or the same NotFound as a missing one."""
    model = session.get(PhoneModel, model_id)
    if model is None or not may_manage_support(actor, model.brand_id):
        raise NotFound("No such phone model.")
    return model


def brand_for(session: Session, actor: Acting, brand_id: int) -> Brand:
    """Return a brand whose exit the actor manages, or the same NotFound as a missing one."""
    return get_brand_for(session, actor, brand_id)
