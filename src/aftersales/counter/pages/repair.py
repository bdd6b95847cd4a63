"""The counter's forms and prints on a repair: photos, receipts, label, unlock code, hand-back."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.counter.checklist import reveal_passcode
from aftersales.counter.handback import Collection, hand_back
from aftersales.counter.images import MAX_PHOTO_BYTES, clean_all
from aftersales.counter.photos import add_photos, read_photo
from aftersales.counter.receipt import SIZES, label, receipt
from aftersales.counter.receipt_facts import gather
from aftersales.counter.storage import store_for
from aftersales.http.deps import AppSettings, DbSession, Now
from aftersales.http.pages import Page
from aftersales.kernel.errors import DomainError, NotFound
from aftersales.kernel.i18n import N_
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.pages.repair_view import act as act_on_repair
from aftersales.repairs.pages.repair_view import load as load_repair
from aftersales.repairs.pages.repair_view import show as show_repair

router = APIRouter(include_in_schema=False)
NOT_YOURS = N_("No repair with this code is yours to see.")


def _pdf(data: bytes, name: str) -> Response:
    """Answer a PDF to open in the browser's viewer, kept by no cache."""
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "no-store"},
    )


def _print(
    page: Page, session: DbSession, settings: AppSettings, code: str, what: str, lang: str
) -> Response:
    found = load_repair(page, session, code)
    if isinstance(found, Response):
        return found
    assert page.user is not None
    try:
        facts = gather(session, store_for(settings), page.user, found, settings.public_url, lang)
    except NotFound:
        return page.render("error.html", 404, message=NOT_YOURS)
    if what == "label":
        return _pdf(label(facts), f"label-{found.code}.pdf")
    return _pdf(receipt(facts, what), f"receipt-{found.code}-{what}.pdf")


@router.get("/repairs/{code}/receipt.pdf")
def receipt_pdf(
    code: str,
    page: PageDep,
    session: DbSession,
    settings: AppSettings,
    size: str = "a4",
    lang: str = "",
) -> Response:
    """Print the intake receipt (A4 or 80 mm roll) in the owner's language, with the QR code."""
    return _print(page, session, settings, code, size if size in SIZES else "a4", lang)


@router.get("/repairs/{code}/label.pdf")
def label_pdf(
    code: str, page: PageDep, session: DbSession, settings: AppSettings, lang: str = ""
) -> Response:
    """Print the box label: the tracking code and its QR code, the phone, where it came from."""
    return _print(page, session, settings, code, "label", lang)


@router.get("/repairs/{code}/photos/{photo_id}")
def photo(
    code: str, photo_id: int, page: PageDep, session: DbSession, settings: AppSettings
) -> Response:
    """Show one photo or signature of a repair to its staff."""
    found = load_repair(page, session, code)
    if isinstance(found, Response):
        return found
    assert page.user is not None
    try:
        kept, data = read_photo(session, store_for(settings), page.user, found, photo_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such photo."))
    return Response(
        data, media_type=kept.content_type, headers={"cache-control": "private, no-store"}
    )


@router.post("/repairs/{code}/photos")
def upload_photos(
    code: str,
    page: PageDep,
    session: DbSession,
    settings: AppSettings,
    now: Now,
    photos: list[UploadFile] = File([]),
    csrf: str = Form(""),
) -> Response:
    """Add condition photos to an open repair (cleaned; only its staff see them)."""
    uploads = [f.file.read(MAX_PHOTO_BYTES + 1) for f in photos if f.filename]

    def act(repair: RepairOrder) -> None:
        assert page.user is not None
        add_photos(session, store_for(settings), page.user, repair, clean_all(uploads), now)

    return act_on_repair(page, session, code, now, csrf, "photos", {}, act)


@router.post("/repairs/{code}/passcode")
def passcode(
    code: str, page: PageDep, session: DbSession, settings: AppSettings, now: Now,
    csrf: str = Form(""),
) -> Response:  # fmt: skip
    """Show the unlock code to the centre testing the phone, once per request (audited)."""
    found = load_repair(page, session, code)
    if isinstance(found, Response):
        return found
    assert page.user is not None
    if not page.check_csrf(csrf):
        errors = {"passcode.form": N_("The form expired. Please try again.")}
        return show_repair(page, session, found, now, code=400, errors=errors)
    try:
        secret = reveal_passcode(session, page.user, found, settings.secret_key, now)
    except DomainError as exc:
        session.rollback()
        return show_repair(
            page, session, found, now, code=403, errors={"passcode.form": exc.detail}
        )
    return page.render("counter/passcode.html", repair=found, passcode=secret)


@router.post("/repairs/{code}/handback")
def handback(
    code: str,
    page: PageDep,
    session: DbSession,
    settings: AppSettings,
    now: Now,
    outcome: str = Form(""),
    collected_by: str = Form("owner"),
    collector_name: str = Form(""),
    id_checked: str = Form(""),
    id_kind: str = Form(""),
    payment_received: str = Form(""),
    signature: str = Form(""),
    note: str = Form(""),
    loaner_back: bool = Form(False),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Hand the phone back: close the repair and keep who collected it, how, and what was paid."""
    collection = Collection(
        outcome=outcome,
        collected_by=collected_by,
        collector_name=collector_name,
        id_checked=bool(id_checked),
        id_kind=id_kind,
        payment_received=bool(payment_received),
        signature=signature,
        note=note,
        version=int(version) if version.isdigit() else None,
        loaner_back=loaner_back,
    )
    values = {k: v for k, v in vars(collection).items() if k != "version"}

    def act(repair: RepairOrder) -> None:
        assert page.user is not None
        hand_back(session, store_for(settings), page.user, repair, collection, now)

    return act_on_repair(page, session, code, now, csrf, "handback", values, act)
