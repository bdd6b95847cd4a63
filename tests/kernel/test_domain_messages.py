"""Every message a service raises is in the it and vi catalogues, with its values as placeholders.

Read from the source: each `raise <DomainError>(...)`, and each `errors[...] = ...` that builds a
form's field errors. A literal or `N_()`/`Msg()` text must be translated; an f-string cannot be
(its words change with its values), so it is reported too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aftersales.kernel import errors as domain_errors
from aftersales.kernel.language import LOCALES

SRC = Path(domain_errors.__file__).parent.parent
ERRORS = {
    name
    for name, value in vars(domain_errors).items()
    if isinstance(value, type) and issubclass(value, domain_errors.DomainError)
}


def _texts(
    node: ast.AST, where: str, found: list[tuple[str, str]], names: dict[str, ast.expr]
) -> None:
    """Collect the message texts an argument holds (literals, N_/Msg calls, dict values).

    A name is looked up among the module's constants (`OPEN_ALREADY = N_(...)`).
    """
    if isinstance(node, ast.Name) and node.id in names:
        _texts(names[node.id], where, found, {})
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        found.append((node.value, where))
    elif isinstance(node, ast.JoinedStr):
        found.append(("<f-string: use Msg() with values>", where))
    elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("N_", "Msg"):
        if node.args:
            _texts(node.args[0], where, found, names)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            _texts(value, where, found, names)
    elif isinstance(node, ast.IfExp):
        _texts(node.body, where, found, names)
        _texts(node.orelse, where, found, names)


def _names_errors(node: ast.expr) -> bool:
    """Tell whether an expression is a form's error map: `errors`, `problems`, `x.errors`."""
    return (
        getattr(node, "id", "") in ("errors", "problems") or getattr(node, "attr", "") == "errors"
    )


def domain_messages() -> list[tuple[str, str]]:
    """Return (message, file:line) for every message raised by the services."""
    found: list[tuple[str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        names = {
            stmt.targets[0].id: stmt.value
            for stmt in tree.body
            if isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        }
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                if getattr(node.exc.func, "id", "") in ERRORS:
                    for arg in node.exc.args[:2]:
                        _texts(arg, where, found, names)
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "raise_if_any":
                for arg in node.args[:1]:  # Problems.raise_if_any(summary)
                    _texts(arg, where, found, names)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Subscript) and _names_errors(target.value):
                    _texts(node.value, where, found, names)
    return found


def _catalogue(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id and isinstance(m.id, str)}


def test_the_scan_finds_the_services_messages() -> None:
    texts = {text for text, _ in domain_messages()}
    assert "This phone already has an open repair; continue that one." in texts
    assert len(texts) > 50


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_every_domain_message_is_translated(lang: str) -> None:
    catalogue = _catalogue(lang)
    missing = sorted(
        {f"{where}: {text}" for text, where in domain_messages() if not catalogue.get(text)}
    )
    assert not missing, f"{len(missing)} messages lack a {lang} translation:\n" + "\n".join(missing)
