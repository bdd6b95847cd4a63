"""Read side of software: the share of a model's phones on its latest release, a phone's state.

The share is counted from the index on the phone's (model, version): a brand page reads one
index range per model, never the phones themselves (decision 153).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.devices.models import Phone
from aftersales.software.models import SoftwareRelease
from aftersales.software.releases import latest_releases
from aftersales.software.versions import releases_of, versions_in_use


@dataclass(frozen=True)
class ModelShare:
    """How many of a model's phones run its latest release, of those whose version is known."""

    model_id: int
    latest: SoftwareRelease | None
    phones: int  # registered
    known: int  # with a version seen (or given at registration)
    on_latest: int
    unlisted: int  # running a version that is not a release on file

    @property
    def unknown(self) -> int:
        """Return how many phones run a version nobody reported."""
        return self.phones - self.known

    @property
    def share(self) -> float | None:
        """Return the share on the latest release among phones of known version (None: none)."""
        if self.latest is None or not self.known:
            return None
        return self.on_latest / self.known


def shares(
    session: Session,
    model_ids: Sequence[int],
    counted: Iterable[tuple[int, str | None, int]] | None = None,
) -> dict[int, ModelShare]:
    """Return each model's share of phones on its latest release: two small queries.

    `counted`: the phones per (model, version) counted already (the dashboard's nightly
    counts); else they are counted here from the index.
    """
    ids = sorted(set(model_ids))
    if not ids:
        return {}
    counts = (
        counted
        if counted is not None
        else session.execute(
            select(Phone.model_id, Phone.software_version, func.count())
            .where(Phone.model_id.in_(ids))
            .group_by(Phone.model_id, Phone.software_version)
        ).tuples()
    )
    latest = latest_releases(session, ids)
    listed = releases_of(session, ids)
    totals = {m: [0, 0, 0, 0] for m in ids}  # phones, known, on latest, unlisted
    for model_id, version, count in counts:
        row = totals[model_id]
        row[0] += count
        if version is None:
            continue
        row[1] += count
        if model_id in latest and version == latest[model_id].version:
            row[2] += count
        if (model_id, version) not in listed:
            row[3] += count
    return {
        m: ModelShare(m, latest.get(m), phones, known, on_latest, unlisted)
        for m, (phones, known, on_latest, unlisted) in totals.items()
    }


def version_counts(session: Session, model_id: int) -> list[tuple[str | None, int]]:
    """Return how many of a model's phones run each version (None: not known), most first."""
    stmt = (
        select(Phone.software_version, func.count())
        .where(Phone.model_id == model_id)
        .group_by(Phone.software_version)
    )
    rows = list(session.execute(stmt).tuples())
    return sorted(rows, key=lambda r: (-r[1], r[0] or ""))


@dataclass(frozen=True)
class PhoneSoftware:
    """What the owner's page says of a phone's software.

    `state`: "latest" (runs the latest release), "behind" (runs an older release: an update
    is out), "unlisted" (runs a version not on file: whether it is the latest is not known),
    "unknown" (no version seen).
    """

    version: str | None
    seen_date: date | None
    latest: SoftwareRelease | None
    state: str


def phone_software(session: Session, phones: Iterable[Phone]) -> dict[int, PhoneSoftware]:
    """Return the software state of each phone: two queries for a page of phones."""
    phones = list(phones)
    latest = latest_releases(session, [p.model_id for p in phones])
    pairs = [(p.model_id, p.software_version) for p in phones if p.software_version]
    listed = versions_in_use(session, pairs)
    out = {}
    for p in phones:
        top = latest.get(p.model_id)
        if not p.software_version:
            state = "unknown"
        elif top is not None and p.software_version == top.version:
            state = "latest"
        elif top is not None and (p.model_id, p.software_version) in listed:
            state = "behind"
        else:
            state = "unlisted"
        out[p.id] = PhoneSoftware(p.software_version, p.software_seen_date, top, state)
    return out
