"""Use cases of the catalogue."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.access import require_brand_admin, require_catalogue_admin
from aftersales.catalog.models import Brand, ModelTac, PhoneModel, ServiceCentre, Shop
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, NotFound, ValidationFailed
from aftersales.kernel.geo import check_coordinates
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
        raise ValidationFailed("Invalid country.", {field: "Use a 2-letter ISO code, e.g. IT."})
    try:
        public_holidays(code)
    except ValidationFailed as exc:
        raise ValidationFailed("Invalid country.", {field: exc.detail}) from exc
    return code


def pick_timezone(country: str, timezone: str | None) -> str:
    """Return the given time zone if valid, else the country's usual one."""
    if timezone:
        if timezone not in available_timezones():
            raise ValidationFailed("Invalid time zone.", {"timezone": "Use e.g. Europe/Rome."})
        return timezone
    return COUNTRY_TZ.get(country, "UTC")


def create_brand(session: Session, actor: Acting, slug: str, name: str) -> Brand:
    """Create a brand with a unique slug."""
    require_catalogue_admin(actor)
    if not SLUG_RE.match(slug):
        raise ValidationFailed("Invalid slug.", {"slug": "Use lower-case letters, digits and -."})
    if session.scalar(select(Brand.id).where(Brand.slug == slug)):
        raise Conflict(f"A brand with slug '{slug}' already exists.")
    brand = Brand(slug=slug, name=name.strip())
    session.add(brand)
    session.flush()
    return brand


def get_brand(session: Session, brand_id: int) -> Brand:
    """Return a brand or raise NotFound."""
    brand = session.get(Brand, brand_id)
    if brand is None:
        raise NotFound("No such brand.")
    return brand


def create_model(
    session: Session,
    actor: Acting,
    brand_id: int,
    name: str,
    tacs: list[str],
    release_date: date | None = None,
    end_of_sale_date: date | None = None,
) -> PhoneModel:
    """Create a phone model with its TAC prefixes; each TAC belongs to one model only."""
    require_brand_admin(actor, brand_id)
    get_brand(session, brand_id)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "A name is required."
    bad = [t for t in tacs if not (len(t) == 8 and t.isdigit())]
    if bad:
        errors["tacs"] = f"A TAC is the first 8 digits of an IMEI; not valid: {', '.join(bad)}."
    if release_date and end_of_sale_date and end_of_sale_date < release_date:
        errors["end_of_sale_date"] = "The end of sale cannot be before the release."
    if errors:
        raise ValidationFailed("The model cannot be created.", errors)
    if session.scalar(
        select(PhoneModel.id).where(PhoneModel.brand_id == brand_id, PhoneModel.name == name)
    ):
        raise Conflict(f"The brand already has a model named '{name}'.")
    taken = session.scalars(select(ModelTac.tac).where(ModelTac.tac.in_(tacs))).all()
    if taken:
        raise Conflict(f"These TACs already belong to another model: {', '.join(taken)}.")
    model = PhoneModel(
        brand_id=brand_id,
        name=name.strip(),
        release_date=release_date,
        end_of_sale_date=end_of_sale_date,
        tacs=[ModelTac(tac=t) for t in sorted(set(tacs))],
    )
    session.add(model)
    session.flush()
    return model


def get_model(session: Session, model_id: int) -> PhoneModel:
    """Return a phone model or raise NotFound."""
    model = session.get(PhoneModel, model_id)
    if model is None:
        raise NotFound("No such phone model.")
    return model


def model_for_imei(session: Session, imei: str) -> PhoneModel | None:
    """Return the model whose TAC starts this IMEI, if known."""
    row = session.get(ModelTac, imei[:8])
    return row.model if row else None


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
) -> ServiceCentre:
    """Create a service centre serving the given brands."""
    require_catalogue_admin(actor)
    country = check_country(country)
    _check_place(latitude, longitude)
    try:
        check_week(working_week)
    except ValidationFailed as exc:
        raise ValidationFailed("Invalid working week.", exc.errors) from exc
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
    )
    session.add(centre)
    session.flush()
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
) -> Shop:
    """Create a shop; `email` is where it hears of its repairs."""
    require_catalogue_admin(actor)
    country = check_country(country)
    _check_place(latitude, longitude)
    if email is not None and (email := email.strip()) and "@" not in email:
        raise ValidationFailed("Invalid e-mail.", {"email": "Give an address like desk@shop.it."})
    shop = Shop(
        name=name.strip(),
        city=city.strip(),
        country=country,
        timezone=pick_timezone(country, timezone),
        address=address,
        email=email or None,
        latitude=latitude,
        longitude=longitude,
    )
    session.add(shop)
    session.flush()
    return shop


def _check_place(latitude: float | None, longitude: float | None) -> None:
    if errors := check_coordinates(latitude, longitude):
        raise ValidationFailed("Invalid coordinates.", errors)


def get_shop(session: Session, shop_id: int) -> Shop:
    """Return a shop or raise NotFound."""
    shop = session.get(Shop, shop_id)
    if shop is None:
        raise NotFound("No such shop.")
    return shop
