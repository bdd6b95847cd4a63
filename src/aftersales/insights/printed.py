"""The dashboard's PDF in the reader's words: what it covers, the figures at a glance and
each chart drawn as PNG (kept like the pages' pictures), or why there is nothing to draw."""

from __future__ import annotations

from collections.abc import Callable

from aftersales.charting import images
from aftersales.charting.kept import kept
from aftersales.insights import charts
from aftersales.insights.access import Reader
from aftersales.insights.figures import Choices
from aftersales.insights.glance import DRAWN, Kind, glance
from aftersales.insights.pdf import Chart, Report
from aftersales.insights.present import InsightsRead
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import Formats
from aftersales.repairs.words import FAULTS

Translate = Callable[[str], str]
NOTHING = N_("Nothing to count in this period and selection.")
NONE_OPEN = N_("No repair is open in this selection.")
INSTEAD = {
    "backlog": NONE_OPEN,
    "age": NONE_OPEN,
    "satisfaction": N_(
        "No survey answer about the repairs of this period and selection yet. Owners are asked"
        " after each repair closes."
    ),
}


def _value(kind: Kind, value: float | None, t: Translate, fmt: Formats) -> str:
    if value is None:
        return t(N_("none"))
    if kind == "rate":
        return fmt.percent(value)
    return fmt.number(value if kind == "count" else round(value, 1))


def _chosen(r: InsightsRead, options: Choices, t: Translate) -> str:
    """Return the filters chosen, named ("Phone model: Mi 8; Fault: Display"), or ""."""
    f = r.filters
    named = [
        (N_("Country"), f.country),
        (N_("Service centre"), dict(options.centres).get(f.centre_id or 0)),
        (N_("Phone model"), dict(options.models).get(f.model_id or 0)),
        (N_("Fault"), t(FAULTS[f.fault_category]) if f.fault_category in FAULTS else None),
    ]
    return "; ".join(f"{t(label)}: {value}" for label, value in named if value)


def report(r: InsightsRead, reader: Reader, options: Choices, t: Translate, tag: str,
           lang: str) -> Report:  # fmt: skip
    """Return the dashboard's PDF contents in the reader's language and formats."""
    fmt = Formats(tag)
    heading = t(N_("Insights")) if reader.side == "brand" else t(N_("Figures"))
    lines = [
        t(N_("The whole network of the brand: every centre that repairs its phones."))
        if reader.side == "brand"
        else t(N_("The repairs of your centre, of every brand it serves.")),
        t(N_("From %(first)s to %(last)s."))
        % {"first": fmt.month(r.filters.first_month), "last": fmt.month(r.filters.last_month)},
        _chosen(r, options, t),
        t(N_("Figures as counted at %(moment)s.")) % {"moment": fmt.moment(r.counted_at)}
        if r.counted_at
        else t(
            N_(
                "The figures have not been counted yet. The worker counts them a few minutes"
                " after it starts; come back shortly."
            )
        ),
    ]
    key = r.model_dump_json()

    def png(name: str) -> bytes:
        spec = charts.kept_chart(name, r, t, tag, lang)
        return kept(repr(("insights-png", name, lang, tag, key)), lambda: images.png(spec))

    titles = charts.titles_of(r)
    drawn = [
        Chart(t(titles[n]), png(n) if DRAWN[n](r) else None, t(INSTEAD.get(n, NOTHING)))
        for n in charts.CHARTS
    ]
    facts = [(t(label), _value(kind, value, t, fmt)) for label, kind, value in glance(r)]
    return Report(f"{heading}: {reader.name}", [x for x in lines if x], t(N_("At a glance")),
                  facts, drawn)  # fmt: skip
