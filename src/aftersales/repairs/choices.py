"""What the intake and booking forms offer: the phone models, shops and centres to pick from."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, ServiceCentre, Shop, centre_brand
from aftersales.catalog.queries import name_or_city_has
from aftersales.devices.models import Phone


def models_by_name(session: Session) -> list[PhoneModel]:
    """Return the models offered for new phones, by name (the intake form's list): not retired."""
    stmt = select(PhoneModel).where(PhoneModel.retired_at.is_(None))
    return list(session.scalars(stmt.order_by(PhoneModel.name)))


def centres_in(session: Session, country: str) -> list[ServiceCentre]:
    """Return every service centre of the country, by name."""
    stmt = select(ServiceCentre).where(ServiceCentre.country == country)
    return list(session.scalars(stmt.order_by(ServiceCentre.name)))


PLACE_CHOICES = 15  # shops offered at a time on the booking form: those near, or found


def booking_places(
    session: Session, phones: Sequence[Phone], q: str = "", chosen: str = ""
) -> tuple[list[Shop], list[ServiceCentre]]:
    """Return where the owner may hand a phone in: in its country, where its brand is repaired.

    Centres of the phones' countries that repair their brands (a few), and up to
    PLACE_CHOICES shops of those countries (a shop sends its repairs to a centre of its
    country): those whose name or city has `q`, else those in the cities where the owner's
    phones were sold, else the first by city. The shop already chosen is always offered.
    """
    pairs = {(p.country, p.model.brand_id) for p in phones}
    if not pairs:
        return [], []
    # Centres by id from the pairs that match, not a DISTINCT over the rows: PostgreSQL
    # cannot compare the JSON opening hours that a DISTINCT would compare.
    matching = (
        select(centre_brand.c.centre_id)
        .join(ServiceCentre, ServiceCentre.id == centre_brand.c.centre_id)
        .where(
            or_(
                *(
                    (ServiceCentre.country == country) & (centre_brand.c.brand_id == brand)
                    for country, brand in pairs
                )
            )
        )
    )
    serving = select(ServiceCentre).where(ServiceCentre.id.in_(matching))
    centres = list(session.scalars(serving.order_by(ServiceCentre.name)))
    countries = {c.country for c in centres}
    stmt = select(Shop).where(Shop.country.in_(countries)).limit(PLACE_CHOICES)
    if q.strip():
        stmt = stmt.where(name_or_city_has(Shop, q))
    else:
        sold_at = [p.shop_id for p in phones if p.shop_id is not None]
        cities = select(Shop.city).where(Shop.id.in_(sold_at))
        nearby = list(session.scalars(stmt.where(Shop.city.in_(cities)).order_by(Shop.name)))
        if nearby:
            return _with_chosen(session, nearby, chosen, countries), centres
        stmt = stmt.order_by(Shop.city)
    shops = list(session.scalars(stmt.order_by(Shop.name)))
    return _with_chosen(session, shops, chosen, countries), centres


def _with_chosen(
    session: Session, shops: list[Shop], chosen: str, countries: set[str]
) -> list[Shop]:
    """Put the shop already chosen ("shop:3") among those offered, if it may be offered."""
    kind, _, number = chosen.partition(":")
    if kind != "shop" or not number.isdigit() or any(s.id == int(number) for s in shops):
        return shops
    picked = session.get(Shop, int(number))
    return [picked, *shops] if picked is not None and picked.country in countries else shops
