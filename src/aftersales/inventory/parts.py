"""The parts catalogue of a brand: numbers, names in three languages, fit, money, lead time.

Brand admins keep their own brand's parts (platform admins any); each change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import require_brand_admin
from aftersales.catalog.models import PhoneModel
from aftersales.inventory.models import Part, PartKind, part_fit
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import SHORT, check_texts

LANGS = ("en", "it", "vi")
FIELDS = ("number", "kind", "names", "cost_minor", "price_minor", "currency", "lead_days",
          "production_ends_on")  # fmt: skip
MAX_LEAD_DAYS = 365


def _check(values: dict[str, Any], models: Sequence[PhoneModel], brand_id: int) -> None:
    """Raise ValidationFailed naming every field that is wrong."""
    errors: dict[str, str] = {}
    number = values["number"]
    if not number or len(number) > 40:
        errors["number"] = N_("Give the part number (up to 40 characters).")
    if values["kind"] not in PartKind.__members__:
        errors["kind"] = N_("Choose what kind of part it is.")
    names = values["names"]
    if not names.get("en"):
        errors["names"] = N_("Give the part's name in English at least.")
    check_texts(errors, SHORT, **{f"name_{k}": v for k, v in names.items()})
    for field in ("cost_minor", "price_minor"):
        if values[field] < 0:
            errors[field] = N_("An amount cannot be negative.")
    currency = values["currency"]
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = N_("Give the currency as three letters, e.g. EUR.")
    if not 0 <= values["lead_days"] <= MAX_LEAD_DAYS:
        errors["lead_days"] = N_("Give the lead time in working days, from 0 to 365.")
    if values["production_ends_on"] is _BAD_DAY:
        errors["production_ends_on"] = N_(
            "Enter the day production ends, e.g. 2027-06-30, or leave it empty."
        )
    if not models:
        errors["models"] = N_("Choose at least one model the part fits.")
    elif any(m.brand_id != brand_id for m in models):
        errors["models"] = N_("A part fits only models of its own brand.")
    if errors:
        raise ValidationFailed(N_("Check the part."), errors)


_BAD_DAY = object()  # what _clean leaves for a day it cannot read, for _check to name


def _day(value: object) -> object:
    """Return a day from a date or an ISO text; None for nothing; _BAD_DAY otherwise."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _BAD_DAY


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    names = {k: " ".join(str(v).split()) for k, v in (values.get("names") or {}).items()}
    return {
        "number": " ".join(str(values.get("number") or "").split()).upper(),
        "kind": values.get("kind") or "",
        "names": {k: v for k, v in names.items() if k in LANGS and v},
        "cost_minor": int(values.get("cost_minor") or 0),
        "price_minor": int(values.get("price_minor") or 0),
        "currency": str(values.get("currency") or "").strip().upper(),
        "lead_days": int(values.get("lead_days") or 0),
        "production_ends_on": _day(values.get("production_ends_on")),
    }


def problems(
    session: Session, brand_id: int, model_ids: Sequence[int], **values: Any
) -> dict[str, str]:
    """Return what is wrong with a new part, field by field, without making it (forms)."""
    try:
        _check(_clean(values), _models(session, model_ids), brand_id)
    except ValidationFailed as exc:
        return dict(exc.errors)
    return {}


def create_part(
    session: Session,
    actor: Acting,
    brand_id: int,
    model_ids: Sequence[int],
    now: datetime,
    **values: Any,
) -> Part:
    """Add a part to the brand's catalogue; the number is unique within the brand."""
    require_brand_admin(actor, brand_id)
    clean = _clean(values)
    models = _models(session, model_ids)
    _check(clean, models, brand_id)
    taken = select(Part.id).where(Part.brand_id == brand_id, Part.number == clean["number"])
    if session.scalar(taken) is not None:
        raise Conflict(N_("The brand already has a part with this number."))
    part = Part(brand_id=brand_id, created_at=now, **clean)
    part.models = list(models)
    session.add(part)
    session.flush()
    new = snapshot(part, FIELDS) | {"models": sorted(m.id for m in models)}
    record(session, actor, Action.created, "part", part.id, now, new=new, brand_id=brand_id)
    return part


def update_part(
    session: Session,
    actor: Acting,
    part: Part,
    model_ids: Sequence[int],
    now: datetime,
    **values: Any,
) -> Part:
    """Change a part (not its brand): names, money, lead time, end of production, fit; audited."""
    require_brand_admin(actor, part.brand_id)
    clean = _clean({**snapshot(part, FIELDS), **values})
    models = _models(session, model_ids)
    _check(clean, models, part.brand_id)
    old = snapshot(part, FIELDS) | {"models": sorted(m.id for m in part.models)}
    for key, value in clean.items():
        setattr(part, key, value)
    part.models = list(models)
    session.flush()
    new = snapshot(part, FIELDS) | {"models": sorted(m.id for m in models)}
    record(session, actor, Action.updated, "part", part.id, now,
           old=old, new=new, brand_id=part.brand_id)  # fmt: skip
    return part


def _models(session: Session, ids: Sequence[int]) -> list[PhoneModel]:
    """Return the models named, refusing an id that names none (it is no model of the brand)."""
    if not ids:
        return []
    found = list(session.scalars(select(PhoneModel).where(PhoneModel.id.in_(set(ids)))))
    if len(found) != len(set(ids)):
        raise ValidationFailed(
            N_("Check the part."), {"models": N_("A part fits only models of its own brand.")}
        )
    return found


def get_part(session: Session, part_id: int) -> Part:
    """Return a part, or NotFound."""
    part = session.get(Part, part_id)
    if part is None:
        raise NotFound(N_("No such part."))
    return part


def parts_for_model(session: Session, model_id: int) -> list[Part]:
    """Return the parts that fit a model (not retired), by kind and number."""
    stmt = (
        select(Part)
        .join(part_fit, part_fit.c.part_id == Part.id)
        .where(part_fit.c.model_id == model_id, Part.retired_at.is_(None))
        .order_by(Part.kind, Part.number)
    )
    return list(session.scalars(stmt))


def parts_of_brand(session: Session, brand_id: int, limit: int, offset: int = 0) -> list[Part]:
    """Return a page of a brand's parts, by number."""
    stmt = select(Part).where(Part.brand_id == brand_id).order_by(Part.number, Part.id)
    return list(session.scalars(stmt.limit(limit).offset(offset)))
