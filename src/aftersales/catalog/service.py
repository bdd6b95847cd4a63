"""Use cases of the catalogue."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import require_brand_admin, require_catalogue_admin
from aftersales.catalog.models import (
    Brand,
    ModelTac,
    PhoneModel,
    ServiceCentre,
    Shop,
    TacStatus,
)
from aftersales.catalog.places import check_duplicate, check_hours
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, Problems, ValidationFailed
from aftersales.kernel.geo import check_coordinates
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.imei import STAND_IN_PREFIX
from aftersales.kernel.text import SHORT, check_texts
from aftersales.kernel.workdays import check_week, public_holidays

# The usual time zone of each country the demo and first customers use.
COUNTRY_TZ = {
    "IT": "Europe/Rome",
    "VN": "Asia/Ho_Chi_Minh",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "ES": "Europe/Madrid",
    "GB": "Europe/London",
}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def check_country(country: str, field: str = "country") -> str:
    """Return an upper-case country code that has a holiday calendar, or raise."""
    code = country.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValidationFailed("Invalid country.", {field: N_("Use a 2-letter ISO code, e.g. IT.")})
    try:
        public_holidays(code)
    except ValidationFailed as exc:
        raise ValidationFailed("Invalid country.", {field: exc.detail}) from exc
    return code


def pick_timezone(country: str, timezone: str | None) -> str:
    """Return the given time zone if valid, else the country's usual one."""
    if timezone:
        if timezone not in available_timezones():
            raise ValidationFailed("Invalid time zone.", {"timezone": N_("Use e.g. Europe/Rome.")})
        return timezone
    return COUNTRY_TZ.get(country, "UTC")


def create_brand(session: Session, actor: Acting, slug: str, name: str) -> Brand:
    """Create a brand with a unique slug."""
    require_catalogue_admin(actor)
    if not SLUG_RE.match(slug):
        raise ValidationFailed(
            "Invalid slug.", {"slug": N_("Use lower-case letters, digits and -.")}
        )
    if session.scalar(select(Brand.id).where(Brand.slug == slug)):
        raise Conflict(Msg("A brand with slug '%(slug)s' already exists.", slug=slug))
    brand = Brand(slug=slug, name=name.strip())
    session.add(brand)
    session.flush()
    record(session, actor, Action.created, "brand", brand.id,
           new=snapshot(brand, ("slug", "name")), brand_id=brand.id)  # fmt: skip
    return brand


def get_brand(session: Session, brand_id: int) -> Brand:
    """Return a brand or raise NotFound."""
    brand = session.get(Brand, brand_id)
    if brand is None:
        raise NotFound("No such brand.")
    return brand


class TacsTaken(Conflict):
    """TACs a model cannot have; `message` and `values` let a page say it in any language."""

    def __init__(self, message: str, tacs: list[str]) -> None:
        self.message, self.values = message, {"tacs": ", ".join(tacs)}
        super().__init__(Msg(message, **self.values))  # said in the reader's language


def check_tacs(tacs: list[str]) -> list[str]:
    """Return the distinct TACs in order, or raise if one is not 8 digits or is a test one."""
    bad = [t for t in tacs if not (len(t) == 8 and t.isdigit())]
    if bad:
        raise ValidationFailed(
            "Invalid TAC.",
            {
                "tacs": Msg(
                    "A TAC is the first 8 digits of an IMEI; not valid: %(tacs)s.",
                    tacs=", ".join(bad),
                )
            },
        )
    tests = [t for t in tacs if t.startswith(STAND_IN_PREFIX)]
    if tests:
        raise ValidationFailed(
            "Invalid TAC.",
            {
                "tacs": Msg(
                    "A TAC starting with %(prefix)s is a test range, not a phone's: %(tacs)s.",
                    prefix=STAND_IN_PREFIX,
                    tacs=", ".join(tests),
                )
            },
        )
    return sorted(set(tacs))


def create_model(
    session: Session,
    actor: Acting,
    brand_id: int,
    name: str,
    tacs: list[str],
    release_date: date | None = None,
    end_of_sale_date: date | None = None,
    *,
    pending: bool = False,
    by: int | None = None,
    now: datetime | None = None,
) -> PhoneModel:
    """Create a phone model with its TAC prefixes; each TAC belongs to one model only.

    `pending`: the TACs wait for a platform admin (a brand admin's claim); `by` and `now`
    say who added them and when.
    """
    require_brand_admin(actor, brand_id)
    get_brand(session, brand_id)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = N_("A name is required.")
    check_texts(errors, SHORT, name=name)
    try:
        tacs = check_tacs(tacs)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if release_date and end_of_sale_date and end_of_sale_date < release_date:
        errors["end_of_sale_date"] = N_("The end of sale cannot be before the release.")
    if errors:
        raise ValidationFailed("The model cannot be created.", errors)
    if session.scalar(
        select(PhoneModel.id).where(PhoneModel.brand_id == brand_id, PhoneModel.name == name)
    ):
        raise Conflict(Msg("The brand already has a model named '%(name)s'.", name=name))
    model = PhoneModel(
        brand_id=brand_id,
        name=name.strip(),
        release_date=release_date,
        end_of_sale_date=end_of_sale_date,
    )
    session.add(model)
    session.flush()
    add_tacs(session, model, tacs, pending=pending, by=by, now=now)
    new = snapshot(model, ("name", "release_date", "end_of_sale_date")) | {"tacs": tacs}
    record(session, actor, Action.created, "phone_model", model.id, new=new,
           brand_id=brand_id)  # fmt: skip
    return model


def add_tacs(
    session: Session,
    model: PhoneModel,
    tacs: list[str],
    *,
    pending: bool,
    by: int | None = None,
    now: datetime | None = None,
) -> list[ModelTac]:
    """Add TACs to a model, pending or confirmed; a TAC another model has is refused."""
    tacs = check_tacs(tacs)
    taken = session.scalars(select(ModelTac.tac).where(ModelTac.tac.in_(tacs))).all()
    if taken:
        raise TacsTaken(N_("These TACs already belong to a model: %(tacs)s."), list(taken))
    rows = [
        ModelTac(
            tac=t,
            status=TacStatus.pending if pending else TacStatus.confirmed,
            claimed_at=now,
            claimed_by=by,
            confirmed_at=None if pending else now,
            confirmed_by=None if pending else by,
        )
        for t in tacs
    ]
    model.tacs.extend(rows)
    session.flush()
    return rows


def get_tac(session: Session, tac: str) -> ModelTac:
    """Return a TAC row or raise NotFound."""
    row = session.get(ModelTac, tac)
    if row is None:
        raise NotFound("No such TAC.")
    return row


def confirm_tac(session: Session, row: ModelTac, by: int | None, now: datetime) -> ModelTac:
    """Confirm a pending TAC: from now on it names its model."""
    if row.status == TacStatus.confirmed:
        raise Conflict(N_("This TAC is confirmed already."))
    row.status, row.confirmed_at, row.confirmed_by = TacStatus.confirmed, now, by
    session.flush()
    return row


def reject_tac(session: Session, row: ModelTac) -> None:
    """Refuse a pending claim: the TAC is free again."""
    if row.status == TacStatus.confirmed:
        raise Conflict(N_("This TAC is confirmed already."))
    session.delete(row)
    session.flush()


def pending_tacs(session: Session, brand_id: int | None = None) -> list[ModelTac]:
    """Return the TACs waiting for a platform admin, of one brand or all, oldest claim first."""
    stmt = (
        select(ModelTac)
        .join(PhoneModel)
        .where(ModelTac.status == TacStatus.pending)
        .options(contains_eager(ModelTac.model).joinedload(PhoneModel.brand))
        .order_by(ModelTac.claimed_at, ModelTac.tac)
    )
    if brand_id is not None:
        stmt = stmt.where(PhoneModel.brand_id == brand_id)
    return list(session.scalars(stmt))


def get_model(session: Session, model_id: int) -> PhoneModel:
    """Return a phone model or raise NotFound."""
    model = session.get(PhoneModel, model_id)
    if model is None:
        raise NotFound("No such phone model.")
    return model


def model_for_imei(session: Session, imei: str) -> PhoneModel | None:
    """Return the model whose confirmed TAC starts this IMEI, if known (claims do not count)."""
    row = session.get(ModelTac, imei[:8])
    return row.model if row is not None and row.status == TacStatus.confirmed else None


def create_centre(
    session: Session,
    actor: Acting,
    *,
    name: str,
    city: str,
    country: str,
    brand_ids: list[int],
    working_week: str = "1111100",
    timezone: str | None = None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    opening_hours: dict[str, list[str]] | None = None,
    confirm_duplicate: bool = False,
) -> ServiceCentre:
    """Create a service centre serving the given brands.

    One of the same name in the same city is refused (PossibleDuplicate) unless confirmed.
    """
    require_catalogue_admin(actor)
    problems = Problems()
    check_texts(problems.errors, SHORT, name=name, city=city, address=address)
    clean_country = problems.check(lambda: check_country(country))
    problems.check(lambda: _check_place(latitude, longitude))
    problems.check(lambda: check_week(working_week))
    hours = problems.check(lambda: check_hours(opening_hours))
    problems.raise_if_any(N_("The service centre cannot be added."))
    country = clean_country or country
    if not confirm_duplicate:
        check_duplicate(session, ServiceCentre, country, city, name)
    brands = [get_brand(session, b) for b in brand_ids]
    centre = ServiceCentre(
        name=name.strip(),
        city=city.strip(),
        country=country,
        working_week=working_week,
        timezone=pick_timezone(country, timezone),
        address=address,
        latitude=latitude,
        longitude=longitude,
        brands=brands,
        opening_hours=hours,
    )
    session.add(centre)
    session.flush()
    record(session, actor, Action.created, "service_centre", centre.id,
           new=snapshot(centre, (*PLACE_FIELDS, "working_week")))  # fmt: skip
    return centre


def get_centre(session: Session, centre_id: int) -> ServiceCentre:
    """Return a service centre or raise NotFound."""
    centre = session.get(ServiceCentre, centre_id)
    if centre is None:
        raise NotFound("No such service centre.")
    return centre


def create_shop(
    session: Session,
    actor: Acting,
    *,
    name: str,
    city: str,
    country: str,
    timezone: str | None = None,
    address: str = "",
    email: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    opening_hours: dict[str, list[str]] | None = None,
    confirm_duplicate: bool = False,
) -> Shop:
    """Create a shop; `email` is where it hears of its repairs.

    One of the same name in the same city is refused (PossibleDuplicate) unless confirmed.
    """
    require_catalogue_admin(actor)
    problems = Problems()
    check_texts(problems.errors, SHORT, name=name, city=city, address=address)
    clean_country = problems.check(lambda: check_country(country))
    problems.check(lambda: _check_place(latitude, longitude))
    if email is not None and (email := email.strip()) and "@" not in email:
        problems.errors["email"] = N_("Give an address like desk@shop.it.")
    hours = problems.check(lambda: check_hours(opening_hours))
    problems.raise_if_any(N_("The shop cannot be added."))
    country = clean_country or country
    if not confirm_duplicate:
        check_duplicate(session, Shop, country, city, name)
    shop = Shop(
        name=name.strip(),
        city=city.strip(),
        country=country,
        timezone=pick_timezone(country, timezone),
        address=address,
        email=email or None,
        latitude=latitude,
        longitude=longitude,
        opening_hours=hours,
    )
    session.add(shop)
    session.flush()
    record(session, actor, Action.created, "shop", shop.id,
           new=snapshot(shop, (*PLACE_FIELDS, "email")))  # fmt: skip
    return shop


PLACE_FIELDS = ("name", "city", "country", "timezone", "address", "latitude", "longitude")


def _check_place(latitude: float | None, longitude: float | None) -> None:
    if errors := check_coordinates(latitude, longitude):
        raise ValidationFailed("Invalid coordinates.", errors)


def get_shop(session: Session, shop_id: int) -> Shop:
    """Return a shop or raise NotFound."""
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise NotFound("No such shop.")
    return shop
