"""Tracking codes: 12 symbols of an unambiguous alphabet, forgiving of how people type them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.kernel.codes import (
    ALPHABET,
    hash_token,
    new_token,
    new_tracking_code,
    normalize_tracking_code,
)

CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_alphabet_is_crockford_base32_without_misreadable_letters() -> None:
    assert len(ALPHABET) == 32 == len(set(ALPHABET))
    assert not set("ILOU") & set(ALPHABET)
    assert set("0123456789") <= set(ALPHABET)
    assert ALPHABET.upper() == ALPHABET


def test_code_format() -> None:
    for _ in range(200):
        code = new_tracking_code()
        assert CODE_RE.match(code), code
        assert len(code) == 14
        assert set(code.replace("-", "")) <= set(ALPHABET)


def test_codes_are_unique_over_many_draws() -> None:
    codes = [new_tracking_code() for _ in range(20_000)]
    assert len(set(codes)) == len(codes)


def test_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(new_tracking_code() for _ in range(2_000)).replace("-", ""))
    assert seen == set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("K7QM-3XT9-PW2D", "K7QM-3XT9-PW2D"),
        ("k7qm-3xt9-pw2d", "K7QM-3XT9-PW2D"),
        ("K7QM3XT9PW2D", "K7QM-3XT9-PW2D"),
        ("  k7qm 3xt9 pw2d ", "K7QM-3XT9-PW2D"),
        ("K7QM_3XT9.PW2D", "K7QM-3XT9-PW2D"),
        # O reads as zero, I and L as one, U as V.
        ("OOOO-IIII-LLLL", "0000-1111-1111"),
        ("ouil-0000-0000", "0V11-0000-0000"),
        ("K7QM-3XT9-PW2O", "K7QM-3XT9-PW20"),
    ],
)
def test_normalisation(typed: str, canonical: str) -> None:
    assert normalize_tracking_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    ["", "K7QM-3XT9-PW2", "K7QM-3XT9-PW2DD", "K7QM-3XT9-PW2É", "K7QM-3XT9-PW2Ω", "----------"],
)
def test_not_a_code_normalises_to_empty(typed: str) -> None:
    assert normalize_tracking_code(typed) == ""


@given(st.integers(min_value=0, max_value=2**32))
def test_a_code_survives_lower_case_and_lost_dashes(_seed: int) -> None:
    code = new_tracking_code()
    assert normalize_tracking_code(code) == code
    assert normalize_tracking_code(code.lower()) == code
    assert normalize_tracking_code(code.replace("-", "")) == code
    assert normalize_tracking_code(code.lower().replace("-", " ")) == code


@given(st.text(max_size=30))
def test_normalisation_returns_a_canonical_code_or_nothing(raw: str) -> None:
    out = normalize_tracking_code(raw)
    assert out == "" or CODE_RE.match(out)
    assert normalize_tracking_code(out) == out


def test_tokens_are_long_unique_and_stored_hashed() -> None:
    tokens = {new_token() for _ in range(1_000)}
    assert len(tokens) == 1_000
    token = next(iter(tokens))
    assert len(token) >= 43  # 32 random bytes, base64url
    digest = hash_token(token)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == hash_token(token) != hash_token(token + "x")
