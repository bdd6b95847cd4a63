"""The stock message kind: a part ran low at a place, told to the people who keep it there.

Importing this module registers the kind; `inventory.low`, which queues it with the ledger's
writes, imports it, and so does every process that moves stock or sends messages (the
worker through the jobs it runs).
"""

from __future__ import annotations

from pydantic import Field

from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue


class LowStock(Props):
    """A part's balance at a place just after it fell to its reorder point or below."""

    location_id: int
    place: str  # the centre's name, or the warehouse's
    centre_id: int | None  # None: a brand's warehouse
    brand_id: int  # the part's
    part_number: str
    part_names: dict[str, str]  # {"en": …, "it": …, "vi": …}: English always
    on_hand: int = Field(ge=0)
    reserved: int = Field(ge=0)
    available: int = Field(ge=0)
    reorder_point: int = Field(gt=0)


WHY = N_("You receive this because you look after the stock of this place in aftersales.")


def _part(p: LowStock, lang: str) -> str:
    return f"{p.part_number} {p.part_names.get(lang) or p.part_names['en']}"


def link(p: LowStock, links: Links) -> str:
    """Return the page where the reader acts: the centre's low stock, or the network's."""
    if p.centre_id is not None:
        return links.page("centre/stock", low="1")
    return links.page("brand/stock", brand_id=str(p.brand_id), part=p.part_number, low="1")


def low_stock(p: LowStock, t: Tongue, links: Links) -> Words:
    """Tell a place's managers that a part fell to its reorder point: the figures, what to do."""
    n = t.fmt.number
    part = _part(p, t.lang)
    subject = t._("Low stock at {place}: {part}").format(place=p.place, part=part)
    figures = t._(
        "{available} available, at or under the reorder point of {point} "
        "({on_hand} on hand, {reserved} reserved for repairs)."
    ).format(
        available=n(p.available), point=n(p.reorder_point), on_hand=n(p.on_hand),
        reserved=n(p.reserved),
    )  # fmt: skip
    act = (
        t._("Order more, or ask the brand to send some from its warehouse; the stock page "
            "lists every part that is low here.")
        if p.centre_id is not None
        else t._("Order more from the supplier, or move some from another place on the "
                 "network stock page.")
    )  # fmt: skip
    return Words(subject, [figures, act], link(p, links), subject, WHY)


LOW_STOCK = register(Kind("low_stock", LowStock, {"staff": low_stock}))
