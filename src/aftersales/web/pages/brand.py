"""The brand admin's pages: models with their TACs, warranty and SLA policies, network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.catalog import service as catalog
from aftersales.catalog.access import (
    brand_scope,
    get_brand_for,
    may_change_catalogue,
    may_confirm_tacs,
)
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop, centre_brand
from aftersales.devices import tacs as tac_claims
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.errors import DomainError, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.sla import service as sla
from aftersales.warranty import service as warranty

router = APIRouter(include_in_schema=False)


def _brand_of(page: Page, session: Session, brand_id: int | None) -> Brand | Response:
    """Return the brand the admin manages (platform admins pick one), or the page to answer."""
    if page.user is None:
        return page.to_login()
    try:
        if brand_id:
            return get_brand_for(session, page.user, brand_id)
    except NotFound:
        return _none(page)
    mine = select(Brand).where(brand_scope(page.user)).order_by(Brand.name)
    return session.scalars(mine).first() or _none(page)


def _none(page: Page) -> Response:
    return page.render("error.html", 404, message=N_("This page is for brand administrators."))


def _show(page: Page, session: Session, brand: Brand, code: int = 200, **forms: Any) -> Response:
    """Render the brand page with its lists and any form's input and errors."""
    catalogue_admin = page.user is not None and may_change_catalogue(page.user)
    centres = session.scalars(
        select(ServiceCentre)
        .join(centre_brand)
        .where(centre_brand.c.brand_id == brand.id)
        .order_by(ServiceCentre.name)
    )
    user = page.user
    return page.render(
        "brand/index.html",
        code,
        brand=brand,
        # Platform admins see every brand's claims, so none waits unseen behind the picker.
        waiting=tac_claims.waiting(session, user) if user is not None else [],
        confirms_tacs=user is not None and may_confirm_tacs(user),
        brands=session.scalars(select(Brand).order_by(Brand.name)).all() if catalogue_admin else [],
        catalogue_admin=catalogue_admin,
        models=session.scalars(
            select(PhoneModel).where(PhoneModel.brand_id == brand.id).order_by(PhoneModel.name)
        ).all(),
        warranty_policies=warranty.list_policies(session, brand.id),
        sla_policies=sla.list_policies(session, brand.id),
        centres=list(centres),
        shops=session.scalars(select(Shop).order_by(Shop.country, Shop.name)).all(),
        channels=sla.POLICY_CHANNELS,
        forms=forms,
    )


@router.get("/brand")
def brand_page(page: PageDep, session: DbSession, brand_id: int | None = None) -> Response:
    """Show the brand's models, policies, centres and shops."""
    brand = _brand_of(page, session, brand_id)
    return brand if isinstance(brand, Response) else _show(page, session, brand)


def _save(
    page: Page,
    session: Session,
    brand_id: int | None,
    csrf: str,
    form: str,
    values: dict[str, str],
    action: Callable[[Brand], object],
    *,
    platform_only: bool = False,
) -> Response:
    """Run one change for the brand; on failure show the form again with its input and why.

    `platform_only`: centres and shops serve many brands, so only platform admins add them.
    """
    brand = _brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    if platform_only and page.user is not None and not may_change_catalogue(page.user):
        return _none(page)
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    else:
        try:
            action(brand)
            session.flush()
        except DomainError as exc:
            session.rollback()
            brand = session.get_one(Brand, brand.id)
            errors = form_errors(exc)
            if isinstance(exc, catalog.TacsTaken):  # names the TACs, in the admin's language
                errors["form"] = page._(exc.message, **exc.values)
    if errors:
        return _show(page, session, brand, 422, **{form: {"values": values, "errors": errors}})
    return page.redirect(f"/brand?brand_id={brand.id}&done={form}")


def _acting(page: Page) -> Account:
    assert page.user is not None  # _save answers anonymous visitors before any change
    return page.user


def _int(raw: str, field: str) -> int:
    if not raw.strip().lstrip("-").isdigit():
        raise ValidationFailed("Not a whole number.", {field: N_("Enter a whole number.")})
    if len(raw.strip()) > 6:  # months and days: anything longer is a slip, not a policy
        raise ValidationFailed("Too large.", {field: N_("Enter a smaller number.")})
    return int(raw)


def _day(raw: str, field: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError as exc:
        raise ValidationFailed(
            "Not a date.", {field: N_("Enter a date, e.g. 2026-03-01.")}
        ) from exc


def _tac_list(raw: str) -> list[str]:
    return [t for t in raw.replace(",", " ").split() if t]


@router.post("/brand/models")
def add_model(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    name: str = Form(""),
    tacs: str = Form(""),
    release_date: str = Form(""),
    end_of_sale_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add a phone model with its TAC prefixes (one per line or comma-separated)."""
    values = {"name": name, "tacs": tacs, "release_date": release_date,
              "end_of_sale_date": end_of_sale_date}  # fmt: skip

    def act(brand: Brand) -> None:
        tac_claims.create_model(
            session,
            _acting(page),
            brand_id=brand.id,
            name=name.strip(),
            tacs=_tac_list(tacs),
            release_date=_day(release_date, "release_date"),
            end_of_sale_date=_day(end_of_sale_date, "end_of_sale_date"),
            now=now,
        )

    return _save(page, session, brand_id, csrf, "model", values, act)


@router.post("/brand/tacs")
def add_tacs(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    model_id: str = Form(""),
    tacs: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add TACs to one of the brand's models; a brand admin's wait for confirmation."""
    values = {"model_id": model_id, "tacs": tacs}

    def act(brand: Brand) -> None:
        model = catalog.get_model(session, _int(model_id, "model_id"))
        if model.brand_id != brand.id:
            raise ValidationFailed("Not this brand's model.", {"model_id": N_("Choose a model.")})
        tac_claims.claim(session, _acting(page), model.id, _tac_list(tacs), now)

    return _save(page, session, brand_id, csrf, "tacs", values, act)


@router.post("/brand/tacs/{tac}/{decision}")
def decide_tac(
    page: PageDep,
    session: DbSession,
    now: Now,
    tac: str,
    decision: str,
    brand_id: int | None = None,
    csrf: str = Form(""),
) -> Response:
    """Confirm or refuse a brand's claim of a TAC (platform admins)."""

    def act(_brand: Brand) -> None:
        if decision == "confirm":
            tac_claims.confirm(session, _acting(page), tac, now)
        elif decision == "reject":
            tac_claims.reject(session, _acting(page), tac)
        else:
            raise ValidationFailed("Unknown decision.", {"form": N_("Confirm or refuse.")})

    return _save(page, session, brand_id, csrf, "waiting", {}, act, platform_only=True)


@router.post("/brand/warranty")
def set_warranty(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    country: str = Form(""),
    maker_months: str = Form(""),
    legal_months: str = Form(""),
    effective_from_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the brand's warranty terms in a country from a day on (today if none is given)."""
    values = {"country": country, "maker_months": maker_months, "legal_months": legal_months,
              "effective_from_date": effective_from_date}  # fmt: skip

    def act(brand: Brand) -> None:
        warranty.set_policy(
            session,
            _acting(page),
            brand.id,
            country.strip().upper(),
            _int(maker_months, "maker_months"),
            _int(legal_months, "legal_months"),
            effective_from=_day(effective_from_date, "effective_from_date") or now.date(),
            today=now.date(),
        )

    return _save(page, session, brand_id, csrf, "warranty", values, act)


@router.post("/brand/sla")
def set_sla(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    country: str = Form(""),
    channel: str = Form("any"),
    target_days: str = Form(""),
    at_risk_days: str = Form(""),
    loaner_days: str = Form(""),
    effective_from_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the brand's turnaround promise in a country for a channel from a day on."""
    values = {"country": country, "channel": channel, "target_days": target_days,
              "at_risk_days": at_risk_days, "loaner_days": loaner_days,
              "effective_from_date": effective_from_date}  # fmt: skip

    def act(brand: Brand) -> None:
        sla.set_policy(
            session,
            _acting(page),
            brand_id=brand.id,
            country=country.strip().upper(),
            channel=channel,
            target_days=_int(target_days, "target_days"),
            at_risk_days=_int(at_risk_days, "at_risk_days"),
            loaner_days=_int(loaner_days, "loaner_days"),
            effective_from=_day(effective_from_date, "effective_from_date") or now.date(),
            today=now.date(),
        )

    return _save(page, session, brand_id, csrf, "sla", values, act)


@router.post("/brand/centres")
def add_centre(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    name: str = Form(""),
    city: str = Form(""),
    country: str = Form(""),
    address: str = Form(""),
    working_week: str = Form("1111100"),
    csrf: str = Form(""),
) -> Response:
    """Add a service centre that serves this brand (platform admins)."""
    values = {"name": name, "city": city, "country": country, "address": address,
              "working_week": working_week}  # fmt: skip

    def act(brand: Brand) -> None:
        catalog.create_centre(
            session,
            _acting(page),
            name=name.strip(),
            city=city.strip(),
            country=country.strip().upper(),
            brand_ids=[brand.id],
            working_week=working_week.strip(),
            address=address.strip(),
        )

    return _save(page, session, brand_id, csrf, "centre", values, act, platform_only=True)


@router.post("/brand/shops")
def add_shop(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    name: str = Form(""),
    city: str = Form(""),
    country: str = Form(""),
    address: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Add a shop (platform admins)."""
    values = {"name": name, "city": city, "country": country, "address": address}

    def act(_brand: Brand) -> None:
        catalog.create_shop(
            session,
            _acting(page),
            name=name.strip(),
            city=city.strip(),
            country=country.strip().upper(),
            address=address.strip(),
        )

    return _save(page, session, brand_id, csrf, "shop", values, act, platform_only=True)
