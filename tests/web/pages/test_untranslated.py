"""No English left on the owner's and the public pages in Italian and Vietnamese.

Two checks: every piece of text in the templates goes through the catalogue (nothing is
written in English between the tags), and rendering the owner's and the public pages in it
and vi asks the catalogues for no message they lack.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from aftersales.http import i18n
from aftersales.http.pages import TEMPLATE_DIRS
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import add_note, transition
from tests.factories import World, make_phone
from tests.web.pages.helpers import post, sign_in

# every template of every area, and web's: (folder, name in it)
TEMPLATES = {str(p.relative_to(d)): p for d in TEMPLATE_DIRS for p in d.rglob("*.html")}
LAYOUT_BLOCK = re.compile(r"\{% block width %\}\w+\{% endblock %\}")  # a CSS class name
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Words that are the same in every language: the product, the IMEI, currency codes.
SAME_EVERYWHERE = {"aftersales", "IMEI", "EUR", "VND", "USD", "SLA"}
SHOWN_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "label"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        self.found.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        button = tag == "input" and ("type", "submit") in attrs
        for name, value in attrs:
            if value and (name in SHOWN_ATTRIBUTES or (button and name == "value")):
                self.found.append(value)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z']+", text) if w not in SAME_EVERYWHERE]


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_templates_write_no_text_outside_the_catalogue(template: str) -> None:
    source = JINJA.sub(" ", LAYOUT_BLOCK.sub(" ", TEMPLATES[template].read_text()))
    parser = _Text()
    parser.feed(source)
    # A tracking-code example is not a word: letters and digits in groups of four.
    leftovers = [
        w for t in parser.found for w in _words(re.sub(r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){2}\b", "", t))
    ]
    assert not leftovers, f"{template}: untranslated text {leftovers}"


@pytest.fixture()
def owner_story(session, now):  # type: ignore[no-untyped-def]
    """An owner with a phone, a repair waiting for a quote answer, and a public note."""
    w = World(session)
    make_phone(session, w.model, owner_id=w.owner.id, purchase_date=date(2024, 1, 5))
    repair = w.repair(now - timedelta(days=3))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(days=2))
    transition(session, w.technician, repair, "at_centre", now - timedelta(days=2))
    transition(session, w.technician, repair, "diagnosing", now - timedelta(days=1))
    add_note(
        session, w.technician, repair, now - timedelta(hours=3), text="Vetro rotto.", public=True
    )
    make_quote(
        session,
        w.technician,
        repair,
        now - timedelta(hours=2),
        amount_minor=8990,
        currency="EUR",
        description="Display nuovo",
    )
    session.commit()
    return w, repair


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_owner_and_public_pages_ask_for_no_missing_translation(client, owner_story, session, lang):  # type: ignore[no-untyped-def]
    w, repair = owner_story
    i18n.MISSING[lang].clear()
    header = {"Accept-Language": lang}
    params = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    pages = [("/track", {}), ("/track", {"code": repair.code}), ("/login", {})]
    for path, query in pages:
        assert client.get(path, params=query, headers=header).status_code < 500
    for form in (params, {"code": "x", "imei_last4": "1"}, {"code": "", "imei_last4": ""}):
        assert client.post("/track", data=form, headers=header).status_code < 500
    w.owner.language = lang
    session.commit()
    sign_in(client, w.owner)
    for path in ("/my/repairs", "/my/phones", "/book", "/profile", f"/repairs/{repair.code}"):
        r = client.get(path)
        assert r.status_code == 200 and f'<html lang="{lang}">' in r.text, path
    r = post(client, "/book", {"phone": "", "problem": ""})
    assert r.status_code == 422
    r = post(client, "/profile", {"name": "", "language": lang, "phone_number": "x"})
    assert r.status_code == 422
    assert not i18n.MISSING[lang], f"untranslated in {lang}: {sorted(i18n.MISSING[lang])}"
