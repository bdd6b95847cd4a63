"""A message's words for one recipient, in their language: e-mail subject, text, HTML; SMS.

The words come from the writer its area registered for the kind and the recipient's audience;
this module adds what every message has (greeting, why they hear of it, how owners choose or
stop messages). The props are what the change stored, so a message sent again after a crash
says exactly what the first delivery said.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from aftersales.kernel.language import Formats, known, translations
from aftersales.notifications.kinds import KINDS, RESERVED, Image, Registry, Words
from aftersales.notifications.links import Links

HEX_RE = re.compile(r"^#[0-9a-f]{6}$")  # a colour as the brand's look stores it
LOGO_RE = re.compile(r"^/[a-z0-9/]+/[0-9a-f]{64}\.png$")  # a logo's address on this site
PLATFORM_COLOUR = "#0f172a"  # the header's colour of the pages, when no brand has its own


@dataclass(frozen=True)
class Rendered:
    """A message's words: subject and paragraphs (e-mail), one short line (SMS)."""

    subject: str
    paragraphs: list[str]
    footer: list[str]
    sms: str
    link: str
    unsubscribe: str | None = None  # the owner's one-click link that stops these e-mails
    brand: str = "aftersales"  # the name in the mail's header: the brand, for owners
    colour: str = PLATFORM_COLOUR  # the header's colour, checked for white text (decision 127)
    logo: str | None = None  # the absolute address of the brand's logo (decision 134)
    images: tuple[Image, ...] = ()  # pictures after the paragraphs, attached by the channel

    @property
    def text(self) -> str:
        """Return the plain-text body."""
        return "\n\n".join([*self.paragraphs, self.link, *self.footer]) + "\n"

    @property
    def html(self) -> str:
        """Return the HTML body (every value escaped), under a header in the brand's colour.

        Mail clients ignore stylesheets, so the layout is inline styles and one column that
        fits a small screen; the link is a button as well as written out, for clients without HTML.
        """
        e = html.escape
        # The logo stands on a white tile, as on the pages, so it reads on any brand colour;
        # its alt is empty because the brand's name follows it (and shows if images are off).
        logo = (
            f'<img src="{e(self.logo)}" alt="" height="40" style="height:40px;width:auto;'
            "background:#ffffff;border-radius:4px;padding:4px;margin-right:10px;"
            'vertical-align:middle">'
            if self.logo
            else ""
        )
        head = (
            f'<div style="background:{self.colour};color:#ffffff;padding:12px 16px;'
            f'font-size:18px;font-weight:bold">{logo}{e(self.brand)}</div>'
        )
        body = "".join(f'<p style="margin:0 0 12px">{e(p)}</p>' for p in self.paragraphs)
        # Each picture fits the column; its alt says what it shows when images are off.
        body += "".join(
            f'<p style="margin:0 0 12px"><img src="cid:{e(i.cid)}" alt="{e(i.alt)}" '
            'width="568" style="max-width:100%;height:auto;display:block"></p>'
            for i in self.images
        )
        button = (
            f'<p style="margin:16px 0"><a href="{e(self.link)}" style="background:{self.colour};'
            f"color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;"
            f'display:inline-block">{e(self.link)}</a></p>'
        )
        foot = "".join(f'<p style="color:#4b5563;font-size:small">{e(p)}</p>' for p in self.footer)
        return (
            '<!doctype html><html><body style="margin:0;font-family:sans-serif;color:#1b1f24;'
            f'line-height:1.5"><div style="max-width:600px;margin:0 auto">{head}'
            f'<div style="padding:16px">{body}{button}{foot}</div></div></body></html>'
        )


class Tongue:
    """Translate and format for one language: what a writer needs."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = translations(lang)
        self.fmt = Formats(lang)

    def _(self, message: str) -> str:
        """Translate a catalogue message."""
        return self.t.gettext(message)

    def day(self, value: date | None) -> str:
        """Return a date in the local format ("" for none)."""
        return self.fmt.day(value) if value else ""

    def money(self, minor: int, currency: str) -> str:
        """Return an amount in minor units in the local format."""
        return self.fmt.money(minor, currency)

    def known(self, text: str | None) -> str:
        """Translate a stored system message; people's own words stay as written."""
        return known(self.lang, text or "")


def render(
    kind_name: str,
    language: str,
    context: Mapping[str, Any],
    links: Links,
    registry: Registry = KINDS,
    channel: str = "email",
) -> Rendered:
    """Compose a stored message for its recipient; raise MessageRefused if it cannot be."""
    kind = registry.get(kind_name)
    audience = context.get("audience")
    writer = kind.writer(audience, channel)
    props = kind.check({k: v for k, v in context.items() if k not in RESERVED})
    t = Tongue(language)
    words: Words = writer(props, t, links)
    raw = context.get("account_id")
    account = int(raw) if audience == "owner" and raw is not None else None
    stop_mail = links.unsubscribe(account, "email") if account is not None else None
    body = list(words.paragraphs)
    if context.get("name"):
        body.insert(0, t._("Hello {name},").format(name=context["name"]))
    sms = f"{words.sms} {words.link}"
    if account is not None:
        stop = links.unsubscribe(account, "sms")
        sms += " " + t._("Stop SMS: {link}").format(link=stop)
    footer = _footer(t, links, words.why, stop_mail)
    rendered = Rendered(words.subject, body, footer, sms, words.link, stop_mail)
    if words.images and channel == "email":
        rendered = replace(rendered, images=words.images)
    return with_look(rendered, context.get("look"), links)


def with_look(rendered: Rendered, look: Mapping[str, Any] | None, links: Links) -> Rendered:
    """Put the brand's name, colour and logo in the mail's header; what is not checked stays out.

    The logo is linked on this site, not attached: every owner's mail points at the same
    address, so loading it tells nobody who opened which mail (decision 134).
    """
    if not look:
        return rendered
    colour = look.get("colour")
    checked = colour if isinstance(colour, str) and HEX_RE.match(colour) else PLATFORM_COLOUR
    path = look.get("logo")
    logo = links.page(path) if isinstance(path, str) and LOGO_RE.match(path) else None
    name = str(look.get("name") or rendered.brand)
    return replace(rendered, brand=name, colour=checked, logo=logo)


def _footer(t: Tongue, links: Links, why: str, stop_mail: str | None) -> list[str]:
    why = t._(why) if why else ""  # a catalogue message: the writers give its key
    if stop_mail is None:
        return [why] if why else []
    choose = t._("Choose how we contact you: {link}").format(link=links.preferences())
    return [
        f"{why} {choose}" if why else choose,
        t._("Stop these e-mails: {link}").format(link=stop_mail),
    ]
