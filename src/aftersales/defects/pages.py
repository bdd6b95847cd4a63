"""The alerts pages: a brand's alerts by status, one alert with its chart, repairs and forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.pages import brand_of
from aftersales.charting.picture import svg_response
from aftersales.defects import charts, queries, service
from aftersales.defects.access import NO_SUCH, alert_for, may_decide
from aftersales.defects.models import DefectAlert
from aftersales.defects.words import CHOICES, KINDS, METHODS, STATUSES, described
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.errors import Conflict, DomainError, Forbidden, NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number

router = APIRouter(include_in_schema=False)
EXPIRED = N_("The form expired. Please try again.")


@router.get("/brand/alerts")
def brand_alerts(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    status: str = "open",
    page_no: int = 1,
) -> Response:
    """Show the brand's alerts, 25 a page, open ones first by default."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    status = status if status in STATUSES or status == "all" else "open"
    page_no = page_number(page_no)
    rows, total = queries.alerts(session, brand.id, None if status == "all" else status,
                                 PAGE_SIZE, (page_no - 1) * PAGE_SIZE)  # fmt: skip
    return page.render("defects/alerts.html", brand=brand, rows=rows, total=total,
                       status=status, statuses=STATUSES, what=_what(page), page_no=page_no,
                       pages=page_count(total))  # fmt: skip


def _what(page: Page[Any]) -> Callable[[DefectAlert, str | None], str]:
    """Return how the pages name an alert: as its message does (`words.described`)."""
    return lambda a, model: described(a.fault_category, model, a.software_version,
                                      a.words or (), page._)  # fmt: skip


def _alert(page: Page[Any], session: DbSession, alert: int) -> DefectAlert | Response:
    """Return an alert the reader sees, or the page to answer (404 else)."""
    if page.user is None:
        return page.to_login()
    try:
        return alert_for(session, page.user, alert)
    except NotFound:
        return page.render("error.html", 404, message=NO_SUCH)


def _alert_page(
    page: Page[Any], session: DbSession, found: DefectAlert, code: int = 200,
    errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    tag = page.formats_locale()
    spec = charts.kept_chart(found.id, found.version, found.weeks, page._, tag, page.lang,
                             titled=False)  # fmt: skip
    user = page.user
    return page.render(
        "defects/alert.html", code, alert=found, model=queries.model_name(session, found),
        spec=spec, title=charts.TITLE, repairs=queries.behind(session, found), kinds=KINDS,
        questions=queries.asked(session, found), methods=METHODS, statuses=STATUSES,
        what=_what(page),
        weeks=[(date.fromisoformat(w["start"]), w["observed"], w["expected"])
               for w in found.weeks or []],
        decides=user is not None and may_decide(user, found.brand_id),
        moves=service.moves_from(found.status), choices=CHOICES,
        forms={"decide": {"errors": errors or {}, "values": values or {}}},
    )  # fmt: skip


@router.get("/brand/alerts/{alert}")
def alert_page(page: PageDep, session: DbSession, alert: int) -> Response:
    """Show one alert: what rose, by how much, since when, how it was found, the evidence."""
    found = _alert(page, session, alert)
    if isinstance(found, Response):
        return found
    return _alert_page(page, session, found)


@router.post("/brand/alerts/{alert}/decision")
def decide(
    page: PageDep,
    session: DbSession,
    now: Now,
    alert: int,
    csrf: str = Form(""),
    status: str = Form(""),
    reason: str = Form(""),
    version: int | None = Form(None),
) -> Response:
    """Acknowledge or dismiss an alert with a reason (the brand's admins)."""
    found = _alert(page, session, alert)
    if isinstance(found, Response):
        return found
    values = {"status": status, "reason": reason}
    if not page.check_csrf(csrf):
        return _alert_page(page, session, found, 422, {"form": EXPIRED}, values)
    try:
        service.decide(session, page.user, found, status, reason, now, version)  # type: ignore[arg-type]
    except DomainError as exc:
        session.rollback()
        found = alert_for(session, page.user, alert)  # type: ignore[arg-type]
        code = 403 if isinstance(exc, Forbidden) else 409 if isinstance(exc, Conflict) else 422
        return _alert_page(page, session, found, code, form_errors(exc), values)
    return page.redirect(f"/brand/alerts/{found.id}")


@router.get("/brand/alerts/{alert}/chart.svg")
def chart_picture(page: PageDep, session: DbSession, alert: int) -> Response:
    """Draw the alert's chart as SVG, in the reader's language (no script needed)."""
    found = _alert(page, session, alert)
    if isinstance(found, Response):
        return found
    tag = page.formats_locale()
    return svg_response(
        repr(("defect-svg", found.id, found.version, page.lang, tag)),
        lambda: charts.kept_chart(found.id, found.version, found.weeks, page._, tag, page.lang),
        page.lang,
    )
