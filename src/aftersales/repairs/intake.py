"""Opening a repair order: at a shop's counter, as a walk-in at a centre, or online."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.accounts.service import create_account
from aftersales.catalog.models import ServiceCentre, centre_brand
from aftersales.catalog.service import get_centre, get_shop
from aftersales.devices.models import Phone
from aftersales.devices.service import find_by_imei, register_phone, resolve_model
from aftersales.kernel.codes import new_tracking_code
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.imei import validate_imei
from aftersales.repairs.models import CHANNELS, FAULT_CATEGORIES, RepairEvent, RepairOrder
from aftersales.repairs.notify import announce
from aftersales.repairs.service import transition
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import refresh_expected


@dataclass
class OwnerDetails:
    """Who owns the phone, as told at the counter."""

    name: str
    email: str | None = None
    phone_number: str | None = None
    language: str = "en"


@dataclass
class Intake:
    """What is needed to open a repair order."""

    imei: str
    fault_category: str
    problem: str
    condition_notes: str = ""
    model_id: int | None = None
    owner: OwnerDetails | None = None
    purchase_date: date | None = None
    shop_id: int | None = None
    centre_id: int | None = None
    channel: str | None = None


def open_repair(session: Session, actor: Account, intake: Intake, now: datetime) -> RepairOrder:
    """Open a repair order; a phone handed over at a counter is received at once."""
    _check_fields(intake)
    channel, shop_id = _channel_and_shop(actor, intake)
    imei = validate_imei(intake.imei)
    phone = find_by_imei(session, imei)
    if actor.role == Role.owner and (phone is None or phone.owner_id != actor.id):
        raise ValidationFailed(N_("Unknown phone."), {"imei": N_("Register this phone first.")})
    centre = _pick_centre(session, actor, intake, shop_id, phone, imei)
    phone = phone or register_phone(
        session,
        imei=imei,
        country=centre.country,
        model_id=intake.model_id,
        purchase_date=intake.purchase_date,
        shop_id=shop_id,
        today=now.date(),
    )
    if phone.model.brand_id not in {b.id for b in centre.brands}:
        raise ValidationFailed(
            N_("This centre does not serve the phone's brand."),
            {"centre_id": N_("This centre does not repair phones of this brand; choose another.")},
        )
    _ensure_no_open_repair(session, phone)
    if phone.owner_id is None and intake.owner is not None:
        phone.owner_id = _find_or_create_owner(session, intake.owner, centre.country).id
    repair = _new_order(session, actor, intake, phone, centre, channel, shop_id, now)
    if channel in ("shop", "walk_in") and actor.role != Role.owner:
        transition(session, actor, repair, Status.received, now)
    return repair


def _check_fields(intake: Intake) -> None:
    errors: dict[str, str] = {}
    if intake.fault_category not in FAULT_CATEGORIES:
        errors["fault_category"] = f"Use one of: {', '.join(FAULT_CATEGORIES)}."
    if len(intake.problem.strip()) < 3:
        errors["problem"] = "Describe the problem in the owner's words."
    if intake.channel is not None and intake.channel not in CHANNELS:
        errors["channel"] = f"Use one of: {', '.join(CHANNELS)}."
    if errors:
        raise ValidationFailed("The repair cannot be opened.", errors)


def _channel_and_shop(actor: Account, intake: Intake) -> tuple[str, int | None]:
    match actor.role:
        case Role.shop_staff:
            return "shop", actor.shop_id
        case Role.technician | Role.centre_manager:
            return "walk_in", None
        case Role.owner:
            return "online", intake.shop_id
        case Role.platform_admin:
            channel = intake.channel or ("shop" if intake.shop_id else "walk_in")
            if channel == "shop" and intake.shop_id is None:
                raise ValidationFailed("A shop repair needs a shop.", {"shop_id": "Choose one."})
            return channel, intake.shop_id
    raise Forbidden("Your account may not open repairs.")


def _pick_centre(
    session: Session,
    actor: Account,
    intake: Intake,
    shop_id: int | None,
    phone: Phone | None,
    imei: str,
) -> ServiceCentre:
    """Return the centre: the actor's own, the one asked for, or one serving the brand nearby."""
    if actor.role in (Role.technician, Role.centre_manager):
        return get_centre(session, actor.centre_id or 0)
    if intake.centre_id is not None:
        return get_centre(session, intake.centre_id)
    model = phone.model if phone else resolve_model(session, imei, intake.model_id)
    country = get_shop(session, shop_id).country if shop_id else (phone.country if phone else "")
    candidates = session.scalars(
        select(ServiceCentre)
        .join(centre_brand)
        .where(centre_brand.c.brand_id == model.brand_id)
        .order_by(ServiceCentre.id)
    ).all()
    local = [c for c in candidates if c.country == country] or list(candidates)
    if not local:
        raise ValidationFailed(
            N_("No service centre repairs this brand."),
            {"centre_id": N_("Choose a service centre.")},
        )
    return local[0]


def _ensure_no_open_repair(session: Session, phone: Phone) -> None:
    open_one = session.scalar(
        select(RepairOrder.id).where(
            RepairOrder.phone_id == phone.id, RepairOrder.status.in_([s.value for s in OPEN])
        )
    )
    if open_one:
        raise Conflict(N_("This phone already has an open repair; continue that one."))


def _find_or_create_owner(session: Session, details: OwnerDetails, country: str) -> Account:
    if details.email:
        found = session.scalar(
            select(Account).where(Account.email == details.email.strip().lower())
        )
        if found is not None:
            if found.role != Role.owner:
                raise ValidationFailed(
                    "Invalid owner.", {"owner.email": "Use the owner's own e-mail address."}
                )
            return found
    if not details.email and not details.phone_number:
        raise ValidationFailed(
            "How can the owner be reached?",
            {"owner.email": "Give an e-mail address or a phone number."},
        )
    return create_account(
        session,
        name=details.name,
        role=Role.owner,
        email=details.email,
        phone_number=details.phone_number,
        language=details.language,
        country=country,
    )


def _new_order(
    session: Session,
    actor: Account,
    intake: Intake,
    phone: Phone,
    centre: ServiceCentre,
    channel: str,
    shop_id: int | None,
    now: datetime,
) -> RepairOrder:
    if shop_id is not None:
        get_shop(session, shop_id)
    for _ in range(5):  # 60-bit codes: a clash is astronomically rare, but never fatal
        code = new_tracking_code()
        if not session.scalar(select(RepairOrder.id).where(RepairOrder.code == code)):
            break
    else:  # pragma: no cover
        raise Conflict(N_("No free tracking code was found; please try again."))
    repair = RepairOrder(
        code=code,
        phone_id=phone.id,
        phone=phone,
        owner_id=phone.owner_id,
        brand_id=phone.model.brand_id,
        model_id=phone.model_id,
        model=phone.model,
        channel=channel,
        shop_id=shop_id,
        centre_id=centre.id,
        centre=centre,
        country=centre.country,
        fault_category=intake.fault_category,
        problem=intake.problem.strip(),
        condition_notes=intake.condition_notes.strip(),
        status=Status.registered,
        expected_basis="",
        last_public_event_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(repair)
    with session.no_autoflush:  # the expected date is part of the row: compute it first
        refresh_expected(session, repair, now, actor.id, actor.role)
    session.flush()
    created = RepairEvent(
        repair_id=repair.id,
        type="created",
        to_status=Status.registered,
        actor_id=actor.id,
        actor_role=actor.role,
        at=now,
        public=True,
    )
    session.add(created)
    session.flush()
    if channel == "online" or actor.role == Role.owner:  # a counter intake is received at once
        announce(session, repair, created, now)
    return repair
