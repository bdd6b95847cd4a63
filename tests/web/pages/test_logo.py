"""A brand's logo: uploaded by its admins as a picture, kept as a clean PNG at an address of its
own, shown on a white tile in the owners' header and mails, never on staff pages."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin
from sqlalchemy import func, select

from aftersales.audit.models import AuditEntry
from aftersales.catalog.models import BrandLogo
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.service import transition
from tests.factories import World, make_brand
from tests.factories.images import photo_bytes
from tests.repairs.test_messages import LINKS
from tests.web.pages.helpers import csrf, post, sign_in, texts


def logo_png(margin: int = 20) -> bytes:
    """Return a 200 x 60 mark inside transparent margins, with a text chunk naming its tool."""
    img = Image.new("RGBA", (200 + 2 * margin, 60 + 2 * margin), (0, 0, 0, 0))
    img.paste((190, 18, 60, 255), (margin, margin, margin + 200, margin + 60))
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "DesignTool 9 (licensed to Someone)")
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def upload(client, raw: bytes, name: str = "logo.png", kind: str = "image/png"):  # type: ignore[no-untyped-def]
    """Send the logo form as the brand page's browser does."""
    files = {"logo": (name, raw, kind)}
    return client.post(
        "/brand/logo", data={"csrf": csrf(client)}, files=files, follow_redirects=False
    )


def test_the_admin_uploads_a_logo_kept_trimmed_and_clean_at_its_own_address(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    r = upload(client, logo_png())
    assert r.status_code == 303 and r.headers["location"].endswith("done=logo")
    session.refresh(w.brand)
    digest = w.brand.logo
    assert digest is not None and len(digest) == 64
    served = client.get(f"/look/logo/{digest}.png")
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert "immutable" in served.headers["cache-control"]
    with Image.open(io.BytesIO(served.content)) as img:
        assert img.size == (200, 60)  # the transparent margins are cut away
        assert "Software" not in img.info and not img.getexif()  # no metadata kept
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "brand", AuditEntry.action == "updated")
    ).one()
    assert entry.actor_id == w.brand_admin.id and digest in str(entry.changes)
    page = client.get("/brand", headers={"Accept-Language": "en"}).text
    assert f'src="/look/logo/{digest}.png"' in page and "Remove the logo" in page  # the preview


def test_a_new_logo_replaces_the_old_and_removing_it_leaves_the_name(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    upload(client, logo_png(margin=5))
    session.refresh(w.brand)
    first = w.brand.logo
    assert upload(client, photo_bytes(120, 40, fmt="PNG")).status_code == 303
    session.refresh(w.brand)
    assert w.brand.logo != first
    assert client.get(f"/look/logo/{first}.png").status_code == 404  # the old one is gone
    count = select(func.count()).select_from(BrandLogo)
    assert session.scalar(count) == 1
    second = w.brand.logo
    assert post(client, "/brand/logo/remove").status_code == 303
    session.refresh(w.brand)
    assert w.brand.logo is None and session.scalar(count) == 0
    assert client.get(f"/look/logo/{second}.png").status_code == 404


def test_what_is_not_a_usable_picture_is_refused_on_the_field_saying_why(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    w.brand_admin.language = "it"
    session.commit()
    sign_in(client, w.brand_admin)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    cases = [
        (svg, "logo.svg", "image/svg+xml", "Scegli un logo come immagine PNG, JPEG o WebP"),
        (b"GIF89a" + b"\0" * 40, "logo.gif", "image/gif", "Scegli un logo come immagine PNG"),
        (b"", "logo.png", "image/png", "Scegli un&#39;immagine."),
        (b"\x89PNG" + b"\0" * (2 * 1024 * 1024), "big.png", "image/png", "al massimo 2 MB"),
        (blank_png(), "vuoto.png", "image/png", "Questa immagine non mostra nulla."),
    ]
    for raw, name, kind, said in cases:
        r = upload(client, raw, name, kind)
        assert r.status_code == 422, name
        assert said in texts(r.text), (name, texts(r.text)[:400])
        assert 'id="look-logo-error"' in r.text and 'aria-invalid="true"' in r.text
    session.refresh(w.brand)
    assert w.brand.logo is None and session.scalar(select(func.count()).select_from(BrandLogo)) == 0


def blank_png() -> bytes:
    """Return a PNG with nothing in it: every pixel transparent."""
    out = io.BytesIO()
    Image.new("RGBA", (100, 40), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def test_only_the_brands_own_admins_change_its_logo(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_brand(session)
    session.commit()
    sign_in(client, w.brand_admin)
    files = {"logo": ("logo.png", logo_png(), "image/png")}
    r = client.post(
        f"/brand/logo?brand_id={other.id}",
        data={"csrf": csrf(client)},
        files=files,
        follow_redirects=False,
    )
    assert r.status_code == 404
    session.refresh(other)
    assert other.logo is None


def test_unknown_or_malformed_addresses_are_not_found(client):  # type: ignore[no-untyped-def]
    assert client.get(f"/look/logo/{'a' * 64}.png").status_code == 404
    assert client.get("/look/logo/..%2F..%2Fetc.png").status_code == 404
    assert client.get(f"/look/logo/{'A' * 64}.png").status_code == 404


def test_owners_see_the_logo_on_tracking_and_their_repair_staff_do_not(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.brand.display_name = "Xiaomi Care"
    session.commit()
    sign_in(client, w.brand_admin)
    upload(client, logo_png())
    session.refresh(w.brand)
    tile = f'<img class="logo-tile" src="/look/logo/{w.brand.logo}.png" alt="">'
    repair = w.repair(now)
    session.commit()
    client.cookies.clear()
    form = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    r = client.post("/track", data=form)
    assert tile in r.text and "<span>Xiaomi Care</span>" in r.text
    assert '/static/logo.svg" alt="" width="28"' not in r.text  # ours makes way for theirs
    sign_in(client, w.owner)
    assert tile in client.get(f"/repairs/{repair.code}").text
    client.cookies.clear()
    sign_in(client, w.technician)
    assert "logo-tile" not in client.get(f"/repairs/{repair.code}").text


def test_the_owners_mail_shows_the_logo_from_this_site_the_shops_does_not(session, now, client):  # type: ignore[no-untyped-def]
    w = World(session)
    w.shop.email = "banco@negozio.test"
    session.commit()
    sign_in(client, w.brand_admin)
    upload(client, logo_png())
    session.refresh(w.brand)
    repair = w.repair(now)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
    mails = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.about_id == repair.id, OutboxMessage.channel == "email"
        )
    ).all()
    owner = next(m for m in mails if m.context.get("audience") == "owner")
    shop = next(m for m in mails if m.context.get("audience") == "shop")
    address = f"{LINKS.base.rstrip('/')}/look/logo/{w.brand.logo}.png"
    html = render(owner.kind, owner.language, owner.context, LINKS).html
    assert f'<img src="{address}" alt="" height="40"' in html
    assert "background:#ffffff" in html  # the white tile, as on the pages
    assert "<img" not in render(shop.kind, shop.language, shop.context, LINKS).html
    # A logo address that is not one of ours never reaches a mail.
    forged = {**owner.context, "look": {"name": "X", "logo": "https://evil.test/x.png"}}
    assert "<img" not in render(owner.kind, owner.language, forged, LINKS).html
