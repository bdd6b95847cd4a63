"""Tests of parts, stock and supply orders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.inventory.models import Part
from aftersales.inventory.parts import create_part
from aftersales.kernel.actors import SYSTEM
from tests.factories import n


def make_part(session: Session, models: list[PhoneModel], now: datetime, **kw: Any) -> Part:
    """Make a part of the models' brand (a display by default)."""
    return create_part(
        session,
        SYSTEM,
        models[0].brand_id,
        [m.id for m in models],
        now,
        number=kw.pop("number", f"P-{n()}"),
        kind=kw.pop("kind", "display"),
        names=kw.pop("names", {"en": "Display assembly", "it": "Display completo"}),
        cost_minor=kw.pop("cost_minor", 4500),
        price_minor=kw.pop("price_minor", 8900),
        currency=kw.pop("currency", "EUR"),
        lead_days=kw.pop("lead_days", 5),
        **kw,
    )
