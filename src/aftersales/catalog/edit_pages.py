"""Pages that edit the catalogue: a centre's or shop's details and hours, a model's life.

Centres and shops are edited by platform admins (they add them, decision 112); a model by
its brand's admins and platform admins. Anyone else gets the same 404 as for a missing record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from aftersales.catalog import lifecycle, places
from aftersales.catalog import service as catalog
from aftersales.catalog.access import may_change_brand, may_change_catalogue
from aftersales.catalog.models import PhoneModel, ServiceCentre, Shop
from aftersales.catalog.pages import day
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import ActorPage, Page, form_errors, register_globals
from aftersales.kernel.errors import DomainError, NotFound
from aftersales.kernel.i18n import N_

router = APIRouter(include_in_schema=False)
register_globals(WEEKDAYS=places.WEEKDAYS)
NOT_YOURS = N_("This page is for the platform's administrators.")


async def hours_form(request: Request) -> dict[str, list[str]]:
    """Read the form's opening hours: `open_<day>` and `close_<day>`, 0 being Monday."""
    form = await request.form()
    return {
        str(d): [str(form.get(f"open_{d}", "")), str(form.get(f"close_{d}", ""))] for d in range(7)
    }


def hours_values(hours: dict[str, list[str]] | None) -> dict[str, str]:
    """Return the hours as the form's values (`open_0` …)."""
    values: dict[str, str] = {}
    for d in range(7):
        opens, closes = ([*list((hours or {}).get(str(d)) or []), "", ""])[:2]
        values |= {f"open_{d}": opens, f"close_{d}": closes}
    return values


def _place(
    page: Page[Any], session: DbSession, kind: str, place_id: int
) -> ServiceCentre | Shop | Response:
    if page.user is None:
        return page.to_login()
    if not may_change_catalogue(page.user) or not kind:
        return page.render("error.html", 404, message=NOT_YOURS)
    try:
        return (catalog.get_centre if kind == "centre" else catalog.get_shop)(session, place_id)
    except NotFound as exc:
        return page.render("error.html", 404, message=exc.detail)


def _place_values(place: ServiceCentre | Shop) -> dict[str, str]:
    return {
        "name": place.name,
        "address": place.address,
        "email": getattr(place, "email", None) or "",
        "version": str(place.version),
    } | hours_values(place.opening_hours)


def _render_place(
    page: Page[Any], kind: str, place: ServiceCentre | Shop, values: dict[str, str],
    errors: dict[str, str], code: int = 200,
) -> Response:  # fmt: skip
    return page.render("catalog/place_edit.html", code, kind=kind, place=place,
                       forms={"place": {"values": values, "errors": errors}})  # fmt: skip


@router.get("/network/{kind}/{place_id}")
def place_form(page: ActorPage, session: DbSession, kind: str, place_id: int) -> Response:
    """Show a centre's or shop's details and opening hours to edit (platform admins)."""
    place = _place(page, session, _kind(kind), place_id)
    if isinstance(place, Response):
        return place
    return _render_place(page, _kind(kind), place, _place_values(place), {})


def _kind(kind: str) -> str:
    return {"centres": "centre", "shops": "shop"}.get(kind, "")


@router.post("/network/{kind}/{place_id}")
def save_place(
    page: ActorPage,
    session: DbSession,
    kind: str,
    place_id: int,
    hours: dict[str, list[str]] = Depends(hours_form),
    name: str = Form(""),
    address: str = Form(""),
    email: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Save a centre's or shop's details and opening hours; errors keep the input."""
    place = _place(page, session, _kind(kind), place_id)
    if isinstance(place, Response):
        return place
    assert page.user is not None  # _place answered anonymous visitors
    values = {"name": name, "address": address, "email": email, "version": version}
    values |= {f"{w}_{d}": t for d, (o, c) in hours.items() for w, t in (("open", o), ("close", c))}
    if not page.check_csrf(csrf):
        errors = {"form": N_("The form expired. Please try again.")}
        return _render_place(page, _kind(kind), place, values, errors, 422)
    fields: dict[str, Any] = {"name": name, "address": address, "opening_hours": hours}
    try:
        seen = int(version) if version.isdigit() else None
        if isinstance(place, Shop):
            places.update_shop(session, page.user, place, seen, email=email, **fields)
        else:
            places.update_centre(session, page.user, place, seen, **fields)
        session.flush()
    except DomainError as exc:
        session.rollback()
        fresh = _place(page, session, _kind(kind), place_id)
        assert not isinstance(fresh, Response)
        return _render_place(page, _kind(kind), fresh, values, form_errors(exc), 422)
    return page.redirect(f"/network/{kind}/{place_id}?done=1")


def _model(page: Page[Any], session: DbSession, model_id: int) -> PhoneModel | Response:
    """Return a model the admin may change, or the page to answer (the same 404 for others')."""
    if page.user is None:
        return page.to_login()
    try:
        model = catalog.get_model(session, model_id)
    except NotFound:
        model = None
    if model is None or not may_change_brand(page.user, model.brand_id):
        return page.render("error.html", 404, message=N_("No such phone model."))
    return model


def _model_values(model: PhoneModel) -> dict[str, str]:
    return {
        "name": model.name,
        "release_date": model.release_date.isoformat() if model.release_date else "",
        "end_of_sale_date": model.end_of_sale_date.isoformat() if model.end_of_sale_date else "",
        "version": str(model.version),
    }


def _render_model(
    page: Page[Any], model: PhoneModel, values: dict[str, str], errors: dict[str, str],
    code: int = 200,
) -> Response:  # fmt: skip
    return page.render("catalog/model_edit.html", code, model=model,
                       forms={"model": {"values": values, "errors": errors}})  # fmt: skip


@router.get("/brand/models/{model_id}")
def model_form(page: ActorPage, session: DbSession, model_id: int) -> Response:
    """Show a model's name and dates to edit, and retire it or bring it back."""
    model = _model(page, session, model_id)
    if isinstance(model, Response):
        return model
    return _render_model(page, model, _model_values(model), {})


@router.post("/brand/models/{model_id}")
def save_model(
    page: ActorPage,
    session: DbSession,
    now: Now,
    model_id: int,
    name: str = Form(""),
    release_date: str = Form(""),
    end_of_sale_date: str = Form(""),
    retired: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Save a model's name and dates, or (`retired` on/off) retire it or bring it back."""
    model = _model(page, session, model_id)
    if isinstance(model, Response):
        return model
    assert page.user is not None
    values = {"name": name, "release_date": release_date,
              "end_of_sale_date": end_of_sale_date, "version": version}  # fmt: skip
    try:
        if not page.check_csrf(csrf):
            raise DomainError(N_("The form expired. Please try again."))
        _apply(session, page, model, now, values, retired)
        session.flush()
    except DomainError as exc:
        session.rollback()
        fresh = _model(page, session, model_id)
        assert not isinstance(fresh, Response)
        shown = values if retired == "" else _model_values(fresh)
        return _render_model(page, fresh, shown, form_errors(exc), 422)
    return page.redirect(f"/brand/models/{model_id}?done=1")


def _apply(
    session: DbSession,
    page: Page[Any],
    model: PhoneModel,
    now: datetime,
    values: dict[str, str],
    retired: str,
) -> None:
    """Run the change the form asks for: retire or bring back, else the name and dates."""
    assert page.user is not None
    if retired in ("on", "off"):
        lifecycle.retire_model(session, page.user, model, now, retired=retired == "on")
        return
    seen = int(values["version"]) if values["version"].isdigit() else None
    released = day(values["release_date"], "release_date")
    ends = day(values["end_of_sale_date"], "end_of_sale_date")
    lifecycle.update_model(session, page.user, model, seen, name=values["name"],
                           release_date=released, end_of_sale_date=ends)  # fmt: skip
