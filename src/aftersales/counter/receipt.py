"""Printed receipts (A4 and 80 mm thermal) and box labels as PDF, with the tracking QR code."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from fpdf import FPDF

from aftersales.counter.receipt_facts import ReceiptFacts
from aftersales.counter.typeface import document, font_files

SIZES = ("a4", "80mm")
# A thermal roll has no fixed length: the page is as long as what is printed on it.
ROLL_WIDTH, ROLL_DRAFT_HEIGHT = 80.0, 1000.0
LABEL = (100.0, 62.0)  # a common shipping-label size, landscape


def _text(pdf: FPDF, width: float, height: float, text: str) -> None:
    """Print a block of text ragged right, then go on below it at the left margin.

    (fpdf2 justifies and goes on to the right by default; justified narrow columns spread
    words apart.)
    """
    pdf.multi_cell(width, height, text, align="L", new_x="LMARGIN", new_y="NEXT")


def qr_png(url: str) -> bytes:
    """Return the QR code of a link as a PNG."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def _fonts_for(f: ReceiptFacts) -> dict[str, Path]:
    """Return the font files that print every text of the receipt (typeface.font_files)."""
    texts = [x for x in vars(f).values() if isinstance(x, str)]
    return font_files([*texts, *f.terms, *f.words.values()])


def receipt(f: ReceiptFacts, size: str) -> bytes:
    """Return the receipt as PDF bytes, on A4 or on an 80 mm roll."""
    fonts = _fonts_for(f)
    if size == "a4":
        return bytes(_receipt(document("A4", 15, fonts), f, qr=38, body=10).output())
    draft = _receipt(document((ROLL_WIDTH, ROLL_DRAFT_HEIGHT), 4, fonts), f, qr=40, body=8)
    height = draft.get_y() + 6
    return bytes(_receipt(document((ROLL_WIDTH, height), 4, fonts), f, qr=40, body=8).output())


def _receipt(pdf: FPDF, f: ReceiptFacts, qr: float, body: float) -> FPDF:
    w = f.words
    width = pdf.epw
    pdf.set_title(f"{w['receipt']} {f.code}")
    pdf.set_font("DejaVu", "B", body + 4)
    _text(pdf, width, (body + 4) * 0.5, f"{f.brand} · {w['receipt']}")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", body - 1)
    _text(pdf, width, body * 0.45, w["code"])
    _code(pdf, f.code, body + 8, width)
    top = pdf.get_y() + 1
    pdf.image(io.BytesIO(qr_png(f.track_url)), x=pdf.l_margin, y=top, w=qr)
    pdf.set_xy(pdf.l_margin + qr + 3, top + qr / 2 - body * 0.5)
    pdf.set_font("DejaVu", "", body - 1)
    _text(pdf, width - qr - 3, body * 0.45, w["scan"])
    pdf.set_y(top + qr + 2)
    rows = [
        (w["phone"], f.model),
        (w["imei"], f.imei),
        (w["owner"], f.owner or "—"),
        (w["shop"], f"{f.shop} ({f.shop_address})" if f.shop_address else f.shop),
        (w["centre"], f.centre),
        (w["taken_in"], f.taken_in),
        (w["expected"], f.expected),
        (w["fault"], f.fault),
        (w["problem"], f.problem),
        (w["condition"], f.condition),
        (w["accessories"], f.accessories),
        (w["sim"], f.sim),
        (w["lock"], f.lock),
    ]
    for name, value in rows:
        _row(pdf, name, value, body)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", body)
    _text(pdf, width, body * 0.5, w["terms"])
    pdf.set_font("DejaVu", "", body - 1.5)
    for term in f.terms:
        _text(pdf, width, body * 0.42, f"• {term}")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", body - 1)
    _text(pdf, width, body * 0.45, w["signature"])
    if f.signature:
        pdf.image(io.BytesIO(f.signature), w=min(width, 60), h=min(width, 60) / 3)
    else:
        pdf.ln(12)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + min(width, 70), pdf.get_y())
    return pdf


def _code(pdf: FPDF, code: str, size: float, width: float) -> None:
    """Print the tracking code on one line, as large as fits: it never wraps mid-code."""
    pdf.set_font("DejaVu", "B", size)
    while pdf.get_string_width(code) > width and size > 6:
        size -= 0.5
        pdf.set_font("DejaVu", "B", size)
    pdf.cell(width, size * 0.5, code, new_x="LMARGIN", new_y="NEXT")


def _row(pdf: FPDF, name: str, value: str, body: float) -> None:
    """Print a heading and its value: side by side on A4, one above the other on a roll."""
    top = pdf.get_y()
    wide = pdf.epw > 120
    name_w = 48 if wide else pdf.epw
    pdf.set_font("DejaVu", "B", body - 1)
    _text(pdf, name_w, body * 0.5, name)
    below_name = pdf.get_y()
    if wide:
        pdf.set_xy(pdf.l_margin + name_w + 2, top)
    pdf.set_font("DejaVu", "", body)
    value_w = pdf.epw - name_w - 2 if wide else pdf.epw
    _text(pdf, value_w, body * 0.5, value or "—")
    pdf.set_y(max(pdf.get_y(), below_name) + 0.8)


def label(f: ReceiptFacts) -> bytes:
    """Return the box label: code and QR large, the phone and where it came from."""
    pdf = document(LABEL, 4, _fonts_for(f))
    pdf.set_auto_page_break(False)
    pdf.set_font("DejaVu", "", 7)
    pdf.cell(pdf.epw, 3.5, f"{f.brand} · {f.words['code']}", new_x="LMARGIN", new_y="NEXT")
    _code(pdf, f.code, 20, pdf.epw)
    top = pdf.get_y() + 1
    qr = LABEL[1] - top - 4
    pdf.image(io.BytesIO(qr_png(f.track_url)), x=LABEL[0] - 4 - qr, y=top, w=qr)
    text_w = pdf.epw - qr - 2
    pdf.set_xy(4, top)
    pdf.set_font("DejaVu", "", 8)
    for line in (
        f.model,
        f"{f.words['imei']} …{f.imei_last4}",
        f.fault,
        f"{f.words['shop']}: {f.shop}",
        f"{f.words['taken_in']}: {f.taken_in}",
    ):
        _text(pdf, text_w, 3.8, line)
    return bytes(pdf.output())
