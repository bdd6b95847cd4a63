"""The brand page's parts catalogue: the brand's parts, a page at a time, and a form to add one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.catalog import queries as catalogue
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import save, whole_number
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import ActorPage, Page
from aftersales.inventory import parts as catalog_parts
from aftersales.inventory.words import KINDS
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.money import parse_money
from aftersales.kernel.paging import PAGE_SIZE, page_number

router = APIRouter(include_in_schema=False)


def _parts(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    raw = page.request.query_params.get("parts_page", "1")
    page_no = page_number(int(raw) if raw.isdigit() else 1)
    found = catalog_parts.parts_of_brand(
        session, brand.id, PAGE_SIZE + 1, (page_no - 1) * PAGE_SIZE
    )
    return {
        "parts": found[:PAGE_SIZE],
        "parts_more": len(found) > PAGE_SIZE,
        "parts_page": page_no,
        "part_kinds": KINDS,
        "brand_models": catalogue.list_models(session, brand.id),
    }


BRAND_HOME.add(Section(25, "inventory/brand_parts.html", _parts))


@router.post("/brand/parts")
def add_part(
    page: ActorPage,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    number: str = Form(""),
    kind: str = Form(""),
    name_en: str = Form(""),
    name_it: str = Form(""),
    name_vi: str = Form(""),
    currency: str = Form("EUR"),
    cost: str = Form(""),
    price: str = Form(""),
    lead_days: str = Form(""),
    models: list[str] = Form([]),
    csrf: str = Form(""),
) -> Response:
    """Add a part to the brand's catalogue: number, kind, names, money, lead time, models."""
    values = {"number": number, "kind": kind, "name_en": name_en, "name_it": name_it,
              "name_vi": name_vi, "currency": currency, "cost": cost, "price": price,
              "lead_days": lead_days, "models": ",".join(models)}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        money = currency.strip().upper() or "EUR"
        errors: dict[str, str] = {}
        amounts: dict[str, int] = {}
        for field, raw in (("cost", cost), ("price", price)):
            try:
                amounts[field] = parse_money(raw, money, field) if len(money) == 3 else 0
            except ValidationFailed as exc:
                errors.update(exc.errors)
        fields = dict(
            number=number, kind=kind, names={"en": name_en, "it": name_it, "vi": name_vi},
            cost_minor=amounts.get("cost", 0), price_minor=amounts.get("price", 0),
            currency=money, lead_days=whole_number(lead_days or "0", "lead_days"),
        )  # fmt: skip
        chosen = [int(m) for m in models if m.isdigit()]
        errors = catalog_parts.problems(session, brand.id, chosen, **fields) | errors
        if errors:
            raise ValidationFailed(N_("Check the part."), errors)
        catalog_parts.create_part(session, user, brand.id, chosen, now, **fields)

    return save(page, session, brand_id, csrf, "part", values, act)


@router.post("/brand/parts/{part_id}/production-end")
def set_production_end(
    page: ActorPage,
    session: DbSession,
    now: Now,
    part_id: int,
    brand_id: int | None = None,
    production_ends_on: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Say the day a part's production ends, or withdraw it: the forecast plans a last batch."""
    form = f"part-end-{part_id}"

    def act(brand: Brand, user: Actor) -> None:
        part = catalog_parts.get_part(session, part_id)
        if part.brand_id != brand.id:
            raise NotFound(N_("No such part."))
        fits = [m.id for m in part.models]
        catalog_parts.update_part(session, user, part, fits, now,
                                  production_ends_on=production_ends_on)  # fmt: skip

    return save(page, session, brand_id, csrf, form, {"production_ends_on": production_ends_on},
                act)  # fmt: skip
