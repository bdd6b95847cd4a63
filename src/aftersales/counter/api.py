"""JSON routes of the counter: the receipt and box label as PDF, for a shop's own till."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from aftersales.accounts.deps import User
from aftersales.counter.receipt import SIZES, label, receipt
from aftersales.counter.receipt_facts import gather
from aftersales.counter.storage import store_for
from aftersales.http.deps import AppSettings, DbSession
from aftersales.repairs.access import get_repair_for

router = APIRouter(prefix="/repairs", tags=["counter"])
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF to print."}
}


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "no-store"},
    )


@router.get("/{code}/receipt.pdf", response_class=Response, responses=PDF)
def receipt_pdf(
    code: str,
    user: User,
    session: DbSession,
    settings: AppSettings,
    size: str = Query("a4", pattern="^(a4|80mm)$", description="a4, or 80mm for a receipt printer"),
    lang: str | None = Query(None, pattern="^(en|it|vi)$", description="default: the owner's"),
) -> Response:
    """Print the intake receipt, with the tracking QR code, in the owner's language."""
    repair = get_repair_for(session, user, code)
    facts = gather(session, store_for(settings), user, repair, settings.public_url, lang)
    return _pdf(receipt(facts, size if size in SIZES else "a4"), f"receipt-{repair.code}.pdf")


@router.get("/{code}/label.pdf", response_class=Response, responses=PDF)
def label_pdf(
    code: str,
    user: User,
    session: DbSession,
    settings: AppSettings,
    lang: str | None = Query(None, pattern="^(en|it|vi)$", description="default: the owner's"),
) -> Response:
    """Print the box label: the tracking code and its QR code, the phone, where it came from."""
    repair = get_repair_for(session, user, code)
    facts = gather(session, store_for(settings), user, repair, settings.public_url, lang)
    return _pdf(label(facts), f"label-{repair.code}.pdf")
