"""Build the FastAPI application."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.routing import Route

from aftersales import __version__
from aftersales.accounts import api as accounts_api
from aftersales.accounts import pages as accounts_pages
from aftersales.accounts.signin import SIGN_IN
from aftersales.admin import pages as admin_pages
from aftersales.audit import api as audit_api
from aftersales.care import api as care_api
from aftersales.care import pages as care_pages
from aftersales.catalog import api as catalog_api
from aftersales.catalog import edit_pages as catalog_edit_pages
from aftersales.catalog import look_pages as catalog_look_pages
from aftersales.catalog import pages as catalog_pages
from aftersales.community import api as community_api
from aftersales.community import brand_pages as community_brand_pages
from aftersales.community import pages as community_pages
from aftersales.community.limits import community_limiters
from aftersales.config import Settings, get_settings
from aftersales.counter import api as counter_api
from aftersales.counter import pages as counter_pages
from aftersales.db import make_engine, make_sessionmaker
from aftersales.defects import api as defects_api
from aftersales.defects import pages as defects_pages
from aftersales.devices import api as devices_api
from aftersales.devices import pages as devices_pages
from aftersales.history import api as history_api
from aftersales.http.ratelimit import RateLimiter, make_storage
from aftersales.insights import api as insights_api
from aftersales.insights import pages as insights_pages
from aftersales.inventory import api as inventory_api
from aftersales.inventory import network_pages as inventory_network_pages
from aftersales.inventory import pages as inventory_pages
from aftersales.kernel.clock import utcnow
from aftersales.knowledge import api as knowledge_api
from aftersales.knowledge import pages as knowledge_pages
from aftersales.notifications import api as notifications_api
from aftersales.notifications import pages as notifications_pages
from aftersales.onboarding import pages as onboarding_pages
from aftersales.repairs import api as repairs_api
from aftersales.repairs import pages as repairs_pages
from aftersales.repairs.api import track as track_api
from aftersales.repairs.reader import make_reader
from aftersales.selfhelp import api as selfhelp_api
from aftersales.selfhelp import pages as selfhelp_pages
from aftersales.sla import api as sla_api
from aftersales.sla import pages as sla_pages
from aftersales.software import api as software_api
from aftersales.software import pages as software_pages
from aftersales.support import api as support_api
from aftersales.support import pages as support_pages
from aftersales.surveys import answer_pages as surveys_answer_pages
from aftersales.surveys import api as surveys_api
from aftersales.surveys import pages as surveys_pages
from aftersales.warranty import api as warranty_api
from aftersales.warranty import pages as warranty_pages
from aftersales.web import errors
from aftersales.web.security import SecurityMiddleware

# Each area's JSON routes, matched in this order: tracking first, the busiest public route.
API_ROUTES = (
    track_api.router,
    accounts_api.router,
    catalog_api.router,
    devices_api.router,
    warranty_api.router,
    sla_api.router,
    repairs_api.router,
    inventory_api.router,
    counter_api.router,
    notifications_api.router,
    audit_api.router,
    software_api.router,
    support_api.router,
    care_api.router,
    defects_api.router,
    insights_api.router,
    community_api.router,
    knowledge_api.router,
    selfhelp_api.router,
    surveys_api.router,
    history_api.router,
)
# Each area's pages.
PAGE_ROUTES = (
    accounts_pages.router,
    notifications_pages.router,
    onboarding_pages.router,
    catalog_pages.router,
    catalog_edit_pages.router,
    catalog_look_pages.router,
    devices_pages.router,
    inventory_pages.router,
    inventory_network_pages.router,
    warranty_pages.router,
    sla_pages.router,
    software_pages.router,
    support_pages.router,
    care_pages.router,
    defects_pages.router,
    insights_pages.router,
    community_pages.router,
    community_brand_pages.router,
    knowledge_pages.router,
    selfhelp_pages.router,
    surveys_pages.router,
    counter_pages.router,
    surveys_answer_pages.router,
    repairs_pages.router,
    admin_pages.router,
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Release the tracking reader's connections at shutdown."""
    yield
    await app.state.reader.close()


def _api_docs(title: str) -> HTMLResponse:
    """Build the Swagger UI page on the vendored files, with a CSP that admits its one script.

    Swagger UI starts from an inline script and styles its elements inline: the page's policy
    allows that script by its hash and inline styles, and still nothing from another origin.
    """
    page = get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title=f"{title} · docs",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
    )
    html = bytes(page.body).decode()
    inline = html.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    csp = (
        f"default-src 'self'; script-src 'self' 'sha256-{digest}'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


def install_limiters(app: FastAPI, settings: Settings) -> None:
    """Give the app its rate limiters (tracking, sign-in per address and per account, survey)."""
    limits = make_storage(settings)
    app.state.track_limiter = RateLimiter(limits, "track", settings.track_limit_per_minute)
    app.state.login_limiter = RateLimiter(limits, "login", settings.login_limit_per_minute)
    app.state.account_limiter = RateLimiter(
        limits, "login-account", settings.login_account_limit, settings.login_account_window_minutes
    )
    app.state.community_limiters = community_limiters(limits, settings)
    app.state.survey_limiter = RateLimiter(limits, "survey", settings.survey_limit_per_minute)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Create the app with its engine, limiters, routes and error handlers."""
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="aftersales API",
        version=__version__,
        description="After-sales service for smartphones: phones, warranty, repair orders, "
        "SLA and public tracking. Errors are RFC 9457 problem details.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below from our own static files
        redoc_url=None,
    )
    pool = (
        {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow}
        if settings.database_url.startswith("postgresql")
        else {}
    )
    engine = make_engine(settings.database_url, **pool)
    app.state.settings = settings
    app.state.engine = engine
    app.state.clock = utcnow
    app.state.signin = SIGN_IN
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.reader = make_reader(
        settings.database_url, settings.db_read_pool_size, engine, app.state.sessionmaker
    )
    install_limiters(app, settings)
    errors.install(app)
    app.add_middleware(SecurityMiddleware, settings=settings, refuse=errors.refuse)

    # Public tracking is answered by a plain Starlette route placed before every other one:
    # FastAPI's per-request work cost a third of this, the busiest read (docs/benchmarks.md).
    # The FastAPI route of the same path below stays as the documented contract (OpenAPI).
    app.router.routes.insert(
        0, Route("/api/v1/track/{code}", track_api.fast_track, methods=["GET"])
    )
    api = APIRouter(prefix="/api/v1")
    for router in API_ROUTES:
        api.include_router(router)
    app.include_router(api)
    for router in PAGE_ROUTES:
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        """Report whether the database answers."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "not healthy"
            return JSONResponse(
                {"status": "error", "database": "unreachable", "detail": type(exc).__name__},
                status_code=503,
            )
        return JSONResponse({"status": "ok", "database": "ok", "version": __version__})

    @app.get("/api/v1/ping", tags=["health"])
    def ping() -> dict[str, str]:
        """Answer without touching the database (the benchmark's baseline)."""
        return {"status": "ok"}

    docs = _api_docs(app.title)

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Serve the interactive API docs from our own files (no script from elsewhere)."""
        return docs

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/track")

    return app
