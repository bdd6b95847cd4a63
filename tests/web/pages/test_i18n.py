"""Languages: the choice of language, local formats and the catalogues themselves."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from babel.messages.pofile import read_po

from aftersales.http.i18n import LOCALES, Formats, choose_language, translations


def test_a_links_language_beats_the_account_which_beats_the_switcher_and_the_browser() -> None:
    pick = choose_language
    assert pick(asked="vi", account="it", cookie="en", accept="en") == "vi"
    assert pick(asked=None, account="it", cookie="vi", accept="en") == "it"
    assert pick(asked=None, account=None, cookie="vi", accept="it") == "vi"
    assert pick(asked="xx", account=None, cookie=None, accept="fr-FR,vi;q=0.8,it;q=0.9") == "it"
    assert pick(asked=None, account=None, cookie=None, accept="vi-VN") == "vi"
    assert pick(asked=None, account=None, cookie=None, accept="de, fr;q=oops") == "en"
    assert pick(asked=None, account=None, cookie=None, accept="") == "en"


def test_dates_times_and_money_are_written_the_local_way() -> None:
    day = date(2026, 8, 17)
    assert Formats("it").day(day) == "17 ago 2026"
    assert Formats("vi").day(day) == "17 thg 8, 2026"
    assert Formats("en").day(day) == "Aug 17, 2026"
    moment = datetime(2026, 8, 17, 7, 30, tzinfo=UTC)
    assert Formats("it").moment(moment, "Europe/Rome") == "17 ago 2026, 09:30"
    assert Formats("vi").moment(moment, "Asia/Ho_Chi_Minh") == "17 thg 8, 2026, 14:30"
    assert Formats("it").money(8990, "EUR") == "89,90\xa0€"
    assert Formats("en").money(8990, "EUR") == "€89.90"
    assert Formats("vi").money(1_500_000, "VND") == "1.500.000\xa0₫"
    assert Formats("it").number(12345.5) == "12.345,5"


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_every_catalogue_entry_is_translated_with_the_same_placeholders(lang: str) -> None:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 100
    for m in entries:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"{lang}: no translation for {ids[0]!r}"
        assert not m.fuzzy, f"{lang}: fuzzy translation for {ids[0]!r}"
        wanted = set(re.findall(r"%\(\w+\)s", ids[0]))
        for s in strings:
            assert set(re.findall(r"%\(\w+\)s", s)) == wanted, f"{lang}: placeholders of {ids[0]!r}"


def test_the_catalogues_translate_status_labels() -> None:
    assert translations("it").gettext("Waiting for parts") != "Waiting for parts"
    assert translations("vi").gettext("Ready for pickup") != "Ready for pickup"
    assert translations("en").gettext("Ready for pickup") == "Ready for pickup"
