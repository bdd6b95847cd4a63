"""The counter's intake: the phone (IMEI checked as typed), the owner, the problem, the checklist,
condition photos and the owner's signature, kept together in one step."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import PhoneModel, Shop
from aftersales.catalog.service import get_shop, model_for_imei
from aftersales.counter.checklist import Checklist, record_checklist
from aftersales.counter.checklist import check as check_checklist
from aftersales.counter.images import MAX_PHOTO_BYTES, CleanImage, clean_all
from aftersales.counter.photos import add_photos, add_signature
from aftersales.counter.storage import store_for
from aftersales.counter.words import ACCESSORY_WORDS, LOCK_CHOICES
from aftersales.devices.service import find_by_imei
from aftersales.http.deps import AppSettings, DbSession, Now
from aftersales.http.i18n import LANGUAGES
from aftersales.http.once import new_form_token, submit_once
from aftersales.http.pages import Page, form_errors
from aftersales.kernel.errors import DomainError, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.imei import imei_issue, normalize_imei
from aftersales.repairs.access import may_take_in
from aftersales.repairs.choices import centres_in, models_by_name
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.repairs.routing import centres_for, nearest
from aftersales.repairs.words import FAULTS
from aftersales.selfhelp.service import Problem, record_attempt

router = APIRouter(include_in_schema=False)
INTAKE_FIELDS = (
    "imei", "model_id", "purchase_date", "software_version", "centre_id", "owner_name",
    "owner_email", "owner_phone", "owner_language", "confirm_new_owner", "fault_category",
    "problem", "condition_notes",
    "screen_lock", "passcode", "accessories_note", "sim_removed", "memory_card_removed",
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
        "counter/intake.html",
        status,
        values=values,
        errors=errors,
        models=models_by_name(session),
        faults=FAULTS,
        languages_owner=LANGUAGES,
        check=check,
        accessories=ACCESSORY_WORDS,
        screen_locks=LOCK_CHOICES,
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
    return page.render("counter/imei_check.html", check=check, oob=True)


@router.post("/shop/intake")
def intake(
    page: PageDep,
    session: DbSession,
    now: Now,
    settings: AppSettings,
    imei: str = Form(""),
    model_id: str = Form(""),
    purchase_date: str = Form(""),
    software_version: str = Form(""),
    centre_id: str = Form(""),
    owner_name: str = Form(""),
    owner_email: str = Form(""),
    owner_phone: str = Form(""),
    owner_language: str = Form("it"),
    confirm_new_owner: str = Form(""),
    fault_category: str = Form(""),
    problem: str = Form(""),
    condition_notes: str = Form(""),
    screen_lock: str = Form(""),
    passcode: str = Form(""),
    accessories: list[str] = Form([]),
    accessories_note: str = Form(""),
    sim_removed: str = Form(""),
    memory_card_removed: str = Form(""),
    signature: str = Form(""),
    photos: list[UploadFile] = File([]),
    selfhelp_seen: str = Form(""),
    csrf: str = Form(""),
    form_token: str = Form(""),
) -> Response:
    """Open the repair at the counter; the phone is received at once (once per form).

    When the likely fixes were offered (`selfhelp_seen`), the self-help attempt ends as "still
    needed a repair" in the same transaction.
    """
    if (stop := _staff(page)) is not None:
        return stop
    assert page.user is not None
    values: dict[str, Any] = {k: v for k, v in locals().items() if k in INTAKE_FIELDS}
    values |= {"accessories": accessories, "passcode": "", "signature": signature}
    checklist = Checklist(
        screen_lock=screen_lock,
        passcode=passcode,
        accessories=accessories,
        accessories_note=accessories_note,
        sim_removed=bool(sim_removed),
        memory_card_removed=bool(memory_card_removed),
    )
    errors = _intake_errors(values) | check_checklist(checklist)
    if not page.check_csrf(csrf):
        errors["form"] = N_("The form expired. Please try again.")
    images: list[CleanImage] = []
    if not errors:
        try:
            images = clean_all([_read(f) for f in photos if f.filename])
        except ValidationFailed as exc:
            errors |= form_errors(exc, {})
    if errors:
        return _intake_page(page, session, values, _again(errors, checklist, photos), 422)
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
        software_version=software_version.strip() or None,
        centre_id=int(centre_id) if centre_id.isdigit() else None,
        confirm_new_owner=bool(confirm_new_owner),
    )
    user = page.user
    store = store_for(settings)

    def work() -> str:
        repair = open_repair(session, user, intake, now)
        record_checklist(session, user, repair, checklist, settings.secret_key, now)
        add_photos(session, store, user, repair, images, now)
        add_signature(session, store, user, repair, signature, "signature", now)
        if selfhelp_seen:
            tried = Problem(repair.phone.model, fault_category, problem)
            record_attempt(session, user, tried, outcome="repair", channel="counter",
                           language=owner_language, now=now)  # fmt: skip
        return f"/repairs/{repair.code}?done=intake"

    try:
        return page.redirect(submit_once(session, user, "shop intake", form_token, now, work))
    except DomainError as exc:
        session.rollback()
        errors = _again(form_errors(exc, _FIELD), checklist, photos)
        return _intake_page(page, session, values, errors, 422)


def _again(
    errors: dict[str, str], checklist: Checklist, photos: list[UploadFile]
) -> dict[str, str]:
    """Say what the browser could not keep: a refused form comes back without code or files."""
    if checklist.screen_lock == "code_given":  # the code is never sent back to the browser
        errors.setdefault("passcode", N_("Type the unlock code again."))
    if any(f.filename for f in photos):
        errors.setdefault("photos", N_("Choose the photos again."))
    return errors


def _read(upload: UploadFile) -> bytes:
    """Read an uploaded file, at most one byte past the limit (the check says it is too big)."""
    return upload.file.read(MAX_PHOTO_BYTES + 1)


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
