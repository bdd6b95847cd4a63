"""Where pictures are kept, behind one small interface; a local folder by default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol

from aftersales.config import Settings


class PhotoStore(Protocol):
    """Keep, read and delete pictures by an opaque key."""

    def put(self, data: bytes) -> str:
        """Keep the bytes and return their new key."""

    def get(self, key: str) -> bytes | None:
        """Return the bytes kept under a key, or None."""

    def delete(self, key: str) -> None:
        """Forget the bytes under a key (nothing if there are none)."""


class LocalFolderStore:
    """Pictures as files in one folder, written whole or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not key.isalnum():  # keys are ours; never a path from outside
            raise ValueError("bad photo key")
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        """Write the bytes to a new random name (first to a temporary file, then renamed)."""
        key = secrets.token_hex(20)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return key

    def get(self, key: str) -> bytes | None:
        """Read a picture's bytes."""
        path = self._path(key)
        return path.read_bytes() if path.exists() else None

    def delete(self, key: str) -> None:
        """Remove a picture's file."""
        self._path(key).unlink(missing_ok=True)


def store_for(settings: Settings) -> PhotoStore:
    """Return the store the settings name (today: the local folder)."""
    return LocalFolderStore(settings.photo_dir or settings.data_dir / "photos")
