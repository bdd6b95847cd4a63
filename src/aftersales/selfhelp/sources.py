"""Where the self-help documents come from, in one place: `SOURCES`.

Each source gives a brand's documents and a stamp that changes when they do. The knowledge
base gives its published articles and known issues, stamped with the brand's revision; the
community gives the accepted answers of its visible questions, stamped with their count.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.community.search import accepted_answers, accepted_stamp
from aftersales.kernel.markdown import plain
from aftersales.knowledge import queries as knowledge
from aftersales.knowledge.service import revision_of
from aftersales.selfhelp.search import Doc, Indexes, Source


def knowledge_docs(session: Session, brand_id: int) -> list[Doc]:
    """Return the brand's published articles and known issues as documents."""
    return [
        Doc(
            kind=a.kind,
            id=a.id,
            brand_id=a.brand_id,
            model_id=a.model_id,
            fault_category=a.fault_category,
            language=a.language,
            title=a.title,
            # A known issue's remedy is what the owner looks for ("free replacement").
            text=plain(a.body) + (f"\n{a.remedy}" if a.remedy else ""),
            url=f"/help/articles/{a.id}",
            group=a.group_id,
            key=a.key,
        )
        for a in knowledge.published(session, brand_id)
    ]


def community_docs(session: Session, brand_id: int) -> list[Doc]:
    """Return the accepted answers of the brand's visible questions as documents."""
    return [
        # The question's title is what the owner's words resemble; the answer is the fix.
        Doc("answer", id_, brand_id, model_id, fault, language, title, plain(text), url)
        for id_, model_id, fault, language, title, text, url in accepted_answers(session, brand_id)
    ]


KNOWLEDGE = Source("knowledge", knowledge_docs, revision_of)
COMMUNITY = Source("community", community_docs, accepted_stamp)

# Every source of self-help documents.
SOURCES: tuple[Source, ...] = (KNOWLEDGE, COMMUNITY)
INDEXES = Indexes(SOURCES)
