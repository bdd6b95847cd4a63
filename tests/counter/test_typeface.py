"""The prints' typeface: the cut font when it has every letter, the whole font otherwise."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from aftersales.counter.receipt import label, receipt
from aftersales.counter.receipt_facts import TERMS, WORDS, ReceiptFacts
from aftersales.counter.typeface import FILES, FONTS, font_files


def _facts(owner: str, problem: str) -> ReceiptFacts:
    return ReceiptFacts(
        lang="vi", brand="Nova", code="ABCD-EFGH-JKLM", track_url="https://t.test/track?code=X",
        model="Nova 12", imei="354100120000017", imei_last4="0017", shop="Telefonia 1",
        shop_address="Corso Buenos Aires 1, Milano", centre="Nova Service, Milano",
        taken_in="1/12/2026", expected="5/12/2026", owner=owner, fault="Màn hình",
        problem=problem, condition="—", accessories="sạc, ốp lưng", sim="—", lock="—",
        terms=list(TERMS), signature=None, words=dict(WORDS),
    )  # fmt: skip


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_latin_and_vietnamese_text_is_printed_with_the_cut_font() -> None:
    words = ["Nguyễn Văn Đức", "Màn hình nhấp nháy — “đường kẻ” • 1.500.000 ₫", "Perché è così"]
    files = font_files(words)
    assert set(files) == set(FILES)
    for path in files.values():
        assert path.parent != FONTS  # the cut, not the shipped file
        cmap = TTFont(path).getBestCmap()
        assert all(ord(ch) in cmap for text in words for ch in text)


def test_a_letter_the_cut_lacks_brings_back_the_whole_font() -> None:
    assert font_files(["Иван Петров"]) == {s: FONTS / name for s, name in FILES.items()}


@pytest.mark.parametrize("owner", ["Nguyễn Văn Đức", "Иван Петров", "山田太郎"])
def test_the_receipt_and_label_print_the_owners_words(owner: str) -> None:
    facts = _facts(owner, f"{owner}: màn hình nhấp nháy")
    for size in ("a4", "80mm"):
        text = _text(receipt(facts, size))
        assert "ABCD-EFGH-JKLM" in text and "màn hình nhấp nháy" in text
        if owner != "山田太郎":  # DejaVu has no Japanese: neither font prints it
            assert owner in text
    assert "ABCD-EFGH-JKLM" in _text(label(facts))
