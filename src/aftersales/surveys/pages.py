"""The satisfaction report's pages: one per role that runs a place, the same figures as the API,
with charts (and each chart as a picture for readers without scripts) and the comments."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from babel import numbers
from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.charting.picture import svg_response
from aftersales.http.deps import DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.kernel.actors import Role, is_platform
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import Formats
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.surveys import charts, queries, reports
from aftersales.surveys.access import reader_for
from aftersales.surveys.models import ANSWER_CHANNELS, ATTRIBUTES
from aftersales.surveys.present import (
    ATTRIBUTE_WORDS,
    CHANNEL_WORDS,
    CONTACT_WORDS,
    METHOD,
    RANK_WORDS,
    REASONS,
    TURNAROUND_WORDS,
    wanted,
)
from aftersales.surveys.queries import DRIVER_SAMPLE

router = APIRouter(include_in_schema=False)
# Each page's address and who opens it (everyone else: 404, as for a record not theirs).
BASES = {
    "/brand/satisfaction": (Role.brand_admin, Role.platform_admin),
    "/centre/satisfaction": (Role.centre_manager,),
    "/shop/satisfaction": (Role.shop_staff,),
    "/admin/satisfaction": (Role.platform_admin,),
}
CHOICES = (
    "from",
    "to",
    "months",
    "country",
    "channel",
    "centre_id",
    "shop_id",
    "model_id",
    "rank_by",
)
COMMENT_CHOICES = ("about", "rating", "text")
RANKING_SHOWN = 50  # a page ranks this many; the CSV and the API rank them all


def _link(page: Page[Any], session: DbSession, brand: Any) -> dict[str, Any]:
    """The brand page's way in: a link, no figures."""
    return {}


BRAND_HOME.add(Section(2, "surveys/report_link.html", _link, wide=True))


def _brand_id(request: Request, base: str) -> int | None:
    """Return the brand asked for on the brand page (a platform admin's pick), else None."""
    raw = request.query_params.get("brand_id", "")
    return int(raw) if base == "/brand/satisfaction" and raw.isdigit() and len(raw) < 10 else None


def _reader(page: Page[Any], session: DbSession, base: str) -> reports.Reader | Response:
    """Return the reader's policy for this page, or the page to answer (login, 404)."""
    if page.user is None:
        return page.to_login()
    role = Role.platform_admin if is_platform(page.user) else page.user.role
    try:
        if role not in BASES[base]:
            raise NotFound("No such satisfaction report.")
        return reader_for(session, page.user, _brand_id(page.request, base))
    except NotFound:
        return page.render("error.html", 404, message=N_("No such satisfaction report."))


def _scope_name(session: DbSession, reader: reports.Reader) -> str:
    """Return the name of the brand, centre or shop reported on ("" for the whole platform)."""
    for kind in ("brand", "centre", "shop"):
        key = getattr(reader.scope, f"{kind}_id")
        if key is not None:
            return queries.names(session, {kind: {key}})[kind].get(key, "")
    return ""


def _show(page: Page[Any], session: DbSession, now: Any, base: str) -> Response:
    """Render a report page: the choices, the figures, the charts and a page of comments."""
    reader = _reader(page, session, base)
    if isinstance(reader, Response):
        return reader
    q = page.request.query_params
    kept_query = {k: q[k] for k in (*CHOICES, *COMMENT_CHOICES) if q.get(k)}
    brand_id = _brand_id(page.request, base)
    if brand_id is not None:
        kept_query["brand_id"] = str(brand_id)
    asked, errors = reports.Asked.from_query(page.request.query_params), {}
    context: dict[str, Any] = {
        "base": base,
        "reader": reader,
        "asked": q,
        "query": kept_query,
        "report": None,
        "words": {
            "attribute": ATTRIBUTE_WORDS,
            "channel": CHANNEL_WORDS,
            "rank": RANK_WORDS,
            "turnaround": TURNAROUND_WORDS,
            "contacts": CONTACT_WORDS,
            "reasons": REASONS,
        },
        "ranking_shown": RANKING_SHOWN,
        "method": METHOD,
        "sample": DRIVER_SAMPLE,
        "scope_name": _scope_name(session, reader),
        "month": Formats(page.formats_locale()).month,
        "ratio": lambda x: numbers.format_decimal(x, "#,##0.00", locale=page.formats_locale()),
        "channels": ANSWER_CHANNELS,
        "attributes": ATTRIBUTES,
        "titles": charts.TITLES,
        "api": "/api/v1/satisfaction",
        "api_query": urlencode(kept_query),
    }
    try:
        f, rank_by = reports.parse(asked, reader, now.date())
        about = reports.comment_filter(q.get("about"), q.get("rating"), q.get("text"))
    except ValidationFailed as exc:
        errors = exc.errors
        f = reports.parse(reports.Asked(), reader, now.date())[0]
        context.update(
            errors=errors, summary=exc.detail, choices=queries.choices(session, reader.scope, f)
        )
        return page.render("surveys/report.html", 422, **context)
    found = reports.report(session, reader, f, rank_by)
    page_no = page_number(int(q["page_no"]) if q.get("page_no", "").isdigit() else 1)
    comments, total = queries.comments(
        session, reader.scope, f, about, PAGE_SIZE, (page_no - 1) * PAGE_SIZE
    )
    tag = page.formats_locale()
    context.update(
        report=found,
        errors={},
        choices=reports.choices(session, reader, found),
        specs={n: charts.kept_chart(n, found, page._, tag, page.lang) for n in charts.CHARTS},
        comments=comments,
        named=queries.names(session, wanted(comments)),
        comments_total=total,
        page_no=page_no,
        pages=page_count(total),
        pager_query={k: v for k, v in kept_query.items() if k != "page_no"},
    )
    return page.render("surveys/report.html", **context)


def _picture(page: Page[Any], session: DbSession, now: Any, base: str, name: str) -> Response:
    """Draw one of the report's charts as SVG, in the reader's language (no script needed)."""
    reader = _reader(page, session, base)
    if isinstance(reader, Response):
        return reader
    if name not in charts.CHARTS:
        return page.render("error.html", 404, message=N_("No such chart."))
    try:
        f, rank_by = reports.parse(
            reports.Asked.from_query(page.request.query_params), reader, now.date()
        )
    except ValidationFailed:
        return page.render("error.html", 404, message=N_("No such chart."))
    found = reports.report(session, reader, f, rank_by)
    tag = page.formats_locale()
    figures = (found.trend, found.attributes, found.turnaround, found.contacts)
    return svg_response(
        repr(("survey-svg", name, page.lang, tag, figures)),
        lambda: charts.kept_chart(name, found, page._, tag, page.lang),
        page.lang,
    )


@router.get("/brand/satisfaction")
def brand_report(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show a brand's satisfaction report (its admins; platform admins pick a brand)."""
    return _show(page, session, now, "/brand/satisfaction")


@router.get("/centre/satisfaction")
def centre_report(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show the satisfaction report of the manager's centre."""
    return _show(page, session, now, "/centre/satisfaction")


@router.get("/shop/satisfaction")
def shop_report(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show the satisfaction report of the staff's shop."""
    return _show(page, session, now, "/shop/satisfaction")


@router.get("/admin/satisfaction")
def platform_report(page: PageDep, session: DbSession, now: Now) -> Response:
    """Show the whole platform's satisfaction report, brands ranked (platform admins)."""
    return _show(page, session, now, "/admin/satisfaction")


@router.get("/brand/satisfaction/charts/{chart}.svg")
def brand_picture(page: PageDep, session: DbSession, now: Now, chart: str) -> Response:
    """Draw a chart of the brand's report as SVG."""
    return _picture(page, session, now, "/brand/satisfaction", chart)


@router.get("/centre/satisfaction/charts/{chart}.svg")
def centre_picture(page: PageDep, session: DbSession, now: Now, chart: str) -> Response:
    """Draw a chart of the centre's report as SVG."""
    return _picture(page, session, now, "/centre/satisfaction", chart)


@router.get("/shop/satisfaction/charts/{chart}.svg")
def shop_picture(page: PageDep, session: DbSession, now: Now, chart: str) -> Response:
    """Draw a chart of the shop's report as SVG."""
    return _picture(page, session, now, "/shop/satisfaction", chart)


@router.get("/admin/satisfaction/charts/{chart}.svg")
def platform_picture(page: PageDep, session: DbSession, now: Now, chart: str) -> Response:
    """Draw a chart of the platform's report as SVG."""
    return _picture(page, session, now, "/admin/satisfaction", chart)
