"""Warranty pages: the owner's phones with their coverage, the brand page's warranty terms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import day, save, whole_number
from aftersales.devices.access import is_owner
from aftersales.devices.service import count_phones, phones_page
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, OWNER_PHONE, Section
from aftersales.http.pages import Page, register_words
from aftersales.kernel.i18n import N_
from aftersales.kernel.paging import COUNT_CAP, PAGE_SIZE, page_count, page_number
from aftersales.warranty import service as warranty
from aftersales.warranty.service import coverages
from aftersales.warranty.words import COVERAGE

router = APIRouter(include_in_schema=False)
register_words(COVERAGE=COVERAGE)


@router.get("/my/phones")
def my_phones(page: PageDep, session: DbSession, now: Now, page_no: int = 1) -> Response:
    """List the owner's phones with warranty and software version, oldest first, 25 a page."""
    if page.user is None:
        return page.to_login()
    if not is_owner(page.user):
        return page.render("error.html", 404, message=N_("This page is for phone owners."))
    page_no = page_number(page_no)
    phones = phones_page(session, page.user, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    total = count_phones(session, page.user, COUNT_CAP)
    rows = list(zip(phones, coverages(session, phones, now.date()), strict=True))  # one query
    return page.render(
        "warranty/my_phones.html",
        rows=rows,
        coverage_names=COVERAGE,
        page_no=page_no,
        pages=page_count(total),
        pages_more=total > COUNT_CAP,
        **OWNER_PHONE.context(page, session, phones),  # the other areas' facts of each phone
    )


def _policies(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    return {"warranty_policies": warranty.list_policies(session, brand.id)}


BRAND_HOME.add(Section(30, "warranty/brand_policies.html", _policies))


@router.post("/brand/warranty")
def set_warranty(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    country: str = Form(""),
    maker_months: str = Form(""),
    legal_months: str = Form(""),
    effective_from_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the brand's warranty terms in a country from a day on (today if none is given)."""
    values = {"country": country, "maker_months": maker_months, "legal_months": legal_months,
              "effective_from_date": effective_from_date}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        warranty.set_policy(
            session,
            user,
            brand.id,
            country.strip().upper(),
            whole_number(maker_months, "maker_months"),
            whole_number(legal_months, "legal_months"),
            effective_from=day(effective_from_date, "effective_from_date") or now.date(),
            today=now.date(),
        )

    return save(page, session, brand_id, csrf, "warranty", values, act)
