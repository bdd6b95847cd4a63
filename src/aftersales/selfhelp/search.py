"""The likely fixes for a problem in the owner's words: BM25 (bm25s) over a brand's documents.

Each brand has one index in the process, over the documents its sources give (published
articles and known issues; accepted community answers once wired, see `SOURCES`). An index is
rebuilt when a source's stamp for the brand changes (knowledge: the brand's revision, one read
by key) or when it is older than `REFRESH_SECONDS`, for sources without a stamp (decision 223).
Nothing is downloaded: the stemmers are PyStemmer's, compiled in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from aftersales.selfhelp.words import terms

REFRESH_SECONDS = 300.0
BACKGROUND_FROM = 5_000  # documents: rebuilt in a thread while the old index answers
# How the ranking leans toward the phone and fault the owner chose (measured on the labelled
# set, docs/benchmarks.md table H): the owner's model over the brand's general articles, the
# chosen fault over others; an article of another model is never offered.
MODEL_BOOST = 1.4
FAULT_BOOST = 1.3
OTHER_FAULT = 0.8
LANGUAGE_BOOST = 1.15


@dataclass(frozen=True)
class Doc:
    """One thing the owner may read: an article, a known issue or a community answer."""

    kind: str  # article | known_issue | answer
    id: int
    brand_id: int
    model_id: int | None
    fault_category: str | None
    language: str
    title: str
    text: str
    url: str
    group: int | None = None  # translations share it; one per group is shown
    key: str | None = None  # a stable name (the labelled set's)


@dataclass(frozen=True)
class Source:
    """Where documents come from: all of a brand's, and what tells that they changed."""

    name: str
    docs: Callable[[Session, int], list[Doc]]
    stamp: Callable[[Session, int], object] = lambda _session, _brand_id: None


@dataclass(frozen=True)
class Hit:
    """A document and its score for one query."""

    doc: Doc
    score: float


@dataclass
class Index:
    """A brand's documents ranked by BM25, with arrays for the boosts."""

    docs: list[Doc]
    retriever: bm25s.BM25 | None
    models: np.ndarray = field(repr=False)
    built_at: float = 0.0
    stamp: object = None

    @classmethod
    def build(cls, docs: Sequence[Doc], stamp: object = None) -> Index:
        """Tokenize every document (title twice: it says what the article is about) and index."""
        docs = list(docs)
        retriever = None
        if docs:
            retriever = bm25s.BM25()
            corpus = [terms(f"{d.title} {d.title} {d.text}") or [""] for d in docs]
            retriever.index(corpus, show_progress=False)
        models = np.array([d.model_id or 0 for d in docs], dtype=np.int64)
        return cls(docs, retriever, models, time.monotonic(), stamp)

    def search(
        self,
        text: str,
        *,
        model_id: int | None = None,
        fault_category: str | None = None,
        language: str | None = None,
        k: int = 5,
    ) -> list[Hit]:
        """Return the best `k` documents, one per translation group, for the owner's words."""
        query = terms(text)
        if self.retriever is None or not query:
            return []
        scores = self.retriever.get_scores(query)
        if model_id is not None:
            # Another model's article is never offered; the owner's own is preferred.
            scores = np.where((self.models != 0) & (self.models != model_id), 0.0, scores)
            scores = np.where(self.models == model_id, scores * MODEL_BOOST, scores)
        top = np.argpartition(-scores, min(len(scores) - 1, 8 * k))[: 8 * k]
        ranked: list[Hit] = []
        for i in top:
            score = float(scores[i])
            if score <= 0:
                continue
            doc = self.docs[int(i)]
            if fault_category and doc.fault_category:
                score *= FAULT_BOOST if doc.fault_category == fault_category else OTHER_FAULT
            if language and doc.language == language:
                score *= LANGUAGE_BOOST
            ranked.append(Hit(doc, score))
        ranked.sort(key=lambda h: (-h.score, h.doc.kind, h.doc.id))
        seen: set[tuple[str, int]] = set()
        shown: list[Hit] = []
        for hit in ranked:
            group = (hit.doc.kind, hit.doc.group or hit.doc.id)
            if group not in seen:
                seen.add(group)
                shown.append(hit)
        return shown[:k]


class Indexes:
    """The process's indexes, one per brand, rebuilt when their sources' stamps change.

    A large index (`BACKGROUND_FROM` documents or more) is rebuilt in a thread of its own with
    its own session while the old one keeps answering: at 110,000 documents a build takes
    tens of seconds, which no owner should wait for. The first build is always in the request.
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = tuple(sources)
        self._kept: dict[int, Index] = {}
        self._building: set[int] = set()
        self._lock = threading.Lock()

    def _stamp(self, session: Session, brand_id: int) -> tuple[object, ...]:
        # The database it was read from is part of it: a process (or a test run) that reads
        # another database's brand of the same id must not take this one's index.
        where = id(session.get_bind())
        return (where, *(source.stamp(session, brand_id) for source in self.sources))

    def _fresh(self, kept: Index | None, stamp: object) -> bool:
        return kept is not None and kept.stamp == stamp and not self._old(kept)

    def for_brand(self, session: Session, brand_id: int) -> Index:
        """Return the brand's index, built again if its content changed (one read per source)."""
        stamp = self._stamp(session, brand_id)
        kept = self._kept.get(brand_id)
        if self._fresh(kept, stamp):
            assert kept is not None
            return kept
        bind = session.get_bind()
        if kept is not None and len(kept.docs) >= BACKGROUND_FROM and isinstance(bind, Engine):
            self._rebuild_later(bind, brand_id)
            return kept
        with self._lock:  # one build at a time; others wait and take it
            kept = self._kept.get(brand_id)
            if self._fresh(kept, stamp):
                assert kept is not None
                return kept
            built = self._build(session, brand_id, stamp)
            self._kept[brand_id] = built
            return built

    def _build(self, session: Session, brand_id: int, stamp: object) -> Index:
        docs = [d for source in self.sources for d in source.docs(session, brand_id)]
        return Index.build(docs, stamp)

    def _rebuild_later(self, engine: Engine, brand_id: int) -> None:
        """Start one rebuild of the brand's index in a thread (none if one runs already)."""
        with self._lock:
            if brand_id in self._building:
                return
            self._building.add(brand_id)

        def run() -> None:
            try:
                with Session(bind=engine) as session:
                    built = self._build(session, brand_id, self._stamp(session, brand_id))
                self._kept[brand_id] = built
            finally:
                self._building.discard(brand_id)

        threading.Thread(target=run, name=f"selfhelp-index-{brand_id}", daemon=True).start()

    @staticmethod
    def _old(index: Index) -> bool:
        return time.monotonic() - index.built_at > REFRESH_SECONDS

    def clear(self) -> None:
        """Forget every index (tests that rebuild the database)."""
        self._kept.clear()
