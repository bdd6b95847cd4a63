"""A platform admin brings in a new member of staff: the account, the invitation mail read
from a real SMTP server (sent by `aftersales worker --once`), the first password, the sign-in."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from typing import Any

import pytest

from aftersales.http.i18n import translations
from tests.browser.conftest import shot, sign_in, sign_out
from tests.browser.test_account_links import _link_in_mail_to, _worker_once, inbox

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
__all__ = ["inbox"]  # the real SMTP server's fixture, shared with the owners' links


def test_an_admin_invites_a_cashier_who_chooses_a_password_and_signs_in(  # type: ignore[no-untyped-def]
    open_page, demo_server, inbox: Any
) -> None:
    box, port = inbox
    address = "thu.ngan@example.vn"  # the server is the session's own: a fixed one is new
    admin = open_page("en-GB", width=1280)
    sign_in(admin, "admin@demo.aftersales")
    admin.locator(".top a[href='/admin/accounts']").click()
    admin.locator("main a[href='/admin/accounts/new']").click()
    admin.locator("#name").fill("Trần Thu Ngân")
    admin.locator("#email").fill(address)
    admin.locator("#language").select_option("vi")
    # The place search narrows the choice as the admin types (htmx swaps the options in).
    admin.locator("#place-q").fill("sài gòn")
    offered = admin.locator("#place option[value^='shop:']")
    for _ in range(50):  # the page's CSP forbids evaluating strings, so poll from here
        names = offered.all_inner_texts()
        if names and all("Sài Gòn" in name for name in names):
            break
        admin.wait_for_timeout(100)
    assert names and all("Sài Gòn" in name for name in names), names
    shop = admin.locator("#place option[value^='shop:']", has_text="Sài Gòn Di Động").first
    admin.locator("#place").select_option(shop.get_attribute("value"))
    admin.locator("#role").select_option("shop_staff")
    admin.locator("input[name=invite]").check()
    shot(admin, "admin-new-account-en-desktop", docs=True)
    admin.locator("main form[method=post] button[type=submit]:not([form])").click()
    admin.wait_for_url(re.compile(r"/admin/accounts/[0-9]+"))
    assert "Trần Thu Ngân" in admin.locator("main").inner_text()
    sign_out(admin)

    _worker_once(demo_server, port)
    mails = [m for m in box.mails if m["To"] and address in m["To"]]
    assert len(mails) == 1
    subject = str(make_header(decode_header(str(mails[0]["Subject"]))))
    assert subject == translations("vi").gettext("Your aftersales account")  # their language
    link = _link_in_mail_to(box, address, "")

    staff = open_page("vi-VN", width=360)
    staff.goto(link)
    assert "Trần Thu Ngân" in staff.locator("h1").inner_text()
    chosen = "Bến Thành lúc bình minh 5"
    staff.locator("#password").fill(chosen)
    staff.locator("#confirm").fill(chosen)
    shot(staff, "staff-welcome-vi-phone", docs=True)
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/shop/repairs$"))  # signed in, on the shop's list
    sign_out(staff)
    sign_in(staff, address, chosen)  # and the password works from the sign-in page
    assert staff.url.endswith("/shop/repairs")
