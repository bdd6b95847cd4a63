"""The password policy: length, the common-password list, trivial patterns, one's own names."""

from __future__ import annotations

import pytest

from aftersales.accounts.passwords import common_passwords, password_problem
from aftersales.accounts.service import create_account
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from tests.factories import PASSWORD


def test_the_shipped_list_holds_ten_thousand_common_passwords() -> None:
    common = common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwerty123", "password123", "iloveyou"} <= common


@pytest.mark.parametrize(
    ("password", "why"),
    [
        (" " * 8, "spaces alone"),
        ("   abc   ", "spaces alone"),
        ("short", "at least 8"),
        ("password123", "too common"),
        ("PassWord123", "too common"),  # case does not make it rarer
        ("qwertyuiop", "too common"),
        ("aaaaaaaaaa", "too simple"),
        ("abababababab", "too simple"),
        ("13579bdf", None),
        ("23456789", "too simple"),
        ("hgfedcba", "too simple"),
        ("lucia.esposito@example.test", "e-mail"),
        ("lucia.esposito", "e-mail"),
        ("Lucia Esposito", "e-mail"),
        ("x" * 199 + "\x00", "cannot be used"),
        ("y" * 201, "at most 200"),
        (PASSWORD, None),
        ("correct horse battery", None),
    ],
)
def test_password_problems(password: str, why: str | None) -> None:
    problem = password_problem(password, "lucia.esposito@example.test", "Lucia Esposito")
    if why is None:
        assert problem is None
    else:
        assert problem is not None and why in problem


def test_accounts_cannot_be_made_with_a_common_password(session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        create_account(
            session,
            SYSTEM,
            name="Mario",
            role="owner",
            email="m@example.test",
            password="iloveyou1",
        )
    assert "password" in caught.value.errors
