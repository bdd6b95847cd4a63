"""The dashboards' pages: a brand's network (`/brand/insights`; platform admins choose the
brand) and a centre's own (`/centre/insights`), each one page of sections with a chart and its
table, the filters as a GET form, and each chart as a picture for readers without scripts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.charting.picture import svg_response
from aftersales.http.deps import DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.insights import charts, choices, csv, pdf, printed, queries
from aftersales.insights.access import NOT_FOUND, Reader, Side, brand_choices, reader_for
from aftersales.insights.figures import CAP
from aftersales.insights.glance import drawn, glance
from aftersales.insights.present import AGE_WORDS, STEP_WORDS, InsightsRead, insights_read
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import Formats
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)
BASES: dict[Side, str] = {"brand": "/brand/insights", "centre": "/centre/insights"}


def _link(page: Page[Any], session: DbSession, brand: Any) -> dict[str, Any]:
    """The brand page's way in: a link, no figures."""
    return {}


BRAND_HOME.add(Section(2, "insights/brand_link.html", _link, wide=True))


def _brand_id(page: Page[Any], side: Side) -> int | None:
    raw = page.request.query_params.get("brand_id", "")
    return int(raw) if side == "brand" and raw.isdigit() and len(raw) < 10 else None


def _reader(page: Page[Any], session: DbSession, side: Side) -> Reader | Response:
    """Return the reader's scope for this page, or the page to answer (sign in, 404)."""
    if page.user is None:
        return page.to_login()
    try:
        return reader_for(session, page.user, side, _brand_id(page, side))
    except NotFound:
        return page.render("error.html", 404, message=N_(NOT_FOUND))


def _figures(
    page: Page[Any], session: DbSession, now: Any, reader: Reader
) -> tuple[InsightsRead, str]:
    """Return the figures the form asks for (ValidationFailed) and the query that asks them."""
    q = page.request.query_params
    filters = choices.parse(choices.Asked.of(q), reader, now.date())
    found = insights_read(queries.dashboard(session, choices.scope_of(reader), filters, now),
                          reader)  # fmt: skip
    asked = {k: q[k] for k in (*choices.NAMES, "brand_id") if q.get(k)}
    return found, urlencode(asked)


def _show(page: Page[Any], session: DbSession, now: Any, side: Side) -> Response:
    """Render a dashboard: the form, then each figure's section (or the form's errors)."""
    reader = _reader(page, session, side)
    if isinstance(reader, Response):
        return reader
    tag = page.formats_locale()
    context: dict[str, Any] = {
        "base": BASES[side],
        "reader": reader,
        "asked": page.request.query_params,
        "options": queries.choices(session, choices.scope_of(reader)),
        "brands": brand_choices(session, page.user) if page.user else [],
        "faults": FAULTS,
        "steps": STEP_WORDS,
        "ages": AGE_WORDS,
        "statuses": charts.STATUS_WORDS,
        "titles": charts.TITLES,
        "month": Formats(tag).month,
        "errors": {},
        "cap": CAP,
        "r": None,
    }
    try:
        found, query = _figures(page, session, now, reader)
    except ValidationFailed as exc:
        context.update(errors=exc.errors, summary=exc.detail)
        return page.render("insights/dashboard.html", 422, **context)
    specs = {n: charts.kept_chart(n, found, page._, tag, page.lang) for n in charts.CHARTS}
    context.update(r=found, query=query, specs=specs, csvs=csv.TABLES, api="/api/v1/insights",
                   glance=glance(found), drawn=drawn(found),
                   titles=charts.titles_of(found))  # fmt: skip
    return page.render("insights/dashboard.html", **context)


def _picture(page: Page[Any], session: DbSession, now: Any, side: Side, name: str) -> Response:
    """Draw one chart as SVG, in the reader's language (for pages without scripts)."""
    reader = _reader(page, session, side)
    if isinstance(reader, Response):
        return reader
    if name not in charts.CHARTS:
        return page.render("error.html", 404, message=N_("No such chart."))
    try:
        found, _ = _figures(page, session, now, reader)
    except ValidationFailed:
        return page.render("error.html", 404, message=N_("No such chart."))
    tag = page.formats_locale()
    return svg_response(
        repr(("insights-svg", name, page.lang, tag, found.model_dump_json())),
        lambda: charts.kept_chart(name, found, page._, tag, page.lang),
        page.lang,
    )


def _pdf(page: Page[Any], session: DbSession, now: Any, side: Side) -> Response:
    """Answer with the dashboard as PDF (wrong choices: the page with each message)."""
    reader = _reader(page, session, side)
    if isinstance(reader, Response):
        return reader
    try:
        found, _ = _figures(page, session, now, reader)
    except ValidationFailed:
        return _show(page, session, now, side)
    options = queries.choices(session, choices.scope_of(reader))
    contents = printed.report(found, reader, options, page._, page.formats_locale(), page.lang)
    period = f"{found.filters.first_month:%Y-%m}-{found.filters.last_month:%Y-%m}"
    return Response(pdf.render(contents), media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="insights-{period}.pdf"',
        "Content-Language": page.lang, "Cache-Control": "private, no-store"})  # fmt: skip


@router.get("/brand/insights")
def brand_insights(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show a brand network's figures (its admins; platform admins choose the brand)."""
    return _show(page, session, now, "brand")


@router.get("/centre/insights")
def centre_insights(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show the figures of the manager's own centre."""
    return _show(page, session, now, "centre")


@router.get("/brand/insights/charts/{insight}.svg")
def brand_picture(page: PageDep, session: DbSession, now: Now, insight: str) -> Response:
    """Draw a chart of the brand's figures as SVG."""
    return _picture(page, session, now, "brand", insight)


@router.get("/centre/insights/charts/{insight}.svg")
def centre_picture(page: PageDep, session: DbSession, now: Now, insight: str) -> Response:
    """Draw a chart of the centre's figures as SVG."""
    return _picture(page, session, now, "centre", insight)


@router.get("/brand/insights.pdf")
def brand_pdf(page: PageDep, session: DbSession, now: Now) -> Response:
    """The brand network's figures as PDF, to print or pass on."""
    return _pdf(page, session, now, "brand")


@router.get("/centre/insights.pdf")
def centre_pdf(page: PageDep, session: DbSession, now: Now) -> Response:
    """The centre's figures as PDF, to print or pass on."""
    return _pdf(page, session, now, "centre")
