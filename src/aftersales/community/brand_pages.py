"""The brand's community page: figures with charts, questions waiting, reports to resolve."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import brand_of
from aftersales.charting.picture import svg_response
from aftersales.community import charts, moderation, queries
from aftersales.community.figures import BrandFigures, brand_figures
from aftersales.http.deps import DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)
WINDOW_DAYS = 365
WAITING_SHOWN = 10


def _link(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The brand page's way in: a link, no figures (the community page counts them)."""
    return {}


BRAND_HOME.add(Section(2, "community/brand_link.html", _link, wide=True))


def _figures(session: DbSession, brand: Brand, now: datetime) -> BrandFigures:
    return brand_figures(session, brand, now - timedelta(days=WINDOW_DAYS))


@router.get("/brand/community")
def brand_community(
    page: PageDep, session: DbSession, now: Now, brand_id: int | None = None, page_no: int = 1
) -> Response:
    """Show the brand's community figures, charts, questions waiting and reports to resolve."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    found = _figures(session, brand, now)
    tag = page.formats_locale()
    specs = {
        n: charts.kept_chart(n, found.groups, page._, tag, page.lang, titled=False)
        for n in charts.CHARTS
    }
    page_no = page_number(page_no)
    reports, total = queries.open_reports(session, brand.id, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    waiting = queries.waiting(session, brand.id, found.since, WAITING_SHOWN)
    return page.render(
        "community/brand.html",
        brand=brand,
        figures=found,
        specs=specs,
        titles=charts.TITLES,
        faults=FAULTS,
        reports=reports,
        reports_total=total,
        page_no=page_no,
        pages=page_count(total),
        waiting=waiting,
        window_days=WINDOW_DAYS,
    )


@router.post("/brand/community/reports/{report_id}/resolve")
def resolve(
    page: PageDep, session: DbSession, now: Now, report_id: int, csrf: str = Form("")
) -> Response:
    """Mark a report as dealt with (the brand's admins; 404 for everyone else)."""
    if page.user is None:
        return page.to_login()
    try:
        report = (
            moderation.resolve(session, page.user, report_id, now)
            if page.check_csrf(csrf)
            else None
        )
    except NotFound:
        return page.render("error.html", 404, message=N_("No such report."))
    if report is None:
        return page.render("error.html", 422, message=N_("The form expired. Please try again."))
    return page.redirect(f"/brand/community?brand_id={report.brand_id}#reports-h")


@router.get("/brand/community/charts/{figure}.svg")
def chart_picture(
    page: PageDep, session: DbSession, now: Now, figure: str, brand_id: int | None = None
) -> Response:
    """Draw one of the brand's community charts as SVG (no script needed)."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    if figure not in charts.CHARTS:
        return page.render("error.html", 404, message=N_("No such chart."))
    groups = _figures(session, brand, now).groups
    tag = page.formats_locale()
    return svg_response(
        repr(("community-svg", figure, page.lang, tag, groups)),
        lambda: charts.kept_chart(figure, groups, page._, tag, page.lang),
        page.lang,
    )
