"""From a question to a repair booking: the booking form's address with the question's facts."""

from __future__ import annotations

from urllib.parse import urlencode

from annotated_types import MaxLen

from aftersales.community.models import CommunityQuestion
from aftersales.repairs.schemas import RepairCreate

# The booking's own limit on the problem's words (one rule, read from where it is set).
PROBLEM_LIMIT = next(
    m.max_length for m in RepairCreate.model_fields["problem"].metadata if isinstance(m, MaxLen)
)


def problem_text(question: CommunityQuestion) -> str:
    """Return the question as the booking's problem: its title, then its body, cut to fit."""
    text = f"{question.title}\n\n{question.body}"
    return text if len(text) <= PROBLEM_LIMIT else text[: PROBLEM_LIMIT - 1].rstrip() + "…"


def booking_link(question: CommunityQuestion) -> str:
    """Return /book with the question's model, fault category and words filled in."""
    query = {
        "model": question.model_id,
        "fault_category": question.fault_category,
        "problem": problem_text(question),
    }
    return "/book?" + urlencode(query)
