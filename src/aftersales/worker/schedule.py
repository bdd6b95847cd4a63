"""The schedule: which jobs the worker runs, how often (the lease is in `aftersales.jobs`)."""

from __future__ import annotations

from datetime import time, timedelta

from aftersales.care.nightly import nightly_forecast
from aftersales.config import Settings
from aftersales.defects import jobs as defects
from aftersales.idempotency.service import forget_before
from aftersales.insights.digest import send_digests
from aftersales.insights.rollup import refresh as roll_up_insights
from aftersales.jobs.lease import Job, finish, take
from aftersales.kernel.actors import SYSTEM
from aftersales.onboarding.service import invite_new_owners
from aftersales.repairs.backlog import count_backlogs
from aftersales.repairs.jobs import nightly_expected, no_silence, sla_sweep
from aftersales.repairs.parts_late import late_supply
from aftersales.surveys.invites import Timing, invite_closed, remind
from aftersales.surveys.rollup import refresh as count_survey_answers

__all__ = ["NIGHTLY_AT", "Job", "finish", "jobs", "take"]

NIGHTLY_AT = time(1, 0)  # UTC: night in Europe, morning in Asia before centres open
# UTC: Monday morning in Europe, before noon in Asia. Daily: a missed Monday is made up the
# next day, and the key sends each account one digest a week (insights.digest).
DIGEST_AT = time(6, 0)


def jobs(settings: Settings) -> list[Job]:
    """Return the worker's jobs with the intervals from the settings."""
    keep = timedelta(hours=settings.idempotency_keep_hours)
    survey = Timing(
        delay=timedelta(minutes=settings.survey_delay_minutes),
        valid=timedelta(days=settings.survey_valid_days),
        remind_after=timedelta(days=settings.survey_remind_after_days),
    )
    return [
        Job(
            "sla_sweep",
            timedelta(minutes=settings.sla_sweep_minutes),
            lambda s, now: str(sla_sweep(s, now, settings.escalate_after_workdays)),
        ),
        Job(
            "count_backlogs",
            timedelta(minutes=settings.backlog_minutes),
            lambda s, now: f"{count_backlogs(s, now)} centres counted",
        ),
        Job(
            "invite_new_owners",
            timedelta(minutes=5),
            lambda s, now: f"{invite_new_owners(s, now)} invitations queued",
        ),
        Job(
            "survey_invitations",
            timedelta(minutes=settings.survey_job_minutes),
            lambda s, now: (
                f"{invite_closed(s, now, survey)} invitations, {remind(s, now, survey)} reminders"
            ),
        ),
        Job(
            "no_silence",
            timedelta(hours=1),
            lambda s, now: f"{no_silence(s, now, settings.silence_workdays)} updates queued",
        ),
        Job(
            "nightly_expected",
            timedelta(days=1),
            lambda s, now: str(nightly_expected(s, now, settings.silence_workdays)),
            at=NIGHTLY_AT,
        ),
        Job(
            "late_supply",
            timedelta(days=1),
            lambda s, now: f"{late_supply(s, SYSTEM, now)} repairs moved by late supply orders",
            at=NIGHTLY_AT,
        ),
        Job(
            "care_forecast",
            timedelta(days=1),
            lambda s, now: str(nightly_forecast(s, now)),
            at=NIGHTLY_AT,
        ),
        Job(
            "defect_alerts",
            timedelta(days=1),
            lambda s, now: str(defects.defect_alerts(s, now)),
            at=defects.AT,
        ),
        Job(
            "survey_rollup",
            timedelta(minutes=5),
            lambda s, now: count_survey_answers(s, now),
        ),
        Job("insights_digest", timedelta(days=1), send_digests, at=DIGEST_AT),
        Job("insights_rollup", timedelta(minutes=5), lambda s, now: roll_up_insights(s, now)),
        Job(
            "forget_idempotency_keys",
            timedelta(hours=1),
            lambda s, now: f"{forget_before(s, now - keep)} old answers deleted",
        ),
    ]
