"""Security at the edge, as plain ASGI (no per-request objects): response headers, the Origin
check of unsafe requests, and the size cap of form bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aftersales.config import Settings

# Only our own files: the pages have no inline script or style, and nothing may frame them
# (the owner's "approve the quote" button must not be clickjacked).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORMS = (b"application/x-www-form-urlencoded", b"multipart/form-data")
# The one-click unsubscribe POST comes from mail providers' servers (RFC 8058); its signed
# token is the authority and it can only switch messages off.
NO_ORIGIN_CHECK = ("/unsubscribe/",)

# (scope, receive, send, status) -> answer the request with a refusal page or problem.
Refuse = Callable[[Scope, Receive, Send, int], Awaitable[None]]


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of a URL, lower-cased ("" if it has none)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


class SecurityMiddleware:
    """Add the security headers to every answer; refuse cross-origin writes and huge forms."""

    def __init__(self, app: ASGIApp, settings: Settings, refuse: Refuse) -> None:
        self.app, self.refuse = app, refuse
        self.own_origin = origin_of(settings.public_url)
        self.session_cookie = settings.session_cookie.encode() + b"="
        self.max_form = settings.max_form_bytes
        self.max_upload = settings.max_upload_bytes
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]
        if settings.env == "production" and self.own_origin.startswith("https://"):
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then add the headers to the answer's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in UNSAFE:
            headers = dict(scope["headers"])
            if not self._same_origin(scope, headers):
                await self.refuse(scope, receive, send, 403)
                return
            kind = headers.get(b"content-type", b"")
            if kind.startswith(FORMS):
                # Forms with files (the counter's photos) may be larger than typed forms.
                limit = self.max_upload if kind.startswith(b"multipart/") else self.max_form
                if int(headers.get(b"content-length", b"0") or 0) > limit:
                    await self.refuse(scope, receive, send, 413)
                    return
                receive = self._capped(receive, limit)
        await self.app(scope, receive, self._with_headers(send))

    def _with_headers(self, send: Send) -> Send:
        own = self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", ()))
                names = {name.lower(): value for name, value in headers}
                # A response's own header wins (a page with a secret link: no referrer at all).
                headers.extend(h for h in own if h[0] not in names)
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                kind = names.get(b"content-type", b"")
                if b"cache-control" not in names and (b"json" in kind or b"html" in kind):
                    # Private pages and every JSON answer: kept by no cache, shared or not.
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        return send_with_headers

    def _same_origin(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        """Say whether an unsafe request may go on: same origin, or not a browser's session.

        Pages are always checked; /api only when the session cookie would authenticate it
        (a bearer token is not sent by browsers on their own, so those calls are not).
        """
        path: str = scope["path"]
        if path.startswith(NO_ORIGIN_CHECK):
            return True
        if path.startswith("/api/"):
            if headers.get(b"authorization", b"")[:7].lower() == b"bearer ":
                return True
            if self.session_cookie not in headers.get(b"cookie", b""):
                return True
        raw = headers.get(b"origin") or headers.get(b"referer")
        if raw is None:
            return True  # not sent by a browser (old ones send neither); the CSRF token still is
        origin = origin_of(raw.decode("latin-1"))
        if not origin:
            return False  # "null": a sandboxed frame, a file, a privacy-stripped redirect
        host = headers.get(b"host", b"").decode("latin-1").lower()
        return origin == self.own_origin or (bool(host) and origin.split("://", 1)[1] == host)

    def _capped(self, receive: Receive, limit: int) -> Receive:
        """Stop reading a form body (sent without a length) once it passes the cap."""
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413)
            return message

        return capped
