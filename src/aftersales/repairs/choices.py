"""What the intake and booking forms offer: the phone models, shops and centres to pick from."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, ServiceCentre, Shop, centre_brand
from aftersales.devices.models import Phone


def models_by_name(session: Session) -> list[PhoneModel]:
    """Return the models offered for new phones, by name (the intake form's list): not retired."""
    stmt = select(PhoneModel).where(PhoneModel.retired_at.is_(None))
    return list(session.scalars(stmt.order_by(PhoneModel.name)))


def centres_in(session: Session, country: str) -> list[ServiceCentre]:
    """Return every service centre of the country, by name."""
    stmt = select(ServiceCentre).where(ServiceCentre.country == country)
    return list(session.scalars(stmt.order_by(ServiceCentre.name)))


def booking_places(
    session: Session, phones: Sequence[Phone]
) -> tuple[list[Shop], list[ServiceCentre]]:
    """Return where the owner may hand a phone in: in its country, where its brand is repaired.

    Centres of the phones' countries that repair their brands, and the shops of those
    countries where such a centre is (a shop sends its repairs to a centre of its country).
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
    shops = session.scalars(select(Shop).where(Shop.country.in_(countries)).order_by(Shop.name))
    return list(shops), centres
