"""The survey's message kinds: the invitation after a repair closes, and its one reminder.

Both go to the repair's owner (their news settings apply, so the message says how to stop
them), by e-mail or SMS, in the owner's language, with the signed link (surveys.tokens).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Audience, Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue
from aftersales.surveys.tokens import survey_token

OWNER_SMS: frozenset[Audience] = frozenset({"owner"})
WHY = N_("You receive this because your repair was closed and we asked how it went.")


class Invited(Props):
    """Which invitation the link opens, and what the owner knows the repair by."""

    invitation_id: int = Field(gt=0)
    code: str = Field(min_length=1)  # the repair's tracking code: signed into the link
    model: str = Field(min_length=1)
    expires: date


def _link(p: Invited, links: Links) -> str:
    return links.page(f"survey/{survey_token(links.secret, p.invitation_id, p.code)}")


def invitation(p: Invited, t: Tongue, links: Links) -> Words:
    """Ask the owner how the repair went: a short survey behind a signed link."""
    link = _link(p, links)
    parts = [
        t._("Tell us how it went: how was the repair of your {model}?").format(model=p.model),
        t._("Six short questions and a comment, no password needed: {link}").format(link=link),
        t._("The link works until {date}. Your answer helps the service get better.").format(
            date=t.day(p.expires)
        ),
    ]
    sms = t._("{code}: tell us how the repair went.").format(code=p.code)
    return Words(t._("Tell us how it went"), parts, link, sms, WHY)


def reminder(p: Invited, t: Tongue, links: Links) -> Words:
    """Remind the owner once of the survey they have not answered."""
    link = _link(p, links)
    parts = [
        t._("A reminder: tell us how the repair of your {model} went.").format(model=p.model),
        t._("It takes two minutes, no password needed: {link}").format(link=link),
        t._("The link works until {date}. This is the only reminder.").format(
            date=t.day(p.expires)
        ),
    ]
    sms = t._("{code}: a reminder, tell us how the repair went.").format(code=p.code)
    return Words(t._("Tell us how it went"), parts, link, sms, WHY)


SURVEY_INVITATION = register(
    Kind("survey_invitation", Invited, {"owner": invitation}, OWNER_SMS, frozenset({"code"}))
)
SURVEY_REMINDER = register(
    Kind("survey_reminder", Invited, {"owner": reminder}, OWNER_SMS, frozenset({"code"}))
)
