"""The brand look's checks: WCAG contrast with white text, the colour's spelling."""

from __future__ import annotations

import pytest

from aftersales.catalog.look import check_colour, contrast_with_white
from aftersales.kernel.errors import ValidationFailed
from aftersales.repairs.stages import STAGES, progress, stage_of
from aftersales.repairs.states import Status


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#000000", 21.0), ("#ffffff", 1.0), ("#767676", 4.54), ("#777777", 4.48)],
)
def test_contrast_with_white_follows_wcag(colour: str, ratio: float) -> None:
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    ("given", "stored"),
    [("#1D4ED8", "#1d4ed8"), ("1d4ed8", "#1d4ed8"), (" #767676 ", "#767676"), ("#000", "#000000"),
     ("", None), ("   ", None)],
)  # fmt: skip
def test_a_dark_enough_colour_is_stored_canonical(given: str, stored: str | None) -> None:
    assert check_colour(given) == stored


@pytest.mark.parametrize("given", ["#777777", "#ff6900", "#ffff00", "red", "#12345", "#12345g"])
def test_a_light_or_malformed_colour_is_refused_on_its_field(given: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_colour(given)
    assert set(caught.value.errors) == {"colour"}


def test_every_status_but_cancelled_has_one_stage_and_the_stages_run_in_order() -> None:
    members = [s for _, group in STAGES for s in group]
    assert sorted(members) == sorted(set(Status) - {Status.cancelled})
    assert stage_of(Status.cancelled) is None and progress(Status.cancelled) == []
    states = [s.state for s in progress(Status.awaiting_parts)]
    assert states == ["done", "done", "done", "current", "todo", "todo"]
    assert [s.state for s in progress(Status.closed)][-1] == "current"
