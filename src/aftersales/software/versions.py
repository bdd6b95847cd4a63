"""The version each phone runs: sightings kept as history, the newest one on the phone.

`record_sighting` (the counter intake) and `apply_sighting` (the versions import, which
looks up a file's phones and releases in bulk) are the only code that changes a phone's
current version once it has been seen on a day (decision 152).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.software.models import SoftwareRelease, SoftwareSighting, Source

VERSION_LENGTH = 40  # the phone's and the release's column
# (model id, version) -> release id: which versions are releases on file.
Releases = dict[tuple[int, str], int]
# (phone id, day, version) of sightings already recorded.
Seen = set[tuple[int, date, str]]


def version_problem(version: str) -> str | None:
    """Return why a version string cannot be stored (a catalogue message), or None."""
    if not version:
        return N_("Enter the version as the phone shows it in Settings.")
    if len(version) > VERSION_LENGTH:
        return N_("Use at most 40 characters for the version.")
    if any(unicodedata.category(c).startswith("C") for c in version):
        return N_("Remove the invisible characters from the version.")
    return None


def normal_version(raw: str) -> str:
    """Return a version as stored: spaces trimmed and runs of them made one (never parsed)."""
    return " ".join(raw.split())


def clean_version(raw: str, field: str = "software_version") -> str:
    """Return a version as stored, or raise naming the field."""
    version = normal_version(raw)
    problem = version_problem(version)
    if problem:
        raise ValidationFailed(N_("The software version cannot be recorded."), {field: problem})
    return version


@dataclass(frozen=True)
class Outcome:
    """What one sighting did: a new history row, the phone's current version, a flag."""

    recorded: bool  # False: the same phone, day and version were recorded already
    current: bool  # the phone's current version changed to this one
    flagged: bool  # the version is not a release of the model on file


def releases_of(session: Session, model_ids: Iterable[int]) -> Releases:
    """Return the releases on file of these models, by (model id, version)."""
    ids = sorted(set(model_ids))
    rows = session.execute(
        select(SoftwareRelease.model_id, SoftwareRelease.version, SoftwareRelease.id).where(
            SoftwareRelease.model_id.in_(ids)
        )
    ).tuples()
    return {(m, v): i for m, v, i in rows}


def seen_already(session: Session, phone_ids: Iterable[int]) -> Seen:
    """Return the sightings already recorded of these phones, by (phone id, day, version)."""
    ids = sorted(set(phone_ids))
    rows = session.execute(
        select(SoftwareSighting.phone_id, SoftwareSighting.seen_date, SoftwareSighting.version)
        .where(SoftwareSighting.phone_id.in_(ids))
    ).tuples()  # fmt: skip
    return set(rows)


def apply_sighting(
    session: Session,
    actor: Acting,
    phone: Phone,
    version: str,
    seen_date: date,
    source: Source,
    now: datetime,
    releases: Releases,
    seen: Seen,
) -> Outcome:
    """Record a checked sighting; a sighting of the phone's day or later becomes its version.

    `releases` and `seen` are the caller's look-ups (kept up to date here), so an import
    reads them once per batch of lines. The sighting is the change's history: who, when
    and what are on its row, so no audit row is written for it.
    """
    release_id = releases.get((phone.model_id, version))
    key = (phone.id, seen_date, version)
    recorded = key not in seen
    if recorded:
        seen.add(key)
        session.add(
            SoftwareSighting(
                phone_id=phone.id,
                version=version,
                seen_date=seen_date,
                source=source.value,
                release_id=release_id,
                recorded_at=now,
                recorded_by=actor.id,
            )
        )
    # Of two sightings of one day the one recorded last wins; an older one is history only.
    newer = phone.software_seen_date is None or seen_date >= phone.software_seen_date
    current = newer and (phone.software_version, phone.software_seen_date) != (version, seen_date)
    if current:
        phone.software_version, phone.software_seen_date = version, seen_date
    return Outcome(recorded, current, release_id is None)


def check_seen_date(seen_date: date, today: date, field: str = "seen_date") -> None:
    """Raise when a sighting's day is after today."""
    if seen_date > today:
        raise ValidationFailed(
            N_("The software version cannot be recorded."),
            {field: N_("The day the version was seen is in the future.")},
        )


def record_sighting(
    session: Session,
    actor: Acting,
    phone: Phone,
    raw_version: str,
    seen_date: date,
    source: Source,
    now: datetime,
) -> Outcome:
    """Record the version a phone was seen running on a day (the counter intake's call)."""
    version = clean_version(raw_version)
    check_seen_date(seen_date, now.date())
    releases = releases_of(session, [phone.model_id])
    outcome = apply_sighting(
        session, actor, phone, version, seen_date, source, now, releases,
        seen_already(session, [phone.id]),
    )  # fmt: skip
    session.flush()
    return outcome


def versions_in_use(session: Session, pairs: Iterable[tuple[int, str]]) -> Releases:
    """Return the releases on file among these (model id, version) pairs."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    rows = session.execute(
        select(SoftwareRelease.model_id, SoftwareRelease.version, SoftwareRelease.id).where(
            tuple_(SoftwareRelease.model_id, SoftwareRelease.version).in_(wanted)
        )
    ).tuples()
    return {(m, v): i for m, v, i in rows}
