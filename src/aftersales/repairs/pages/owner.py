"""The owner's pages: my repairs, book a repair."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.devices.models import Phone
from aftersales.devices.service import owner_phones
from aftersales.http.deps import DbSession, Now
from aftersales.http.once import new_form_token, submit_once
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.clock import local_date
from aftersales.kernel.errors import DomainError
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.repairs import dropoff
from aftersales.repairs.access import may_book
from aftersales.repairs.choices import booking_places
from aftersales.repairs.intake import PROBLEM_MIN_LENGTH, Intake, open_repair
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.repairs.queries import RepairFilter, list_repairs
from aftersales.repairs.timing import current_estimate
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)


def _owner(page: Page) -> Response | None:
    """Return a redirect or a 404 page unless the visitor is a signed-in owner."""
    if page.user is None:
        return page.to_login()
    if not may_book(page.user):
        return page.render("error.html", 404, message=N_("This page is for phone owners."))
    return None


def _my_phones(page: Page, session: DbSession) -> list[Phone]:
    assert page.user is not None
    return owner_phones(session, page.user)


@router.get("/my/repairs")
def my_repairs(page: PageDep, session: DbSession, now: Now, page_no: int = 1) -> Response:
    """List the owner's repairs, newest first by pages of 25 (open ones first on each page)."""
    if (stop := _owner(page)) is not None:
        return stop
    assert page.user is not None
    page_no = page_number(page_no)
    found = list_repairs(session, page.user, RepairFilter(), PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    repairs = sorted(found.rows, key=lambda r: r.closed_at is not None)
    rows = [(r, current_estimate(session, r, now)) for r in repairs]
    return page.render(
        "repairs/owner/repairs.html",
        rows=rows,
        faults=FAULTS,
        page_no=page_no,
        pages=page_count(found.total),
        pages_more=found.capped,
    )


def _book_page(
    page: Page,
    session: DbSession,
    now: datetime,
    values: dict[str, str],
    errors: dict[str, str],
    status: int,
) -> Response:
    phones = _my_phones(page, session)
    place_q = values.get("place_q", "")[:120]
    shops, centres = booking_places(session, phones, place_q, values.get("place", ""))
    # The calendar offers today to 30 days ahead, from the next working day where the
    # owner's phones are repaired; the service checks the day against the chosen place.
    first = centres[0] if centres else None
    today = local_date(now, first.timezone) if first else now.date()
    values.setdefault("dropoff_date", "")
    if not values["dropoff_date"] and first is not None:
        values["dropoff_date"] = dropoff.first_day(today, first).isoformat()
    return page.render(
        "repairs/owner/book.html",
        status,
        phones=phones,
        shops=shops,
        centres=centres,
        faults=FAULTS,
        values=values,
        errors=errors,
        form_token=new_form_token(),
        dropoff_min=today.isoformat(),
        dropoff_max=(today + timedelta(days=dropoff.DAYS_AHEAD)).isoformat(),
        dropoff_days=dropoff.DAYS_AHEAD,
    )


@router.get("/book")
def book_form(
    page: PageDep,
    session: DbSession,
    now: Now,
    phone: str = "",
    place_q: str = "",
    step: str = "",
    model: str = "",
    fault_category: str = "",
    problem: str = "",
) -> Response:
    """Show the booking: first the problem and its likely fixes, then the form (`step=details`).

    `model`, `fault_category` and `problem` prefill it (the owner's phone of that model is
    chosen); `place_q` names the shops to offer, by name or city.
    """
    if (stop := _owner(page)) is not None:
        return stop
    if not phone and model.isdigit():
        phone = next((str(p.id) for p in _my_phones(page, session) if str(p.model_id) == model), "")
    values = {"phone": phone, "fault_category": fault_category if fault_category in FAULT_CATEGORIES
              else "", "problem": problem[:2000], "place": "", "place_q": place_q}  # fmt: skip
    if step != "details" and not place_q:
        return page.render("repairs/owner/book_describe.html", phones=_my_phones(page, session),
                           faults=FAULTS, values=values, errors={})  # fmt: skip
    return _book_page(page, session, now, values, {}, 200)


@router.get("/book/places")
def book_places(page: PageDep, session: DbSession, place_q: str = "", place: str = "") -> Response:
    """Return the place field and its opening hours for what the owner types (live search)."""
    if (stop := _owner(page)) is not None:
        return stop
    shops, centres = booking_places(session, _my_phones(page, session), place_q[:120], place)
    return page.render("repairs/owner/book_places.html", shops=shops, centres=centres,
                       values={"place": place}, errors={})  # fmt: skip


@router.post("/book")
def book(
    page: PageDep,
    session: DbSession,
    now: Now,
    phone: str = Form(""),
    fault_category: str = Form(""),
    problem: str = Form(""),
    place: str = Form(""),
    dropoff_date: str = Form(""),
    csrf: str = Form(""),
    form_token: str = Form(""),
) -> Response:
    """Book a repair online (once per form); a wrong form comes back with a message per field."""
    if (stop := _owner(page)) is not None:
        return stop
    assert page.user is not None
    values = {"phone": phone, "fault_category": fault_category, "problem": problem, "place": place}
    values["dropoff_date"] = dropoff_date
    errors: dict[str, str] = {}
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    mine = {str(p.id): p for p in _my_phones(page, session)}
    if phone not in mine:
        errors["phone"] = N_("Choose one of your phones.")
    if fault_category not in FAULT_CATEGORIES:
        errors["fault_category"] = N_("Choose what is wrong.")
    if len(problem.strip()) < PROBLEM_MIN_LENGTH:  # the service's rule, said with the others
        errors["problem"] = N_("Describe the problem in a few words.")
    kind, _, place_id = place.partition(":")
    if kind not in ("shop", "centre") or not place_id.isdigit():
        errors["place"] = N_("Choose where you will hand the phone in.")
    day = _day(dropoff_date.strip())
    if dropoff_date.strip() and day is None:
        errors["dropoff_date"] = N_("Choose a day from the calendar.")
    if errors:
        return _book_page(page, session, now, values, errors, 422)
    intake = Intake(
        imei=mine[phone].imei,
        fault_category=fault_category,
        problem=problem.strip(),
        shop_id=int(place_id) if kind == "shop" else None,
        centre_id=int(place_id) if kind == "centre" else None,
        dropoff_date=day,
    )
    user = page.user

    def work() -> str:
        return f"/repairs/{open_repair(session, user, intake, now).code}?booked=1"

    try:
        return page.redirect(submit_once(session, user, "book", form_token, now, work))
    except DomainError as exc:
        session.rollback()
        errors = form_errors(exc, _FIELD)
        return _book_page(page, session, now, values, errors, 422)


def _day(text: str) -> date | None:
    """Return the day a date field sent (ISO, as browsers send it), or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


_FIELD = {"imei": "phone", "shop_id": "place", "centre_id": "place", "Idempotency-Key": "form"}
