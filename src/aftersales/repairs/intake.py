"""Opening a repair order: at a shop's counter, as a walk-in at a centre, or online."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.accounts.owners import (
    OwnerDetails,
    check_details,
    find_or_invite_owner,
    is_same_person,
)
from aftersales.catalog.lifecycle import refuse_retired
from aftersales.catalog.models import ServiceCentre
from aftersales.catalog.service import get_centre, get_shop
from aftersales.devices.models import Phone
from aftersales.devices.service import (
    check_purchase_date,
    find_by_imei,
    register_phone,
    resolve_model,
)
from aftersales.kernel.clock import local_date
from aftersales.kernel.codes import new_tracking_code
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.imei import imei_problem, validate_imei
from aftersales.repairs import dropoff
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import (
    CHANNELS,
    FAULT_CATEGORIES,
    OPEN_REPAIR_PER_PHONE,
    RepairOrder,
)
from aftersales.repairs.notify import announce
from aftersales.repairs.routing import centres_for, choose_centre, nearest
from aftersales.repairs.service import transition
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import refresh_expected
from aftersales.software.models import Source
from aftersales.software.versions import record_sighting, version_problem


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
    # The version the phone shows at the counter: a sighting of the day (software.versions).
    software_version: str | None = None
    shop_id: int | None = None
    centre_id: int | None = None
    channel: str | None = None
    # The phone is registered to someone else and the person handing it in is its new owner.
    confirm_new_owner: bool = False
    # An online booking: the day the owner plans to hand the phone in (default: the next
    # working day; see repairs.dropoff).
    dropoff_date: date | None = None


# The one rule for the problem's length, for the API and every page alike.
PROBLEM_MIN_LENGTH = 5
OPEN_ALREADY = N_("This phone already has an open repair; continue that one.")
CONFIRM_NEW_OWNER = N_(
    "This phone is registered to someone else. If the person handing it in is its new "
    "owner, tick “This is a new owner” and send the form again."
)
# PostgreSQL names the index it enforced, SQLite the columns.
_PHONE_CLASHES = (OPEN_REPAIR_PER_PHONE, "uq_phone_imei", "repair_order.phone_id", "phone.imei")


def open_repair(session: Session, actor: Account, intake: Intake, now: datetime) -> RepairOrder:
    """Open a repair order; a phone handed over at a counter is received at once.

    The database keeps one open repair per phone, so of two intakes racing for one phone
    the second is refused like one that came later.
    """
    channel, shop_id = _channel_and_shop(actor, intake)  # who may open one comes first
    _check_fields(actor, intake, now.date())
    imei = validate_imei(intake.imei)
    phone = find_by_imei(session, imei)
    if actor.role == Role.owner and (phone is None or phone.owner_id != actor.id):
        raise ValidationFailed(N_("Unknown phone."), {"imei": N_("Register this phone first.")})
    if actor.role == Role.owner and phone is not None:  # a booking: not of a retired model
        refuse_retired(phone.model, "imei")
    centre = _pick_centre(session, actor, intake, shop_id, phone, imei)
    dropoff = _dropoff(intake, channel, centre, now)
    with _one_open_repair_per_phone():
        phone = phone or register_phone(
            session,
            imei=imei,
            country=centre.country,
            model_id=intake.model_id,
            purchase_date=intake.purchase_date,
            shop_id=shop_id,
            today=now.date(),
        )
        _ensure_no_open_repair(session, phone)
        change = _settle_owner(session, actor, intake, phone, centre.country)
        repair = _new_order(session, actor, intake, phone, centre, channel, shop_id, now, dropoff)
    if change is not None:
        _record_owner_change(session, actor, repair, change, now)
    if intake.software_version:
        record_sighting(session, actor, phone, intake.software_version, now.date(),
                        Source.intake, now)  # fmt: skip
    if channel in ("shop", "walk_in") and actor.role != Role.owner:
        transition(session, actor, repair, Status.received, now)
    return repair


def _dropoff(intake: Intake, channel: str, centre: ServiceCentre, now: datetime) -> date | None:
    """Return the drop-off day of an online booking; other intakes have the phone already."""
    if channel != "online":
        if intake.dropoff_date is not None:
            raise ValidationFailed(
                N_("Only an online booking has a drop-off day."),
                {"dropoff_date": N_("Leave it empty: the phone is handed in now.")},
            )
        return None
    return dropoff.settle(intake.dropoff_date, local_date(now, centre.timezone), centre)


@contextmanager
def _one_open_repair_per_phone() -> Iterator[None]:
    """Turn a lost race for the phone (its IMEI or its one open repair) into the usual Conflict."""
    try:
        yield
    except IntegrityError as exc:
        if any(k in str(exc.orig) for k in _PHONE_CLASHES):
            raise Conflict(OPEN_ALREADY) from exc
        raise


def _check_fields(actor: Account, intake: Intake, today: date) -> None:
    """Check every field the form holds and report all wrong ones at once, each on its field.

    With one wrong part the part's own summary stays on top (the IMEI's, the owner's).
    """
    errors: dict[str, str] = {}
    summaries: list[str] = []
    problem = imei_problem(intake.imei)
    if problem:
        errors["imei"] = problem
        summaries.append(problem)
    check_purchase_date(errors, intake.purchase_date, today)
    if intake.software_version and (wrong := version_problem(intake.software_version.strip())):
        errors["software_version"] = wrong
    if intake.owner is not None and actor.role != Role.owner:
        try:
            check_details(intake.owner)
        except ValidationFailed as exc:
            errors.update(exc.errors)
            summaries.append(exc.detail)
    if intake.fault_category not in FAULT_CATEGORIES:
        errors["fault_category"] = Msg(
            "Use one of: %(choices)s.", choices=", ".join(FAULT_CATEGORIES)
        )
    if len(intake.problem.strip()) < PROBLEM_MIN_LENGTH:
        errors["problem"] = N_("Describe the problem in a few words.")
    if intake.channel is not None and intake.channel not in CHANNELS:
        errors["channel"] = Msg("Use one of: %(choices)s.", choices=", ".join(CHANNELS))
    if errors:
        parts = {k for k in errors if k == "imei" or k.startswith("owner.")}
        alone = len(summaries) == 1 and parts == set(errors)
        raise ValidationFailed(
            summaries[0] if alone else N_("The repair cannot be opened."), errors
        )


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
                raise ValidationFailed(
                    "A shop repair needs a shop.", {"shop_id": N_("Choose one.")}
                )
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
    """Return the centre: the actor's own, the one asked for, or the nearest serving the brand.

    A shop's repair stays in the shop's country; an online booking goes to a centre of the
    phone's country that repairs its brand (the owner hands it in where they live).
    """
    model = phone.model if phone else resolve_model(session, imei, intake.model_id)
    if actor.role in (Role.technician, Role.centre_manager):
        centre = get_centre(session, actor.centre_id or 0)
        if model.brand_id not in {b.id for b in centre.brands}:
            raise ValidationFailed(
                N_("This centre does not serve the phone's brand."),
                {"centre_id": N_("This centre does not repair phones of this brand.")},
            )
        return centre
    if shop_id is not None:
        shop = get_shop(session, shop_id)
        return choose_centre(session, model.brand_id, shop, shop.country, intake.centre_id)
    if intake.centre_id is not None:
        country = phone.country if phone else None
        return choose_centre(session, model.brand_id, None, country, intake.centre_id)
    # No shop to measure from: a centre in the phone's country if one serves the brand.
    local = centres_for(session, model.brand_id, phone.country if phone else None)
    return nearest(local, None) or choose_centre(session, model.brand_id, None, None, None)


def _ensure_no_open_repair(session: Session, phone: Phone) -> None:
    open_one = session.scalar(
        select(RepairOrder.id).where(
            RepairOrder.phone_id == phone.id, RepairOrder.status.in_([s.value for s in OPEN])
        )
    )
    if open_one:
        raise Conflict(OPEN_ALREADY)


def _settle_owner(
    session: Session, actor: Account, intake: Intake, phone: Phone, country: str
) -> tuple[int, int] | None:
    """Make the phone's owner the person the details name; return (old, new) if it changed.

    A phone without an owner gets the one the details name. A phone registered to someone
    whose e-mail and mobile number both differ from the details changes owner only when
    the staff confirm that the person handing it in is its new owner.
    """
    details = intake.owner
    if details is None or actor.role == Role.owner:
        return None
    current = session.get(Account, phone.owner_id) if phone.owner_id else None
    if current is None:
        phone.owner_id = find_or_invite_owner(session, actor, details, country).id
        return None
    if is_same_person(current, details):
        return None
    if not intake.confirm_new_owner:
        raise ValidationFailed(
            N_("Is the person handing the phone in its new owner?"),
            {"confirm_new_owner": CONFIRM_NEW_OWNER},
        )
    new = find_or_invite_owner(session, actor, details, country)
    if new.id == current.id:
        return None
    phone.owner_id = new.id
    return current.id, new.id


def _record_owner_change(
    session: Session, actor: Account, repair: RepairOrder, change: tuple[int, int], now: datetime
) -> None:
    """Record a confirmed change of the phone's owner (staff only: it names two accounts)."""
    record_event(
        session,
        repair,
        EventType.owner_changed,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=False,
        data={"phone_id": repair.phone_id, "from_owner_id": change[0], "to_owner_id": change[1]},
    )
    session.flush()


def _contact(actor: Account, intake: Intake) -> OwnerDetails:
    """Return the owner's details to keep on the repair: as typed, or the owner's own online."""
    if actor.role == Role.owner:
        return OwnerDetails(actor.name, actor.email, actor.phone_number, actor.language)
    return intake.owner or OwnerDetails("")


def _new_order(
    session: Session,
    actor: Account,
    intake: Intake,
    phone: Phone,
    centre: ServiceCentre,
    channel: str,
    shop_id: int | None,
    now: datetime,
    dropoff_date: date | None,
) -> RepairOrder:
    if shop_id is not None:
        get_shop(session, shop_id)
    for _ in range(5):  # 60-bit codes: a clash is astronomically rare, but never fatal
        code = new_tracking_code()
        if not session.scalar(select(RepairOrder.id).where(RepairOrder.code == code)):
            break
    else:  # pragma: no cover
        raise Conflict(N_("No free tracking code was found; please try again."))
    contact = _contact(actor, intake)
    repair = RepairOrder(
        code=code,
        phone_id=phone.id,
        phone=phone,
        owner_id=phone.owner_id,
        contact_name=contact.name.strip() or None,
        contact_email=contact.clean_email(),
        contact_phone=(contact.phone_number or "").strip() or None,
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
        dropoff_date=dropoff_date,
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
    created = record_event(
        session,
        repair,
        EventType.created,
        now,
        to_status=Status.registered,
        actor_id=actor.id,
        actor_role=actor.role,
        public=True,
        # the first expected date given to the owner: the insights measure dates against it
        data={"expected": repair.expected_date.isoformat()},
    )
    session.flush()
    if channel == "online" or actor.role == Role.owner:  # a counter intake is received at once
        announce(session, repair, created, now)
    return repair
