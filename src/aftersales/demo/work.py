"""The centre's work in the demo: technicians take repairs, owners get loaner phones.

Added to the planned repairs as steps, so they are played through the services in time order
with everything else (a take when the phone reaches the technician, a loaner lent and
given back around the hand-in and the hand-back).
"""

from __future__ import annotations

import random
from functools import partial

from aftersales.accounts.models import Account, Role
from aftersales.demo.types import DAY, Job, Service, Step
from aftersales.repairs.assignment import assign
from aftersales.repairs.loaners import give_loaner, return_loaner

TAKEN_SHARE = 0.75  # of the repairs that reached a technician, those someone took
ARRIVED = ("at_centre", "diagnosing")
CLOSED_WITH_LOANER = 3


def plan_work(seed: int, jobs: list[Job], techs: dict[int, list[Account]], stuck: Job) -> None:
    """Add takes and loaners to the planned repairs (their own random stream: the rest of
    the demo stays as it was)."""
    rng = random.Random(seed)
    for job in jobs:
        arrived = next((s for s in job.steps if s.to in ARRIVED), None)
        if arrived is None or (job is not stuck and rng.random() > TAKEN_SHARE):
            continue
        tech = arrived.actor
        if tech is None or tech.role != Role.technician:
            tech = rng.choice(techs[job.centre.id])
        job.steps.append(Step(arrived.w + 10, tech, None, partial(assign, to=tech.id)))
    # The stuck Mi 8: the shop lent a phone when the owner first asked; it is still out.
    stuck.steps.append(Step(8 * DAY + 200, stuck.steps[0].actor, None, _lend(stuck, 3)))
    # A few repairs handed in at a shop had a loaner from the counter until the hand-back.
    closed = [j for j in jobs if j is not stuck and j.shop is not None and _close(j) is not None]
    for n, job in enumerate(rng.sample(closed, min(CLOSED_WITH_LOANER, len(closed))), start=11):
        first, close = job.steps[0], _close(job)
        assert close is not None
        job.steps.append(Step(first.w + 20, first.actor, None, _lend(job, n)))
        job.steps.append(Step(close.w - 1, close.actor, None, return_loaner))
    for job in jobs:
        job.steps.sort(key=lambda s: s.w)


def _close(job: Job) -> Step | None:
    return next((s for s in job.steps if s.to == "closed"), None)


def _lend(job: Job, n: int) -> Service:
    """Lend the shop's or centre's loaner number n, labelled in the staff's language."""
    label = f"MUON-{n:02d}" if job.lang == "vi" else f"PRESTITO-{n:02d}"
    return partial(give_loaner, label=label)
