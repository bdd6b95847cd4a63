"""The owner's answer to a quote from the e-mail's link: approve, or decline after confirming."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.links import LinkUnusable
from aftersales.catalog.look import Look, look_of
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import keep_link_private
from aftersales.kernel.errors import Conflict
from aftersales.kernel.i18n import N_
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quote_links import open_quote
from aftersales.repairs.quotes import decide_quote

router = APIRouter(include_in_schema=False)
TEMPLATE = "repairs/quote_link.html"


def _look(repair: RepairOrder) -> Look | None:
    """Return the look of the repair's brand: the owner reads the quote in its colours."""
    return look_of(repair.model.brand)


def _unusable(page: PageDep, exc: LinkUnusable) -> Response:
    """Say the link no longer works, with the way to answer otherwise."""
    return page.render("error.html", 404, message=exc.detail, action=("/login", N_("Sign in")))


@router.get("/quote/{token}", response_class=HTMLResponse)
def quote_form(page: PageDep, session: DbSession, now: Now, token: str) -> Response:
    """Show the quote of a link: the price, what it covers, what a decline means."""
    try:
        quote, repair, _owner = open_quote(session, page.settings.secret_key, token, now)
    except LinkUnusable as exc:
        return _unusable(page, exc)
    return keep_link_private(
        page.render(
            TEMPLATE, token=token, quote=quote, repair=repair, error=None, look=_look(repair)
        )
    )


@router.post("/quote/{token}", response_class=HTMLResponse)
def quote_answer(
    page: PageDep,
    session: DbSession,
    now: Now,
    token: str,
    answer: str = Form(""),
    confirm: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Record the owner's answer; a decline needs the box ticked (the phone comes back as is)."""
    try:
        quote, repair, owner = open_quote(session, page.settings.secret_key, token, now)
    except LinkUnusable as exc:
        return _unusable(page, exc)
    error = None
    if not page.check_csrf(csrf):
        error = N_("The form expired. Please try again.")
    elif answer not in ("approve", "decline"):
        error = N_("Choose approve or decline.")
    elif answer == "decline" and not confirm:
        error = N_("Tick the box to confirm that you decline the quote.")
    else:
        try:
            decide_quote(session, owner, repair, now, approve=answer == "approve")
        except Conflict as exc:
            error = exc.detail
    context = {"token": token, "quote": quote, "repair": repair, "error": error}
    context["look"] = _look(repair)
    return page.render(TEMPLATE, 422 if error else 200, **context)
