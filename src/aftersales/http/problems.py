"""RFC 9457 problem details: the body every API error answers with."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from aftersales.kernel.language import translate

PROBLEM = "application/problem+json"


def problem(
    status: int, title: str, detail: str, *, lang: str = "en", **extra: Any
) -> JSONResponse:
    """Build a problem-details response; title and detail are translated into `lang`."""
    body = {
        "type": "about:blank",
        "title": translate(lang, title),
        "status": status,
        "detail": translate(lang, detail),
        **extra,
    }
    response = JSONResponse(body, status_code=status, media_type=PROBLEM)
    response.headers["Content-Language"] = lang
    return response
