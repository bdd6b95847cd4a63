"""The owner reads how the expected date was made, in their language (decision 141)."""

from __future__ import annotations

from datetime import timedelta

from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from aftersales.repairs.timing import refresh_expected
from tests.factories import World, make_phone
from tests.repairs.test_eta import add_closed
from tests.web.pages.helpers import texts


def test_the_tracking_page_says_what_the_date_is_based_on(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    old = make_phone(session, w.model)
    add_closed(session, old, w.centre, "display", [5] * 30, last=Status.awaiting_parts)
    repair = w.repair(now - timedelta(days=1))
    transition(session, w.technician, repair, Status.diagnosing, now)
    transition(session, w.technician, repair, Status.awaiting_parts, now)
    refresh_expected(session, repair, now, None, "system", parts=now.date() + timedelta(days=9))
    session.commit()
    params = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    city = w.centre.city
    like = f"(Schermo, {w.model.name}, a {city})"
    said = {
        "en": f"Based on 30 earlier repairs like this one (Display, {w.model.name}, at {city})",
        "it": f"Calcolata su 30 riparazioni precedenti simili a questa {like}",
        "vi": "Dựa trên 30 lần sửa chữa tương tự trước đây",
    }
    parts = {"en": "The parts are expected on", "it": "I ricambi sono attesi il", "vi": "Linh kiện"}
    for lang, words in said.items():
        page = texts(client.post("/track", data=params, headers={"Accept-Language": lang}).text)
        assert words in page, (lang, page)
        assert parts[lang] in page
