"""An owner books online with a drop-off day, and the shop expects the phone that day.

In Italian and Vietnamese, at phone and desktop width, by clicks on the demo data; a day the
shop cannot take the phone is refused in the owner's language.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from aftersales.http.i18n import translations
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
# The owners' phones with no open repair, and the shop where each hands it in.
OWNERS = [
    ("it", "it-IT", "owner.milano@demo.aftersales", "V20", "Portici Mobile", "shop.portici"),
    ("vi", "vi-VN", "owner.vn@demo.aftersales", "Live 4", "Hà Nội Mobile", "shop.hanoi"),
]


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form in any language (the fields by their names)."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def _fill(page, phone: str, shop: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    """Fill the booking form but the day: the phone, what is wrong, where it is handed in."""
    mine = page.locator("#phone option", has_text=phone).first
    page.locator("#phone").select_option(mine.get_attribute("value"))
    page.locator("#fault_category").select_option("battery")
    page.locator("#problem").fill(problem)
    # Shops are found by a search (htmx swaps the place field's options in as one types).
    page.locator("#place-q").fill(shop.split()[0])
    place = page.locator("#place option[value^='shop:']", has_text=shop).first
    place.wait_for(state="attached")
    page.locator("#place").select_option(place.get_attribute("value"))


def _fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("lang", "locale", "who", "phone", "shop", "staff"), OWNERS)
def test_an_owner_books_a_drop_off_day_and_the_shop_expects_the_phone(  # type: ignore[no-untyped-def]
    open_page, lang, locale, who, phone, shop, staff
):
    t = translations(lang).gettext
    small = open_page(locale, width=360)
    sign_in(small, who)
    small.goto("/book?step=details")
    day = small.locator("#dropoff_date")
    offered = date.fromisoformat(day.input_value())  # the next working day
    assert day.get_attribute("min") <= offered.isoformat() <= day.get_attribute("max")
    _fill(small, phone, shop, "La batteria dura poche ore" if lang == "it" else "Pin tụt nhanh")
    sunday = offered + timedelta(days=6 - offered.weekday())
    day.fill(sunday.isoformat())
    small.locator("main form[method=post] button[type=submit]:not([form])").click()
    error = small.locator("#dropoff_date-error")
    expected = t("That day is a weekend day or a public holiday there: choose a working day.")
    assert error.inner_text() == expected
    assert day.input_value() == sunday.isoformat()  # kept, to correct
    _fits(small, 360)
    shot(small, f"book-dropoff-refused-{lang}-phone")

    wide = open_page(locale, width=1280)
    sign_in(wide, who)
    wide.goto("/book?step=details")
    _fill(wide, phone, shop, "La batteria dura poche ore" if lang == "it" else "Pin tụt nhanh")
    shot(wide, f"book-dropoff-{lang}-desktop")
    wide.locator(
        "main form[method=post] button[type=submit]:not([form])"
    ).click()  # the day offered
    wide.wait_for_url(re.compile(r".*/repairs/[0-9A-Z-]{14}\?booked=1"))
    code = re.search(r"/repairs/([0-9A-Z-]{14})", wide.url).group(1)  # type: ignore[union-attr]
    said = wide.locator("[data-field=dropoff]").inner_text()
    assert said.startswith(t("Drop-off day")) and shop in said
    shot(wide, f"booked-dropoff-{lang}-desktop")
    small.goto(f"/repairs/{code}")
    _fits(small, 360)
    shot(small, f"booked-dropoff-{lang}-phone")

    for width in (1280, 360):
        clerk = open_page(locale, width=width)
        sign_in(clerk, f"{staff}@demo.aftersales")
        clerk.goto("/shop/repairs")
        expecting = clerk.locator("section[aria-labelledby=dropoffs-h]")
        assert t("Expected drop-offs") in expecting.inner_text() and code in expecting.inner_text()
        _fits(clerk, width)
        shot(clerk, f"shop-expected-dropoffs-{lang}-{'desktop' if width > 400 else 'phone'}")

    # The owner changes their mind before handing the phone in: the booking is cancelled,
    # and the shop no longer expects the phone.
    wide.goto(f"/repairs/{code}")
    cancel = wide.locator("form[action$='/cancel']")
    cancel.locator("button[type=submit]").click()  # not confirmed: the browser asks to tick
    assert wide.url.endswith(f"/repairs/{code}")
    cancel.locator("input[name=confirm]").check()
    cancel.locator("button[type=submit]").click()
    wide.wait_for_url(re.compile(r".*done=cancel"))
    assert wide.locator("h1").inner_text() == t("Cancelled")
    shot(wide, f"booking-cancelled-{lang}-desktop")
    clerk.goto("/shop/repairs")
    expecting = clerk.locator("section[aria-labelledby=dropoffs-h]")
    assert expecting.count() == 0 or code not in expecting.inner_text()
