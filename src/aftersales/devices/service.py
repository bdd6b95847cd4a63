"""Use cases of phones: register, find, list (who may see which: devices/access.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.accounts.owners import OwnerDetails, find_or_invite_owner
from aftersales.catalog.lifecycle import refuse_retired
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.service import check_country, get_model, get_shop, model_for_imei
from aftersales.devices.access import phone_scope, require_may_register
from aftersales.devices.models import Phone
from aftersales.kernel.errors import Conflict, Problems, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.imei import imei_problem, validate_imei

# Said of any registered phone the caller may not see, whoever holds it (or nobody does).
CANNOT_ADD = N_(
    "This phone cannot be added here. If it is yours, hand it in at a shop or ask the shop "
    "that sold it: they can record you as its owner."
)


def resolve_model(session: Session, imei: str, model_id: int | None) -> PhoneModel:
    """Return the model for a phone: the given one, else the one its TAC names."""
    by_tac = model_for_imei(session, imei)
    if model_id is not None:
        model = get_model(session, model_id)
        if by_tac is not None and by_tac.id != model.id:
            raise ValidationFailed(
                "The IMEI belongs to another model.",
                {
                    "model_id": Msg(
                        "This IMEI's TAC is registered for %(brand)s %(model)s.",
                        brand=by_tac.brand.name,
                        model=by_tac.name,
                    )
                },
            )
        return model
    if by_tac is None:
        raise ValidationFailed(
            "The model is unknown.",
            {"model_id": N_("No model is known for this IMEI's TAC: choose the model.")},
        )
    return by_tac


def check_purchase_date(
    errors: dict[str, str], purchase_date: date | None, today: date | None
) -> None:
    """Add a field error when a purchase date lies after `today` (the one rule for it)."""
    if purchase_date and today and purchase_date > today:
        errors["purchase_date"] = N_("The purchase date is in the future.")


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
    """Register a phone; its IMEI must be valid and new.

    No permission check: it is the step its callers share, each after its own check
    (`register_as`, the repair intake, the sales import).
    """
    problems = Problems()
    clean_imei = problems.check(lambda: validate_imei(imei))
    clean_country = problems.check(lambda: check_country(country))
    check_purchase_date(problems.errors, purchase_date, today)
    problems.raise_if_any(N_("The phone cannot be registered."))
    assert clean_imei is not None and clean_country is not None  # else raised just above
    imei, country = clean_imei, clean_country
    model = resolve_model(session, imei, model_id)
    refuse_retired(model, "model_id" if model_id is not None else "imei")
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


def register_as(
    session: Session,
    actor: Account,
    *,
    imei: str,
    country: str,
    owner: OwnerDetails | None = None,
    owner_id: int | None = None,
    shop_id: int | None = None,
    model_id: int | None = None,
    purchase_date: date | None = None,
    serial: str | None = None,
    software_version: str | None = None,
    today: date | None = None,
) -> Phone:
    """Register a phone for the caller: owners their own, shops those they sold, admins any.

    Only platform admins name an owner by account number; shops give the owner's details,
    which find the owner by e-mail or invite a new one, and the answer is the same either
    way. A registered phone the caller may not see is refused with the same words whoever
    holds it: nothing about an account, a shop or a brand.
    """
    owner_id, shop_id = _who_registers(session, actor, owner, owner_id, shop_id)
    clean = imei_problem(imei) is None  # a wrong IMEI is named with the other fields below
    existing = find_by_imei(session, validate_imei(imei)) if clean else None
    if existing is not None:
        if session.scalar(select(Phone.id).where(Phone.id == existing.id, phone_scope(actor))):
            raise Conflict(N_("This phone is already registered: it is in your list of phones."))
        raise ValidationFailed(N_("This phone cannot be added here."), {"imei": CANNOT_ADD})
    phone = register_phone(
        session,
        imei=imei,
        country=country,
        model_id=model_id,
        owner_id=owner_id,
        purchase_date=purchase_date,
        shop_id=shop_id,
        serial=serial,
        software_version=software_version,
        today=today,
    )
    if owner is not None:
        phone.owner_id = find_or_invite_owner(session, actor, owner, phone.country).id
        session.flush()
    return phone


def _who_registers(
    session: Session,
    actor: Account,
    owner: OwnerDetails | None,
    owner_id: int | None,
    shop_id: int | None,
) -> tuple[int | None, int | None]:
    """Return the owner's account and the shop of a registration, by the caller's role."""
    if actor.role == Role.owner:
        if owner is not None or owner_id not in (None, actor.id):
            raise ValidationFailed(
                N_("Owners register their own phones."),
                {"owner": N_("Leave the owner out: the phone is registered to you.")},
            )
        if shop_id is not None:  # a shop sees the phones it sold: only the shop says so
            raise ValidationFailed(
                N_("Owners do not name the shop."),
                {"shop_id": N_("Leave the shop out: the shop that sold the phone records it.")},
            )
        return actor.id, None
    if actor.role == Role.shop_staff:
        if owner_id is not None:
            raise ValidationFailed(
                N_("Name the owner by their details."),
                {
                    "owner_id": N_(
                        "Give the owner's name and e-mail address or mobile number under "
                        "owner; shops do not name accounts by number."
                    )
                },
            )
        return None, actor.shop_id
    require_may_register(actor)
    if owner_id is not None and owner is not None:
        raise ValidationFailed(
            "Name the owner once.", {"owner_id": N_("Give owner or owner_id, not both.")}
        )
    if owner_id is not None:
        account = session.get(Account, owner_id)
        if account is None or account.role != Role.owner:
            raise ValidationFailed("Unknown owner.", {"owner_id": N_("No owner has this account.")})
    return owner_id, shop_id


def find_by_imei(session: Session, imei: str) -> Phone | None:
    """Return the phone with this (valid) IMEI, if registered."""
    return session.scalar(select(Phone).where(Phone.imei == imei))


def owner_phones(session: Session, owner: Account, limit: int = 200) -> list[Phone]:
    """Return an owner's newest phones, oldest first (the order in which they got them)."""
    return sorted(list_phones(session, owner, limit, 0), key=lambda p: p.id)


def phones_page(session: Session, actor: Account, limit: int, offset: int) -> list[Phone]:
    """Return a page of the phones the actor may see, oldest first."""
    stmt = select(Phone).where(phone_scope(actor)).order_by(Phone.id).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def count_phones(session: Session, actor: Account, cap: int) -> int:
    """Count the phones the actor may see, up to `cap` + 1 (past it, "more than cap")."""
    some = select(Phone.id).where(phone_scope(actor)).limit(cap + 1).subquery()
    return session.scalar(select(func.count()).select_from(some)) or 0


def list_phones(
    session: Session, actor: Account, limit: int, offset: int, imei: str | None = None
) -> list[Phone]:
    """Return the phones the actor may see, newest first; with `imei`, that one if seen."""
    stmt = select(Phone).where(phone_scope(actor))
    if imei is not None:
        stmt = stmt.where(Phone.imei == validate_imei(imei))
    return list(session.scalars(stmt.order_by(Phone.id.desc()).limit(limit).offset(offset)))
