"""How often an account may post in the community: questions, answers, votes, reports per hour.

Checked before the work and counted after it succeeds, so a form sent back for a wrong field
costs nothing (decision 237). The limits are settings (config.py).
"""

from __future__ import annotations

from math import ceil

from fastapi import Request
from limits.storage import Storage

from aftersales.config import Settings
from aftersales.http.ratelimit import RateLimiter
from aftersales.kernel.i18n import N_, Msg

KINDS = ("question", "answer", "vote", "report")
_TOO_MANY = {
    "question": N_("You have asked many questions in the last hour; try again in %(minutes)s min."),
    "answer": N_("You have written many answers in the last hour; try again in %(minutes)s min."),
    "vote": N_("You have voted many times in the last hour; try again in %(minutes)s min."),
    "report": N_("You have sent many reports in the last hour; try again in %(minutes)s min."),
}


def community_limiters(storage: Storage, settings: Settings) -> dict[str, RateLimiter]:
    """Return one limiter per kind of post, each counted per account over an hour."""
    per_hour = {
        "question": settings.community_questions_per_hour,
        "answer": settings.community_answers_per_hour,
        "vote": settings.community_votes_per_hour,
        "report": settings.community_reports_per_hour,
    }
    return {kind: RateLimiter(storage, f"community-{kind}", n, 60) for kind, n in per_hour.items()}


def _limiter(request: Request, kind: str) -> RateLimiter:
    limiter: RateLimiter = request.app.state.community_limiters[kind]
    return limiter


def blocked(request: Request, kind: str, account_id: int) -> tuple[Msg, int] | None:
    """Return the message and seconds to wait when the account used its hour's posts."""
    wait = _limiter(request, kind).blocked(str(account_id))
    if wait is None:
        return None
    return Msg(_TOO_MANY[kind], minutes=max(1, ceil(wait / 60))), int(wait) + 1


def count(request: Request, kind: str, account_id: int) -> None:
    """Count one post that was made."""
    _limiter(request, kind).hit(str(account_id))
