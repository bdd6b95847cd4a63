"""Map domain and validation errors to RFC 9457 problem details a person understands."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from aftersales.http.i18n import api_language
from aftersales.http.problems import problem
from aftersales.kernel.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.language import translate

STATUS = {
    NotFound: 404,
    Forbidden: 403,
    InvalidTransition: 409,
    Conflict: 409,
    ValidationFailed: 422,
}

# What a browser is told on a page (not /api) when a request fails before or outside a page's
# own handling: (title, message) by status, both translated.
PAGE_ERRORS = {
    400: (N_("Something went wrong"), N_("The request could not be understood.")),
    401: (N_("Sign in"), N_("Sign in to see this page.")),
    403: (
        N_("Refused"),
        N_(
            "This form was sent from another site, so it was refused. Open the page on this "
            "site and send it again."
        ),
    ),
    404: (N_("Not found"), N_("There is no page at this address.")),
    405: (N_("Not found"), N_("This page cannot be used this way.")),
    409: (
        N_("Conflict"),
        N_("Someone else changed this record at the same time. Go back, reload and try again."),
    ),
    413: (
        N_("Too large"),
        N_("The form is too large to be sent. Shorten the texts and send it again."),
    ),
    422: (
        N_("Invalid input"),
        N_("Some fields of the form are missing or wrong. Go back, check them and send again."),
    ),
    429: (N_("Too many requests"), N_("Too many tries; wait a minute and try again.")),
}
OUT_OF_RANGE = N_(
    "A number, date or text in the form is too large or contains a character that cannot be "
    "stored. Go back, correct it and send it again."
)


# pydantic's error types, said in words each catalogue has (its own messages are English).
def _input_message(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    match kind:
        case "missing":
            return N_("This field is required.")
        case "string_too_long":
            return Msg("Use at most %(n)s characters.", n=ctx.get("max_length"))
        case "string_too_short":
            return Msg("Use at least %(n)s characters.", n=ctx.get("min_length"))
        case "int_parsing" | "int_type" | "int_from_float":
            return N_("Give a whole number.")
        case "float_parsing" | "float_type" | "decimal_parsing":
            return N_("Give a number.")
        case "bool_parsing" | "bool_type":
            return N_("Give true or false.")
        case (
            "date_parsing"
            | "date_type"
            | "date_from_datetime_parsing"
            | "date_from_datetime_inexact"
        ):
            return N_("Give a date as YYYY-MM-DD.")
        case "datetime_parsing" | "datetime_type" | "timezone_aware":
            return N_("Give a date and time with its time zone, e.g. 2026-03-10T09:00:00+01:00.")
        case "greater_than" | "greater_than_equal":
            return Msg("Give at least %(n)s.", n=ctx.get("gt", ctx.get("ge")))
        case "less_than" | "less_than_equal":
            return Msg("Give at most %(n)s.", n=ctx.get("lt", ctx.get("le")))
        case "literal_error" | "enum":
            return Msg("Use one of: %(choices)s.", choices=ctx.get("expected", ""))
        case "json_invalid":
            return N_("The body is not valid JSON.")
        case "string_type":
            return N_("Give a text.")
        case "list_type":
            return N_("Give a list.")
        case "model_type" | "dict_type" | "model_attributes_type":
            return N_("Give an object.")
    return str(error.get("msg", ""))


def _status_of(exc: DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "request"


def for_pages(request: Request) -> bool:
    """Say whether a request came from a page (HTML answers) rather than the API."""
    path = request.url.path
    return not (path == "/api" or path.startswith("/api/") or path == "/healthz")


def page_error(request: Request, status: int, message: str | None = None) -> Response:
    """Render the HTML error page for a status, in the visitor's language."""
    from aftersales.http.pages import error_page  # the pages import this module

    title, default = PAGE_ERRORS.get(status, PAGE_ERRORS[400])
    return error_page(request, status, title, message or default)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int) -> None:
    """Answer a request the edge refuses (another origin: 403; a huge form: 413)."""
    request = Request(scope, receive)
    if for_pages(request):
        response = page_error(request, status)
    elif status == 403:
        response = problem(
            403,
            N_("Forbidden"),
            N_(
                "Cross-origin requests with the session cookie are refused; send the Origin of "
                "this site or use an API token."
            ),
            lang=api_language(request),
        )
    else:
        response = problem(
            413, N_("Too large"), N_("The request body is too large."), lang=api_language(request)
        )
    await response(scope, receive, send)


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if for_pages(request):
            return page_error(request, _status_of(exc), exc.detail)
        lang = api_language(request)
        extra: dict[str, Any] = {}
        if isinstance(exc, ValidationFailed):
            extra["errors"] = [
                {"field": k, "message": translate(lang, v)} for k, v in exc.errors.items()
            ]
        if isinstance(exc, InvalidTransition):
            extra["allowed"] = exc.allowed
        return problem(_status_of(exc), exc.title, exc.detail, lang=lang, **extra)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if for_pages(request):
            return page_error(request, 422)
        lang = api_language(request)
        errors = [
            {
                "field": _field_name(tuple(e.get("loc", ()))),
                "message": translate(lang, _input_message(e)),
            }
            for e in exc.errors()
        ]
        return problem(
            422,
            N_("Invalid input"),
            N_("Some fields are missing or wrong; see errors."),
            lang=lang,
            errors=errors,
        )

    @app.exception_handler(StaleDataError)
    async def stale(request: Request, _exc: StaleDataError) -> Response:
        if for_pages(request):
            return page_error(request, 409)
        return problem(
            409,
            N_("Conflict"),
            N_("Someone else changed this record at the same time. Reload it and try again."),
            lang=api_language(request),
        )

    @app.exception_handler(IntegrityError)
    async def integrity(request: Request, _exc: IntegrityError) -> Response:
        if for_pages(request):
            return page_error(request, 409)
        return problem(
            409,
            N_("Conflict"),
            N_("This clashes with existing data (a duplicate?)."),
            lang=api_language(request),
        )

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def out_of_range(request: Request, _exc: Exception) -> Response:
        # e.g. an id past PostgreSQL's integer, a NUL character in text, a date past 9999
        if for_pages(request):
            return page_error(request, 422, OUT_OF_RANGE)
        return problem(
            422,
            N_("Invalid input"),
            N_("A number, date or text in the request is out of the range that can be stored."),
            lang=api_language(request),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if for_pages(request):
            response = page_error(request, exc.status_code)
            for key, value in (exc.headers or {}).items():
                response.headers[key] = value
            return response
        titles = {
            401: N_("Not signed in"),
            404: N_("Not found"),
            405: N_("Method not allowed"),
            413: N_("Too large"),
            429: N_("Too many requests"),
        }
        response = problem(
            exc.status_code,
            titles.get(exc.status_code, N_("Error")),
            exc.detail if isinstance(exc.detail, str) else str(exc.detail),
            lang=api_language(request),
        )
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response
