"""Which maker a TAC belongs to: brand admins claim TACs, platform admins confirm them.

The catalogue keeps the TACs; the rule that a TAC may not take phones already known as
another brand's needs the phones, which live here, above the catalogue.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.accounts.permissions import require_brand, require_role
from aftersales.catalog import service as catalog
from aftersales.catalog.models import ModelTac, PhoneModel
from aftersales.devices.models import Phone
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


def _pending(actor: Account) -> bool:
    """A platform admin's TACs count at once; anyone else's wait for one."""
    return actor.role != Role.platform_admin


def create_model(
    session: Session,
    actor: Account,
    *,
    brand_id: int,
    name: str,
    tacs: list[str],
    release_date: date | None,
    end_of_sale_date: date | None,
    now: datetime,
) -> PhoneModel:
    """Create a model of a brand the actor administers; a brand admin's TACs wait."""
    require_brand(actor, brand_id)
    # A malformed TAC is said by create_model, together with the other fields' problems.
    with suppress(ValidationFailed):
        _check_not_anothers(session, brand_id, catalog.check_tacs(tacs))
    return catalog.create_model(
        session,
        brand_id,
        name,
        tacs,
        release_date,
        end_of_sale_date,
        pending=_pending(actor),
        by=actor.id,
        now=now,
    )


def claim(
    session: Session, actor: Account, model_id: int, tacs: list[str], now: datetime
) -> PhoneModel:
    """Add TACs to a model of the actor's brand; a brand admin's wait for a platform admin."""
    model = catalog.get_model(session, model_id)
    require_brand(actor, model.brand_id)
    tacs = catalog.check_tacs(tacs)
    _check_not_anothers(session, model.brand_id, tacs)
    catalog.add_tacs(session, model, tacs, pending=_pending(actor), by=actor.id, now=now)
    return model


def waiting(session: Session, actor: Account) -> list[ModelTac]:
    """Return the claims waiting for confirmation: all for platform admins, a brand's own."""
    if actor.role == Role.platform_admin:
        return catalog.pending_tacs(session)
    require_role(actor, Role.brand_admin)
    return catalog.pending_tacs(session, actor.brand_id)


def confirm(session: Session, actor: Account, tac: str, now: datetime) -> ModelTac:
    """Confirm a claim (platform admins); refused if another brand's phones have the TAC."""
    require_role(actor, Role.platform_admin)
    row = catalog.get_tac(session, tac)
    _check_not_anothers(session, row.model.brand_id, [row.tac])
    return catalog.confirm_tac(session, row, actor.id, now)


def reject(session: Session, actor: Account, tac: str) -> None:
    """Refuse a claim (platform admins): the TAC is free again."""
    require_role(actor, Role.platform_admin)
    catalog.reject_tac(session, catalog.get_tac(session, tac))
