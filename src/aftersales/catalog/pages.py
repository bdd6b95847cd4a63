"""The brand admin's page (/brand): the brand picked, its service centres and the shops.

The page is `BRAND_HOME`, made of the sections the areas register: here the head (name,
brand picker, "Saved."), the centres and the shops; `devices` adds the models and the TAC
claims, `warranty` and `sla` their policies. The areas' brand forms share `brand_of`,
`save` and the field readers below.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.catalog import queries
from aftersales.catalog import service as catalog
from aftersales.catalog.access import first_brand_for, get_brand_for, may_change_catalogue
from aftersales.catalog.models import Brand
from aftersales.catalog.places import PossibleDuplicate
from aftersales.http.deps import Actor, DbSession
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import ActorPage, Page, form_errors
from aftersales.kernel.errors import DomainError, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE

router = APIRouter(include_in_schema=False)


def brand_of(page: Page[Any], session: DbSession, brand_id: int | None) -> Brand | Response:
    """Return the brand the admin manages (platform admins pick one), or the page to answer."""
    if page.user is None:
        return page.to_login()
    try:
        if brand_id:
            return get_brand_for(session, page.user, brand_id)
    except NotFound:
        return not_for_you(page)
    return first_brand_for(session, page.user) or not_for_you(page)


def not_for_you(page: Page[Any]) -> Response:
    """Answer 404 to those who administer no brand."""
    return page.render("error.html", 404, message=N_("This page is for brand administrators."))


def save(
    page: Page[Any],
    session: DbSession,
    brand_id: int | None,
    csrf: str,
    form: str,
    values: dict[str, str],
    action: Callable[[Brand, Actor], object],
    *,
    platform_only: bool = False,
) -> Response:
    """Run one change for the brand; on failure show the page again with the form's input and why.

    `action` gets the brand and the signed-in admin. `platform_only`: centres and shops serve
    many brands, so only platform admins add them.
    """
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    assert page.user is not None  # brand_of answered anonymous visitors
    user: Actor = page.user
    if platform_only and not may_change_catalogue(user):
        return not_for_you(page)
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    else:
        try:
            action(brand, user)
            session.flush()
        except DomainError as exc:
            session.rollback()
            brand = catalog.get_brand(session, brand.id)
            errors = form_errors(exc)
            if isinstance(exc, catalog.TacsTaken):  # names the TACs, in the admin's language
                errors["form"] = page._(exc.message, **exc.values)
            if isinstance(exc, PossibleDuplicate):  # the form offers "add it anyway"
                errors["duplicate"] = errors["form"]
    if errors:
        forms = {form: {"values": values, "errors": errors}}
        return BRAND_HOME.render(page, session, brand, 422, **forms)
    return page.redirect(f"/brand?brand_id={brand.id}&done={form}")


def whole_number(raw: str, field: str) -> int:
    """Read a form's whole number (months, days), or raise naming the field."""
    if not raw.strip().lstrip("-").isdigit():
        raise ValidationFailed("Not a whole number.", {field: N_("Enter a whole number.")})
    if len(raw.strip()) > 6:  # months and days: anything longer is a slip, not a policy
        raise ValidationFailed("Too large.", {field: N_("Enter a smaller number.")})
    return int(raw)


def day(raw: str, field: str) -> date | None:
    """Read a form's date (None if empty), or raise naming the field."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError as exc:
        raise ValidationFailed(
            "Not a date.", {field: N_("Enter a date, e.g. 2026-03-01.")}
        ) from exc


def _catalogue_admin(page: Page[Any]) -> bool:
    return page.user is not None and may_change_catalogue(page.user)


def _head(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The brand picker: platform admins choose among every brand."""
    return {"brands": queries.list_brands(session) if _catalogue_admin(page) else []}


def _centres(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    return {
        "centres": queries.centres_serving(session, brand.id),
        "catalogue_admin": _catalogue_admin(page),
    }


def _shops(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    if not _catalogue_admin(page):  # shops sell every brand: they are the platform's to keep
        return {"shops": [], "catalogue_admin": False}
    return {"shops": queries.newest_shops(session, PAGE_SIZE), "catalogue_admin": True}


BRAND_HOME.add(Section(0, "catalog/brand_head.html", _head, wide=True))
BRAND_HOME.add(Section(50, "catalog/brand_centres.html", _centres))
BRAND_HOME.add(Section(60, "catalog/brand_shops.html", _shops))


@router.get("/brand")
def brand_page(page: ActorPage, session: DbSession, brand_id: int | None = None) -> Response:
    """Show the brand's models, policies, centres and shops."""
    brand = brand_of(page, session, brand_id)
    return brand if isinstance(brand, Response) else BRAND_HOME.render(page, session, brand)


@router.post("/brand/centres")
def add_centre(
    page: ActorPage,
    session: DbSession,
    brand_id: int | None = None,
    name: str = Form(""),
    city: str = Form(""),
    country: str = Form(""),
    address: str = Form(""),
    working_week: str = Form("1111100"),
    confirm_duplicate: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Add a service centre that serves this brand (platform admins)."""
    values = {"name": name, "city": city, "country": country, "address": address,
              "working_week": working_week}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        catalog.create_centre(
            session,
            user,
            name=name.strip(),
            city=city.strip(),
            country=country.strip().upper(),
            brand_ids=[brand.id],
            working_week=working_week.strip(),
            address=address.strip(),
            confirm_duplicate=confirm_duplicate,
        )

    return save(page, session, brand_id, csrf, "centre", values, act, platform_only=True)


@router.post("/brand/shops")
def add_shop(
    page: ActorPage,
    session: DbSession,
    brand_id: int | None = None,
    name: str = Form(""),
    city: str = Form(""),
    country: str = Form(""),
    address: str = Form(""),
    confirm_duplicate: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Add a shop (platform admins)."""
    values = {"name": name, "city": city, "country": country, "address": address}

    def act(_brand: Brand, user: Actor) -> None:
        catalog.create_shop(
            session,
            user,
            name=name.strip(),
            city=city.strip(),
            country=country.strip().upper(),
            address=address.strip(),
            confirm_duplicate=confirm_duplicate,
        )

    return save(page, session, brand_id, csrf, "shop", values, act, platform_only=True)
