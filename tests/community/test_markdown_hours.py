"""The safe Markdown helper and the working hours to an engineer's answer (pure)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from aftersales.community.hours import country_of, working_hours
from aftersales.kernel.markdown import render

ATTACKS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="https://x.test" onclick="alert(1)">x</a>',
    "[x](JaVaScRiPt:alert(1))",
    "<iframe src='https://evil.test'></iframe>",
    "![pic](https://tracker.test/p.png)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)">',
]


def executable(html: str) -> list[str]:
    """Return the real tags of a page part that could run or load something (not text)."""
    found = []
    for tag, attributes in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", html):
        if tag.lower() in ("script", "img", "iframe", "svg", "object", "embed", "style"):
            found.append(tag)
        if re.search(r"\bon[a-z]+\s*=", attributes, re.I) or re.search(
            r"(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):", attributes, re.I
        ):
            found.append(tag + attributes)
    return found


@pytest.mark.parametrize("text", ATTACKS)
def test_nothing_in_a_post_runs_or_loads(text: str) -> None:
    assert executable(render(text)) == []


def test_markdown_keeps_its_plain_formatting_and_marks_links() -> None:
    html = render("**bold** and *it*\n\n- one\n- two\n\n[site](https://example.test)")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<li>one</li>" in html
    assert 'href="https://example.test"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_raw_html_is_shown_as_text() -> None:
    assert "&lt;b&gt;hi&lt;/b&gt;" in render("<b>hi</b>")


def test_a_friday_question_answered_on_monday_waited_two_working_hours() -> None:
    # Rome is UTC+1 in March: Friday 16:00 local to Monday 10:00 local.
    asked = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    answered = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    assert working_hours(asked, answered, "IT") == 2.0


def test_whole_working_days_count_eight_hours_and_holidays_none() -> None:
    # Tuesday 9:00 to Thursday 17:00 in Rome: 3 working days.
    assert (
        working_hours(
            datetime(2026, 3, 10, 8, tzinfo=UTC), datetime(2026, 3, 12, 16, tzinfo=UTC), "IT"
        )
        == 24.0
    )
    # 25 April (Liberation Day) 2025 is a Friday: Thursday 17:00 to Monday 9:00 is 0.
    assert (
        working_hours(
            datetime(2025, 4, 24, 15, tzinfo=UTC), datetime(2025, 4, 28, 7, tzinfo=UTC), "IT"
        )
        == 0.0
    )
    assert (
        working_hours(
            datetime(2026, 3, 10, 12, tzinfo=UTC), datetime(2026, 3, 10, 11, tzinfo=UTC), "IT"
        )
        == 0.0
    )


def test_the_country_is_the_askers_else_their_languages() -> None:
    assert country_of("vn", "it") == "VN"
    assert country_of(None, "it") == "IT"
    assert country_of(None, "vi") == "VN"


def test_engineers_by_their_given_name_and_owners_by_a_pseudonym() -> None:
    from aftersales.community.names import author

    assert author("s", 7, "Carlo Neri", True).name == "Carlo"
    assert author("s", 8, "Lê Thị Mai", True, family_first=True).name == "Mai"
    owner = author("s", 9, "Anna Verdi", False)
    assert owner.pseudonym and "Anna" not in owner.name and len(owner.name) == 4
    assert author("s", 9, None, False) == owner and author("t", 9, None, False) != owner
