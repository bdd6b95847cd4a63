"""Software on the pages: the brand page's releases and shares, a model's releases, the owner's
phones saying whether they run the latest, and the version typed at the counter."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from aftersales.software.models import Source
from aftersales.software.versions import record_sighting
from tests.factories import World, make_brand, make_imei, make_model, make_phone, n
from tests.factories.software import make_release
from tests.web.pages.helpers import post, sign_in, texts

EN = {"Accept-Language": "en"}


def speak(session, account, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Make the account's language this one: it beats the browser's."""
    account.language = lang
    session.commit()


FORM = {
    "version": "V12.5.4",
    "release_date": "2026-02-10",
    "security_patch_date": "2026-02-01",
    "kind": "security",
    "notes_en": "February security patch.",
    "notes_it": "Patch di sicurezza di febbraio.",
}


def test_a_brand_admin_adds_a_release_and_sees_the_share_on_the_brand_page(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    make_release(session, w.model, version="V12.5.3", release_date=date(2025, 11, 1))
    for version in ("V12.5.3", "V12.5.3", "V12.5.4", "Beta", None):
        phone = make_phone(session, w.model)
        if version:
            record_sighting(session, w.admin, phone, version, date(2026, 2, 20), Source.intake, now)
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/releases", {**FORM, "model_id": str(w.model.id)})
    assert r.status_code == 303 and r.headers["location"].endswith("done=release")
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "V12.5.4" in page and "Security update" in page and "patch level 2026-02-01" in page
    assert "25% of 4 phones of known version" in page  # V12.5.4 is the latest now
    assert "1 phone's version is not known" in page and "1 runs a version not on file" in page
    speak(session, w.brand_admin, "it")
    page = unescape(texts(client.get("/brand").text))
    assert "25% di 4 telefoni con versione nota" in page
    releases = client.get(f"/brand/models/{w.model.id}/releases")
    assert releases.status_code == 200
    text = texts(releases.text)
    assert "Patch di sicurezza di febbraio." in text and "(più recente)" in text
    assert text.index("V12.5.4") < text.index("V12.5.3")  # newest first
    speak(session, w.brand_admin, "vi")
    vi = texts(client.get(f"/brand/models/{w.model.id}/releases").text)
    assert "February security patch." in vi  # no Vietnamese notes: the English ones


def test_a_wrong_release_comes_back_with_the_input_and_what_to_fix(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    rival = make_model(session, make_brand(session))
    session.commit()
    sign_in(client, w.brand_admin)
    wrong = {**FORM, "model_id": str(w.model.id), "release_date": "2099-01-01", "notes_en": ""}
    r = post(client, "/brand/releases", wrong)
    assert r.status_code == 422
    page = texts(r.text)
    assert "this day is in the future" in page and "Write the notes in English" in page
    assert 'value="V12.5.4"' in r.text and "Patch di sicurezza di febbraio." in r.text
    r = post(client, "/brand/releases", {**FORM, "model_id": str(rival.id)})
    assert r.status_code == 422 and "Choose a model." in texts(r.text)
    assert client.get(f"/brand/models/{rival.id}/releases").status_code == 404


def test_the_owners_phones_say_whether_they_run_the_latest(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    make_release(session, w.model, version="V1", release_date=date(2025, 1, 1))
    make_release(
        session, w.model, version="V2", release_date=date(2025, 9, 1),
        notes_en="Fixes the camera.", notes_it="Corregge la fotocamera.",
    )  # fmt: skip
    up_to_date = make_phone(session, w.model, owner_id=w.owner.id)
    behind = make_phone(session, w.model, owner_id=w.owner.id)
    make_phone(session, w.model, owner_id=w.owner.id)  # nobody saw its version
    record_sighting(session, w.admin, up_to_date, "V2", date(2026, 1, 5), Source.intake, now)
    record_sighting(session, w.admin, behind, "V1", date(2026, 1, 5), Source.intake, now)
    session.commit()
    sign_in(client, w.owner)
    page = unescape(texts(client.get("/my/phones", headers=EN).text))
    assert "This is the latest software for your phone." in page
    assert "An update is available: V2, released on Sep 1, 2025." in page
    assert "Fixes the camera." in page
    assert "Version not known" in page and "The latest release we know of is V2" in page
    speak(session, w.owner, "it")
    page = unescape(texts(client.get("/my/phones").text))
    assert "Corregge la fotocamera." in page and "È disponibile un aggiornamento" in page
    speak(session, w.owner, "vi")
    page = unescape(texts(client.get("/my/phones").text))
    assert "Fixes the camera." in page and "Đã có bản cập nhật" in page


def test_the_counter_records_the_version_the_phone_shows(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    make_release(session, w.model, version="V2", release_date=date(2025, 9, 1))
    session.commit()
    sign_in(client, w.shop_staff)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/shop/intake").text)
    assert token is not None
    imei = make_imei(w.model.tacs[0].tac, n())
    form = {
        "imei": imei,
        "owner_name": "Gennaro Esposito",
        "owner_email": f"gennaro{n()}@example.test",
        "owner_language": "it",
        "fault_category": "display",
        "screen_lock": "none",
        "problem": "Macchie sul display",
        "form_token": token.group(1),
    }
    r = post(client, "/shop/intake", {**form, "software_version": "V" * 41})
    assert r.status_code == 422 and "at most 40 characters" in texts(r.text)
    r = post(client, "/shop/intake", {**form, "software_version": " V2 "})
    assert r.status_code == 303, texts(r.text)[:300]
    from aftersales.devices.service import find_by_imei

    session.expire_all()
    phone = find_by_imei(session, imei)
    assert phone is not None and (phone.software_version, phone.software_seen_date) == (
        "V2", now.date()
    )  # fmt: skip
