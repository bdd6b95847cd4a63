"""The counter's photos are cleaned and private; unlock codes are sealed, read by the centre
alone (audited) and erased when the repair closes."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.counter.checklist import Checklist, record_checklist, reveal_passcode
from aftersales.counter.images import MAX_PHOTO_BYTES, clean, clean_all
from aftersales.counter.models import IntakeChecklist
from aftersales.counter.photos import MAX_PHOTOS, add_photos, read_photo
from aftersales.counter.storage import LocalFolderStore
from aftersales.kernel.errors import Forbidden, NotFound, ValidationFailed
from aftersales.repairs.service import transition
from tests.factories import World
from tests.factories.images import GPS_IFD, MAKE, photo_bytes

SECRET = "counter-secret"


def test_a_photo_loses_its_place_and_camera_and_stands_upright():
    raw = photo_bytes(64, 48, rotated=True)
    assert Image.open(io.BytesIO(raw)).getexif().get(MAKE) == "TestCam"
    kept = clean(raw, "photos")
    img = Image.open(io.BytesIO(kept.data))
    exif = img.getexif()
    assert MAKE not in exif and GPS_IFD not in exif and not img.info.get("exif")
    assert (kept.width, kept.height) == (48, 64)  # turned as the camera was held
    assert kept.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"", "The picture is empty."),
        (b"%PDF-1.4 not a picture", "This file is not a picture we can read."),
        (b"x" * (MAX_PHOTO_BYTES + 1), "The picture is too large."),
        (photo_bytes(fmt="BMP"), "This kind of file is not accepted."),
    ],
)
def test_what_is_not_a_photo_is_refused_saying_why(raw: bytes, said: str):
    with pytest.raises(ValidationFailed) as caught:
        clean(raw, "photos")
    assert caught.value.detail == said and "photos" in caught.value.errors


def test_one_bad_file_refuses_the_whole_batch():
    with pytest.raises(ValidationFailed):
        clean_all([photo_bytes(), b"nonsense"])


def test_photos_are_kept_for_the_repairs_staff_only(session, now, tmp_path):  # type: ignore[no-untyped-def]
    w = World(session)
    other = World(session)
    repair = w.repair(now)
    store = LocalFolderStore(tmp_path)
    [photo] = add_photos(session, store, w.shop_staff, repair, [clean(photo_bytes(), "p")], now)
    for staff in (w.shop_staff, w.technician, w.manager, w.admin):
        kept, data = read_photo(session, store, staff, repair, photo.id)
        assert data.startswith(b"\xff\xd8") and kept.size_bytes == len(data)
    for stranger in (w.owner, w.brand_admin, other.shop_staff, other.technician):
        with pytest.raises(NotFound):
            read_photo(session, store, stranger, repair, photo.id)
    with pytest.raises(Forbidden):
        add_photos(session, store, w.owner, repair, [clean(photo_bytes(), "p")], now)


def test_a_repair_keeps_a_bounded_number_of_photos(session, now, tmp_path):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    store = LocalFolderStore(tmp_path)
    image = clean(photo_bytes(), "p")
    add_photos(session, store, w.shop_staff, repair, [image] * MAX_PHOTOS, now)
    with pytest.raises(ValidationFailed):
        add_photos(session, store, w.shop_staff, repair, [image], now)


def test_the_unlock_code_is_sealed_read_by_the_centre_and_erased_at_the_end(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    checklist = Checklist(screen_lock="code_given", passcode="246810", accessories=["charger"])
    record_checklist(session, w.shop_staff, repair, checklist, SECRET, now)
    session.flush()
    row = session.get(IntakeChecklist, repair.id)
    assert row is not None and row.passcode_secret and "246810" not in row.passcode_secret
    with pytest.raises(Forbidden):
        reveal_passcode(session, w.shop_staff, repair, SECRET, now)
    with pytest.raises(Forbidden):
        reveal_passcode(session, w.owner, repair, SECRET, now)
    assert reveal_passcode(session, w.technician, repair, SECRET, now) == "246810"
    readings = session.scalars(select(AuditEntry).where(AuditEntry.entity == "unlock_code")).all()
    assert [(a.actor_id, a.action) for a in readings] == [(w.technician.id, "revealed")]
    assert all("246810" not in str(a.changes) for a in session.scalars(select(AuditEntry)))
    transition(session, w.shop_staff, repair, "cancelled", now)
    session.flush()
    session.refresh(row)
    assert row.passcode_secret is None and row.passcode_erased_at is not None
    with pytest.raises(Forbidden):
        reveal_passcode(session, w.technician, repair, SECRET, now)


@pytest.mark.parametrize(
    ("checklist", "field"),
    [
        (Checklist(screen_lock=""), "screen_lock"),
        (Checklist(screen_lock="code_given"), "passcode"),
        (Checklist(screen_lock="none", passcode="1234"), "passcode"),
        (Checklist(screen_lock="none", accessories=["toaster"]), "accessories"),
    ],
)
def test_a_checklist_that_does_not_add_up_is_refused(session, now, checklist, field):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    with pytest.raises(ValidationFailed) as caught:
        record_checklist(session, w.shop_staff, repair, checklist, SECRET, now)
    assert field in caught.value.errors
