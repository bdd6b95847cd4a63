"""Use cases of phones: register, find, scope."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.service import check_country, get_model, get_shop, model_for_imei
from aftersales.devices.models import Phone
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.imei import validate_imei


def resolve_model(session: Session, imei: str, model_id: int | None) -> PhoneModel:
    """Return the model for a phone: the given one, else the one its TAC names."""
    by_tac = model_for_imei(session, imei)
    if model_id is not None:
        model = get_model(session, model_id)
        if by_tac is not None and by_tac.id != model.id:
            raise ValidationFailed(
                "The IMEI belongs to another model.",
                {
                    "model_id": f"This IMEI's TAC is registered for {by_tac.brand.name} "
                    f"{by_tac.name}."
                },
            )
        return model
    if by_tac is None:
        raise ValidationFailed(
            "The model is unknown.",
            {"model_id": "No model is known for this IMEI's TAC: choose the model."},
        )
    return by_tac


def register_phone(
    session: Session,
    *,
    imei: str,
    country: str,
    model_id: int | None = None,
    owner_id: int | None = None,
    purchase_date: date | None = None,
    shop_id: int | None = None,
    serial: str | None = None,
    software_version: str | None = None,
    today: date | None = None,
) -> Phone:
    """Register a phone; its IMEI must be valid and new."""
    imei = validate_imei(imei)
    country = check_country(country)
    if purchase_date and today and purchase_date > today:
        raise ValidationFailed(
            "Invalid purchase date.", {"purchase_date": "The purchase date is in the future."}
        )
    model = resolve_model(session, imei, model_id)
    if shop_id is not None:
        get_shop(session, shop_id)
    if session.scalar(select(Phone.id).where(Phone.imei == imei)):
        raise Conflict("A phone with this IMEI is already registered.")
    phone = Phone(
        imei=imei,
        serial=serial,
        model_id=model.id,
        model=model,
        owner_id=owner_id,
        purchase_date=purchase_date,
        shop_id=shop_id,
        country=country,
        software_version=software_version,
    )
    session.add(phone)
    session.flush()
    return phone


def find_by_imei(session: Session, imei: str) -> Phone | None:
    """Return the phone with this (valid) IMEI, if registered."""
    return session.scalar(select(Phone).where(Phone.imei == imei))


def phone_scope(actor: Account) -> ColumnElement[bool]:
    """Return the condition selecting the phones this actor may see."""
    if actor.role == Role.platform_admin:
        return true()
    if actor.role == Role.owner:
        return Phone.owner_id == actor.id
    if actor.role == Role.shop_staff:
        return Phone.shop_id == actor.shop_id
    if actor.role == Role.brand_admin:
        return Phone.model_id.in_(
            select(PhoneModel.id).where(PhoneModel.brand_id == actor.brand_id)
        )
    return false()


def get_phone_for(
    session: Session, actor: Account, phone_id: int, extra: ColumnElement[bool] | None = None
) -> Phone:
    """Return a phone the actor may see, or NotFound whether it exists or not."""
    cond = phone_scope(actor) if extra is None else or_(phone_scope(actor), extra)
    phone = session.scalar(select(Phone).where(Phone.id == phone_id, cond))
    if phone is None:
        raise NotFound("No such phone.")
    return phone


def list_phones(session: Session, actor: Account, limit: int, offset: int) -> list[Phone]:
    """Return the phones the actor may see, newest first."""
    stmt = (
        select(Phone)
        .where(phone_scope(actor))
        .order_by(Phone.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))
