"""Marking source strings for translation; translation itself happens at the edge."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a string for the catalogues; the pages translate it when they show it."""
    return message


class Msg(str):
    """A catalogue message with its values: reads as English, translates where it is shown.

    A str, so code and tests that compare messages keep working; `template` is the catalogue
    key and `params` fill its %(name)s placeholders in whichever language it is shown.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Msg:
        obj = super().__new__(cls, template % params if params else template)
        obj.template = template
        obj.params = params
        return obj
