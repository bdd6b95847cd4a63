"""The counter in Chromium: an intake with the checklist, a photo from the phone and the
owner's signature; the printed receipt's QR code opens the phone's tracking page."""

from __future__ import annotations

import io
import re
import secrets

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from aftersales.kernel.imei import make_imei
from tests.browser.conftest import shot, sign_in
from tests.factories.images import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SHOPS = {"it": ("it-IT", "shop.portici@demo.aftersales", "86446403", "Mi 8"),
         "vi": ("vi-VN", "shop.hanoi@demo.aftersales", "35877914", "Live 4")}  # fmt: skip


def _sign(page) -> None:  # type: ignore[no-untyped-def]
    """Draw a signature in the box with the mouse, as a finger would."""
    canvas = page.locator("canvas[data-signature=signature]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 18, box["y"] + box["height"] / 2 + (-1) ** i * 15)
    page.mouse.up()


def _qr_links(pdf: bytes) -> list[str]:
    links = []
    for pdf_page in PdfReader(io.BytesIO(pdf)).pages:
        for image in pdf_page.images:
            links += [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    return links


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_counter_intake_with_photo_and_signature_prints_a_receipt_that_leads_to_tracking(
    open_page, demo_server, tmp_path, lang
):  # type: ignore[no-untyped-def]
    locale, desk, tac, model = SHOPS[lang]
    imei = make_imei(tac, 800_000 + secrets.randbelow(99_999))
    shop = open_page(locale, width=390)
    sign_in(shop, desk)
    shop.goto("/shop/intake")
    shop.locator("#imei").press_sequentially(imei, delay=15)
    shop.wait_for_selector(f"#imei-check:has-text('{model}')")
    shop.locator("#owner_name").fill("Gennaro Esposito" if lang == "it" else "Nguyễn Văn An")
    shop.locator("#owner_email").fill(f"owner.{secrets.token_hex(3)}@example.test")
    shop.locator("#owner_language").select_option(lang)
    shop.locator("#fault_category").select_option("display")
    shop.locator("#problem").fill(
        "Il display ha delle macchie" if lang == "it" else "Màn hình bị đốm"
    )
    shop.locator("input[name=screen_lock][value=code_given]").check()
    shop.locator("#passcode").fill("2468")
    shop.locator("input[name=accessories][value=charger]").check()
    shop.locator("input[name=sim_removed]").check()
    photo = tmp_path / "front.jpg"
    photo.write_bytes(photo_bytes(640, 480))
    shop.locator("#photos").set_input_files(str(photo))
    _sign(shop)
    assert shop.locator("#signature").input_value().startswith("data:image/png;base64,")
    shot(shop, f"shop-intake-{lang}-phone", docs=True)
    shop.locator("main form button[type=submit]").last.click()
    shop.wait_for_url(re.compile(r".*/repairs/[0-9A-Z-]{14}\?done=intake"))
    code = re.search(r"/repairs/([0-9A-Z-]{14})", shop.url).group(1)  # type: ignore[union-attr]

    counter = shop.locator("#counter")
    assert counter.locator("ul.photos img").count() == 2  # the photo and the signature
    assert "2468" not in shop.content()
    shot(shop, f"shop-repair-counter-{lang}-phone", docs=True)
    shop.set_viewport_size({"width": 1280, "height": 900})
    shot(shop, f"shop-repair-counter-{lang}-desktop", docs=True)

    receipt = shop.request.get(f"/repairs/{code}/receipt.pdf?size=80mm")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    [link] = _qr_links(receipt.body())
    assert link == f"{demo_server['base']}/track?code={code}"

    owner = open_page(locale, width=390)  # the owner scans the receipt with their phone
    owner.goto(link)
    assert owner.locator("input[name=code]").input_value() == code  # asks only for the digits
    shot(owner, f"tracking-from-receipt-{lang}-phone")
    owner.locator("#imei_last4").fill(imei[-4:])
    owner.locator("main form button[type=submit]").click()
    owner.wait_for_selector("#status")
    assert owner.locator("html").get_attribute("lang") == lang
    assert code in owner.content()
