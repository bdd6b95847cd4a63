"""The demo's parts and stock: a display, a battery and a charging port for every model, stock
on each centre's shelf and in each brand's warehouse, and the Mi 8's missing display.

The stuck Mi 8 (generate._stuck) asks for a display the Naples centre does not have: it is
back-ordered on a supply order that the supplier moves twice, as the product brief tells.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand, ServiceCentre
from aftersales.inventory import ledger
from aftersales.inventory.ledger import Ref
from aftersales.inventory.locations import centre_location, warehouse
from aftersales.inventory.models import Movement, Part
from aftersales.inventory.parts import create_part
from aftersales.inventory.stock import set_reorder_point
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.parts import arrivals, need_part, parts_of
from aftersales.repairs.parts_late import slip_supply

# kind: (English, Italian, Vietnamese name), price in EUR cents, lead time in working days
KINDS = {
    "display": (("Display assembly", "Display completo", "Cụm màn hình"), 8900, 10),
    "battery": (("Battery", "Batteria", "Pin"), 3900, 5),
    "charging_port": (("Charging port board", "Connettore di ricarica", "Bo cổng sạc"), 2500, 5),
}
VND_PER_EUR_CENT = 270  # Vsmart sells in Vietnam only: its parts are priced in dong


def make_parts(
    session: Session,
    brands: dict[str, Brand],
    models: dict[str, int],
    specs: list[tuple[str, str]],
    now: datetime,
) -> dict[tuple[str, str], Part]:
    """Make each model's parts; return them by (model name, kind)."""
    made: dict[tuple[str, str], Part] = {}
    for brand_slug, model in specs:
        for kind, (names, cents, lead) in KINDS.items():
            vnd = brand_slug == "vsmart"
            number = f"{brand_slug[:2].upper()}-{model.upper().replace(' ', '')}-{kind[:3].upper()}"
            made[(model, kind)] = create_part(
                session, SYSTEM, brands[brand_slug].id, [models[model]], now, number=number,
                kind=kind, names=dict(zip(("en", "it", "vi"), names, strict=True)),
                cost_minor=(cents * VND_PER_EUR_CENT if vnd else cents) // 2,
                price_minor=cents * VND_PER_EUR_CENT if vnd else cents,
                currency="VND" if vnd else "EUR", lead_days=lead,
            )  # fmt: skip
    return made


def stock_shelves(
    session: Session, rng: random.Random, centres: list[ServiceCentre],
    parts: dict[tuple[str, str], Part], brands: dict[str, Brand], now: datetime,
) -> None:  # fmt: skip
    """Put parts on every centre's shelf and in the brands' warehouses; the Mi 8 has no display."""
    for centre in centres:
        shelf = centre_location(session, centre)
        served = {b.id for b in centre.brands}
        for (model, kind), part in parts.items():
            if part.brand_id not in served or (model, kind) == ("Mi 8", "display"):
                continue
            count = rng.choice((0, 1, 2, 3, 5, 8))
            if count:
                ledger.move(session, shelf.id, part.id, Movement.received, count, SYSTEM, now,
                            Ref(reason="demo opening stock"))  # fmt: skip
            set_reorder_point(session, SYSTEM, shelf, part, 2, now)
    for brand in brands.values():
        for country in {c.country for c in centres if brand in c.brands}:
            depot = warehouse(session, brand, country)
            for (model, kind), part in parts.items():
                if part.brand_id == brand.id and (model, kind) != ("Mi 8", "display"):
                    ledger.move(session, depot.id, part.id, Movement.received, rng.randint(5, 40),
                                SYSTEM, now, Ref(reason="demo opening stock"))  # fmt: skip


def ask_display(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, *, part_id: int
) -> None:
    """The stuck Mi 8's technician asks for a display: none on the shelf, so it is ordered."""
    need_part(session, actor, repair, part_id, 1, now)


def supplier_moves(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, *, days: int, why: str
) -> None:
    """The supplier moves the display's delivery `days` ahead: the repair's date moves too."""
    rp = parts_of(session, repair.id)[0]
    order = arrivals(session, [rp])[rp.id]
    slip_supply(session, actor, order, now.date() + timedelta(days=days), why, now)
