"""The prints' typeface: DejaVu Sans, cut once per process down to the letters most texts use.

fpdf2 reads the whole font file for every document and subsets it again when it writes one:
DejaVu's 6,000 glyphs cost most of a receipt's time (155 ms of an A4 receipt, measured in
docs/benchmarks.md). The cut keeps Latin (with Vietnamese), combining marks, punctuation and
currency signs, about 940 glyphs, and no layout tables (fpdf2 shapes no text here). A text
with any other character (a name in Cyrillic, say) is printed with the whole font, as before.
`document` starts every print in it: receipts, labels and the dashboards' PDF.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # style -> file
KEPT = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x24F),  # Latin-1 and Latin Extended-A and B
    (0x2B0, 0x36F),  # modifier letters and combining marks (Vietnamese tones)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, bullet, ellipsis
    (0x20A0, 0x20BF),  # currency signs
    (0x2100, 0x215F),  # letterlike symbols and number forms (№, ™, ½)
    (0x2190, 0x21FF),  # arrows
)
_lock = threading.Lock()
_cut: dict[str, Path] = {}
_covered: set[int] = set()


def font_files(texts: Iterable[str]) -> dict[str, Path]:
    """Return the font file of each style that prints every character of the texts."""
    used = {ord(ch) for text in texts for ch in text if ch >= " "}
    cut = _cut_fonts()
    if used <= _covered:
        return cut
    return {style: FONTS / name for style, name in FILES.items()}


def _cut_fonts() -> dict[str, Path]:
    """Cut the fonts the first time a print asks (about a second), then reuse the files."""
    with _lock:
        if not _cut:
            folder = Path(tempfile.mkdtemp(prefix="aftersales-fonts-"))
            atexit.register(shutil.rmtree, folder, True)
            unicodes = [c for low, high in KEPT for c in range(low, high + 1)]
            covered: set[int] | None = None
            for style, name in FILES.items():
                font = TTFont(FONTS / name)
                options = subset.Options()
                options.layout_features = []
                options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
                options.name_IDs = ["*"]
                options.notdef_outline = True
                options.glyph_names = True
                cutter = subset.Subsetter(options)
                cutter.populate(unicodes=unicodes)
                cutter.subset(font)
                have = set(font.getBestCmap())
                covered = have if covered is None else covered & have
                font.save(folder / name)
                _cut[style] = folder / name
            _covered.update(covered or ())
        return dict(_cut)


def document(size: tuple[float, float] | str, margin: float, fonts: dict[str, Path]) -> FPDF:
    """Return a new PDF of one empty page in millimetres, with the fonts as "DejaVu"."""
    pdf = FPDF(unit="mm", format=size)
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    # DejaVu covers Latin and Vietnamese letters alike; the core PDF fonts do not.
    for style, path in fonts.items():
        pdf.add_font("DejaVu", style, str(path))
    pdf.set_creator("aftersales")
    pdf.add_page()
    return pdf
