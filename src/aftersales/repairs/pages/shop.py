"""The shop's list of the repairs it handed in (the counter's intake is in aftersales.counter)."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.catalog.service import get_shop
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page
from aftersales.kernel.clock import local_date
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.repairs.access import may_take_in
from aftersales.repairs.dropoff import expected_dropoffs
from aftersales.repairs.queries import RepairFilter, RepairList, list_repairs
from aftersales.repairs.states import Status

router = APIRouter(include_in_schema=False)


def _staff(page: Page) -> Response | None:
    """Return a redirect or a 404 page unless the visitor is a shop's staff."""
    if page.user is None:
        return page.to_login()
    if not may_take_in(page.user):
        return page.render("error.html", 404, message=N_("This page is for shop staff."))
    return None


@router.get("/shop/repairs")
def shop_repairs(
    page: PageDep,
    session: DbSession,
    now: Now,
    q: str = "",
    status: str = "",
    page_no: int = 1,
) -> Response:
    """List every repair the shop handed in: status, expected date and SLA, searchable."""
    if (stop := _staff(page)) is not None:
        return stop
    assert page.user is not None
    status = status if status in {s.value for s in Status} else ""
    f = RepairFilter(status=status or None, q=q.strip()[:100] or None)
    # Page numbers reach as far as the bounded count does (COUNT_CAP rows); past it, search
    # or filter. The SLA shown is the stored one, as on the centre's queue.
    page_no = page_number(page_no)
    try:
        found = list_repairs(session, page.user, f, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    except ValidationFailed:
        found = RepairList([], 0, False, None)
    rows = found.rows
    return page.render(
        "repairs/shop/repairs.html",
        rows=rows,
        total=found.total,
        capped=found.capped,
        page_no=page_no,
        pages=page_count(found.total),
        pages_more=found.capped,
        q=q,
        status=status,
        statuses=list(Status),
        # The bookings the shop expects, above the list (the same few queries on every page).
        dropoffs=expected_dropoffs(session, page.user),
        today=_shop_today(session, page.user, now),
    )


def _shop_today(session: DbSession, user: Account, now: datetime) -> date:
    """Return the date at the shop (bookings past their drop-off day are flagged)."""
    shop = get_shop(session, user.shop_id) if user.shop_id else None
    return local_date(now, shop.timezone) if shop else now.date()
