"""Use cases of the knowledge base: write, review, publish and retire articles; readers' feedback.

The life of an article is one table (`MOVES`): draft → in review → published → retired, back
to draft from review or from retired. Its brand's admins make every move; whoever publishes is
its reviewer, and publishing one's own article is allowed but named in the audit row
(`self_reviewed`, decision 221). Every change writes an audit row; a change to what the public
reads bumps the brand's revision, so the self-help index is rebuilt on its next query.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import get_brand_for
from aftersales.catalog.models import PhoneModel
from aftersales.db import insert_ignoring_conflicts
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, InvalidTransition, Problems, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import SHORT, check_texts
from aftersales.knowledge.access import article_for_staff
from aftersales.knowledge.models import KINDS, LANGUAGES, Article, ArticleFeedback, Revision
from aftersales.repairs.models import FAULT_CATEGORIES

FIELDS = (
    "model_id",
    "fault_category",
    "language",
    "kind",
    "key",
    "title",
    "body",
    "remedy",
    "since",
    "until",
    "status",
    "group_id",
    "reviewer_id",
)
BODY_LIMIT = 20_000
# action: (statuses it leaves, status it reaches)
MOVES = {
    "submit": (("draft",), "in_review"),
    "return": (("in_review",), "draft"),
    "publish": (("in_review",), "published"),
    "retire": (("published",), "retired"),
    "reopen": (("retired",), "draft"),
}


@dataclass
class ArticleFields:
    """What brand staff write: where the article applies, its language, its words."""

    title: str
    body: str
    language: str = "en"
    model_id: int | None = None
    fault_category: str | None = None
    kind: str = "article"
    remedy: str | None = None
    since: date | None = None
    until: date | None = None
    key: str | None = None


def _check(session: Session, brand_id: int, fields: ArticleFields) -> None:
    """Raise every wrong field at once (the form shows each under its input)."""
    problems = Problems()
    errors = problems.errors
    if not fields.title.strip():
        errors["title"] = N_("Write a title.")
    if len(fields.body) > BODY_LIMIT:
        errors["body"] = N_("Use at most 20,000 characters.")
    elif "\x00" in fields.body:
        errors["body"] = N_(
            "Remove the invisible NUL character from this text; it cannot be stored."
        )
    check_texts(errors, SHORT, title=fields.title, remedy=fields.remedy, key=fields.key)
    if fields.language not in LANGUAGES:
        errors["language"] = N_("Choose a language.")
    if fields.kind not in KINDS:
        errors["kind"] = N_("Choose what this is.")
    if fields.fault_category is not None and fields.fault_category not in FAULT_CATEGORIES:
        errors["fault_category"] = N_("Choose what is wrong.")
    if fields.model_id is not None:
        model = session.get(PhoneModel, fields.model_id)
        if model is None or model.brand_id != brand_id:
            errors["model_id"] = N_("Choose one of the brand's models.")
    if fields.kind == "known_issue":
        if fields.model_id is None:
            errors.setdefault("model_id", N_("A known issue is of one model: choose it."))
        if not (fields.remedy or "").strip():
            errors["remedy"] = N_("Say what the brand does about it, e.g. free replacement.")
    if fields.since and fields.until and fields.until < fields.since:
        errors["until"] = N_("The last day comes after the first.")
    problems.raise_if_any(N_("The article cannot be saved."))


def _write(article: Article, fields: ArticleFields) -> None:
    article.title, article.body = fields.title.strip(), fields.body.replace("\r\n", "\n")
    article.language, article.kind = fields.language, fields.kind
    article.model_id, article.fault_category = fields.model_id, fields.fault_category
    known = fields.kind == "known_issue"
    article.remedy = (fields.remedy or "").strip() or None if known else None
    article.since, article.until = (fields.since, fields.until) if known else (None, None)
    article.key = (fields.key or "").strip() or None


def bump(session: Session, brand_id: int) -> None:
    """Count one more change of the brand's published knowledge (the index's freshness)."""
    done = session.execute(
        update(Revision).where(Revision.brand_id == brand_id).values(revision=Revision.revision + 1)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        session.execute(
            insert_ignoring_conflicts(session, Revision, {"brand_id": brand_id, "revision": 1})
        )


def revision_of(session: Session, brand_id: int) -> int:
    """Return how many times the brand's published knowledge changed (one read by key)."""
    return session.scalar(select(Revision.revision).where(Revision.brand_id == brand_id)) or 0


def create_article(
    session: Session,
    actor: Acting,
    brand_id: int,
    fields: ArticleFields,
    now: datetime,
    *,
    translation_of: int | None = None,
    origin: str | None = None,
) -> Article:
    """Write a draft; `translation_of` links it to another article as its translation.

    `origin` names what it was written from (a repair's note), in the audit row.
    """
    brand = get_brand_for(session, actor, brand_id)
    _check(session, brand.id, fields)
    group_id = None
    if translation_of is not None:
        original = article_for_staff(session, actor, translation_of)
        if original.brand_id != brand.id:
            raise ValidationFailed(
                N_("The article cannot be saved."),
                {"translation_of": N_("Choose an article of this brand.")},
            )
        group_id = original.group_id or original.id
        taken = session.scalar(
            select(Article.id).where(
                Article.group_id == group_id, Article.language == fields.language
            )
        )
        if taken is not None:
            raise ValidationFailed(
                N_("The article cannot be saved."),
                {"language": N_("This article has a translation in this language already.")},
            )
    article = Article(
        brand_id=brand.id,
        status="draft",
        author_id=actor.id,
        created_at=now,
        updated_at=now,
        group_id=group_id,
    )
    _write(article, fields)
    _unique_key(session, brand.id, article)
    session.add(article)
    session.flush()
    if article.group_id is None:  # it starts its group: set in SQL, so the version stays 1
        session.execute(
            update(Article)
            .where(Article.id == article.id)
            .values(group_id=article.id)
            .execution_options(synchronize_session=False)
        )
        set_committed_value(article, "group_id", article.id)
    record(
        session,
        actor,
        Action.created,
        "knowledge_article",
        article.id,
        now,
        new=snapshot(article, FIELDS) | ({"origin": origin} if origin else {}),
        brand_id=brand.id,
    )
    return article


def _unique_key(session: Session, brand_id: int, article: Article) -> None:
    if article.key is None:
        return
    clash = session.scalar(
        select(Article.id).where(
            Article.brand_id == brand_id,
            Article.key == article.key,
            Article.language == article.language,
            Article.id != article.id,
        )
    )
    if clash is not None:
        raise ValidationFailed(
            N_("The article cannot be saved."),
            {"key": N_("Another article in this language has this key.")},
        )


def _fresh(article: Article, version: int | None) -> None:
    if version is not None and version != article.version:
        raise Conflict(N_("Someone else changed this article meanwhile. Reload it and try again."))


def update_article(
    session: Session,
    actor: Acting,
    article_id: int,
    fields: ArticleFields,
    now: datetime,
    *,
    version: int | None = None,
) -> Article:
    """Change an article's words or scope; a published one stays published (audited)."""
    article = article_for_staff(session, actor, article_id)
    _fresh(article, version)
    _check(session, article.brand_id, fields)
    if fields.language != article.language:
        taken = session.scalar(
            select(Article.id).where(
                Article.group_id == article.group_id, Article.language == fields.language
            )
        )
        if taken is not None:
            raise ValidationFailed(
                N_("The article cannot be saved."),
                {"language": N_("This article has a translation in this language already.")},
            )
    old = snapshot(article, FIELDS)
    _write(article, fields)
    _unique_key(session, article.brand_id, article)
    new = snapshot(article, FIELDS)
    if new != old:
        article.updated_at = now
        session.flush()
        if article.status == "published":
            bump(session, article.brand_id)
    record(
        session,
        actor,
        Action.updated,
        "knowledge_article",
        article.id,
        now,
        old=old,
        new=new,
        brand_id=article.brand_id,
    )
    return article


def move_article(
    session: Session,
    actor: Acting,
    article_id: int,
    action: str,
    now: datetime,
    *,
    version: int | None = None,
) -> Article:
    """Make one move of the review table (submit, return, publish, retire, reopen)."""
    article = article_for_staff(session, actor, article_id)
    _fresh(article, version)
    if action not in MOVES or article.status not in MOVES[action][0]:
        allowed = [a for a, (froms, _) in MOVES.items() if article.status in froms]
        raise InvalidTransition(N_("This article cannot make that move now."), allowed)
    old = snapshot(article, FIELDS)
    was_public = article.status == "published"
    article.status = MOVES[action][1]
    article.updated_at = now
    extra: dict[str, object] = {}
    if action == "publish":
        article.reviewer_id, article.published_at = actor.id, now
        extra["self_reviewed"] = actor.id is not None and actor.id == article.author_id
    session.flush()
    if was_public or article.status == "published":
        bump(session, article.brand_id)
    new = {**snapshot(article, FIELDS), **extra}
    record(
        session,
        actor,
        Action.updated,
        "knowledge_article",
        article.id,
        now,
        old=old,
        new=new,
        brand_id=article.brand_id,
    )
    return article


def voter_key(account_id: int | None, browser_token: str) -> str:
    """Return who votes: the account, else a hash of the browser's own anonymous token."""
    if account_id is not None:
        return f"a:{account_id}"
    return "b:" + hashlib.sha256(browser_token.encode()).hexdigest()[:64]


def give_feedback(
    session: Session, article: Article, voter: str, helpful: bool, now: datetime
) -> bool:
    """Record one reader's "did this help?" once; False when they had answered already."""
    row = {"article_id": article.id, "voter": voter, "helpful": helpful, "created_at": now}
    stmt = insert_ignoring_conflicts(session, ArticleFeedback, row)
    if session.scalar(stmt.returning(ArticleFeedback.id)) is None:  # answered already
        return False
    column = Article.helpful_yes if helpful else Article.helpful_no
    # A counter moved in SQL: two readers at once both count; the version stays (not an edit).
    session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values({column: column + 1})
        .execution_options(synchronize_session=False)
    )
    return True
