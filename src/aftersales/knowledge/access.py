"""Who may read and change the knowledge base: the knowledge area's one policy.

A brand's admins (and platform admins) write, review, publish and retire the brand's articles
and known issues; anyone, signed in or not, reads what is published. An article not yet
published, or of another brand, is "not found" to everyone else (404, decision 220).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.catalog.access import may_change_brand
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import NotFound
from aftersales.knowledge.models import Article


def may_edit(actor: Acting | None, brand_id: int) -> bool:
    """Say whether the actor writes, reviews and publishes this brand's knowledge."""
    return actor is not None and may_change_brand(actor, brand_id)


def article_for_staff(session: Session, actor: Acting, article_id: int) -> Article:
    """Return an article the actor edits, or the same NotFound as a missing one."""
    article = session.get(Article, article_id)
    if article is None or not may_edit(actor, article.brand_id):
        raise NotFound("No such article.")
    return article


def public_article(session: Session, actor: Acting | None, article_id: int) -> Article:
    """Return a published article (its brand's staff also read drafts), else NotFound."""
    article = session.get(Article, article_id)
    if article is None or (article.status != "published" and not may_edit(actor, article.brand_id)):
        raise NotFound("No such article.")
    return article
