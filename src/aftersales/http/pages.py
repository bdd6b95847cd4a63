"""What every page shares: the signed-in account, the language, CSRF, rendering, redirects.

Templates are found beside the areas: `<area>/templates/<area>/name.html` is rendered as
`<area>/name.html`, and `web/templates` holds the base layout, the error page and the
partials every area shares. The areas register the words their templates read
(`register_words`) and other template globals (`register_globals`) when their pages load.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from aftersales.config import Settings
from aftersales.http.deps import Actor, AppSettings, cookie_actor
from aftersales.http.i18n import (
    LANGUAGE_NAMES,
    Formats,
    choose_language,
    choose_locale,
    known,
    translations,
)
from aftersales.kernel.actors import Acting
from aftersales.kernel.codes import sign
from aftersales.kernel.errors import DomainError, ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.kernel.language import translate

# Every area's template folder and web's (base layout, error page, shared partials); found
# on disk, so this layer imports no area.
TEMPLATE_DIRS = sorted(Path(__file__).parent.parent.glob("*/templates"))
TEMPLATES = Jinja2Templates(directory=TEMPLATE_DIRS)
WORDS = SimpleNamespace()  # names of stored codes, by table: words.FAULTS["display"]
GLOBALS: dict[str, Any] = {"words": WORDS}
U = TypeVar("U")  # the account type of the areas that render
CSRF_COOKIE = "aftersales_csrf"
LANG_COOKIE = "aftersales_lang"


def register_words(**tables: dict[str, str]) -> None:
    """Give templates an area's names of stored codes, as `words.<TABLE>`."""
    vars(WORDS).update(tables)


def register_globals(**values: Any) -> None:
    """Give templates an area's other shared values (labels of statuses, say)."""
    GLOBALS.update(values)


@dataclass
class Page(Generic[U]):
    """One page request: who asks, in which language, and how to answer."""

    request: Request
    user: U | None
    lang: str
    settings: Settings
    csrf: str
    new_csrf: bool = False
    cookies: dict[str, str] = field(default_factory=dict)
    locale: str = ""  # the formats' locale, e.g. en_GB; the language's own when empty
    # Also taken: the token of a login session that has just ended. Pages rendered without the
    # database (the error page) cannot tell that it ended, and gave forms that session's token.
    ended_session_csrf: str = ""

    def _(self, message: str, **values: Any) -> str:
        """Translate a message (a service's `Msg` with its own values) and fill %(name)s."""
        if isinstance(message, Msg):
            return translate(self.lang, message)
        text = translations(self.lang).gettext(message)
        return text % values if values else text

    def known(self, text: str | None) -> str:
        """Translate a stored text if it is a system message; people's own words stay as written."""
        if isinstance(text, Msg):
            return translate(self.lang, text)
        return known(self.lang, text or "")

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """Translate a message with a count; %(n)s is the count."""
        text = translations(self.lang).ngettext(singular, plural, n)
        return text % {"n": n, **values}

    def formats_locale(self) -> str:
        """Return the locale of dates and numbers: the region asked for, if of this language."""
        return self.locale if self.locale.split("_")[0] == self.lang else self.lang

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
                "fmt": Formats(self.formats_locale()),
                "languages": LANGUAGE_NAMES,
                **GLOBALS,
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
        """Say whether a form's (or HTMX header's) token is this page's (session or cookie)."""
        token = token or self.request.headers.get("x-csrf-token", "")
        if not token:
            return False
        if not self.new_csrf and hmac.compare_digest(token, self.csrf):
            return True
        return bool(self.ended_session_csrf) and hmac.compare_digest(token, self.ended_session_csrf)

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


def keep_link_private(response: HTMLResponse) -> HTMLResponse:
    """Mark a page whose address holds a link's code: requests from it name our origin only.

    ("no-referrer" would also blank the Origin of the page's own form POST, which is checked.)
    """
    response.headers["Referrer-Policy"] = "strict-origin"
    return response


def session_csrf(secret_key: str, session_token: str) -> str:
    """Return the CSRF token of a login session: tied to it, unknown without the secret."""
    return sign(secret_key, "csrf:" + session_token)


def get_page(
    request: Request,
    user: Annotated[Actor | None, Depends(cookie_actor)],
    settings: AppSettings,
) -> Page[Actor]:
    """Build the page context: account (by cookie only), language and the CSRF token.

    Signed in, the token derives from the login session, so it dies with the session and
    one person's token is useless in another's; anonymous forms (sign-in, language) use a
    random token in a cookie of their own, echoed by the form (double submit).
    """
    lang, locale = choose_locale(
        asked=request.query_params.get("lang"),
        account=user.language if user else None,
        cookie=request.cookies.get(LANG_COOKIE),
        accept=request.headers.get("accept-language", ""),
    )
    if user is not None:
        token = session_csrf(settings.secret_key, request.cookies[settings.session_cookie])
        return Page(request, user, lang, settings, token, locale=locale)
    csrf = request.cookies.get(CSRF_COOKIE, "")
    new = len(csrf) < 20
    token = secrets.token_urlsafe(24) if new else csrf
    ended = request.cookies.get(settings.session_cookie)
    ended_csrf = session_csrf(settings.secret_key, ended) if ended else ""
    return Page(
        request, user, lang, settings, token, new, locale=locale, ended_session_csrf=ended_csrf
    )


# The page of areas below `accounts`; those above it take `accounts.deps.PageDep`.
ActorPage = Annotated[Page[Actor], Depends(get_page)]


def error_page(request: Request, code: int, title: str, message: str) -> HTMLResponse:
    """Render the error page in the visitor's language, without the database.

    The account is not looked up (the error may be the database's), so the language comes
    from the address, the language cookie or the browser.
    """
    lang = choose_language(
        asked=request.query_params.get("lang"),
        account=None,
        cookie=request.cookies.get(LANG_COOKIE),
        accept=request.headers.get("accept-language", ""),
    )
    settings: Settings = request.app.state.settings
    session_token = request.cookies.get(settings.session_cookie)
    if session_token:  # most likely signed in: the language form then needs the session's token
        token = session_csrf(settings.secret_key, session_token)
        page: Page[Actor] = Page(request, None, lang, settings, token)
        return page.render("error.html", code, title=title, message=message)
    csrf = request.cookies.get(CSRF_COOKIE, "")
    new = len(csrf) < 20
    page = Page(request, None, lang, settings, secrets.token_urlsafe(24) if new else csrf, new)
    return page.render("error.html", code, title=title, message=message)


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


def home_for(user: Acting | None) -> str:
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
