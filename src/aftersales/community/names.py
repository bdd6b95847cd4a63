"""How people are named in the community: never by another person's details (decision 232).

An owner is "Owner" and a short code made from their account number with the site's secret:
the same person reads the same in every thread, and nobody can turn the code back into an
account number, a name or an address. The maker's engineers write for their brand and are
named by their first name with the engineer badge beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftersales.kernel.codes import sign


@dataclass(frozen=True)
class Author:
    """An author as threads show them: a name, and whether it carries the engineer badge."""

    name: str
    engineer: bool
    pseudonym: bool  # "Owner" + code: the pages translate the word


def pseudonym(secret: str, account_id: int | None) -> str:
    """Return an owner's code: 4 letters and digits, stable, meaningless without the secret."""
    if account_id is None:
        return "----"
    return sign(secret, f"community:{account_id}", 8)[:4].upper()


def author(
    secret: str,
    account_id: int | None,
    name: str | None,
    engineer: bool,
    family_first: bool = False,
) -> Author:
    """Return how a question's or answer's author is named to any reader.

    A Vietnamese name gives the family name first ("Lê Thị Mai"): the given name is its last.
    """
    if engineer and name:
        words = name.split()
        return Author(words[-1] if family_first else words[0], True, False)
    return Author(pseudonym(secret, account_id), False, True)
