"""What every page shares: the signed-in account, the language, CSRF, rendering, redirects."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from aftersales.accounts.models import Account
from aftersales.config import Settings
from aftersales.kernel.errors import DomainError, ValidationFailed
from aftersales.repairs.states import LABELS, STAFF_LABELS
from aftersales.web.deps import AppSettings, MaybeUser
from aftersales.web.i18n import LANGUAGE_NAMES, Formats, choose_language, known, translations
from aftersales.web.pages import words

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))
CSRF_COOKIE = "aftersales_csrf"
LANG_COOKIE = "aftersales_lang"


@dataclass
class Page:
    """One page request: who asks, in which language, and how to answer."""

    request: Request
    user: Account | None
    lang: str
    settings: Settings
    csrf: str
    new_csrf: bool = False
    cookies: dict[str, str] = field(default_factory=dict)

    def _(self, message: str, **values: Any) -> str:
        """Translate a message and fill its %(name)s placeholders."""
        text = translations(self.lang).gettext(message)
        return text % values if values else text

    def known(self, text: str | None) -> str:
        """Translate a stored text if it is a system message; people's own words stay as written."""
        return known(self.lang, text or "")

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """Translate a message with a count; %(n)s is the count."""
        text = translations(self.lang).ngettext(singular, plural, n)
        return text % {"n": n, **values}

    def render(self, template: str, code: int = 200, /, **context: Any) -> HTMLResponse:
        """Render a template with the page's helpers."""
        response = TEMPLATES.TemplateResponse(
            self.request,
            template,
            {
                "page": self,
                "user": self.user,
                "lang": self.lang,
                "_": self._,
                "ngettext": self.ngettext,
                "known": self.known,
                "fmt": Formats(self.lang),
                "languages": LANGUAGE_NAMES,
                "status_labels": LABELS,
                "staff_labels": STAFF_LABELS,  # shop and centre pages: told about the owner
                "words": words,
                **context,
            },
            status_code=code,
        )
        self._finish(response)
        return response

    def redirect(self, url: str) -> RedirectResponse:
        """Answer a POST with 303 See Other (POST-redirect-GET)."""
        response = RedirectResponse(url, status_code=303)
        self._finish(response)
        return response

    def to_login(self) -> RedirectResponse:
        """Send an anonymous visitor to the sign-in page, then back here."""
        here = self.request.url.path
        if self.request.url.query:
            here += "?" + self.request.url.query
        return self.redirect("/login?next=" + quote(here, safe=""))

    def check_csrf(self, token: str) -> bool:
        """Say whether a form's (or HTMX header's) token matches this browser's CSRF cookie."""
        token = token or self.request.headers.get("x-csrf-token", "")
        return bool(token) and not self.new_csrf and hmac.compare_digest(token, self.csrf)

    def _finish(self, response: HTMLResponse | RedirectResponse) -> None:
        response.headers["Content-Language"] = self.lang
        response.headers["Vary"] = "Accept-Language, Cookie"
        if self.new_csrf:
            response.set_cookie(
                CSRF_COOKIE,
                self.csrf,
                httponly=True,
                samesite="strict",
                secure=self.settings.cookie_secure,
            )
        for name, value in self.cookies.items():
            response.set_cookie(
                name, value, samesite="lax", secure=self.settings.cookie_secure, max_age=31536000
            )


def get_page(request: Request, user: MaybeUser, settings: AppSettings) -> Page:
    """Build the page context: account, language and the browser's CSRF token."""
    lang = choose_language(
        asked=request.query_params.get("lang"),
        account=user.language if user else None,
        cookie=request.cookies.get(LANG_COOKIE),
        accept=request.headers.get("accept-language", ""),
    )
    csrf = request.cookies.get(CSRF_COOKIE, "")
    new = len(csrf) < 20
    return Page(request, user, lang, settings, secrets.token_urlsafe(24) if new else csrf, new)


PageDep = Annotated[Page, Depends(get_page)]


def form_errors(exc: DomainError, fields: dict[str, str] | None = None) -> dict[str, str]:
    """Turn a service's error into a form's: the message on top, each field's under its input.

    `fields` maps the service's field names to the form's where they differ.
    """
    named = exc.errors if isinstance(exc, ValidationFailed) else {}
    return {"form": exc.detail, **{(fields or {}).get(k, k): v for k, v in named.items()}}


def safe_next(target: str | None, default: str = "/") -> str:
    """Return a local path to go back to; anything else (another site) gives the default."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def home_for(user: Account | None) -> str:
    """Return where a person starts: their role's main page."""
    if user is None:
        return "/track"
    return {
        "owner": "/my/repairs",
        "shop_staff": "/shop/repairs",
        "technician": "/centre/queue",
        "centre_manager": "/centre/board",
        "brand_admin": "/brand",
        "platform_admin": "/brand",
    }.get(user.role, "/track")
