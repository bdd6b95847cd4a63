"""The brand page: a brand admin's TACs wait; a platform admin confirms or refuses them there."""

from __future__ import annotations

from html import unescape

import pytest

from aftersales.catalog.models import ModelTac
from aftersales.catalog.service import model_for_imei
from aftersales.http import i18n
from aftersales.kernel.imei import make_imei
from tests.factories import World, make_brand, make_model, make_phone
from tests.web.pages.helpers import post, sign_in, texts


def test_a_brand_admins_tacs_wait_and_a_platform_admin_confirms_or_refuses_them(
    client, session, now
):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/models", {"name": "Mi 9", "tacs": "86446499, 86446498"})
    assert r.status_code == 303
    r = post(client, "/brand/tacs", {"model_id": str(w.model.id), "tacs": "86446497"})
    assert r.status_code == 303
    page = texts(client.get("/brand", headers={"Accept-Language": "en"}).text)
    assert "Waiting for confirmation: 86446498, 86446499" in page
    assert "Waiting for confirmation: 86446497" in page
    assert "TACs waiting for confirmation" in page and "Refuse" not in page
    assert model_for_imei(session, make_imei("86446499", 1)) is None
    # The brand admin cannot confirm their own claim.
    assert post(client, "/brand/tacs/86446499/confirm").status_code == 404
    client.cookies.clear()

    sign_in(client, w.admin)
    other = make_brand(session, name="Zeta")
    session.commit()
    # Shown whichever brand the platform admin is looking at.
    html = client.get(f"/brand?brand_id={other.id}", headers={"Accept-Language": "en"}).text
    assert "/brand/tacs/86446499/confirm" in html and "/brand/tacs/86446497/reject" in html
    assert post(client, f"/brand/tacs/86446499/confirm?brand_id={other.id}").status_code == 303
    assert post(client, f"/brand/tacs/86446497/reject?brand_id={other.id}").status_code == 303
    session.expire_all()
    assert model_for_imei(session, make_imei("86446499", 1)).name == "Mi 9"  # type: ignore[union-attr]
    assert session.get(ModelTac, "86446497") is None
    assert session.get(ModelTac, "86446498").status == "pending"  # type: ignore[union-attr]


def test_the_brand_page_refuses_a_tac_of_another_brands_phones(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    rival = make_model(session, make_brand(session))
    # The phone's TAC was unknown when it was registered with its model chosen.
    make_phone(session, rival, imei=make_imei("86446411", 3), model_id=rival.id)
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/tacs", {"model_id": str(w.model.id), "tacs": "86446411"})
    assert r.status_code == 422
    assert "86446411" in texts(r.text) and 'value="86446411"' in r.text
    assert session.get(ModelTac, "86446411") is None


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_the_claims_ask_for_no_missing_translation(client, session, now, lang):  # type: ignore[no-untyped-def]
    w = World(session)
    w.brand_admin.language = w.admin.language = lang
    session.commit()
    i18n.MISSING[lang].clear()
    sign_in(client, w.brand_admin)
    claim = {"model_id": str(w.model.id), "tacs": "86446401"}
    assert post(client, "/brand/tacs", claim).status_code == 303
    again = post(client, "/brand/tacs", claim)
    assert again.status_code == 422
    said = i18n.translations(lang).gettext("These TACs already belong to a model: %(tacs)s.")
    assert said != "These TACs already belong to a model: %(tacs)s."
    assert said % {"tacs": "86446401"} in unescape(again.text)
    assert f'<html lang="{lang}">' in client.get("/brand").text
    client.cookies.clear()
    sign_in(client, w.admin)
    assert "/brand/tacs/86446401/confirm" in client.get("/brand").text
    assert not i18n.MISSING[lang], sorted(i18n.MISSING[lang])


@pytest.mark.parametrize(
    ("lang", "name_error", "tac_error"),
    [
        ("it", "Il nome è obbligatorio.", "Un TAC è formato dalle prime 8 cifre di un IMEI"),
        ("vi", "Cần nhập tên.", "TAC là 8 chữ số đầu của IMEI"),
    ],
)
def test_a_new_model_with_no_name_and_a_bad_tac_names_both_in_the_admins_language(  # type: ignore[no-untyped-def]
    client, session, now, lang, name_error, tac_error
):
    w = World(session)
    w.brand_admin.language = lang
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/models", {"name": " ", "tacs": "1234"})
    assert r.status_code == 422, r.text
    page = unescape(texts(r.text))
    assert name_error in page and tac_error in page and "1234" in page
    assert "A name is required" not in page and "first 8 digits" not in page
