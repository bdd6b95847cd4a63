"""Which maker a TAC belongs to: brand admins claim TACs, platform admins confirm them.

The catalogue keeps the TACs; the rule that a TAC may not take phones already known as
another brand's needs the phones, which live here, above the catalogue.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.catalog import service as catalog
from aftersales.catalog.access import (
    pending_tacs_brand,
    require_brand_admin,
    require_tac_confirmer,
    tacs_wait,
)
from aftersales.catalog.models import ModelTac, PhoneModel
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_


def _check_not_anothers(session: Session, brand_id: int, tacs: list[str]) -> None:
    """Refuse TACs that start the IMEIs of phones registered as another brand's models."""
    if not tacs:
        return
    # A range per TAC rather than LIKE 'tac%': IMEIs are 15 digits, and a range uses the
    # unique index on imei whatever the database's collation.
    ranges = [Phone.imei.between(t + "0" * 7, t + "9" * 7) for t in tacs]
    imeis = session.scalars(
        select(Phone.imei)
        .join(PhoneModel, Phone.model_id == PhoneModel.id)
        .where(or_(*ranges), PhoneModel.brand_id != brand_id)
    ).all()
    used = sorted({imei[:8] for imei in imeis})
    if used:
        raise catalog.TacsTaken(
            N_("These TACs are in use by another brand's phones: %(tacs)s."), used
        )


def create_model(
    session: Session,
    actor: Acting,
    *,
    brand_id: int,
    name: str,
    tacs: list[str],
    release_date: date | None,
    end_of_sale_date: date | None,
    now: datetime,
) -> PhoneModel:
    """Create a model of a brand the actor administers; a brand admin's TACs wait."""
    require_brand_admin(actor, brand_id)
    # A malformed TAC is said by create_model, together with the other fields' problems.
    with suppress(ValidationFailed):
        _check_not_anothers(session, brand_id, catalog.check_tacs(tacs))
    return catalog.create_model(
        session,
        actor,
        brand_id,
        name,
        tacs,
        release_date,
        end_of_sale_date,
        pending=tacs_wait(actor),
        by=actor.id,
        now=now,
    )


def claim(
    session: Session, actor: Acting, model_id: int, tacs: list[str], now: datetime
) -> PhoneModel:
    """Add TACs to a model of the actor's brand; a brand admin's wait for a platform admin."""
    model = catalog.get_model(session, model_id)
    require_brand_admin(actor, model.brand_id)
    tacs = catalog.check_tacs(tacs)
    _check_not_anothers(session, model.brand_id, tacs)
    pending = tacs_wait(actor)
    catalog.add_tacs(session, model, tacs, pending=pending, by=actor.id, now=now)
    for tac in tacs:
        state = "pending" if pending else "confirmed"
        record(session, actor, Action.created, "model_tac", tac, now,
               new={"model_id": model.id, "status": state}, brand_id=model.brand_id)  # fmt: skip
    return model


def waiting(session: Session, actor: Acting) -> list[ModelTac]:
    """Return the claims waiting for confirmation: all for platform admins, a brand's own."""
    return catalog.pending_tacs(session, pending_tacs_brand(actor))


def confirm(session: Session, actor: Acting, tac: str, now: datetime) -> ModelTac:
    """Confirm a claim (platform admins); refused if another brand's phones have the TAC."""
    require_tac_confirmer(actor)
    row = catalog.get_tac(session, tac)
    _check_not_anothers(session, row.model.brand_id, [row.tac])
    confirmed = catalog.confirm_tac(session, row, actor.id, now)
    record(session, actor, Action.confirmed, "model_tac", tac, now,
           new={"model_id": row.model_id}, brand_id=row.model.brand_id)  # fmt: skip
    return confirmed


def reject(session: Session, actor: Acting, tac: str) -> None:
    """Refuse a claim (platform admins): the TAC is free again."""
    require_tac_confirmer(actor)
    row = catalog.get_tac(session, tac)
    model_id, brand_id = row.model_id, row.model.brand_id
    catalog.reject_tac(session, row)
    record(session, actor, Action.rejected, "model_tac", tac,
           old={"model_id": model_id}, brand_id=brand_id)  # fmt: skip
