"""What every command shares: the consoles and settings that fail with a readable message."""

from __future__ import annotations

import typer
from rich.console import Console

from aftersales.config import Settings, get_settings

console = Console()
err = Console(stderr=True)


def settings_or_exit() -> Settings:
    """Return the settings, or say what is wrong with them and exit with code 2."""
    try:
        return get_settings()
    except ValueError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from None
