"""A brand's logo for its owners: uploaded by its admins, re-encoded as PNG, kept by its digest.

The logo stands on a white tile in the owners' page header and mails (decision 134), so any
logo reads on any brand colour. Only pixels are kept (kernel.images): no SVG, which can carry
scripts, and no metadata. The digest is the address, so a new logo is never hidden by a cache.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.catalog.access import require_brand_admin
from aftersales.catalog.models import Brand, BrandLogo
from aftersales.kernel.actors import Acting
from aftersales.kernel.i18n import N_
from aftersales.kernel.images import Rules, clean

MAX_LOGO_BYTES = 2 * 1024 * 1024
# Shown 28 px high on pages and 40 px in mails; kept sharp on screens of three times the density.
LOGO = Rules(
    MAX_LOGO_BYTES,
    (480, 120),
    N_("Choose a logo of at most 2 MB."),
    N_("Choose a logo as a PNG, JPEG or WebP picture (not SVG)."),
    png=True,
    trim=True,
)
DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")


def set_logo(session: Session, actor: Acting, brand: Brand, raw: bytes) -> Brand:
    """Give the brand a new logo (its admins and platform admins); the old one goes; audited."""
    require_brand_admin(actor, brand.id)
    picture = clean(raw, "logo", LOGO)
    digest = hashlib.sha256(picture.data).hexdigest()
    old = brand.logo
    session.execute(delete(BrandLogo).where(BrandLogo.brand_id == brand.id))
    session.add(BrandLogo(brand_id=brand.id, digest=digest, png=picture.data,
                          width=picture.width, height=picture.height))  # fmt: skip
    brand.logo = digest
    session.flush()
    record(session, actor, Action.updated, "brand", brand.id,
           old={"logo": old}, new={"logo": digest}, brand_id=brand.id)  # fmt: skip
    return brand


def remove_logo(session: Session, actor: Acting, brand: Brand) -> Brand:
    """Take the brand's logo away: owners see its name alone; audited."""
    require_brand_admin(actor, brand.id)
    old = brand.logo
    session.execute(delete(BrandLogo).where(BrandLogo.brand_id == brand.id))
    brand.logo = None
    session.flush()
    if old is not None:
        record(session, actor, Action.updated, "brand", brand.id,
               old={"logo": old}, new={"logo": None}, brand_id=brand.id)  # fmt: skip
    return brand


def logo_png(session: Session, digest: str) -> bytes | None:
    """Return the PNG kept under this digest, or None (an old or unknown address)."""
    if not DIGEST_RE.match(digest):
        return None
    found = session.scalars(select(BrandLogo.png).where(BrandLogo.digest == digest).limit(1))
    return found.first()
