"""Condition photos and signatures of a repair: kept cleaned, shown only to its staff."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.counter.images import CleanImage, clean
from aftersales.counter.models import RepairPhoto
from aftersales.counter.storage import PhotoStore
from aftersales.kernel.errors import Forbidden, NotFound, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.repairs.access import acts_as_staff, require_staff_side
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import FINAL_STATUSES, RepairOrder

PHOTO_KINDS = ("condition", "signature", "handback_signature")
MAX_PHOTOS = 12  # condition photos per repair: enough for every side and every scratch
SIGNATURE_PREFIX = "data:image/png;base64,"


def add_photos(
    session: Session,
    store: PhotoStore,
    actor: Account,
    repair: RepairOrder,
    images: list[CleanImage],
    now: datetime,
) -> list[RepairPhoto]:
    """Keep condition photos of an open repair (cleaned by images.clean_all), with one event."""
    require_staff_side(actor, repair)
    if repair.status in FINAL_STATUSES:
        raise Forbidden(N_("This repair is over; photos can no longer be added."))
    kept = _count(session, repair, "condition")
    if kept + len(images) > MAX_PHOTOS:
        raise ValidationFailed(
            N_("Too many photos."),
            {"photos": Msg("A repair keeps at most %(n)s photos.", n=MAX_PHOTOS)},
        )
    photos = [_keep(session, store, actor, repair, "condition", c, now) for c in images]
    if photos:
        record_event(session, repair, EventType.photos_added, now, actor_id=actor.id,
                     actor_role=actor.role, public=False, data={"count": len(photos)})  # fmt: skip
    return photos


def add_signature(
    session: Session,
    store: PhotoStore,
    actor: Account,
    repair: RepairOrder,
    data_url: str,
    kind: str,
    now: datetime,
) -> RepairPhoto | None:
    """Keep a signature drawn on the screen (a PNG data URL); nothing when none was drawn."""
    if not data_url:
        return None
    require_staff_side(actor, repair)
    if not data_url.startswith(SIGNATURE_PREFIX):
        raise ValidationFailed(N_("The signature could not be read."), _SIGN_AGAIN)
    try:
        raw = base64.b64decode(data_url[len(SIGNATURE_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(N_("The signature could not be read."), _SIGN_AGAIN) from exc
    image = clean(raw, "signature", keep_png=True)
    return _keep(session, store, actor, repair, kind, image, now)


_SIGN_AGAIN = {"signature": N_("Clear the box and sign again.")}


def _keep(
    session: Session,
    store: PhotoStore,
    actor: Account,
    repair: RepairOrder,
    kind: str,
    image: CleanImage,
    now: datetime,
) -> RepairPhoto:
    # The file is written before the row; a rolled-back transaction leaves an unreferenced
    # file that nobody can reach (keys are random and only rows name them).
    photo = RepairPhoto(
        repair_id=repair.id,
        kind=kind,
        storage_key=store.put(image.data),
        content_type=image.content_type,
        size_bytes=len(image.data),
        width=image.width,
        height=image.height,
        taken_by_id=actor.id,
        at=now,
    )
    session.add(photo)
    session.flush()
    return photo


def _count(session: Session, repair: RepairOrder, kind: str) -> int:
    return (
        session.scalar(
            select(func.count()).where(RepairPhoto.repair_id == repair.id, RepairPhoto.kind == kind)
        )
        or 0
    )


def photos_of(session: Session, actor: Account, repair: RepairOrder) -> list[RepairPhoto]:
    """Return a repair's pictures for its staff (nobody else sees them), oldest first."""
    if not acts_as_staff(actor, repair):
        return []
    rows = select(RepairPhoto).where(RepairPhoto.repair_id == repair.id).order_by(RepairPhoto.id)
    return list(session.scalars(rows.limit(MAX_PHOTOS + 4)))


def read_photo(
    session: Session, store: PhotoStore, actor: Account, repair: RepairOrder, photo_id: int
) -> tuple[RepairPhoto, bytes]:
    """Return one picture of a repair to its staff; anyone else learns nothing of it."""
    photo = session.get(RepairPhoto, photo_id)
    if photo is None or photo.repair_id != repair.id or not acts_as_staff(actor, repair):
        raise NotFound(N_("No such photo."))
    data = store.get(photo.storage_key)
    if data is None:
        raise NotFound(N_("No such photo."))
    return photo, data
