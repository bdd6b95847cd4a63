"""A dashboard as PDF, to print or pass on: its words, the figures at a glance, each chart.

The page (insights.pages) writes every word in the reader's language; this lays them out on
A4 with fpdf2 in the prints' typeface (Latin and Vietnamese alike), each chart drawn as PNG by
vl-convert as the e-mailed digest's are, its title kept on the same page as the picture.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from fpdf import FPDF

from aftersales.counter.typeface import document, font_files

MARGIN = 15.0  # mm
GREY = (90, 90, 90)


@dataclass(frozen=True)
class Chart:
    """One chart: its title, its picture (None: nothing to draw) and the words said instead."""

    title: str
    png: bytes | None
    instead: str = ""


@dataclass(frozen=True)
class Report:
    """Everything the PDF prints, already in the reader's words."""

    title: str
    lines: list[str]
    facts_title: str
    facts: list[tuple[str, str]]
    charts: list[Chart]


def _texts(r: Report) -> list[str]:
    return [r.title, *r.lines, r.facts_title, *(x for f in r.facts for x in f),
            *(x for c in r.charts for x in (c.title, c.instead))]  # fmt: skip


def render(r: Report) -> bytes:
    """Return the report as PDF bytes."""
    pdf = document("A4", MARGIN, font_files(_texts(r)))
    pdf.set_title(r.title)
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 8, r.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*GREY)
    for line in r.lines:
        pdf.multi_cell(width, 4.6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(width, 7, r.facts_title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for label, value in r.facts:
        pdf.cell(width * 0.7, 6, label)
        pdf.cell(width * 0.3, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    for chart in r.charts:
        _chart(pdf, chart, width)
    return bytes(pdf.output())


def _chart(pdf: FPDF, chart: Chart, width: float) -> None:
    """Print a chart's title and its picture together (a new page when they do not fit)."""
    height = 0.0
    if chart.png is not None:
        w, h = struct.unpack(">II", chart.png[16:24])  # a PNG's size, in its IHDR chunk
        height = width * h / w
    if pdf.will_page_break(14 + (height or 6)):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(width, 5.5, chart.title, align="L", new_x="LMARGIN", new_y="NEXT")
    if chart.png is None:
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(width, 4.6, chart.instead, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        return
    pdf.image(io.BytesIO(chart.png), x=pdf.l_margin, w=width)
