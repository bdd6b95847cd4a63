"""The brand page's "Look for owners" section: display name, colour and logo, with a preview."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from aftersales.catalog.logo import MAX_LOGO_BYTES, logo_png, remove_logo, set_logo
from aftersales.catalog.look import (
    check_colour,
    contrast_with_white,
    look_of,
    set_look,
    shown_ratio,
)
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import save
from aftersales.http.deps import Actor, DbSession
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import ActorPage, Page
from aftersales.kernel.errors import ValidationFailed

router = APIRouter(include_in_schema=False)


def _look(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    look = look_of(brand)
    ratio = shown_ratio(contrast_with_white(brand.colour)) if brand.colour else None
    return {"brand_look": look, "look_ratio": ratio}


BRAND_HOME.add(Section(5, "catalog/brand_look.html", _look))


@router.post("/brand/look")
def change_look(
    page: ActorPage,
    session: DbSession,
    brand_id: int | None = None,
    display_name: str = Form(""),
    colour: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the name and colour owners see on tracking, their pages and mails."""
    values = {"display_name": display_name, "colour": colour}

    def act(brand: Brand, user: Actor) -> None:
        set_look(session, user, brand, display_name, colour)

    return save(page, session, brand_id, csrf, "look", values, act)


@router.get("/look/{colour}.css")
def look_css(colour: str) -> Response:
    """Serve a brand colour as the stylesheet's custom properties (no inline style: CSP).

    The address is the colour itself, so the answer never changes and caches for a year;
    only a colour that passes the same contrast check as the brand form is served.
    """
    try:
        checked = check_colour(colour)
    except ValidationFailed:
        checked = None
    if checked is None or checked != "#" + colour:
        return Response("/* not a brand colour */", 404, media_type="text/css")
    body = f":root {{ --brand: {checked}; }}\n"
    headers = {"cache-control": "public, max-age=31536000, immutable"}
    return Response(body, media_type="text/css", headers=headers)


@router.post("/brand/logo")
def change_logo(
    page: ActorPage,
    session: DbSession,
    brand_id: int | None = None,
    logo: UploadFile | None = File(None),
    csrf: str = Form(""),
) -> Response:
    """Give the brand a new logo: a PNG, JPEG or WebP picture, kept as a clean PNG."""
    raw = logo.file.read(MAX_LOGO_BYTES + 1) if logo is not None and logo.filename else b""

    def act(brand: Brand, user: Actor) -> None:
        set_logo(session, user, brand, raw)

    return save(page, session, brand_id, csrf, "logo", {}, act)


@router.post("/brand/logo/remove")
def drop_logo(
    page: ActorPage, session: DbSession, brand_id: int | None = None, csrf: str = Form("")
) -> Response:
    """Take the brand's logo away; owners then see its name alone."""

    def act(brand: Brand, user: Actor) -> None:
        remove_logo(session, user, brand)

    return save(page, session, brand_id, csrf, "logo", {}, act)


@router.get("/look/logo/{digest}.png")
def logo(digest: str, session: DbSession) -> Response:
    """Serve a brand's logo to anyone: it is public, and its digest is its address (cached)."""
    png = logo_png(session, digest)
    if png is None:
        return Response(b"", 404, media_type="image/png")
    headers = {"cache-control": "public, max-age=31536000, immutable"}
    return Response(png, media_type="image/png", headers=headers)
