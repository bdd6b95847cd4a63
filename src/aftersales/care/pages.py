"""The commitment dashboard's pages: a brand's models with their figures and flags, a model's
page with its charts, and each chart as a picture for readers without scripts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.care import charts, dashboard
from aftersales.care.access import model_for
from aftersales.care.waits import WINDOW_DAYS
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.catalog.pages import brand_of
from aftersales.charting.picture import svg_response
from aftersales.http.deps import DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.software.releases import latest_releases
from aftersales.support.commitments import DEFAULT_CADENCE_DAYS
from aftersales.support.regulation import EU_SMARTPHONE

router = APIRouter(include_in_schema=False)
# How phones in use were estimated (care.outlook.InUse.method), and why a last batch is given.
METHODS = {
    "fitted_model": N_("estimated from this model's phones"),
    "fitted_brand": N_("estimated from the brand's phones, this model's being too few"),
    "default": N_("estimated with the stated default life, the phones seen being too few"),
}
REASONS = {
    "brand_exit": N_("the brand left the market"),
    "production_ends": N_("the part's production ends"),
}


def _link(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The brand page's way in: a link, no figures (they are the dashboard's to count)."""
    return {}


# On top, under the brand's name: how the brand keeps its promises is what staff look for first.
BRAND_HOME.add(Section(1, "care/brand_link.html", _link, wide=True))


@router.get("/brand/care")
def brand_dashboard(
    page: PageDep, session: DbSession, now: Now, brand_id: int | None = None, page_no: int = 1
) -> Response:
    """Show the brand's models, 25 a page, with what was sold and served, software and flags."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    page_no = page_number(page_no)
    found = dashboard.brand_care(session, brand, now, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    return page.render("care/brand.html", brand=brand, care=found, page_no=page_no,
                       pages=page_count(found.total), window_days=WINDOW_DAYS)  # fmt: skip


def _model(page: Page[Any], session: DbSession, model_id: int) -> PhoneModel | Response:
    """Return a model whose dashboard the reader sees, or the page to answer (404 else)."""
    if page.user is None:
        return page.to_login()
    try:
        return model_for(session, page.user, model_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such phone model."))


@router.get("/brand/care/models/{model_id}")
def model_dashboard(
    page: PageDep, session: DbSession, now: Now, model_id: int, page_no: int = 1
) -> Response:
    """Show one model's figures, its charts, its promises per country and its late parts."""
    model = _model(page, session, model_id)
    if isinstance(model, Response):
        return model
    care, late = dashboard.model_care(session, model, now)
    series = dashboard.series(session, model, now.date())
    latest = care.software.latest.version if care.software.latest else None
    tag = page.formats_locale()
    specs = {n: charts.kept_chart(n, series, latest, page._, tag, page.lang, titled=False)
             for n in charts.CHARTS}  # fmt: skip
    page_no = min(page_number(page_no), page_count(len(late)))
    start = (page_no - 1) * PAGE_SIZE
    return page.render(
        "care/model.html", model=model, care=care, series=series, specs=specs,
        titles=charts.TITLES, quarter=lambda q: charts.quarter_label(q, tag),
        late=dashboard.with_details(session, late[start : start + PAGE_SIZE]),
        late_total=len(late), page_no=page_no,
        pages=page_count(len(late)), window_days=WINDOW_DAYS,
        default_cadence=DEFAULT_CADENCE_DAYS, eu_delivery=EU_SMARTPHONE["delivery"].figure,
        methods=METHODS, reasons=REASONS,
    )  # fmt: skip


@router.get("/brand/care/models/{model_id}/charts/{name}.svg")
def chart_picture(
    page: PageDep, session: DbSession, now: Now, model_id: int, name: str
) -> Response:
    """Draw one of a model's charts as SVG, in the reader's language (no script needed)."""
    model = _model(page, session, model_id)
    if isinstance(model, Response):
        return model
    if name not in charts.CHARTS:
        return page.render("error.html", 404, message=N_("No such chart."))
    top = latest_releases(session, [model.id]).get(model.id)
    latest = top.version if top else None
    series = dashboard.series(session, model, now.date())
    tag = page.formats_locale()
    return svg_response(
        repr(("svg", name, page.lang, tag, latest, series)),
        lambda: charts.kept_chart(name, series, latest, page._, tag, page.lang),
        page.lang,
    )
