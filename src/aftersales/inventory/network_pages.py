"""The brand's stock across its network (/brand/stock): every place's balances of its parts,
filtered and paged, and the form that moves parts from one place to another.

Its brand's admins and platform admins (any brand) see it; everyone else gets 404. The
brand page links it with the count of low balances (a section of `BRAND_HOME`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.catalog import queries as catalogue
from aftersales.catalog import service as catalog
from aftersales.catalog.access import may_change_catalogue
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import brand_of
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.once import new_form_token, submit_once
from aftersales.http.pages import ActorPage, Page, form_errors
from aftersales.inventory import network, stock
from aftersales.inventory.network import PLACE_CHOICES, Place
from aftersales.kernel.errors import Conflict, DomainError, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_number

router = APIRouter(include_in_schema=False)
# The service's field names, as the form names them.
FIELDS = {"from_location_id": "from_place", "to_location_id": "to_place"}


@dataclass(frozen=True)
class Filters:
    """What the list shows: part numbers containing `part`, places found by `place`, low only."""

    part: str = ""
    place: str = ""
    low: bool = False
    page_no: int = 1

    def query(self, brand_id: int, **more: Any) -> str:
        """Return the page's query string with these filters (and `more`)."""
        values: dict[str, Any] = {"brand_id": brand_id}
        values |= {k: v for k, v in (("part", self.part), ("place", self.place)) if v}
        values |= {"low": 1} if self.low else {}
        return urlencode(values | more)


def _filters(part: str, place: str, low: bool, page_no: int) -> Filters:
    return Filters(part.strip()[:40], place.strip()[:120], low, page_number(page_no))


def _offered(chosen: list[Place | None], *found: list[Place]) -> list[Place]:
    """Return the places the transfer offers: those already chosen first, then those found."""
    picked = [p for p in chosen if p is not None]
    return list({p.key: p for group in (picked, *found) for p in group}.values())


def _show(
    page: Page[Any], session: DbSession, brand: Brand, filters: Filters,
    values: dict[str, str] | None = None, errors: dict[str, str] | None = None, code: int = 200,
) -> Response:  # fmt: skip
    values = values or {}
    centres = network.centres(session, brand.id, filters.place)
    found = network.warehouses(session, brand.id, filters.place) + centres
    located = [p.location_id for p in found if p.location_id is not None]
    rows = network.levels(
        session, brand.id, PAGE_SIZE + 1, (filters.page_no - 1) * PAGE_SIZE,
        part_q=filters.part, location_ids=located if filters.place else None,
        low_only=filters.low,
    )  # fmt: skip
    chosen = [network.place(session, brand.id, values.get(k, "")) for k in FIELDS.values()]
    parts = network.find_parts(session, brand.id, filters.part)
    picked = network.brand_part(session, brand.id, values.get("part_id", ""))
    if picked is not None and picked not in parts:
        parts = [picked, *parts]
    assert page.user is not None
    return page.render(
        "inventory/network_stock.html", code, brand=brand, filters=filters,
        rows=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE, low_total=network.low_count(
            session, brand.id), parts=parts, centres_capped=len(centres) >= PLACE_CHOICES,
        places=_offered(chosen, network.warehouses(session, brand.id), centres),
        values=values, errors=errors or {}, query=filters.query(brand.id),
        form_token=new_form_token(),
        brands=catalogue.list_brands(session) if may_change_catalogue(page.user) else [],
    )  # fmt: skip


@router.get("/brand/stock")
def network_stock(
    page: ActorPage,
    session: DbSession,
    brand_id: int | None = None,
    part: str = "",
    place: str = "",
    low: bool = False,
    page_no: int = 1,
    from_place: str = "",
    to_place: str = "",
    part_id: str = "",
) -> Response:
    """Show the brand's parts at every place (filtered, 25 a page) and the transfer form."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    # "Move from here" and "Send here" fill them in
    values = {"from_place": from_place, "to_place": to_place, "part_id": part_id}
    return _show(page, session, brand, _filters(part, place, low, page_no), values)


def _move(
    session: DbSession, user: Actor, brand: Brand, values: dict[str, str], now: datetime
) -> None:
    """Check the whole form, saying every wrong field at once, then move the parts."""
    errors: dict[str, str] = {}
    part = network.brand_part(session, brand.id, values["part_id"])
    if part is None:
        errors["part_id"] = N_("Choose a part.")
    source = network.place(session, brand.id, values["from_place"])
    if source is None:
        errors["from_place"] = N_("Choose where the parts leave from.")
    target = network.place(session, brand.id, values["to_place"])
    if target is None:
        errors["to_place"] = N_("Choose where the parts go.")
    raw = values["quantity"].strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        errors["quantity"] = N_("Give a quantity from 1 to 100000.")
    if errors:
        raise ValidationFailed(N_("Check the transfer."), errors)
    assert part is not None and source is not None and target is not None
    stock.transfer(session, user, part, network.location(session, source),
                   network.location(session, target), int(raw), now)  # fmt: skip


@router.post("/brand/stock/transfers")
def transfer(
    page: ActorPage,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    part: str = "",
    place: str = "",
    low: bool = False,
    page_no: int = 1,
    part_id: str = Form(""),
    from_place: str = Form(""),
    to_place: str = Form(""),
    quantity: str = Form(""),
    form_token: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Move parts between two places of the network; on a refusal the form comes back as typed."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    assert page.user is not None
    filters = _filters(part, place, low, page_no)
    values = {"part_id": part_id, "from_place": from_place, "to_place": to_place,
              "quantity": quantity}  # fmt: skip
    if not page.check_csrf(csrf):
        errors = {"form": N_("The form expired. Please try again.")}
        return _show(page, session, brand, filters, values, errors, 422)
    user, done = page.user, filters.query(brand.id, page_no=filters.page_no, done="transfer")
    chosen: Brand = brand

    def work() -> str:
        _move(session, user, chosen, values, now)
        session.flush()
        return f"/brand/stock?{done}#transfer"

    try:  # a double click moves the parts once (decision 43)
        return page.redirect(submit_once(session, user, "stock transfer", form_token, now, work))
    except DomainError as exc:
        session.rollback()
        errors = form_errors(exc, FIELDS)
        if isinstance(exc, Conflict):  # too few available where they leave: said there
            errors = {"form": N_("Check the transfer."), "quantity": exc.detail}
        return _show(page, session, catalog.get_brand(session, chosen.id), filters, values,
                     errors, 422)  # fmt: skip


def _section(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The brand page's link to the network's stock, with how many balances are low."""
    return {"stock_low_total": network.low_count(session, brand.id)}


BRAND_HOME.add(Section(26, "inventory/brand_stock.html", _section))
