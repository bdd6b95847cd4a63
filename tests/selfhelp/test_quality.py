"""The labelled set: owners' problems in en, it and vi find the expected demo article in the top 3.

The figure is measured here, not written down: the test asserts it stays at or above the
figure in docs/benchmarks.md (table H) minus a margin, so a change that loses quality fails.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from aftersales.demo.knowledge import GROUPS, hit_rates, read_labelled

LABELLED = Path(__file__).parent.parent / "data" / "selfhelp_problems.csv"
MEASURED = 0.977  # table H, all languages, top 3
MARGIN = 0.03


def test_the_labelled_set_is_large_and_names_real_keys():
    rows = read_labelled(LABELLED)
    languages = Counter(r.language for r in rows)
    assert len(rows) >= 150 and all(languages[lang] >= 50 for lang in ("en", "it", "vi"))
    assert {r.expected for r in rows} <= {g.key for g in GROUPS}


def test_hit_rate_in_the_top_3_holds():
    rates = hit_rates(read_labelled(LABELLED), k=3)
    hits, total = rates["all"]
    assert hits / total >= MEASURED - MARGIN, rates
    for lang in ("en", "it", "vi"):
        assert rates[lang][0] / rates[lang][1] >= 0.85, rates
