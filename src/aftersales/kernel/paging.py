"""How long lists are paged, on every page and in the API."""

from __future__ import annotations

from math import ceil

# Lists count at most this many rows and then say "10,000+": an exact count of a large
# scope reads every row of it, on every page.
COUNT_CAP = 10_000
# Rows on one page of a list shown to a person (the shop's repairs, an owner's phones …).
PAGE_SIZE = 25


def page_number(asked: int) -> int:
    """Return the page asked for, kept between the first and the last a bounded count reaches."""
    return min(max(1, asked), COUNT_CAP // PAGE_SIZE)


def page_count(total: int) -> int:
    """Return how many pages a (bounded) total fills, at least one."""
    return max(1, ceil(min(total, COUNT_CAP) / PAGE_SIZE))
