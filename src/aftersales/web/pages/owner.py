"""The owner's pages: my phones (their repairs and booking are in repairs/pages/owner.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.devices.models import Phone
from aftersales.devices.service import list_phones
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page
from aftersales.kernel.i18n import N_
from aftersales.repairs.access import may_book
from aftersales.warranty.service import coverages
from aftersales.web.pages.words import COVERAGE

router = APIRouter(include_in_schema=False)


def _owner(page: Page) -> Response | None:
    """Return a redirect or a 404 page unless the visitor is a signed-in owner."""
    if page.user is None:
        return page.to_login()
    if not may_book(page.user):
        return page.render("error.html", 404, message=N_("This page is for phone owners."))
    return None


def _my_phones(page: Page, session: DbSession) -> list[Phone]:
    assert page.user is not None
    # Oldest first, the order in which the owner got them.
    return sorted(list_phones(session, page.user, 200, 0), key=lambda p: p.id)


@router.get("/my/phones")
def my_phones(page: PageDep, session: DbSession, now: Now) -> Response:
    """List the owner's phones with warranty and software version."""
    if (stop := _owner(page)) is not None:
        return stop
    phones = _my_phones(page, session)
    rows = list(zip(phones, coverages(session, phones, now.date()), strict=True))  # one query
    return page.render("owner/phones.html", rows=rows, coverage_names=COVERAGE)
