"""Self-help on the pages: /help for anyone, the fixes offered before booking and at the counter,
"This solved it", "I still need a repair", and the brand's deflection figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog import queries as catalogue
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.pages import brand_of
from aftersales.charting.kept import kept
from aftersales.charting.picture import svg_response
from aftersales.devices.models import Phone
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page
from aftersales.kernel.actors import Role
from aftersales.kernel.errors import DomainError
from aftersales.kernel.i18n import N_
from aftersales.repairs.words import FAULTS
from aftersales.selfhelp import figures, service
from aftersales.selfhelp.models import DOC_KINDS
from aftersales.selfhelp.service import Problem

router = APIRouter(include_in_schema=False)
VIAS = ("help", "book", "counter")


def _number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _model(page: Page[Any], session: DbSession, phone: str, model: str) -> PhoneModel | None:
    """Return the model asked about: the owner's phone's, or a model named by id."""
    phone_id = _number(phone)
    if phone_id is not None and page.user is not None:
        found = session.get(Phone, phone_id)
        if found is not None and found.owner_id == page.user.id:
            return found.model
    model_id = _number(model)
    return session.get(PhoneModel, model_id) if model_id is not None else None


def _found(
    page: Page[Any], session: DbSession, model: PhoneModel | None, fault: str, problem: str
) -> list[Any]:
    if model is None or len(problem.strip()) < 3:
        return []
    return service.suggest(session, Problem(model, fault or None, problem), page.lang)


def _context(
    page: Page[Any], values: dict[str, str], model: PhoneModel | None, hits: list[Any], via: str
) -> dict[str, Any]:
    book = {
        "model": model.id if model else "",
        "fault_category": values["fault_category"],
        "problem": values["problem"].strip()[:2000],
    }
    return {
        "hits": hits,
        "values": values,
        "model": model,
        "via": via,
        "faults": FAULTS,
        "errors": {},
        "asked": model is not None and len(values["problem"].strip()) >= 3,
        "book_query": urlencode(book),
    }


@router.get("/help")
def help_page(
    page: PageDep,
    session: DbSession,
    model: str = "",
    fault_category: str = "",
    problem: str = "",
) -> Response:
    """Search the published help: a model, what is wrong, the problem in one's own words."""
    values = {
        "model": model,
        "fault_category": fault_category,
        "problem": problem[:2000],
        "phone": "",
    }
    chosen = _model(page, session, "", model)
    hits = _found(page, session, chosen, fault_category, problem)
    return page.render(
        "selfhelp/help.html",
        models=catalogue.list_models(session),
        solved=page.request.query_params.get("solved"),
        **_context(page, values, chosen, hits, "help"),
    )


@router.get("/help/suggest")
def suggest(
    page: PageDep,
    session: DbSession,
    phone: str = "",
    model: str = "",
    fault_category: str = "",
    problem: str = "",
    via: str = "help",
) -> Response:
    """Return the likely fixes for what is typed (live, htmx); without scripts, as a whole page."""
    via = via if via in VIAS else "help"
    values = {
        "phone": phone,
        "model": model,
        "fault_category": fault_category,
        "problem": problem[:2000],
    }
    chosen = _model(page, session, phone, model)
    hits = _found(page, session, chosen, fault_category, problem)
    context = _context(page, values, chosen, hits, via)
    if page.request.headers.get("hx-request"):
        return page.render("selfhelp/suggestions.html", **context)
    return page.render("selfhelp/suggest_page.html", **context)


def _counter(page: Page[Any]) -> bool:
    return page.user is not None and page.user.role == Role.shop_staff


@router.post("/help/solved")
def solved(
    page: PageDep,
    session: DbSession,
    now: Now,
    phone: str = Form(""),
    model: str = Form(""),
    fault_category: str = Form(""),
    problem: str = Form(""),
    doc_kind: str = Form(""),
    doc_id: str = Form(""),
    via: str = Form("help"),
    csrf: str = Form(""),
) -> Response:
    """Record that a fix solved the problem: online by anyone, at the counter by its clerk."""
    chosen = _model(page, session, phone, model)
    at_counter = via == "counter"
    if chosen is None or not page.check_csrf(csrf) or (at_counter and not _counter(page)):
        return page.render("error.html", 404, message=N_("Nothing to record."))
    picked = _number(doc_id)
    doc = (
        service.find_doc(session, chosen.brand_id, doc_kind, picked)
        if doc_kind in DOC_KINDS and picked is not None
        else None
    )
    try:
        service.record_attempt(
            session,
            page.user,
            Problem(chosen, fault_category, problem),
            outcome="solved",
            channel="counter" if at_counter else "online",
            language=page.lang,
            now=now,
            doc=doc,
        )
    except DomainError:
        session.rollback()
        return page.render("error.html", 422, message=N_("The answer cannot be recorded."))
    if at_counter:
        return page.redirect("/shop/intake?solved=1")
    return page.redirect("/help?solved=1")


@router.post("/help/continue")
def still_need_repair(
    page: PageDep,
    session: DbSession,
    now: Now,
    phone: str = Form(""),
    fault_category: str = Form(""),
    problem: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record that the owner still needs a repair, and go on to book it with the words kept."""
    if page.user is None:
        return page.to_login()
    chosen = _model(page, session, phone, "")
    if chosen is not None and problem.strip() and page.check_csrf(csrf):
        try:
            service.record_attempt(
                session,
                page.user,
                Problem(chosen, fault_category, problem),
                outcome="repair",
                channel="online",
                language=page.lang,
                now=now,
            )
        except DomainError:
            session.rollback()
    query = {
        "step": "details",
        "phone": phone,
        "fault_category": fault_category,
        "problem": problem.strip()[:2000],
    }
    return page.redirect("/book?" + urlencode(query))


def _brand_figures(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    since: str = "",
    until: str = "",
) -> Any:
    """Return the brand (or the page to answer) and its figures for the period asked."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand, None
    today = page.request.app.state.clock().date()
    first, last = figures.period(today, _iso(since), _iso(until))
    return brand, figures.brand_figures(session, brand.id, first, last)


def _iso(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


# The page and its SVG take the same choices (brand, since, until): asked once, here.
BrandFigures = Annotated[Any, Depends(_brand_figures)]


@router.get("/brand/selfhelp")
def brand_selfhelp(page: PageDep, asked: BrandFigures) -> Response:
    """Show how often self-help solved the problem without a repair, per model and fault."""
    brand, found = asked
    if found is None:
        return brand
    spec = kept(
        repr(("selfhelp", page.lang, page.formats_locale(), found)),
        lambda: figures.chart(found, page._, page.formats_locale()),
    )
    return page.render(
        "selfhelp/brand.html",
        brand=brand,
        figures=found,
        spec=spec,
        fault_name=figures.fault_name,
        title=figures.TITLE,
    )


@router.get("/brand/selfhelp/chart.svg")
def brand_selfhelp_chart(page: PageDep, asked: BrandFigures) -> Response:
    """Draw the per-model chart as SVG, for readers without scripts."""
    brand, found = asked
    if found is None:
        return brand
    tag = page.formats_locale()
    return svg_response(
        repr(("selfhelp-svg", page.lang, tag, found)),
        lambda: figures.chart(found, page._, tag),
        page.lang,
    )
