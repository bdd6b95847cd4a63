"""HTML routes: the public tracking page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from aftersales.kernel.errors import NotFound
from aftersales.web.api.track import limited_view
from aftersales.web.deps import Now, TrackReader

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


@router.get("/track", response_class=HTMLResponse)
async def track_page(
    request: Request, reader: TrackReader, now: Now, code: str = "", imei_last4: str = ""
) -> HTMLResponse:
    """Show the tracking form and, when asked, one repair's public timeline."""
    context: dict[str, object] = {
        "code": code,
        "imei_last4": imei_last4,
        "view": None,
        "error": None,
    }
    status = 200
    if code or imei_last4:
        if not (imei_last4.isdigit() and len(imei_last4) == 4):
            context["error"] = "Enter the last 4 digits of the IMEI (dial *#06# to see it)."
            status = 422
        else:
            try:
                context["view"] = await limited_view(request, reader, code, imei_last4, now)
            except NotFound:
                context["error"] = "No repair matches this code and IMEI. Check both and try again."
                status = 404
            except HTTPException as exc:
                context["error"] = str(exc.detail)
                status = exc.status_code
    return templates.TemplateResponse(request, "track.html", context, status_code=status)
