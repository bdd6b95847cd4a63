"""The knowledge pages: the brand staff's list and editor, and the public article page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import Response
from pydantic import BaseModel

from aftersales.accounts.deps import PageDep
from aftersales.catalog import queries as catalogue
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import brand_of, day
from aftersales.http.deps import DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page, form_errors, register_globals, register_words
from aftersales.kernel.errors import DomainError, NotFound, Problems
from aftersales.kernel.i18n import N_
from aftersales.kernel.markdown import render_article as render
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.knowledge import drafts, queries, service
from aftersales.knowledge import sections as _sections  # noqa: F401 - registers the repair page's section
from aftersales.knowledge.access import article_for_staff, public_article
from aftersales.knowledge.models import LANGUAGES, Article
from aftersales.knowledge.queries import ArticleFilter
from aftersales.knowledge.service import MOVES, ArticleFields
from aftersales.knowledge.words import (
    ARTICLE_KINDS,
    ARTICLE_MOVES,
    ARTICLE_STATUSES,
    LANGUAGE_NAMES,
)
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)
register_words(
    ARTICLE_STATUSES=ARTICLE_STATUSES,
    ARTICLE_KINDS=ARTICLE_KINDS,
    ARTICLE_MOVES=ARTICLE_MOVES,
    FAULTS=FAULTS,
)
register_globals(markdown=render, article_languages=LANGUAGE_NAMES)
EDITED = (
    "title",
    "body",
    "language",
    "model_id",
    "fault_category",
    "kind",
    "remedy",
    "since",
    "until",
    "key",
)


def _link(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    """The brand page's way in to its knowledge base and self-help figures."""
    return {}


BRAND_HOME.add(Section(3, "knowledge/brand_link.html", _link, wide=True))


def _choice(raw: str, allowed: Any) -> str | None:
    return raw if raw in allowed else None


@router.get("/brand/knowledge")
def article_list(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    status: str = "",
    language: str = "",
    model_id: str = "",
    fault_category: str = "",
    page_no: int = 1,
) -> Response:
    """List the brand's articles and known issues, 25 a page, filtered, newest change first."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    f = ArticleFilter(
        status=_choice(status, ARTICLE_STATUSES),
        language=_choice(language, LANGUAGES),
        model_id=int(model_id) if model_id.isdigit() and len(model_id) < 10 else None,
        fault_category=_choice(fault_category, FAULTS),
    )
    page_no = page_number(page_no)
    found = queries.list_articles(session, brand.id, f, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    query = {
        "brand_id": brand.id,
        "status": f.status or "",
        "language": f.language or "",
        "model_id": f.model_id or "",
        "fault_category": f.fault_category or "",
    }
    return page.render(
        "knowledge/list.html",
        brand=brand,
        rows=found.rows,
        total=found.total,
        query=query,
        models=catalogue.list_models(session, brand.id),
        faults=FAULTS,
        page_no=page_no,
        pages=page_count(found.total),
        pages_more=found.capped,
    )


def _editor(
    page: Page[Any],
    session: DbSession,
    brand: Brand,
    article: Article | None,
    values: dict[str, str],
    errors: dict[str, str],
    code: int = 200,
) -> Response:
    others = queries.translations(session, article) if article else []
    missing = [
        lang
        for lang in LANGUAGES
        if article and lang != article.language and lang not in {o.language for o in others}
    ]
    moves = [a for a, (froms, _) in MOVES.items() if article and article.status in froms]
    return page.render(
        "knowledge/edit.html",
        code,
        brand=brand,
        article=article,
        values=values,
        errors=errors,
        models=catalogue.list_models(session, brand.id),
        faults=FAULTS,
        translations=others,
        missing=missing,
        moves=moves,
        saved=page.request.query_params.get("saved"),
    )


class ArticleForm(BaseModel):
    """The editor's form as typed, kept as text so a wrong field comes back unchanged."""

    title: str = ""
    body: str = ""
    language: str = ""
    model_id: str = ""
    fault_category: str = ""
    kind: str = "article"
    remedy: str = ""
    since: str = ""
    until: str = ""
    key: str = ""
    translation_of: str = ""  # a new translation's original (new articles only)
    version: str = ""  # the version the editor read (saved articles only)
    csrf: str = ""

    def values(self) -> dict[str, str]:
        """Return the fields the editor shows again."""
        return self.model_dump(exclude={"csrf"})


def _values(article: Article) -> dict[str, str]:
    out = {
        name: "" if getattr(article, name) is None else str(getattr(article, name))
        for name in EDITED
    }
    out["version"] = str(article.version)
    return out


def _fields(values: dict[str, str]) -> ArticleFields:
    """Read the editor's form, raising every wrong field at once."""
    problems = Problems()
    since = problems.check(lambda: day(values["since"].strip(), "since"))
    until = problems.check(lambda: day(values["until"].strip(), "until"))
    problems.raise_if_any(N_("The article cannot be saved."))
    model = values["model_id"].strip()
    return ArticleFields(
        title=values["title"],
        body=values["body"],
        language=values["language"],
        model_id=int(model) if model.isdigit() and len(model) < 10 else None,
        fault_category=values["fault_category"] or None,
        kind=values["kind"] or "article",
        remedy=values["remedy"],
        since=since,
        until=until,
        key=values["key"],
    )


@router.get("/brand/knowledge/new")
def new_article(
    page: PageDep,
    session: DbSession,
    brand_id: int | None = None,
    translation_of: int | None = None,
    kind: str = "article",
) -> Response:
    """Show an empty editor; a translation starts from the original's scope."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    values = dict.fromkeys(EDITED, "") | {
        "language": page.lang,
        "kind": _choice(kind, ARTICLE_KINDS) or "article",
    }
    if translation_of is not None:
        assert page.user is not None
        try:
            original = article_for_staff(session, page.user, translation_of)
        except NotFound:
            return page.render("error.html", 404, message=N_("No such article."))
        values |= {
            k: v
            for k, v in _values(original).items()
            if k not in ("title", "body", "language", "version")
        }
        values["language"] = next((x for x in LANGUAGES if x != original.language), "en")
        values["translation_of"] = str(original.id)
    return _editor(page, session, brand, None, values, {})


@router.post("/brand/knowledge/new")
def create_article(
    page: PageDep,
    session: DbSession,
    now: Now,
    form: Annotated[ArticleForm, Form()],
    brand_id: int | None = None,
) -> Response:
    """Write a draft; a wrong form comes back with each field's message and nothing lost."""
    brand = brand_of(page, session, brand_id)
    if isinstance(brand, Response):
        return brand
    assert page.user is not None
    values = form.values()
    if not page.check_csrf(form.csrf):
        return _editor(
            page,
            session,
            brand,
            None,
            values,
            {"form": N_("The form expired. Please try again.")},
            422,
        )
    original = form.translation_of
    original_id = int(original) if original.isdigit() and len(original) < 10 else None
    try:
        article = service.create_article(
            session, page.user, brand.id, _fields(values), now, translation_of=original_id
        )
    except DomainError as exc:
        session.rollback()
        return _editor(page, session, brand, None, values, form_errors(exc), 422)
    return page.redirect(f"/brand/knowledge/{article.id}?saved=1")


@router.post("/brand/knowledge/from-repair")
def draft_from_repair(
    page: PageDep,
    session: DbSession,
    now: Now,
    code: str = Form(""),
    event_id: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Offer a repair's public note as an article draft of its brand (its admins)."""
    if page.user is None:
        return page.to_login()
    note_id = int(event_id) if event_id.isdigit() and len(event_id) < 10 else 0
    try:
        if not page.check_csrf(csrf):
            raise NotFound("No such note.")
        article = drafts.draft_from_note(session, page.user, code[:40], note_id, page.lang, now)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such note."))
    return page.redirect(f"/brand/knowledge/{article.id}?saved=1")


def _staff_article(page: Page[Any], session: DbSession, article_id: int) -> Article | Response:
    if page.user is None:
        return page.to_login()
    try:
        return article_for_staff(session, page.user, article_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such article."))


@router.get("/brand/knowledge/{article_id}")
def edit_article(page: PageDep, session: DbSession, article_id: int) -> Response:
    """Show an article's editor, its translations and the moves it may make."""
    article = _staff_article(page, session, article_id)
    if isinstance(article, Response):
        return article
    return _editor(page, session, article.brand, article, _values(article), {})


@router.post("/brand/knowledge/{article_id}")
def save_article(
    page: PageDep,
    session: DbSession,
    now: Now,
    article_id: int,
    form: Annotated[ArticleForm, Form()],
) -> Response:
    """Save an article's words and scope (the version guards against someone else's change)."""
    article = _staff_article(page, session, article_id)
    if isinstance(article, Response):
        return article
    assert page.user is not None
    values = form.values()
    brand = article.brand
    if not page.check_csrf(form.csrf):
        return _editor(
            page,
            session,
            brand,
            article,
            values,
            {"form": N_("The form expired. Please try again.")},
            422,
        )
    try:
        service.update_article(
            session,
            page.user,
            article.id,
            _fields(values),
            now,
            version=int(form.version) if form.version.isdigit() else None,
        )
    except DomainError as exc:
        session.rollback()
        article = article_for_staff(session, page.user, article_id)
        return _editor(page, session, article.brand, article, values, form_errors(exc), 422)
    return page.redirect(f"/brand/knowledge/{article.id}?saved=1")


@router.post("/brand/knowledge/{article_id}/{move}")
def move_article(
    page: PageDep,
    session: DbSession,
    now: Now,
    article_id: int,
    move: str,
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Send for review, publish, retire (…) an article; refused moves say why."""
    article = _staff_article(page, session, article_id)
    if isinstance(article, Response):
        return article
    assert page.user is not None
    if not page.check_csrf(csrf):
        return _editor(
            page,
            session,
            article.brand,
            article,
            _values(article),
            {"form": N_("The form expired. Please try again.")},
            422,
        )
    try:
        service.move_article(
            session,
            page.user,
            article.id,
            move,
            now,
            version=int(version) if version.isdigit() else None,
        )
    except DomainError as exc:
        session.rollback()
        article = article_for_staff(session, page.user, article_id)
        return _editor(
            page, session, article.brand, article, _values(article), form_errors(exc), 409
        )
    return page.redirect(f"/brand/knowledge/{article.id}?saved=1")


def _public(page: Page[Any], session: DbSession, article_id: int) -> Article | Response:
    try:
        return public_article(session, page.user, article_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such article."))


@router.get("/help/articles/{article_id}")
def read_article(page: PageDep, session: DbSession, article_id: int) -> Response:
    """Show a published article to anyone (its brand's staff also preview drafts)."""
    article = _public(page, session, article_id)
    if isinstance(article, Response):
        return article
    return page.render(
        "knowledge/article.html",
        article=article,
        translations=[t for t in queries.translations(session, article) if t.status == "published"],
        thanks=page.request.query_params.get("thanks"),
    )


@router.post("/help/articles/{article_id}/feedback")
def article_feedback(
    page: PageDep,
    session: DbSession,
    now: Now,
    article_id: int,
    helpful: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record "did this help?" once per account, or per browser for those not signed in."""
    article = _public(page, session, article_id)
    if isinstance(article, Response):
        return article
    if article.status == "published" and page.check_csrf(csrf) and helpful in ("yes", "no"):
        voter = service.voter_key(page.user.id if page.user else None, page.csrf)
        service.give_feedback(session, article, voter, helpful == "yes", now)
    return page.redirect(f"/help/articles/{article.id}?thanks=1#feedback")
