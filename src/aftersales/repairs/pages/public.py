"""Pages anyone reaches: home and public tracking."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import Now
from aftersales.http.pages import home_for
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.repairs.api.track import limited_view
from aftersales.repairs.reader import TrackReader

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(page: PageDep) -> RedirectResponse:
    """Send each person to their main page."""
    return page.redirect(home_for(page.user))


@router.get("/track", response_class=HTMLResponse)
def track_form(page: PageDep, code: str = "") -> HTMLResponse:
    """Show the tracking form; a link from a message fills in the code and asks for the digits.

    Nothing is looked up here: the code and the IMEI digits are posted, so neither ends up in
    addresses, browser history or server logs. A link's code alone shows no error.
    """
    known_code = normalize_tracking_code(code)
    return page.render(
        "repairs/track.html",
        code=known_code or code.strip()[:40],
        code_fixed=bool(known_code),
        imei_last4="",
        view=None,
        error=None,
    )


@router.post("/track", response_class=HTMLResponse)
async def track_lookup(
    page: PageDep,
    reader: TrackReader,
    now: Now,
    code: str = Form(""),
    imei_last4: str = Form(""),
) -> HTMLResponse:
    """Look a repair up and show its public timeline on the answer itself (no redirect).

    No CSRF token: the lookup changes nothing, and a page posted from elsewhere cannot read
    the answer; the per-address rate limit applies as for the API.
    """
    code, imei_last4 = code.strip()[:40], imei_last4.strip()[:10]
    context: dict[str, object] = {"code": code, "code_fixed": False, "imei_last4": imei_last4}
    view, status, error = None, 200, None
    if not code:
        error, status = N_("Enter the tracking code from your receipt."), 422
    elif not (imei_last4.isascii() and imei_last4.isdigit() and len(imei_last4) == 4):
        error, status = N_("Enter the last 4 digits of the IMEI (dial *#06# to see them)."), 422
    else:
        try:
            view = await limited_view(page.request, reader, code, imei_last4, now)
        except NotFound:
            error = N_("No repair matches this code and IMEI. Check both and try again.")
            status = 404
        except HTTPException as exc:
            error = N_("Too many tries from your address; wait a minute and try again.")
            status = exc.status_code
    look = view.look if view else None  # the brand's name and colour once the repair is shown
    response = page.render(
        "repairs/track.html", status, error=error, view=view, look=look, **context
    )
    response.headers["Cache-Control"] = "no-store"  # the answer shows a repair
    return response
