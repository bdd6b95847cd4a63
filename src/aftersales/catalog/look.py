"""A brand's look for its owners: the name they read and a colour that white text stands on.

Owners see the brand's display name ("Xiaomi Care"), colour and logo (catalog.logo) on the
tracking page, their own pages and the mails about their repair (decisions 126, 134). The
colour must carry white text at the WCAG AA contrast of 4.5:1, so no brand can make its
pages hard to read (decision 127).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import require_brand_admin
from aftersales.catalog.models import Brand
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import SHORT, check_texts

HEX_RE = re.compile(r"^#[0-9a-f]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
NAME_LIMIT = 60
LOOK_FIELDS = ("display_name", "colour")


@dataclass(frozen=True)
class Look:
    """What an owner-facing page or mail shows of a brand: its name, colour and logo (or none)."""

    name: str
    colour: str | None = None
    logo: str | None = None  # the digest of its logo (catalog.logo)

    @property
    def stylesheet(self) -> str | None:
        """Return the address of the stylesheet that sets the colour, if there is one."""
        return f"/look/{self.colour[1:]}.css" if self.colour else None

    @property
    def logo_url(self) -> str | None:
        """Return the address of the logo on this site, if the brand has one."""
        return logo_path(self.logo) if self.logo else None


def logo_path(digest: str) -> str:
    """Return where a logo is served: its digest is its address, so it caches forever."""
    return f"/look/logo/{digest}.png"


def look_of(brand: Brand | None) -> Look | None:
    """Return a brand's look for owners; None for no brand."""
    if brand is None:
        return None
    return Look(brand.display_name or brand.name, brand.colour, brand.logo)


def luminance(colour: str) -> float:
    """Return the relative luminance of a #rrggbb colour (WCAG 2)."""

    def channel(pair: str) -> float:
        c = int(pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    """Return the contrast ratio of white text on this colour (1 to 21)."""
    return 1.05 / (luminance(colour) + 0.05)


def shown_ratio(ratio: float) -> Decimal:
    """Return a contrast ratio as shown, rounded down to a tenth: 4.49 must not read as 4.5."""
    return Decimal(int(ratio * 10)) / 10


def check_colour(raw: str | None) -> str | None:
    """Return the colour as stored (#rrggbb, lower case; None if empty), or raise saying why."""
    value = (raw or "").strip().lower()
    if not value:
        return None
    if not value.startswith("#"):
        value = "#" + value
    if len(value) == 4:  # #abc is #aabbcc
        value = "#" + "".join(c * 2 for c in value[1:])
    if not HEX_RE.match(value):
        raise ValidationFailed(
            N_("Check the colour."),
            {"colour": N_("Give the colour as # and six hexadecimal digits, e.g. #1d4ed8.")},
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        message = Msg(
            "This colour is too light for white text: its contrast is %(ratio)s:1 and at least"
            " 4.5:1 is needed so that everyone can read the owners' pages. Choose a darker one.",
            ratio=shown_ratio(ratio),
        )
        raise ValidationFailed(N_("Check the colour."), {"colour": message})
    return value


def set_look(
    session: Session, actor: Acting, brand: Brand, display_name: str | None, colour: str | None
) -> Brand:
    """Change what owners see of the brand (its admins and platform admins); audited."""
    require_brand_admin(actor, brand.id)
    name = " ".join((display_name or "").split()) or None
    errors: dict[str, str] = {}
    check_texts(errors, SHORT, display_name=name)
    if name and len(name) > NAME_LIMIT:  # it fits a phone's header beside the logo
        errors.setdefault("display_name", N_("Use at most 60 characters."))
    try:
        stored = check_colour(colour)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(N_("Check the brand's look."), errors)
    old = snapshot(brand, LOOK_FIELDS)
    brand.display_name, brand.colour = name, stored
    session.flush()
    record(session, actor, Action.updated, "brand", brand.id,
           old=old, new=snapshot(brand, LOOK_FIELDS), brand_id=brand.id)  # fmt: skip
    return brand
