"""Map domain and validation errors to RFC 9457 problem details a person understands."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from aftersales.kernel.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)

STATUS = {
    NotFound: 404,
    Forbidden: 403,
    InvalidTransition: 409,
    Conflict: 409,
    ValidationFailed: 422,
}
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """Build a problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _status_of(exc: DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "request"


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        extra: dict[str, Any] = {}
        if isinstance(exc, ValidationFailed):
            extra["errors"] = [{"field": k, "message": v} for k, v in exc.errors.items()]
        if isinstance(exc, InvalidTransition):
            extra["allowed"] = exc.allowed
        return problem(_status_of(exc), exc.title, exc.detail, **extra)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field_name(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        return problem(
            422, "Invalid input", "Some fields are missing or wrong; see errors.", errors=errors
        )

    @app.exception_handler(StaleDataError)
    async def stale(_request: Request, _exc: StaleDataError) -> JSONResponse:
        return problem(
            409,
            "Conflict",
            "Someone else changed this record at the same time. Reload it and try again.",
        )

    @app.exception_handler(IntegrityError)
    async def integrity(_request: Request, _exc: IntegrityError) -> JSONResponse:
        return problem(409, "Conflict", "This clashes with existing data (a duplicate?).")

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def out_of_range(_request: Request, _exc: Exception) -> JSONResponse:
        # e.g. an id past PostgreSQL's integer, a NUL character in text, a date past 9999
        return problem(
            422,
            "Invalid input",
            "A number, date or text in the request is out of the range that can be stored.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            401: "Not signed in",
            404: "Not found",
            405: "Method not allowed",
            429: "Too many requests",
        }
        response = problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response
