"""An owner's news within a few minutes go as one message: the latest, saying what came before.

The outbox holds an owner's news about a repair for a while (the `owner_news_hold_minutes`
setting) and hands a later draft of the same batch (repair, owner, channel) to `fold`, which
returns the later news with the held one added to its `earlier` steps. A quote, and its
withdrawal, go at once and take the held news with them (`URGENT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from aftersales.notifications.kinds import RESERVED
from aftersales.notifications.outbox import Draft
from aftersales.repairs.messages import KINDS, QUOTE_WAITING, QUOTE_WITHDRAWN
from aftersales.repairs.messages.props import News, Step

BY_NAME = {k.name: k for k in KINDS}
# The owner acts on these (the repair waits for their answer, or no longer does).
URGENT = frozenset({QUOTE_WAITING.name, QUOTE_WITHDRAWN.name})


def batch_of(repair_id: int, account_id: int, channel: str) -> str:
    """Return the batch of an owner's news about a repair on one channel."""
    return f"news.r{repair_id}.a{account_id}.{channel}"


def step_of(kind: str, news: News) -> Step:
    """Return a piece of news as an earlier step of a later message."""
    return Step(
        kind=kind,
        status=news.status,
        at=news.at,
        note=news.note,
        later=news.later,
        decision=getattr(news, "decision", None),
    )


def fold(kind: str, context: Mapping[str, Any], draft: Draft) -> Draft:
    """Return `draft` (the later news) telling the held message's news as earlier steps."""
    before = BY_NAME[kind].check({k: v for k, v in context.items() if k not in RESERVED})
    after = draft.props
    assert isinstance(before, News) and isinstance(after, News)
    steps = [*before.earlier, step_of(kind, before), *after.earlier]
    return replace(draft, props=after.model_copy(update={"earlier": steps}))
