"""Where the self-help documents come from, in one place: `SOURCES`.

Each source gives a brand's documents and a stamp that changes when they do. The knowledge
base gives its published articles and known issues, stamped with the brand's revision.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

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


KNOWLEDGE = Source("knowledge", knowledge_docs, revision_of)

# Every source of self-help documents. Community answers are added here (one Source whose
# `docs` wraps aftersales.community.search.accepted_answers).
SOURCES: tuple[Source, ...] = (KNOWLEDGE,)
INDEXES = Indexes(SOURCES)
