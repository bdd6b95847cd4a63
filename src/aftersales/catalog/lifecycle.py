"""A phone model's life: its name and dates edited, retired and brought back by its brand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import require_brand_admin
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.places import check_version
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import SHORT, check_texts

MODEL_FIELDS = ("name", "release_date", "end_of_sale_date", "retired_at")
UNSET: Any = object()  # a field the edit leaves as it is (None clears a date)
RETIRED = N_(
    "This model is retired: no new phones or bookings of it are taken. Repairs under way go on."
)


def update_model(
    session: Session,
    actor: Acting,
    model: PhoneModel,
    version: int | None,
    *,
    name: str | None = None,
    release_date: date | None = UNSET,
    end_of_sale_date: date | None = UNSET,
) -> PhoneModel:
    """Change a model's name or life-cycle dates (its brand's admins, platform admins)."""
    require_brand_admin(actor, model.brand_id)
    check_version(model.version, version)
    new_name = model.name if name is None else name.strip()
    released = model.release_date if release_date is UNSET else release_date
    ends = model.end_of_sale_date if end_of_sale_date is UNSET else end_of_sale_date
    errors: dict[str, str] = {}
    if not new_name:
        errors["name"] = N_("A name is required.")
    check_texts(errors, SHORT, name=new_name)
    if released and ends and ends < released:
        errors["end_of_sale_date"] = N_("The end of sale cannot be before the release.")
    if errors:
        raise ValidationFailed(N_("The changes cannot be saved."), errors)
    if new_name != model.name and session.scalar(
        select(PhoneModel.id).where(
            PhoneModel.brand_id == model.brand_id,
            PhoneModel.name == new_name,
            PhoneModel.id != model.id,
        )
    ):
        raise Conflict(Msg("The brand already has a model named '%(name)s'.", name=new_name))
    old = snapshot(model, MODEL_FIELDS)
    model.name, model.release_date, model.end_of_sale_date = new_name, released, ends
    session.flush()
    _audit(session, actor, model, old)
    return model


def retire_model(
    session: Session, actor: Acting, model: PhoneModel, now: datetime, *, retired: bool = True
) -> PhoneModel:
    """Retire a model (no new phones or bookings of it), or bring it back with `retired=False`."""
    require_brand_admin(actor, model.brand_id)
    old = snapshot(model, MODEL_FIELDS)
    if retired and model.retired_at is None:
        model.retired_at = now
    elif not retired:
        model.retired_at = None
    session.flush()
    _audit(session, actor, model, old, now)
    return model


def _audit(
    session: Session,
    actor: Acting,
    model: PhoneModel,
    old: dict[str, Any],
    now: datetime | None = None,
) -> None:
    record(session, actor, Action.updated, "phone_model", model.id, now, old=old,
           new=snapshot(model, MODEL_FIELDS), brand_id=model.brand_id)  # fmt: skip


def refuse_retired(model: PhoneModel, field: str = "model_id") -> None:
    """Raise on a field when the model is retired: no new phones or bookings of it."""
    if model.retired_at is not None:
        raise ValidationFailed(N_("This model is retired."), {field: RETIRED})
