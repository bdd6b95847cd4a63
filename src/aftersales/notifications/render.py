"""Words of each message, in the recipient's language: e-mail subject, text and HTML; SMS.

The context is what the change knew (code, status, dates …) as plain JSON, so a message
sent again after a crash says exactly what the first delivery said.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aftersales.kernel.language import Formats, known, translations
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


class _Words:
    """Translate and format for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t = translations(lang)
        self.fmt = Formats(lang)

    def day(self, iso: str | None) -> str:
        return self.fmt.day(date.fromisoformat(iso)) if iso else ""

    def known(self, text: str | None) -> str:
        return known(self.lang, text or "")

    def stored(self, ctx: dict[str, Any], field: str) -> str:
        """Translate a catalogue message the change stored (a status label, a next step)."""
        return self.t.gettext(ctx.get(field) or "") if ctx.get(field) else ""


def render(kind: str, language: str, ctx: dict[str, Any], links: Links) -> Rendered:
    """Compose the message of `kind` for one recipient."""
    w = _Words(language)
    _ = w.t.gettext
    code = ctx.get("code", "")
    staff = ctx.get("audience") in ("shop", "staff")
    link = links.repair(code) if staff else links.track(code)
    body, sms = _BODIES[kind](w, ctx)
    subject = body.pop(0)
    owner = ctx.get("audience") == "owner" and ctx.get("account_id")
    stop_mail = links.unsubscribe(int(ctx["account_id"]), "email") if owner else None
    footer = _footer(w, links, stop_mail)
    if ctx.get("name"):
        body.insert(0, _("Hello {name},").format(name=ctx["name"]))
    sms = f"{sms} {link}"
    if owner:
        stop = links.unsubscribe(int(ctx["account_id"]), "sms")
        sms += " " + _("Stop SMS: {link}").format(link=stop)
    return Rendered(subject, body, footer, sms, link, stop_mail)


def _footer(w: _Words, links: Links, stop_mail: str | None) -> list[str]:
    _ = w.t.gettext
    if stop_mail is None:
        return [_("You receive this because you handle this repair in aftersales.")]
    return [
        _("You receive this because you follow this repair.")
        + " "
        + _("Choose how we contact you: {link}").format(link=links.preferences()),
        _("Stop these e-mails: {link}").format(link=stop_mail),
    ]


def _status_line(w: _Words, ctx: dict[str, Any]) -> str:
    _ = w.t.gettext
    return _("Repair {code} ({model}): {status}.").format(
        code=ctx.get("code", ""), model=ctx.get("model", ""), status=w.stored(ctx, "status_label")
    )


def _expected(w: _Words, ctx: dict[str, Any]) -> str:
    _ = w.t.gettext
    if ctx.get("ready"):
        return _("Collect it at {place}. Bring your tracking code {code}.").format(
            place=ctx.get("place", ""), code=ctx.get("code", "")
        )
    if ctx.get("expected_low") == ctx.get("expected_high"):
        return _("Expected ready date: {date}.").format(date=w.day(ctx.get("expected")))
    return _("Expected ready date: {date} (likely between {low} and {high}).").format(
        date=w.day(ctx.get("expected")),
        low=w.day(ctx.get("expected_low")),
        high=w.day(ctx.get("expected_high")),
    )


def _status_changed(w: _Words, ctx: dict[str, Any]) -> tuple[list[str], str]:
    _ = w.t.gettext
    parts = [
        _("Repair {code}: {status}").format(code=ctx["code"], status=w.stored(ctx, "status_label")),
        _status_line(w, ctx),
    ]
    if ctx.get("note"):
        parts.append(_("Note from the service: {note}").format(note=w.known(ctx["note"])))
    if ctx.get("next_step"):
        parts.append(w.stored(ctx, "next_step"))
    if ctx.get("old_expected"):
        parts.append(_later(w, ctx))
    if ctx.get("open", True):
        parts.append(_expected(w, ctx))
    sms = _("{code}: {status}. Expected {date}.").format(
        code=ctx["code"], status=w.stored(ctx, "status_label"), date=w.day(ctx.get("expected"))
    )
    return parts, sms


def _later(w: _Words, ctx: dict[str, Any]) -> str:
    _ = w.t.gettext
    return _("The expected ready date moved from {old} to {new}. Why: {reason}").format(
        old=w.day(ctx.get("old_expected")),
        new=w.day(ctx.get("expected")),
        reason=w.known(ctx.get("reason")),
    )


def _quote_waiting(w: _Words, ctx: dict[str, Any]) -> tuple[list[str], str]:
    _ = w.t.gettext
    amount = w.fmt.money(int(ctx.get("quote_amount_minor", 0)), ctx.get("quote_currency", "EUR"))
    parts = [
        _("Your approval is needed for repair {code}").format(code=ctx["code"]),
        _("The service centre quotes {amount} for your {model}: {description}").format(
            amount=amount, model=ctx.get("model", ""), description=ctx.get("quote_description", "")
        ),
        _("The repair waits for your answer: approve or decline the quote when you sign in."),
    ]
    if ctx.get("old_expected"):
        parts.append(_later(w, ctx))
    sms = _("{code}: a quote of {amount} waits for your approval.").format(
        code=ctx["code"], amount=amount
    )
    return parts, sms


def _ready(w: _Words, ctx: dict[str, Any]) -> tuple[list[str], str]:
    _ = w.t.gettext
    parts = [
        _("Your {model} is ready for pickup").format(model=ctx.get("model", "")),
        _status_line(w, ctx),
        _("Collect it at {place}. Bring your tracking code {code}.").format(
            place=ctx.get("place", ""), code=ctx["code"]
        ),
    ]
    sms = _("{code}: ready for pickup at {place}.").format(
        code=ctx["code"], place=ctx.get("place", "")
    )
    return parts, sms


def _expected_later(w: _Words, ctx: dict[str, Any]) -> tuple[list[str], str]:
    _ = w.t.gettext
    parts = [
        _("New expected ready date for repair {code}").format(code=ctx["code"]),
        _status_line(w, ctx),
        _later(w, ctx),
        _expected(w, ctx),
    ]
    sms = _("{code}: now expected on {date}.").format(
        code=ctx["code"], date=w.day(ctx.get("expected"))
    )
    return parts, sms


def _no_silence(w: _Words, ctx: dict[str, Any]) -> tuple[list[str], str]:
    _ = w.t.gettext
    parts = [
        _("Where repair {code} stands").format(code=ctx["code"]),
        _("No news for a few days, so here is where the repair stands."),
        _status_line(w, ctx),
        _expected(w, ctx),
    ]
    sms = _("{code}: still {status}. Expected {date}.").format(
        code=ctx["code"], status=w.stored(ctx, "status_label"), date=w.day(ctx.get("expected"))
    )
    return parts, sms


def _sla(w: _Words, ctx: dict[str, Any], kind: str) -> tuple[list[str], str]:
    _ = w.t.gettext
    subjects = {
        "sla_at_risk": _("At risk: repair {code} is close to its SLA target"),
        "sla_breached": _("Breached: repair {code} is past its SLA target"),
        "sla_escalated": _("Escalation: repair {code} breached its SLA {days} working days ago"),
        "loaner_owed": _("A loaner phone is owed for repair {code}"),
    }
    figures = _("{elapsed} of {target} working days used; due on {due}. Centre: {centre}.").format(
        elapsed=ctx.get("elapsed_days", 0),
        target=ctx.get("target_days", 0),
        due=w.day(ctx.get("due")),
        centre=ctx.get("centre", ""),
    )
    subject = subjects[kind].format(code=ctx["code"], days=ctx.get("breached_days", 0))
    return [subject, _status_line(w, ctx), figures], subject


_BODIES: dict[str, Callable[[_Words, dict[str, Any]], tuple[list[str], str]]] = {
    "status_changed": _status_changed,
    "quote_waiting": _quote_waiting,
    "ready": _ready,
    "expected_later": _expected_later,
    "no_silence": _no_silence,
    "sla_at_risk": lambda w, c: _sla(w, c, "sla_at_risk"),
    "sla_breached": lambda w, c: _sla(w, c, "sla_breached"),
    "sla_escalated": lambda w, c: _sla(w, c, "sla_escalated"),
    "loaner_owed": lambda w, c: _sla(w, c, "loaner_owed"),
}
KINDS = tuple(_BODIES)
