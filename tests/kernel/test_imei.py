"""IMEI validation: 15 digits ending in a Luhn check digit, refused with a clear message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.imei import (
    imei_problem,
    is_luhn_valid,
    luhn_check_digit,
    make_imei,
    normalize_imei,
    validate_imei,
)

# Published valid IMEIs: the usual Luhn worked example, and the IMEI article's examples.
KNOWN_VALID = ["490154203237518", "356938035643809", "352099001761481"]


@pytest.mark.parametrize("imei", KNOWN_VALID)
def test_known_valid_imeis_pass(imei: str) -> None:
    assert is_luhn_valid(imei)
    assert imei_problem(imei) is None
    assert validate_imei(imei) == imei


def test_check_digit_of_the_worked_example_is_8() -> None:
    assert luhn_check_digit("49015420323751") == 8


@pytest.mark.parametrize("last", [d for d in "0123456789" if d != "8"])
def test_any_other_last_digit_is_refused(last: str) -> None:
    imei = "49015420323751" + last
    assert not is_luhn_valid(imei)
    problem = imei_problem(imei)
    assert problem is not None
    assert "check digit" in problem
    assert "typing error" in problem


def test_swapped_adjacent_digits_are_caught() -> None:
    assert not is_luhn_valid("940154203237518")


@pytest.mark.parametrize(
    ("raw", "found"),
    [("49015420323751", 14), ("4901542032375180", 16), ("", 0), ("1", 1), ("   ", 0)],
)
def test_wrong_length_names_the_digits_found(raw: str, found: int) -> None:
    problem = imei_problem(raw)
    assert problem == f"An IMEI has exactly 15 digits (found {found})."


@pytest.mark.parametrize(
    "raw",
    [
        "49015420323751A",
        "4901542032375l8",
        "490154203237518x",
        "+490154203237518",
        # Other Unicode digits are not IMEI digits: Arabic-Indic and a superscript two.
        "٤٩٠١٥٤٢٠٣٢٣٧٥١٨",
        "49015420323751²",
    ],
)
def test_non_digits_are_refused_with_their_own_message(raw: str) -> None:
    assert imei_problem(raw) == "An IMEI has only digits (found other characters)."
    assert not is_luhn_valid(normalize_imei(raw))


@pytest.mark.parametrize(
    "raw", ["49 0154 2032 3751 8", "49-015420-323751-8", " 490154/203237518 ", "4901.5420.3237.518"]
)
def test_separators_people_type_are_ignored(raw: str) -> None:
    assert imei_problem(raw) is None
    assert validate_imei(raw) == "490154203237518"


def test_validate_imei_raises_with_the_field_named() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_imei("490154203237519", field="phone_imei")
    assert info.value.detail == info.value.errors["phone_imei"]
    assert "check digit" in info.value.detail


@given(
    tac=st.text(alphabet="0123456789", min_size=8, max_size=8),
    serial=st.integers(min_value=0, max_value=10**9),
)
def test_make_imei_always_validates(tac: str, serial: int) -> None:
    imei = make_imei(tac, serial)
    assert len(imei) == 15
    assert imei.startswith(tac)
    assert imei[8:14] == f"{serial % 1_000_000:06d}"
    assert imei_problem(imei) is None


@given(
    tac=st.text(alphabet="0123456789", min_size=8, max_size=8),
    serial=st.integers(min_value=0, max_value=999_999),
    position=st.integers(min_value=0, max_value=14),
    shift=st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_breaks_the_check(
    tac: str, serial: int, position: int, shift: int
) -> None:
    imei = make_imei(tac, serial)
    changed = str((int(imei[position]) + shift) % 10)
    typo = imei[:position] + changed + imei[position + 1 :]
    assert typo != imei
    assert not is_luhn_valid(typo)
    assert imei_problem(typo) is not None
