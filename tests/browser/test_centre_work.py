"""The centre's work by clicks: a technician takes a repair; a loaner is given and returned.

Also the work page's screenshots, at phone and desktop width, in Italian and Vietnamese.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import ServiceCentre, Shop
from aftersales.db import make_engine
from aftersales.http.i18n import translations
from aftersales.repairs.loaners import loaners_of, offline_of
from aftersales.repairs.models import Loaner, RepairOrder
from tests.browser.conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
IT, VI = translations("it"), translations("vi")
AT_CENTRE = ("at_centre", "diagnosing", "awaiting_parts", "repairing", "testing")


def _one(database_url: str, *where: object, first: object = None) -> str:
    """Return the code of the first open repair matching `where` (`first` ones before, then
    by code: the demo's generic repairs depend on the hour it was loaded)."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        code = s.scalar(
            select(RepairOrder.code)
            .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
            .outerjoin(Shop, Shop.id == RepairOrder.shop_id)
            .where(RepairOrder.closed_at.is_(None), *where)  # type: ignore[arg-type]
            .order_by(*([first] if first is not None else []), RepairOrder.code)  # type: ignore[list-item]
            .limit(1)
        )
    engine.dispose()
    assert code, "the demo has such a repair"
    return code


def _offline(database_url: str, code: str) -> tuple[int, int, int]:
    """Return the owner's (offline, without a phone, with a loaner) days, as the page counts."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        repair = s.scalars(select(RepairOrder).where(RepairOrder.code == code)).one()
        days = offline_of(repair, loaners_of(s, repair), datetime.now(UTC))
    engine.dispose()
    return days.offline, days.without_phone, days.with_loaner


def _offline_line(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-field=loaners]").inner_text()


def test_a_technician_takes_a_repair_and_finds_it_in_my_repairs(open_page, demo_server):  # type: ignore[no-untyped-def]
    url = demo_server["database_url"]
    code = _one(url, ServiceCentre.city == "Napoli", RepairOrder.assigned_to_id.is_(None),
                RepairOrder.status.in_(AT_CENTRE))  # fmt: skip
    tech = open_page("it-IT")
    sign_in(tech, "tech2.naples@demo.aftersales")
    tech.goto("/centre/queue")
    assert code not in tech.locator("#mine").inner_text()
    tech.locator(f"#centre a[href='/repairs/{code}']").click()
    assert tech.locator("[data-field=assignee]").inner_text().endswith(IT.gettext("nobody yet"))
    tech.get_by_role("button", name=IT.gettext("Take this repair")).click()
    tech.wait_for_url(re.compile(r".*done=assignment"))
    engine = make_engine(url)
    with Session(engine) as s:
        name = s.scalar(select(Account.name).where(Account.email == "tech2.naples@demo.aftersales"))
    engine.dispose()
    assert tech.locator("[data-field=assignee]").inner_text().endswith(str(name))
    assert f"{IT.gettext('Taken by')}: {name}" in tech.locator(".timeline").inner_text()
    tech.goto("/centre/queue")
    assert code in tech.locator("#mine").inner_text()
    shot(tech, "it-technician-my-repairs")


def test_a_loaner_is_given_and_returned_and_the_offline_days_follow(open_page, demo_server):  # type: ignore[no-untyped-def]
    url = demo_server["database_url"]
    code = _one(url, Shop.city == "Portici", RepairOrder.loaner_owed_at.is_not(None),
                RepairOrder.loaner_given.is_(False))  # fmt: skip
    shop = open_page("it-IT")
    sign_in(shop, "shop.portici@demo.aftersales")
    shop.goto(f"/repairs/{code}")
    offline, without, _ = _offline(url, code)
    assert f"{offline} " in _offline_line(shop) and f"{without} " in _offline_line(shop)
    shop.locator("[data-flag=loaner-owed] a").click()  # "Give a loaner" opens the form
    shop.wait_for_url(re.compile(r".*open=loaner"))
    assert shop.locator("#loaner").get_attribute("open") is not None
    shop.locator("#loaner-label").fill("PRESTITO-42")
    shop.get_by_role("button", name=IT.gettext("Give the loaner")).click()
    shop.wait_for_url(re.compile(r".*done=loaner"))
    assert shop.locator("[data-flag=loaner-owed]").count() == 0  # no longer owed
    assert "PRESTITO-42" in shop.locator("#loaner summary").inner_text()
    shop.locator("#loaner summary").click()
    shot(shop, "it-loaner-given")
    shop.get_by_role("button", name=IT.gettext("The owner gave it back")).click()
    shop.wait_for_url(re.compile(r".*done=loaner_return"))
    assert IT.gettext("returned") in shop.locator("#loaner summary").inner_text()
    timeline = shop.locator(".timeline").inner_text()
    assert f"{IT.gettext('Loaner phone given')}: PRESTITO-42" in timeline
    assert f"{IT.gettext('Loaner phone returned')}: PRESTITO-42" in timeline
    # given and returned today: it covered no whole day, the offline days are as they were
    assert _offline(url, code) == (offline, without, 0)
    assert f"{offline} " in _offline_line(shop)


def test_a_loaner_out_for_days_is_taken_off_the_offline_days(open_page, demo_server):  # type: ignore[no-untyped-def]
    url = demo_server["database_url"]
    engine = make_engine(url)
    with Session(engine) as s:  # the stuck Mi 8: the shop lent a phone when the owner asked
        code = s.scalar(
            select(RepairOrder.code)
            .join(Loaner, Loaner.repair_id == RepairOrder.id)
            .where(Loaner.label == "PRESTITO-03")
        )
    engine.dispose()
    offline, without, with_loaner = _offline(url, str(code))
    assert with_loaner > 0 and offline == without - with_loaner
    page = open_page("it-IT")
    sign_in(page, "tech1.naples@demo.aftersales")
    page.goto(f"/repairs/{code}")
    line = _offline_line(page)
    assert line.split(":", 1)[1].strip().startswith(f"{offline} ")
    assert f"{without} " in line and f"{with_loaner} " in line


SEVERAL_MOVES = ("diagnosing", "repairing", "testing")


@pytest.mark.parametrize(("locale", "who", "city"), [
    ("it-IT", "tech1.naples@demo.aftersales", "Napoli"),
    ("vi-VN", "tech1.hanoi@demo.aftersales", "Hà Nội"),
])  # fmt: skip
def test_the_work_page_at_phone_and_desktop_width(open_page, demo_server, locale, who, city):  # type: ignore[no-untyped-def]
    # statuses with two moves or more (a waiting quote and the hand-back have forms of their own)
    here, working = ServiceCentre.city == city, RepairOrder.status.in_(SEVERAL_MOVES)
    later = RepairOrder.status != "diagnosing"  # a repair being checked shows the most
    code = _one(demo_server["database_url"], here, working, first=later)
    words = IT if locale.startswith("it") else VI
    for width, name in ((1280, "desktop"), (360, "phone")):
        page = open_page("it-IT", width=width)  # the sign-in form's labels; then the account's
        sign_in(page, who)
        page.goto(f"/repairs/{code}")
        assert page.locator("html").get_attribute("lang") == locale[:2]
        assert page.locator("form[action$='/move'] button[name=to_status]").count() >= 2
        assert words.gettext("Timeline") in page.locator("main").inner_text()
        numbers = page.locator(".timeline .n").all_inner_texts()
        assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"work-page-{locale[:2]}-{name}")
