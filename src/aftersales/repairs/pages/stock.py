"""The centre's stock page: what is on its shelf, and the deliveries it waits for.

It lives with the repairs because a delivery fills the repairs' back-orders and a new date
moves the repairs waiting for it (repairs.parts, repairs.parts_late).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import ServiceCentre
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page, form_errors
from aftersales.inventory import ledger
from aftersales.inventory import queries as stock
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import StockLocation, SupplyOrder
from aftersales.inventory.stock import set_reorder_point
from aftersales.inventory.words import KINDS
from aftersales.kernel.errors import DomainError, Forbidden, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_number
from aftersales.repairs.access import may_manage_centre, may_work_queue
from aftersales.repairs.pages.repair_view import user_of
from aftersales.repairs.parts import receive_supply
from aftersales.repairs.parts_late import slip_supply

router = APIRouter(include_in_schema=False)


def _shelf(session: DbSession, page: Page) -> StockLocation:
    """Return the shelf of the signed-in staff member's centre."""
    assert page.user is not None and page.user.centre_id is not None
    return centre_location(session, session.get_one(ServiceCentre, page.user.centre_id))


def _show(
    page: Page, session: DbSession, page_no: int = 1, low: bool = False,
    errors: dict[str, str] | None = None, code: int = 200, typed: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    assert page.user is not None
    place = _shelf(session, page)
    page_no = page_number(page_no)
    rows = stock.levels(session, place.id, PAGE_SIZE + 1, (page_no - 1) * PAGE_SIZE, low_only=low)
    orders = stock.supply_orders(session, place.id, PAGE_SIZE)
    return page.render(
        "repairs/centre/stock.html", code, levels=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE,
        page_no=page_no, low=low, orders=orders, kinds=KINDS, errors=errors or {},
        low_total=stock.low_count(session, place.id), typed=typed or {},
        sets_points=may_manage_centre(page.user),
    )  # fmt: skip


def _staff(page: Page) -> Response | None:
    if page.user is None:
        return page.to_login()
    if not may_work_queue(page.user):
        return page.render("error.html", 404, message=N_("This page is for service centre staff."))
    return None


@router.get("/centre/stock")
def stock_page(page: PageDep, session: DbSession, page_no: int = 1, low: bool = False) -> Response:
    """Show the centre's stock (low stock only, if asked) and the deliveries expected."""
    return _staff(page) or _show(page, session, page_no, low)


@router.post("/centre/stock/reorder-points")
def reorder_point(
    page: PageDep,
    session: DbSession,
    now: Now,
    page_no: int = 1,
    low: bool = False,
    part_id: str = Form(""),
    reorder_point: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set when a part of the shelf shows as low here (the centre's manager), and is told."""
    if (stop := _staff(page)) is not None:
        return stop
    key = f"part{part_id}"
    try:
        if not page.check_csrf(csrf):
            raise DomainError(N_("The form expired. Please try again."))
        place = _shelf(session, page)
        found = ledger.level(session, place.id, int(part_id)) if part_id.isdigit() else None
        if found is None:  # only the parts this shelf has held
            raise NotFound(N_("No such part."))
        raw = reorder_point.strip()
        if not raw.isdigit() or len(raw) > 6:
            message = N_("Give a number from 0 to 100000.")
            raise ValidationFailed(N_("Check the reorder point."), {"reorder_point": message})
        set_reorder_point(session, user_of(page), place, found.part, int(raw), now)
        session.flush()
    except NotFound as exc:
        return page.render("error.html", 404, message=exc.detail)
    except DomainError as exc:
        session.rollback()
        errors = {f"{key}.{k}": v for k, v in form_errors(exc).items()}
        code = 403 if isinstance(exc, Forbidden) else 422
        return _show(page, session, page_no, low, errors, code, {key: reorder_point})
    query = f"page_no={page_number(page_no)}" + ("&low=1" if low else "")
    return page.redirect(f"/centre/stock?{query}&done={key}#{key}")


def _order(session: DbSession, page: Page, order_id: int) -> SupplyOrder:
    """Return one of the centre's supply orders, or NotFound (another place's is not theirs)."""
    assert page.user is not None
    order = stock.supply_order(session, order_id)
    if order is None or order.location.centre_id != page.user.centre_id:
        raise NotFound(N_("No such supply order."))
    return order


def _quantities(line_ids: list[str], counts: list[str]) -> dict[int, int]:
    """Read the delivery form's quantity per line (empty: none of that line arrived)."""
    got: dict[int, int] = {}
    for raw_id, raw in zip(line_ids, counts, strict=False):
        raw = raw.strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 6 or not raw_id.isdigit():
            raise ValidationFailed(
                N_("Check the quantities."), {"lines": N_("Enter whole numbers.")}
            )
        got[int(raw_id)] = int(raw)
    return got


@router.post("/centre/stock/orders/{order_id}/receive")
def receive(
    order_id: int,
    page: PageDep,
    session: DbSession,
    now: Now,
    line: list[str] = Form([]),
    quantity: list[str] = Form([]),
    csrf: str = Form(""),
) -> Response:
    """Record a delivery: the parts go on the shelf, then to the most urgent repairs waiting."""
    if (stop := _staff(page)) is not None:
        return stop

    def run(order: SupplyOrder) -> object:
        return receive_supply(session, user_of(page), order, _quantities(line, quantity), now)

    return _act(page, session, order_id, csrf, run)


@router.post("/centre/stock/orders/{order_id}/date")
def new_date(
    order_id: int,
    page: PageDep,
    session: DbSession,
    now: Now,
    expected_date: str = Form(""),
    reason: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record the supplier's new date: the repairs waiting move, and their owners hear why."""
    if (stop := _staff(page)) is not None:
        return stop

    def run(order: SupplyOrder) -> object:
        try:
            day = date.fromisoformat(expected_date)
        except ValueError as exc:
            raise ValidationFailed(
                N_("Check the new date."), {"expected_date": N_("Enter a date, e.g. 2026-03-01.")}
            ) from exc
        return slip_supply(session, user_of(page), order, day, reason, now)

    return _act(page, session, order_id, csrf, run)


def _act(page: Page, session: DbSession, order_id: int, csrf: str, run: Any) -> Response:
    """Run one change on a supply order; on failure show the page again saying why, by the order."""
    try:
        if not page.check_csrf(csrf):
            raise DomainError(N_("The form expired. Please try again."))
        order = _order(session, page, order_id)
        run(order)
        session.flush()
    except NotFound as exc:
        return page.render("error.html", 404, message=exc.detail)
    except DomainError as exc:
        session.rollback()
        errors = {f"order{order_id}.{k}": v for k, v in form_errors(exc).items()}
        return _show(page, session, errors=errors, code=422)
    return page.redirect(f"/centre/stock?done={order_id}#order{order_id}")
