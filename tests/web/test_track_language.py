"""Public tracking in the asker's language and locale; the form posts, links fill in the code."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from aftersales.http.i18n import Formats, choose_locale
from aftersales.notifications.links import Links
from aftersales.repairs.service import add_note, transition
from tests.factories import World
from tests.web.helpers import assert_problem

PUBLIC = "The display will be replaced under warranty."


@pytest.fixture()
def story(session, now):  # type: ignore[no-untyped-def]
    """A repair at the centre with a public note."""
    w = World(session)
    repair = w.repair(now - timedelta(days=1))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(hours=20))
    transition(session, w.technician, repair, "at_centre", now - timedelta(hours=2))
    add_note(session, w.technician, repair, now, text=PUBLIC, public=True)
    session.commit()
    return w, repair


def _url(code: str) -> str:
    return f"/api/v1/track/{code}"


@pytest.mark.parametrize(
    ("how", "lang", "label", "first_step"),
    [
        ({"headers": {"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"}}, "it",
         "Arrivato al centro assistenza", "Riparazione registrata"),
        ({"params": {"lang": "vi"}}, "vi", "Đã đến trung tâm bảo hành", "Đã đăng ký sửa chữa"),
        # ?lang= wins over the browser's languages.
        ({"params": {"lang": "it"}, "headers": {"Accept-Language": "vi"}}, "it",
         "Arrivato al centro assistenza", "Riparazione registrata"),
        ({"headers": {"Accept-Language": "fr-FR,de;q=0.8"}}, "en",
         "Arrived at the service centre", "Repair registered"),
    ],
)  # fmt: skip
def test_the_tracking_json_speaks_the_askers_language(client, story, how, lang, label, first_step):  # type: ignore[no-untyped-def]
    _, repair = story
    params = {"imei_last4": repair.phone.imei[-4:], **how.get("params", {})}
    r = client.get(_url(repair.code), params=params, headers=how.get("headers", {}))
    assert r.status_code == 200, r.text
    assert r.headers["content-language"] == lang and "Accept-Language" in r.headers["vary"]
    body = r.json()
    assert (body["status"], body["label"]) == ("at_centre", label)
    assert body["timeline"][0]["label"] == first_step
    assert body["timeline"][-1]["note"] == PUBLIC  # people's words stay as written
    if lang != "en":
        assert body["next_step"] != "A technician will check the phone."


def test_tracking_problems_speak_the_askers_language(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    it = {"Accept-Language": "it"}
    wrong = f"{(int(repair.phone.imei[-4:]) + 1) % 10000:04d}"
    r = client.get(_url(repair.code), params={"imei_last4": wrong}, headers=it)
    body = assert_problem(r, 404)
    assert body["detail"] != "No repair matches this code and IMEI."
    assert "IMEI" in body["detail"]
    r = client.get(_url(repair.code), params={"imei_last4": "1"}, headers=it)
    body = assert_problem(r, 422)
    assert body["errors"][0]["field"] == "imei_last4" and "*#06#" in body["errors"][0]["message"]
    assert body["errors"][0]["message"] != "Give the last 4 digits of the IMEI (*#06# shows it)."


def test_english_dates_follow_the_region_asked_for():
    day = date(2026, 3, 10)
    assert Formats("en_GB").day(day) == "10 Mar 2026"
    assert Formats("en-US").day(day) == "Mar 10, 2026"
    assert choose_locale(asked=None, account=None, cookie=None, accept="en-GB,en;q=0.8") == (
        "en",
        "en_GB",
    )
    # The account chose English; the browser says which English.
    assert choose_locale(asked=None, account="en", cookie=None, accept="it-IT,en-GB;q=0.5") == (
        "en",
        "en_GB",
    )
    assert choose_locale(asked="en-US", account=None, cookie=None, accept="en-GB") == (
        "en",
        "en_US",
    )
    # A region of another language does not change this one's formats.
    assert choose_locale(asked=None, account="it", cookie=None, accept="en-GB") == ("it", "it")


def test_the_tracking_page_shows_dates_as_the_browsers_english_writes_them(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    form = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    gb = client.post("/track", data=form, headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    us = client.post("/track", data=form, headers={"Accept-Language": "en-US,en;q=0.9"}).text
    expected = repair.expected_date
    assert Formats("en_GB").day(expected) in gb and Formats("en_US").day(expected) not in gb
    assert Formats("en_US").day(expected) in us
    assert re.search(rf"\b{expected.day} {expected:%b} {expected.year}\b", gb)


def test_the_link_in_messages_shows_the_code_and_asks_only_for_the_imei_digits(
    client, story, settings
):  # type: ignore[no-untyped-def]
    _, repair = story
    link = Links("http://testserver", settings.secret_key).page("track", code=repair.code)
    r = client.get(link)
    assert r.status_code == 200
    assert 'role="alert"' not in r.text  # nothing typed yet: nothing is wrong
    assert f'<input type="hidden" name="code" value="{repair.code}">' in r.text
    assert 'id="code"' not in r.text  # the code is not asked again
    assert re.search(r'<input id="imei_last4"[^>]*autofocus', r.text)
    assert "Timeline" not in r.text
    # The same without dashes, in lower case: the code is recognised and shown canonically.
    sloppy = client.get("/track", params={"code": repair.code.replace("-", "").lower()})
    assert f'value="{repair.code}"' in sloppy.text and 'role="alert"' not in sloppy.text


def test_the_tracking_form_posts_and_the_answer_keeps_code_and_digits_out_of_the_address(
    client, story
):  # type: ignore[no-untyped-def]
    _, repair = story
    page = client.get("/track").text
    assert '<form method="post" action="/track"' in page
    last4 = repair.phone.imei[-4:]
    r = client.post("/track", data={"code": repair.code, "imei_last4": last4})
    assert r.status_code == 200 and "Arrived at the service centre" in r.text
    assert r.url.path == "/track" and not r.url.query
    assert r.headers["cache-control"] == "no-store"
    # Digits in an address are not used: a GET never looks a repair up.
    got = client.get("/track", params={"code": repair.code, "imei_last4": last4})
    assert got.status_code == 200 and "Arrived at the service centre" not in got.text
    assert f'value="{last4}"' not in got.text
