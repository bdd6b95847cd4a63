"""The account messages: an invitation to choose a password, and a password reset.

They are about the account itself, so they go to its holder whatever their news settings say
(audience "account": no unsubscribe link, which would not stop them).
"""

from __future__ import annotations

from pydantic import Field

from aftersales.accounts.links import link_token
from aftersales.notifications.kinds import Audience, Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue

ACCOUNT_SMS: frozenset[Audience] = frozenset({"account"})


class LinkProps(Props):
    """The link a message carries: its row and nonce (the code is signed when written)."""

    link_id: int = Field(gt=0)
    nonce: str = Field(min_length=16)


class Invitation(LinkProps):
    """An account was made for the person (at a shop's counter, say): where they were served."""

    made_by: str | None  # the shop that sold the phone, as the person knows it (None: unknown)


def _link(p: LinkProps, links: Links) -> str:
    return links.page(f"password/{link_token(links.secret, p.link_id, p.nonce)}")


def invitation(p: Invitation, t: Tongue, links: Links) -> Words:
    """Invite the person to choose a password and follow their repairs and phones."""
    link = _link(p, links)
    opened = (
        t._("{place} opened an account for you to follow your repairs.").format(place=p.made_by)
        if p.made_by
        else t._("An account was opened for you to follow your repairs.")
    )
    parts = [
        opened,
        t._("Choose a password to sign in: {link}").format(link=link),
        t._("The link works once, for 14 days. If you did not expect this, ignore it."),
    ]
    sms = t._("An account was opened for you to follow your repairs. Choose a password:")
    return Words(t._("Your aftersales account"), parts, link, sms)


def staff_invitation(p: LinkProps, t: Tongue, links: Links) -> Words:
    """Invite a member of staff whose account a platform admin made to choose a password."""
    link = _link(p, links)
    parts = [
        t._("The platform's administrators opened an aftersales account for your work."),
        t._("Choose a password to sign in: {link}").format(link=link),
        t._("The link works once, for 14 days. If you did not expect this, ignore it."),
    ]
    sms = t._("An aftersales account was opened for your work. Choose a password:")
    return Words(t._("Your aftersales account"), parts, link, sms)


def password_reset(p: LinkProps, t: Tongue, links: Links) -> Words:
    """Send the link that sets a new password."""
    link = _link(p, links)
    parts = [
        t._("Someone asked to choose a new password for your account."),
        t._("Choose it here: {link}").format(link=link),
        t._("The link works once, for 2 hours. If it was not you, ignore this message."),
    ]
    sms = t._("Choose a new password:")
    return Words(t._("Your new password"), parts, link, sms)


def signup(p: LinkProps, t: Tongue, links: Links) -> Words:
    """Send the link that finishes a sign-up: the password is chosen there."""
    link = _link(p, links)
    parts = [
        t._("Welcome! To finish creating your account, choose a password: {link}").format(
            link=link
        ),
        t._("The link works once, for 14 days. If you did not sign up, ignore this message."),
    ]
    return Words(t._("Finish creating your account"), parts, link, t._("Choose a password:"))


def signup_taken(p: LinkProps, t: Tongue, links: Links) -> Words:
    """Tell an account holder that someone signed up with their address; offer a new password."""
    link = _link(p, links)
    parts = [
        t._("Someone tried to create an account with your e-mail address, which has one already."),
        t._("If it was you, sign in, or choose a new password here: {link}").format(link=link),
        t._("If it was not you, ignore this message: nothing has changed."),
    ]
    return Words(t._("You already have an account"), parts, link, t._("Choose a new password:"))


INVITATION = register(Kind("invitation", Invitation, {"account": invitation}, ACCOUNT_SMS))
PASSWORD_RESET = register(
    Kind("password_reset", LinkProps, {"account": password_reset}, ACCOUNT_SMS)
)
STAFF_INVITATION = register(
    Kind("staff_invitation", LinkProps, {"account": staff_invitation}, ACCOUNT_SMS)
)
SIGNUP = register(Kind("signup", LinkProps, {"account": signup}))
SIGNUP_TAKEN = register(Kind("signup_taken", LinkProps, {"account": signup_taken}))
