"""The password policy: long enough, not common, not trivial, not one's own e-mail or name."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

from aftersales.kernel.i18n import N_

MIN_LENGTH = 8
MAX_LENGTH = 200
_LIST = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of the 10,000 most common passwords (read once)."""
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _trivial(text: str) -> bool:
    """Say whether a text is a repetition or a run (aaaaaaaa, abababab, 12345678, hgfedcba)."""
    if len(set(text)) < 4:
        return True
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return steps in ({1}, {-1})


def password_problem(
    password: str, email: str | None = None, name: str | None = None
) -> str | None:
    """Return why a new password is refused (a catalogue message), or None if it is fine."""
    if len(password.strip()) < MIN_LENGTH:
        return N_("Use at least 8 characters; spaces alone do not count.")
    if len(password) > MAX_LENGTH:
        return N_("Use at most 200 characters.")
    if "\x00" in password:
        return N_("The password contains a character that cannot be used.")
    folded = password.strip().lower()
    own = {v.strip().lower() for v in (email, name) if v and v.strip()}
    if email and "@" in email:
        own.add(email.split("@", 1)[0].strip().lower())
    if folded in own or folded.replace(" ", "") in {v.replace(" ", "") for v in own}:
        return N_("Do not use your e-mail address or your name as the password.")
    if folded in common_passwords() or _trivial(folded):
        return N_("This password is too common or too simple; choose one that is harder to guess.")
    return None
