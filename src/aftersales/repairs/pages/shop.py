"""The shop's pages: counter intake (IMEI checked as typed) and the repairs it handed in."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.catalog.models import PhoneModel, Shop
from aftersales.catalog.service import get_shop, model_for_imei
from aftersales.devices.service import find_by_imei
from aftersales.http.deps import DbSession, Now
from aftersales.http.i18n import LANGUAGES
from aftersales.http.once import new_form_token, submit_once
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.clock import local_date
from aftersales.kernel.errors import DomainError, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.imei import imei_issue, normalize_imei
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.repairs.access import may_take_in
from aftersales.repairs.choices import centres_in, models_by_name
from aftersales.repairs.dropoff import expected_dropoffs
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.repairs.queries import RepairFilter, RepairList, list_repairs
from aftersales.repairs.routing import centres_for, nearest
from aftersales.repairs.states import Status
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)
INTAKE_FIELDS = (
    "imei", "model_id", "purchase_date", "centre_id", "owner_name", "owner_email", "owner_phone",
    "owner_language", "confirm_new_owner", "fault_category", "problem", "condition_notes",
)  # fmt: skip


def _staff(page: Page) -> Response | None:
    """Return a redirect or a 404 page unless the visitor is a shop's staff."""
    if page.user is None:
        return page.to_login()
    if not may_take_in(page.user):
        return page.render("error.html", 404, message=N_("This page is for shop staff."))
    return None


def _intake_page(
    page: Page, session: DbSession, values: dict[str, str], errors: dict[str, str], status: int
) -> Response:
    check = _imei_check(session, values.get("imei", ""), _shop(page, session), values)
    return page.render(
        "repairs/shop/intake.html",
        status,
        values=values,
        errors=errors,
        models=models_by_name(session),
        faults=FAULTS,
        languages_owner=LANGUAGES,
        check=check,
        form_token=new_form_token(),
    )


def _shop(page: Page, session: DbSession) -> Shop:
    assert page.user is not None and page.user.shop_id is not None
    return get_shop(session, page.user.shop_id)


def _imei_check(
    session: DbSession, raw: str, shop: Shop, values: dict[str, str]
) -> dict[str, object]:
    """Say whether an IMEI is valid, which model its TAC names, whether it is known, and
    which centres may repair it: the nearest is suggested, the others offered."""
    clean = normalize_imei(raw)
    issue = imei_issue(clean) if clean else None
    model = model_for_imei(session, clean) if clean[:8].isdigit() and len(clean) >= 8 else None
    phone = find_by_imei(session, clean) if clean and issue is None else None
    chosen = values.get("model_id", "")
    brand_model = phone.model if phone else model
    if brand_model is None and chosen.isdigit():
        brand_model = session.get(PhoneModel, int(chosen))
    if brand_model is None:  # the brand is not known yet: every centre of the shop's country
        centres = centres_in(session, shop.country)
    else:
        centres = centres_for(session, brand_model.brand_id, shop.country)
    return {
        "empty": not clean,
        "issue": issue,
        "model": model,
        "known": phone is not None,
        "brand": brand_model.brand.name if brand_model else None,
        "centres": centres,
        "nearest": nearest(centres, shop) if brand_model else None,
        "centre_id": values.get("centre_id", ""),
    }


@router.get("/shop/intake")
def intake_form(page: PageDep, session: DbSession) -> Response:
    """Show the counter intake form."""
    if (stop := _staff(page)) is not None:
        return stop
    values = dict.fromkeys(INTAKE_FIELDS, "") | {"owner_language": page.lang}
    return _intake_page(page, session, values, {}, 200)


@router.get("/shop/intake/imei")
def imei_check(
    page: PageDep, session: DbSession, imei: str = "", model_id: str = "", centre_id: str = ""
) -> Response:
    """Check the IMEI while it is typed (HTMX): validity, model, known phone, the centre."""
    if (stop := _staff(page)) is not None:
        return stop
    values = {"model_id": model_id[:12], "centre_id": centre_id[:12]}
    check = _imei_check(session, imei[:40], _shop(page, session), values)
    return page.render("repairs/shop/imei_check.html", check=check, oob=True)


@router.post("/shop/intake")
def intake(
    page: PageDep,
    session: DbSession,
    now: Now,
    imei: str = Form(""),
    model_id: str = Form(""),
    purchase_date: str = Form(""),
    centre_id: str = Form(""),
    owner_name: str = Form(""),
    owner_email: str = Form(""),
    owner_phone: str = Form(""),
    owner_language: str = Form("it"),
    confirm_new_owner: str = Form(""),
    fault_category: str = Form(""),
    problem: str = Form(""),
    condition_notes: str = Form(""),
    csrf: str = Form(""),
    form_token: str = Form(""),
) -> Response:
    """Open the repair at the counter; the phone is received at once (once per form)."""
    if (stop := _staff(page)) is not None:
        return stop
    assert page.user is not None
    values = {k: v for k, v in locals().items() if k in INTAKE_FIELDS}
    errors = _intake_errors(values)
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    if errors:
        return _intake_page(page, session, values, errors, 422)
    details = OwnerDetails(
        name=owner_name.strip(),
        email=owner_email.strip() or None,
        phone_number=owner_phone.strip() or None,
        language=owner_language,
    )
    intake = Intake(
        imei=imei,
        fault_category=fault_category,
        problem=problem.strip(),
        condition_notes=condition_notes.strip(),
        model_id=int(model_id) if model_id.isdigit() else None,
        owner=details,
        purchase_date=date.fromisoformat(purchase_date) if purchase_date else None,
        centre_id=int(centre_id) if centre_id.isdigit() else None,
        confirm_new_owner=bool(confirm_new_owner),
    )
    user = page.user

    def work() -> str:
        repair = open_repair(session, user, intake, now)
        return f"/repairs/{repair.code}?done=intake"

    try:
        return page.redirect(submit_once(session, user, "shop intake", form_token, now, work))
    except DomainError as exc:
        session.rollback()
        errors = form_errors(exc, _FIELD)
        return _intake_page(page, session, values, errors, 422)


_FIELD = {
    "owner.email": "owner_email",
    "owner.name": "owner_name",
    "owner.language": "owner_language",
    "Idempotency-Key": "form",
}


def _intake_errors(v: dict[str, str]) -> dict[str, str]:
    """Check what the page itself must read (a list's choice, a date); the service checks the rest.

    The IMEI, the problem and the owner's details are the intake service's rules: it reports
    every wrong field at once, in the page's language.
    """
    errors: dict[str, str] = {}
    if v["fault_category"] not in FAULT_CATEGORIES:
        errors["fault_category"] = N_("Choose what is wrong.")
    if v["centre_id"] and not v["centre_id"].isdigit():
        errors["centre_id"] = N_("Choose a service centre from the list.")
    if v["purchase_date"]:
        try:
            date.fromisoformat(v["purchase_date"])
        except ValueError:
            errors["purchase_date"] = N_("Enter the date as on the receipt, e.g. 2026-03-01.")
    return errors


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
