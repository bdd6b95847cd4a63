"""A role's home page made of the areas' sections: each area adds its own when its pages load.

The brand admin's page, say, shows the catalogue's models, centres and shops, the warranty
terms and the SLA promises; each area registers a `Section` (its template and what it shows)
with `BRAND_HOME`, and this layer, which knows no area, renders them in order. A failed form
shows the whole page again with that form's input and errors (`forms`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from aftersales.http.pages import Page

# What a section shows: its template's variables, from the page, the session and the subject.
Context = Callable[[Page[Any], Session, Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """One area's part of a home page.

    `order`: where it stands among the others (low first). `wide`: it spans the page above
    the two columns the other sections share. The variables of every section are merged,
    so one area's sections may share what one of them computes.
    """

    order: int
    template: str
    context: Context
    wide: bool = False


class Home:
    """A home page: a composing template that includes every registered section in order."""

    def __init__(self, template: str, subject: str) -> None:
        self.template = template
        self.subject = subject  # the name templates give the page's subject, e.g. "brand"
        self.sections: list[Section] = []

    def add(self, section: Section) -> None:
        """Register an area's section."""
        self.sections = sorted([*self.sections, section], key=lambda s: s.order)

    def render(
        self, page: Page[Any], session: Session, subject: Any, code: int = 200, **forms: Any
    ) -> HTMLResponse:
        """Render the page with every section, and the input and errors of any failed form."""
        context: dict[str, Any] = {}
        for section in self.sections:
            context.update(section.context(page, session, subject))
        context.update({self.subject: subject, "sections": self.sections, "forms": forms})
        return page.render(self.template, code, **context)


# The brand admin's page (/brand); platform admins see it for the brand they pick.
BRAND_HOME = Home("brand_home.html", subject="brand")


class Facts:
    """What the areas add to each card of a list of records (the owner's phones, say).

    Each area registers a `Section`: its `context` gets the page's records at once (one
    query for them all, never one per card) and its template is included in every record's
    card, where `record` is the card's record.
    """

    def __init__(self) -> None:
        self.sections: list[Section] = []

    def add(self, section: Section) -> None:
        """Register an area's fact."""
        self.sections = sorted([*self.sections, section], key=lambda s: s.order)

    def context(self, page: Page[Any], session: Session, records: list[Any]) -> dict[str, Any]:
        """Return every fact's variables for these records, and the facts as `facts`."""
        context: dict[str, Any] = {}
        for section in self.sections:
            context.update(section.context(page, session, records))
        return context | {"facts": self.sections}


# Each phone of the owner's page (/my/phones): `software` says whether it runs the latest
# release; the support commitments add until when its model is supported (repairs, parts,
# updates) as a fact of their own.
OWNER_PHONE = Facts()
