"""The counter's pages: intake with checklist, photos and signature; the printed receipt and
label in the owner's language with a QR code that opens tracking; the hand-back record."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from aftersales.counter.handback import hand_back_of
from aftersales.counter.models import IntakeChecklist, RepairPhoto
from aftersales.repairs.loaners import give_loaner
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import decide_quote, make_quote
from aftersales.repairs.service import transition
from tests.factories import World, make_imei, n
from tests.factories.images import photo_bytes, signature_data_url
from tests.web.pages.helpers import csrf, post, sign_in, texts


def _intake(client, w: World, **kw: str):  # type: ignore[no-untyped-def]
    form = {
        "imei": make_imei(w.model.tacs[0].tac, n()),
        "owner_name": "Gennaro Esposito",
        "owner_email": f"gennaro{n()}@example.test",
        "owner_language": "it",
        "fault_category": "display",
        "problem": "Macchie sul display",
        "screen_lock": "code_given",
        "passcode": "1357",
        "accessories": ["charger", "case"],
        "sim_removed": "1",
        "signature": signature_data_url(),
        "csrf": csrf(client),
        **kw,
    }
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/shop/intake").text)
    assert token
    form["form_token"] = token.group(1)
    files = [("photos", (f"p{i}.jpg", photo_bytes(), "image/jpeg")) for i in range(2)]
    return client.post("/shop/intake", data=form, files=files, follow_redirects=False)


def _code(r) -> str:  # type: ignore[no-untyped-def]
    assert r.status_code == 303, texts(r.text)[:400]
    return r.headers["location"].split("/")[2].split("?")[0]


def test_the_intake_keeps_checklist_photos_and_signature_together(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    code = _code(_intake(client, w))
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    assert repair is not None
    checklist = session.get(IntakeChecklist, repair.id)
    assert checklist is not None and checklist.accessories == ["case", "charger"]
    assert checklist.sim_removed and not checklist.memory_card_removed
    kinds = session.scalars(
        select(RepairPhoto.kind).where(RepairPhoto.repair_id == repair.id)
    ).all()
    assert sorted(kinds) == ["condition", "condition", "signature"]
    page = client.get(f"/repairs/{code}?lang=it")
    assert f"/repairs/{code}/receipt.pdf?size=a4" in page.text
    assert page.text.count(f'src="/repairs/{code}/photos/') == 3
    assert "1357" not in page.text  # the code is never on a page the shop sees
    photo_id = re.search(rf"/repairs/{code}/photos/(\d+)", page.text).group(1)  # type: ignore[union-attr]
    assert client.get(f"/repairs/{code}/photos/{photo_id}").headers["content-type"] == "image/jpeg"


def test_a_refused_intake_keeps_the_input_and_asks_for_code_and_photos_again(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    r = _intake(client, w, problem="x")
    assert r.status_code == 422
    said = texts(r.text)
    assert "Gennaro Esposito" in r.text and "Type the unlock code again." in said
    assert "Choose the photos again." in said
    assert 'value="charger" checked' in r.text and "1357" not in r.text
    assert session.scalar(select(RepairOrder).where(RepairOrder.contact_name == "x")) is None


def _pdf_text(data: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in reader.pages)
    links = []
    for page in reader.pages:
        for image in page.images:
            for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data))):
                links.append(found.text)
    return re.sub(r"\s+", " ", text), links


@pytest.mark.parametrize("size", ["a4", "80mm"])
def test_the_receipt_speaks_the_owners_language_and_its_qr_opens_tracking(
    client, session, now, settings, size
):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    code = _code(_intake(client, w))
    r = client.get(f"/repairs/{code}/receipt.pdf", params={"size": size})
    assert r.headers["content-type"] == "application/pdf"
    text, links = _pdf_text(r.content)
    assert links == [f"{settings.public_url}/track?code={code}"]
    assert code in text and "Macchie sul display" in text
    assert "Ricevuta di riparazione" in text and "caricabatterie" in text  # Italian, as the owner
    assert "1357" not in text
    tracked = client.get(links[0].removeprefix(settings.public_url))
    assert tracked.status_code == 200 and f'value="{code}"' in tracked.text


def test_the_box_label_carries_the_code_and_its_qr(client, session, now, settings):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    code = _code(_intake(client, w))
    text, links = _pdf_text(client.get(f"/repairs/{code}/label.pdf").content)
    assert code in text and links == [f"{settings.public_url}/track?code={code}"]
    assert PdfReader(io.BytesIO(client.get(f"/repairs/{code}/label.pdf").content)).pages[0]


def _ready_with_quote(session, w: World, now):  # type: ignore[no-untyped-def]
    repair = w.repair(now)
    transition(session, w.technician, repair, "diagnosing", now)
    make_quote(session, w.technician, repair, now, amount_minor=8990, currency="EUR",
               description="Display nuovo")  # fmt: skip
    decide_quote(session, w.owner, repair, now, approve=True)
    for step in ("testing", "ready"):
        transition(session, w.technician, repair, step, now)
    session.commit()
    return repair


def test_the_hand_back_asks_for_the_payment_due_and_records_who_collected(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = _ready_with_quote(session, w, now)
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}?lang=en")
    assert "Payment due: €89.90" in texts(page.text)
    form = {"outcome": "repaired", "collected_by": "someone_else"}
    r = post(client, f"/repairs/{repair.code}/handback", form)
    assert r.status_code == 422
    said = texts(r.text)
    for message in ("Type the name of the person collecting the phone.",
                    "Check the identity of whoever collects for the owner.",
                    "Take the payment due, then tick the box."):  # fmt: skip
        assert message in said
    session.expire_all()
    assert session.get(RepairOrder, repair.id).status == "ready"  # type: ignore[union-attr]
    form |= {"collector_name": "Maria Esposito", "id_checked": "1", "id_kind": "id_card",
             "payment_received": "1", "signature": signature_data_url()}  # fmt: skip
    assert post(client, f"/repairs/{repair.code}/handback", form).status_code == 303
    session.expire_all()
    done = session.get(RepairOrder, repair.id)
    record = hand_back_of(session, done)  # type: ignore[arg-type]
    assert done is not None and done.status == "closed" and done.outcome == "repaired"
    assert record is not None and record.collector_name == "Maria Esposito"
    assert record.payment_due_minor == 8990 and record.payment_received
    assert record.signature_photo_id is not None
    shown = texts(client.get(f"/repairs/{repair.code}?lang=en").text)
    assert "Maria Esposito" in shown and "Identity card" in shown and "€89.90" in shown


def test_the_shop_finds_a_repair_by_the_imeis_last_digits(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    other = w.repair(now)
    session.commit()
    sign_in(client, w.shop_staff)
    tail = repair.phone.imei[-6:]
    found = client.get("/shop/repairs", params={"q": tail}).text
    assert repair.code in found and (other.phone.imei.endswith(tail) or other.code not in found)
    assert repair.code not in client.get("/shop/repairs", params={"q": "999"}).text


def test_the_hand_back_takes_the_loaner_phone_back(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    give_loaner(session, w.shop_staff, repair, now, label="PRESTITO-7")
    for step in ("diagnosing", "ready"):
        transition(session, w.technician, repair, step, now)
    session.commit()
    sign_in(client, w.technician)
    assert "PRESTITO-7" in client.get(f"/repairs/{repair.code}?lang=en").text
    refused = post(client, f"/repairs/{repair.code}/handback", {"outcome": "repaired"})
    assert refused.status_code == 409 and "PRESTITO-7" in texts(refused.text)
    form = {"outcome": "repaired", "loaner_back": "true"}
    assert post(client, f"/repairs/{repair.code}/handback", form).status_code == 303
    session.expire_all()
    assert session.get(RepairOrder, repair.id).status == "closed"  # type: ignore[union-attr]
