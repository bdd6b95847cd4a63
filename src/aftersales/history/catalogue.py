"""What an import matches its lines against: brands, models, centres and shops by name or id.

Read once per import (the catalogue is small); phones are looked up by IMEI in chunks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.devices.models import Phone
from aftersales.devices.stand_in import STAND_IN_PREFIX
from aftersales.kernel.imei import luhn_check_digit

CHUNK = 500


def placeholder_imei(source: str, external_id: str) -> str:
    """Return the stand-in IMEI of a repair whose source names no phone.

    In the test range (devices.stand_in), made from the source and the repair's id: the same
    on a re-run.
    """
    digest = hashlib.sha256(f"{source}\x00{external_id}".encode()).hexdigest()
    body = STAND_IN_PREFIX + f"{int(digest[:16], 16) % 10**12:012d}"
    return body + str(luhn_check_digit(body))


@dataclass
class Catalogue:
    """Brands, models, centres and shops by lower-case name (and id as text)."""

    brands: dict[str, int | None]
    models: dict[tuple[int, str], int]
    model_brand: dict[int, int]
    centres: dict[str, int | None]
    centre_rows: dict[int, ServiceCentre]
    shops: dict[str, int | None]
    new_models: set[tuple[int, str]] = field(default_factory=set)
    brand_names: dict[int, str] = field(default_factory=dict)  # to name a brand in a message

    @classmethod
    def load(cls, session: Session) -> Catalogue:
        """Read the catalogue; a name two rows share maps to None (ambiguous)."""
        brands: dict[str, int | None] = {}
        names: dict[int, str] = {}
        for b in session.scalars(select(Brand)):
            _add(brands, b.slug, b.id)
            _add(brands, b.name, b.id)
            names[b.id] = b.name
        models: dict[tuple[int, str], int] = {}
        model_brand: dict[int, int] = {}
        for model_id, brand_id, name in session.execute(
            select(PhoneModel.id, PhoneModel.brand_id, PhoneModel.name)
        ):
            models[(brand_id, name.lower())] = model_id
            model_brand[model_id] = brand_id
        centres: dict[str, int | None] = {}
        rows = {c.id: c for c in session.scalars(select(ServiceCentre).order_by(ServiceCentre.id))}
        for c in rows.values():
            _add(centres, c.name, c.id)
            centres[str(c.id)] = c.id
        shops: dict[str, int | None] = {}
        for shop_id, name in session.execute(select(Shop.id, Shop.name)):
            _add(shops, name, shop_id)
            shops[str(shop_id)] = shop_id
        return cls(brands, models, model_brand, centres, rows, shops, brand_names=names)

    def centre_in(self, country: str, brand_id: int) -> int | None:
        """Return the first centre (lowest id) of a country that repairs the brand."""
        for c in self.centre_rows.values():
            if c.country == country and brand_id in {b.id for b in c.brands}:
                return c.id
        return None


def _add(names: dict[str, int | None], name: str, row_id: int) -> None:
    key = name.strip().lower()
    names[key] = row_id if names.get(key, row_id) == row_id else None


def phones_by_imei(session: Session, imeis: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Return the known phones of these IMEIs: IMEI -> (phone id, model id)."""
    wanted = sorted(set(imeis))
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows = session.execute(
            select(Phone.imei, Phone.id, Phone.model_id).where(Phone.imei.in_(chunk))
        )
        found.update({imei: (pid, mid) for imei, pid, mid in rows})
    return found
