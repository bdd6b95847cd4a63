"""A message's words for one recipient, in their language: e-mail subject, text, HTML; SMS.

The words come from the writer its area registered for the kind and the recipient's audience;
this module adds what every message has (greeting, why they hear of it, how owners choose or
stop messages). The props are what the change stored, so a message sent again after a crash
says exactly what the first delivery said.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from aftersales.kernel.language import Formats, known, translations
from aftersales.notifications.kinds import KINDS, RESERVED, Registry, Words
from aftersales.notifications.links import Links


@dataclass(frozen=True)
class Rendered:
    """A message's words: subject and paragraphs (e-mail), one short line (SMS)."""

    subject: str
    paragraphs: list[str]
    footer: list[str]
    sms: str
    link: str
    unsubscribe: str | None = None  # the owner's one-click link that stops these e-mails

    @property
    def text(self) -> str:
        """Return the plain-text body."""
        return "\n\n".join([*self.paragraphs, self.link, *self.footer]) + "\n"

    @property
    def html(self) -> str:
        """Return the HTML body (every value escaped)."""
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        link = f'<p><a href="{html.escape(self.link)}">{html.escape(self.link)}</a></p>'
        foot = "".join(
            f'<p style="color:#555;font-size:small">{html.escape(p)}</p>' for p in self.footer
        )
        page = '<!doctype html><html><body style="font-family:sans-serif">{}</body></html>'
        return page.format(body + link + foot)


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
    return Rendered(words.subject, body, footer, sms, words.link, stop_mail)


def _footer(t: Tongue, links: Links, why: str, stop_mail: str | None) -> list[str]:
    if stop_mail is None:
        return [why] if why else []
    choose = t._("Choose how we contact you: {link}").format(link=links.preferences())
    return [
        f"{why} {choose}" if why else choose,
        t._("Stop these e-mails: {link}").format(link=stop_mail),
    ]
