"""Route: public tracking by code and the IMEI's last four digits, no login."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.responses import Response

from aftersales.http.deps import Now, client_address
from aftersales.http.i18n import choose_language
from aftersales.http.problems import problem
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import translations
from aftersales.repairs import tracking
from aftersales.repairs.reader import Reader, TrackReader
from aftersales.repairs.schemas import TrackRead, TrackStep
from aftersales.repairs.tracking import PublicView

router = APIRouter(tags=["tracking"])
DIGITS = N_("Give the last 4 digits of the IMEI (*#06# shows it).")
NO_MATCH = N_("No repair matches this code and IMEI.")
TOO_MANY = N_("Too many tracking attempts from your address; try again in a minute.")


async def limited_view(
    request: Request, reader: Reader, code: str, imei_last4: str, now: datetime
) -> PublicView:
    """Return the public view after the per-address rate limit; 429 past it."""
    wait = request.app.state.track_limiter.hit(client_address(request))
    if wait is not None:
        raise HTTPException(429, TOO_MANY, headers={"Retry-After": str(int(wait) + 1)})
    canonical = tracking.canonical_code(code, imei_last4)
    found = tracking.check(await reader.fetch(canonical), imei_last4)
    if tracking.is_stale(found, now):
        return await reader.with_session(
            lambda session: tracking.public_view(session, canonical, imei_last4, now)
        )
    return tracking.build_view(found)


def language_of(request: Request) -> str:
    """Return the asker's language from ?lang= or Accept-Language; English if neither says."""
    asked = request.query_params.get("lang")
    accept = request.headers.get("accept-language")
    if asked is None and accept is None:  # most API callers: no parsing at all
        return "en"
    return choose_language(asked=asked, account=None, cookie=None, accept=accept or "")


def _problem(lang: str, status: int, title: str, detail: str, **extra: object) -> Response:
    """Return a problem whose detail is in the asker's language."""
    response = problem(status, title, detail, lang=lang, **extra)
    response.headers["Vary"] = "Accept-Language"
    return response


async def answer(
    request: Request, reader: Reader, code: str, imei_last4: str, now: datetime
) -> Response:
    """Answer one lookup in the asker's language: the view, or a problem saying why not."""
    lang = language_of(request)
    if not (len(imei_last4) == 4 and imei_last4.isascii() and imei_last4.isdigit()):
        message = translations(lang).gettext(DIGITS)
        errors = [{"field": "imei_last4", "message": message}]
        detail = "Some fields are missing or wrong; see errors."
        return _problem(lang, 422, "Invalid input", detail, errors=errors)
    try:
        view = await limited_view(request, reader, code, imei_last4, now)
    except NotFound:
        return _problem(lang, 404, "Not found", NO_MATCH)
    except HTTPException as exc:  # the rate limit
        response = _problem(lang, exc.status_code, "Too many requests", str(exc.detail))
        response.headers.update(exc.headers or {})
        return response
    body = _read(tracking.in_language(view, lang)).model_dump_json()
    headers = {"Content-Language": lang, "Vary": "Accept-Language"}
    return Response(body, media_type="application/json", headers=headers)


async def fast_track(request: Request) -> Response:
    """Serve GET /api/v1/track/{code} without FastAPI's per-request machinery (see web/app.py).

    Same contract as `track` below: the same checks, the same answers and problems.
    """
    imei_last4 = request.query_params.get("imei_last4", "")
    now = request.app.state.clock()
    code = request.path_params["code"]
    return await answer(request, request.app.state.reader, code, imei_last4, now)


def _read(view: PublicView) -> TrackRead:
    """Shape the public view as the API's answer."""
    data = {k: v for k, v in view.__dict__.items() if k not in ("timeline", "timezone")}
    return TrackRead(**data, timeline=[TrackStep(**s.__dict__) for s in view.timeline])


# The documented contract (OpenAPI) of the route that `fast_track` serves.
@router.get(
    "/track/{code}",
    response_model=TrackRead,
    responses={
        404: {"description": "Unknown code or wrong IMEI digits (same answer)"},
        429: {"description": "More than the allowed tries a minute"},
    },
)
async def track(
    code: str,
    request: Request,
    reader: TrackReader,
    now: Now,
    imei_last4: str = Query(
        ..., pattern=r"^\d{4}$", description="Last 4 digits of the IMEI (*#06# shows it)"
    ),
    lang: str | None = Query(
        None,
        max_length=35,
        description="Language of the wording (en, it, vi; e.g. it-IT); else Accept-Language.",
    ),
    accept_language: str | None = Header(
        None, description="The asker's languages; ?lang= wins. English when neither says."
    ),
) -> Response:
    """Return the status, expected ready date and public timeline of one repair.

    The wording (status, next step, step names, error details) is in the asker's language;
    `Content-Language` says which.
    """
    return await answer(request, reader, code, imei_last4, now)
