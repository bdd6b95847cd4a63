"""A cluster of similar complaints in the owners' own words (decisions 283-285).

The texts are the brand's repairs' problems and its community questions (title and body) of
the last `RECENT_WEEKS` and the `BACKGROUND_WEEKS` before, about `MAX_RECENT` and
`MAX_BACKGROUND` of them at most, each kind thinned by one fraction in both periods. Each
text becomes two TF-IDF blocks (scikit-learn): its words in every search form self-help uses
(accents kept and dropped, English and Italian stems), and the ideas it names from
`defects.lexicon`, which carry a complaint across the three languages. The recent texts are
grouped by average-linkage clustering on cosine distance (at most `1 - SIMILAR`). For each
group of at least `MIN_SIZE`, every text of both periods within `SIMILAR` of the group's
centroid counts: given their sum, the recent count is binomial with the recent period's share
of all texts when the words are as common as before. The exact one-sided test,
Benjamini-Hochberg over the groups (at `FDR` shared out over the weekly looks, `PER_LOOK`),
and a ratio of at least `MIN_RATIO` make a finding, named by its ideas and words.
Complete weeks only are read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from scipy import sparse, stats
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from aftersales.community.models import CommunityQuestion
from aftersales.defects.findings import Finding, Week
from aftersales.defects.lexicon import ideas, names_an_idea
from aftersales.defects.releases import rate_ratio
from aftersales.defects.sql import monday
from aftersales.defects.words import CLUSTER_METHOD
from aftersales.repairs.models import RepairOrder
from aftersales.selfhelp.words import WORD, bare, terms

RECENT_WEEKS = 4
BACKGROUND_WEEKS = 22
MAX_RECENT = 2000  # texts clustered (about): the distance matrix is this squared
MAX_BACKGROUND = 20000
BUCKETS = 10_000  # a kind is thinned to a whole number of these
SCATTER = 6_181  # about 0.618 x BUCKETS: consecutive ids fall evenly over the buckets
MAX_CHARS = 1000  # of each text
IDEA_WEIGHT = 0.85  # the ideas' share of a text's vector, the words' the rest
SIMILAR = 0.5  # cosine similarity to a group's centroid that makes a text one of it
MIN_SIZE = 5
MIN_BACKGROUND = 10  # texts of the background weeks below which nothing is judged
MIN_RATIO = 2.0
DOMINANT = 0.6  # share of a group's texts that names its model or fault
FDR = 0.05
# A group is looked at every week its texts are recent: the error rate is shared over those
# looks (Bonferroni), so an episode as a whole keeps about FDR.
PER_LOOK = FDR / RECENT_WEEKS
METHOD = CLUSTER_METHOD


@dataclass(frozen=True)
class Text:
    """One complaint: a repair's problem or a community question."""

    kind: str  # repair | question
    id: int
    model_id: int
    fault: str
    day: date
    text: str


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date() if at.tzinfo else at.date()


def _kinds(brand_id: int, low: datetime, high: datetime) -> dict[str, tuple[Any, list[Any]]]:
    """Return each kind's table and the conditions that pick the brand's texts of [low, high)."""
    r, q = RepairOrder, CommunityQuestion
    return {
        "repair": (r, [r.brand_id == brand_id, r.created_at >= low, r.created_at < high]),
        "question": (
            q,
            [q.brand_id == brand_id, q.hidden.is_(False), q.created_at >= low, q.created_at < high],
        ),
    }


def _span(since: date, until: date) -> tuple[datetime, datetime]:
    low, high = (datetime.combine(d, time(0), tzinfo=UTC) for d in (since, until))
    return low, high


def count_texts(session: Session, brand_id: int, since: date, until: date) -> dict[str, int]:
    """Return how many complaints of each kind the brand has in [since, until)."""
    return {
        kind: session.scalar(select(func.count()).select_from(table).where(*where)) or 0
        for kind, (table, where) in _kinds(brand_id, *_span(since, until)).items()
    }


def budgets(counts: dict[str, int], total: int) -> dict[str, int]:
    """Share `total` texts between the kinds evenly; a kind's unused share goes to the others."""
    out, left = {}, total
    for i, (kind, n) in enumerate(sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))):
        out[kind] = min(n, left // (len(counts) - i))
        left -= out[kind]
    return out


def shares(recent: dict[str, int], background: dict[str, int]) -> dict[str, int]:
    """Return the buckets (of BUCKETS) of each kind read, the same in both periods.

    A kind is thinned by one fraction in both periods, the smaller its two caps ask for:
    thinned differently (or cut at the newest, as before), a topic told in one kind only
    would look more or less common lately merely because its kind was kept more (decision 296).
    """
    mine, theirs = budgets(recent, MAX_RECENT), budgets(background, MAX_BACKGROUND)
    out = {}
    for kind in recent:
        part = min(
            1.0,
            mine[kind] / recent[kind] if recent[kind] else 1.0,
            theirs[kind] / background[kind] if background[kind] else 1.0,
        )
        out[kind] = max(1, int(part * BUCKETS))
    return out


def read_texts(
    session: Session, brand_id: int, since: date, until: date, kept: dict[str, int]
) -> list[Text]:
    """Return the brand's complaints of [since, until), each kind in its `kept` buckets."""
    kinds = _kinds(brand_id, *_span(since, until))
    out = []
    for kind, (table, where) in kinds.items():
        if kept[kind] < BUCKETS:
            # Ids scattered over the buckets by the golden ratio: even in time, not random
            # (64-bit: PostgreSQL's integers overflow past 347,000 ids).
            where = [*where, (cast(table.id, BigInteger) * SCATTER) % BUCKETS < kept[kind]]
        columns = [table.problem] if kind == "repair" else [table.title, table.body]
        # Newest first within a kind; a run reads the same texts whenever it runs.
        rows = session.execute(
            select(table.id, table.model_id, table.fault_category, table.created_at, *columns)
            .where(*where)
            .order_by(table.created_at.desc(), table.id.desc())
        ).all()
        for i, m, f, at, *words in rows:
            text = (words[0] or "") if kind == "repair" else f"{words[0]}. {words[1]}"
            out.append(Text(kind, i, m, f, _day(at), text[:MAX_CHARS]))
    return out


def _vectors(texts: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Return each text's unit vector (its ideas and its words, weighted) and the features."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: only when run
    from sklearn.preprocessing import normalize

    blocks, names = [], []
    for weight, analyzer in ((IDEA_WEIGHT, ideas), (1 - IDEA_WEIGHT, terms)):
        vectoriser = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
        try:
            block = vectoriser.fit_transform(texts)
        except ValueError:  # no text has any token of this kind
            continue
        blocks.append(block * weight)
        names += [str(n) for n in vectoriser.get_feature_names_out()]
    if not blocks:
        return sparse.csr_matrix((len(texts), 0)), []
    return normalize(sparse.hstack(blocks).tocsr()), names


def complaint_clusters(session: Session, brand_id: int, today: date) -> list[Finding]:
    """Return the groups of similar complaints clearly more common lately than before."""
    from sklearn.preprocessing import normalize  # heavy: only when the job runs

    # Complete weeks only: any day of a week the run reads the same.
    until = monday(today)
    recent_from = until - timedelta(weeks=RECENT_WEEKS)
    background_from = recent_from - timedelta(weeks=BACKGROUND_WEEKS)
    today = until - timedelta(days=1)
    # Each kind (repairs, questions) is thinned alike in both periods, so they compare.
    kept = shares(
        count_texts(session, brand_id, recent_from, until),
        count_texts(session, brand_id, background_from, recent_from),
    )
    recent = read_texts(session, brand_id, recent_from, until, kept)
    background = read_texts(session, brand_id, background_from, recent_from, kept)
    if len(recent) < MIN_SIZE or len(background) < MIN_BACKGROUND:
        return []
    texts = recent + background
    matrix, names = _vectors([t.text for t in texts])
    mine = matrix[: len(recent)]
    groups = _groups(mine)
    tests = []
    seen: set[str] = set()
    for members in groups:
        centroid = normalize(np.asarray(mine[members].mean(axis=0)))
        near = np.asarray(matrix @ centroid.T).ravel() >= SIMILAR
        near &= np.asarray(matrix.getnnz(axis=1)) > 0
        x1, x0 = int(near[: len(recent)].sum()), int(near[len(recent) :].sum())
        if x1 < MIN_SIZE:
            continue
        chosen = [t for t, hit in zip(texts, near, strict=True) if hit]
        finding = _candidate(brand_id, chosen, centroid.ravel(), names, recent_from, today)
        if finding["key"] in seen:
            continue
        seen.add(finding["key"])
        p = float(stats.binom.sf(x1 - 1, x1 + x0, len(recent) / len(texts)))
        tests.append((finding, x1, x0, p, chosen))
    if not tests:
        return []
    adjusted = stats.false_discovery_control([t[3] for t in tests], method="bh")
    out = []
    for (found, x1, x0, _p, chosen), q in zip(tests, adjusted, strict=True):
        ratio, low, high = rate_ratio(x1, x0, len(recent), len(background))
        if q > PER_LOOK or ratio < MIN_RATIO:
            continue
        expected = max(x0, 0.5) * len(recent) / len(background)
        weeks = _weeks(texts, chosen, x0 / len(background), background_from, today)
        started = next(
            (w.start for w in weeks if w.start >= recent_from and w.observed > w.expected),
            recent_from,
        )
        out.append(
            Finding(
                kind="cluster",
                brand_id=brand_id,
                started_on=started,
                observed=x1,
                expected=round(expected, 3),
                ratio=round(ratio, 3),
                low=round(low, 3),
                high=round(high, 3),
                method=METHOD,
                p_value=float(q),
                weeks=weeks,
                software_version=None,
                **found,
            )
        )
    return out


def _groups(vectors: sparse.csr_matrix) -> list[np.ndarray]:
    """Return the indices of each group of similar recent texts of at least MIN_SIZE."""
    from sklearn.cluster import AgglomerativeClustering  # heavy: only when the job runs

    live = np.flatnonzero(vectors.getnnz(axis=1) > 0)
    if len(live) < MIN_SIZE:
        return []
    similarity = (vectors[live] @ vectors[live].T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - SIMILAR,
    ).fit_predict(distance)
    sizes = Counter(labels.tolist())
    return [live[labels == label] for label, size in sizes.most_common() if size >= MIN_SIZE]


def _candidate(
    brand_id: int,
    chosen: list[Text],
    centroid: np.ndarray,
    names: list[str],
    recent_from: date,
    today: date,
) -> dict[str, Any]:
    """Return a group's name, model, fault and evidence (its recent texts, newest first)."""
    order = np.argsort(-centroid, kind="stable")
    top = [names[i] for i in order[:40] if centroid[i] > 0]
    concepts = [n[1:] for n in top if n.startswith("#")][:4]
    # Then the words as written (not stems), once each (a word and its bare form are one),
    # beyond those the ideas name.
    written = {w for t in chosen for w in WORD.findall(t.text.lower())}
    readable, bares = [], set()
    for name in top:
        if name not in written or len(name) < 3 or not name.isalpha() or names_an_idea(name):
            continue
        if bare(name) not in bares:
            bares.add(bare(name))
            readable.append(name)
    words = tuple(dict.fromkeys(concepts + readable))[:6]
    recent = sorted((t for t in chosen if t.day >= recent_from), key=lambda t: (t.day, t.id))
    recent.reverse()
    models = Counter(t.model_id for t in recent).most_common(1)
    faults = Counter(t.fault for t in recent).most_common(1)
    model_id = models[0][0] if models and models[0][1] >= DOMINANT * len(recent) else None
    fault = faults[0][0] if faults and faults[0][1] >= DOMINANT * len(recent) else None
    # Stable across runs: the group's leading ideas (else words), sorted, and its model.
    named = sorted(concepts[:3] or list(words[:3]))
    return {
        "key": f"cluster:{model_id or 'all'}:{'+'.join(named)}",
        "model_id": model_id,
        "fault_category": fault,
        "words": words,
        "repair_ids": tuple(t.id for t in recent if t.kind == "repair")[:200],
        "question_ids": tuple(t.id for t in recent if t.kind == "question")[:200],
    }


def _weeks(
    texts: list[Text], chosen: list[Text], share: float, first: date, today: date
) -> tuple[Week, ...]:
    """Return each week's texts of the group against the background share of all texts."""
    every = Counter(monday(t.day) for t in texts)
    mine = Counter(monday(t.day) for t in chosen)
    out, week = [], first
    while week <= today:
        out.append(Week(week, mine.get(week, 0), round(share * every.get(week, 0), 3)))
        week += timedelta(days=7)
    return tuple(out)
