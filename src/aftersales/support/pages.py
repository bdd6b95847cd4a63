"""Support on the pages: the brand page's commitments and exit statement, and until when each
of the owner's phones is supported in its country."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel import Locale
from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog import queries as catalogue
from aftersales.catalog import service as catalog
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import day, save, whole_number
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, OWNER_PHONE, Section
from aftersales.http.pages import Page, register_globals, register_words
from aftersales.kernel.errors import Problems, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.support import commitments, exits
from aftersales.support.commitments import CommitmentFields, TermInput
from aftersales.support.regulation import EU_SMARTPHONE, KINDS, REGULATION
from aftersales.support.words import SUPPORT_KINDS, SUPPORT_MODES

router = APIRouter(include_in_schema=False)
OWNER_KINDS = ("repair", "parts", "updates")
register_words(SUPPORT_KINDS=SUPPORT_KINDS, SUPPORT_MODES=SUPPORT_MODES)


def country_name(code: str, lang: str) -> str:
    """Return a country's name in a language (Italia, Ý), else its code."""
    return str(Locale.parse(lang).territories.get(code, code))


register_globals(country_name=country_name, exit_words=exits.statement_in)


def _today(page: Page[Any]) -> date:
    """Return today as the app's clock tells it (tests set the clock)."""
    return page.request.app.state.clock().date()


def _support(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """Every model of the brand in every country it serves or has promised: four queries."""
    models = catalogue.list_models(session, brand.id)
    served = catalogue.countries_served(session, brand.id)
    countries = sorted(served | commitments.countries_on_file(session, [m.id for m in models]))
    today = _today(page)
    found = commitments.supports(session, [(m, c) for m in models for c in countries], today)
    return {
        "support_rows": [(m, c, found[(m.id, c)]) for m in models for c in countries],
        "support_models": models,
        "support_exit": exits.exit_of(session, brand.id),
        "support_kinds": KINDS,
        "support_today": today,
        "eu_rules": EU_SMARTPHONE,
        "default_cadence": commitments.DEFAULT_CADENCE_DAYS,
        "regulation": REGULATION,
    }


def _phones(page: Page[Any], session: DbSession, phones: list[Any]) -> dict[str, Any]:
    """Each phone's support in its country and its brand's exit: two queries for the page."""
    today = _today(page)
    found = commitments.supports(session, [(p.model, p.country) for p in phones], today)
    of = {p.id: found[(p.model_id, p.country)] for p in phones}
    return {
        "support_of": of,
        # What owners read: repairs, parts and updates (the warranty has its own line).
        "support_shown": {i: [k for k in OWNER_KINDS if s.terms[k].stated] for i, s in of.items()},
        "exits_of": exits.exits_of(session, {p.model.brand_id for p in phones}),
        "support_today": today,
    }


BRAND_HOME.add(Section(27, "support/brand_support.html", _support))
OWNER_PHONE.add(Section(20, "support/phone_fact.html", _phones))


def _term(mode: str, raw: str, kind: str) -> TermInput | None:
    """Read one promise of the form: its choice and, for "until a day", the day."""
    if mode == "in_use":
        return TermInput(in_use=True)
    if mode == "date":
        until = day(raw, f"{kind}_until")
        if until is None:
            message = N_("Enter the last day, e.g. 2031-06-30.")
            raise ValidationFailed("No day.", {f"{kind}_until": message})
        return TermInput(until=until)
    return None


@router.post("/brand/commitments")
def set_commitment(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    model_id: str = Form(""),
    country: str = Form(""),
    effective_from_date: str = Form(""),
    end_of_sale_date: str = Form(""),
    warranty: str = Form("default"),
    warranty_until: str = Form(""),
    repair: str = Form("default"),
    repair_until: str = Form(""),
    parts: str = Form("default"),
    parts_until: str = Form(""),
    updates: str = Form("default"),
    updates_until: str = Form(""),
    parts_delivery_days: str = Form(""),
    security_cadence_days: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set a model's commitment in a country from a day on (never below the EU minimum)."""
    modes = {"warranty": warranty, "repair": repair, "parts": parts, "updates": updates}
    untils = {"warranty": warranty_until, "repair": repair_until, "parts": parts_until,
              "updates": updates_until}  # fmt: skip
    values = {"model_id": model_id, "country": country, "effective_from_date": effective_from_date,
              "end_of_sale_date": end_of_sale_date, "parts_delivery_days": parts_delivery_days,
              "security_cadence_days": security_cadence_days,
              **modes, **{f"{k}_until": v for k, v in untils.items()}}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        problems = Problems()
        picked = problems.check(lambda: whole_number(model_id, "model_id"))
        model = catalog.get_model(session, picked) if picked is not None else None
        if model is None or model.brand_id != brand.id:
            problems.errors["model_id"] = N_("Choose a model.")
        start = problems.check(lambda: day(effective_from_date, "effective_from_date"))
        ended = problems.check(lambda: day(end_of_sale_date, "end_of_sale_date"))
        terms = {}
        for kind in KINDS:
            term = problems.check(lambda k=kind: _term(modes[k], untils[k], k))  # type: ignore[misc]
            if term is not None:
                terms[kind] = term
        raw_days = parts_delivery_days.strip()
        field = "parts_delivery_days"
        days = problems.check(lambda: whole_number(raw_days, field)) if raw_days else None
        raw_cadence, every = security_cadence_days.strip(), "security_cadence_days"
        cadence = problems.check(lambda: whole_number(raw_cadence, every)) if raw_cadence else None
        problems.raise_if_any(N_("The commitment cannot be saved."))
        assert model is not None
        fields = CommitmentFields(ended, terms, days, start, cadence)
        commitments.set_commitment(session, user, model.id, country, fields, now=now)

    return save(page, session, brand_id, csrf, "commitment", values, act)


@router.post("/brand/exit")
def set_exit(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    exit_date: str = Form(""),
    statement_en: str = Form(""),
    statement_it: str = Form(""),
    statement_vi: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """State or correct the brand's exit from the phone market, in its own words."""
    values = {"exit_date": exit_date, "statement_en": statement_en,
              "statement_it": statement_it, "statement_vi": statement_vi}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        problems = Problems()
        left = problems.check(lambda: day(exit_date, "exit_date"))
        problems.raise_if_any(N_("The exit statement cannot be saved."))
        fields = exits.ExitFields(left, statement_en, statement_it, statement_vi)
        exits.set_exit(session, user, brand.id, fields, now=now)

    return save(page, session, brand_id, csrf, "exit", values, act)


@router.post("/brand/exit/remove")
def remove_exit(
    page: PageDep, session: DbSession, now: Now, brand_id: int | None = None, csrf: str = Form("")
) -> Response:
    """Withdraw the brand's exit statement."""

    def act(brand: Brand, user: Actor) -> None:
        exits.remove_exit(session, user, brand.id, now=now)

    return save(page, session, brand_id, csrf, "exit", {}, act)
