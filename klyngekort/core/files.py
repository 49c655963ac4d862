"""Files written whole or not at all: a reader (another process, a test polling the file, a
tool reading a pid file) sees the old content or the new, never an empty or half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(target: Path, text: str, *, mode: int = 0o644) -> None:
    """Write ``text`` to a temporary file beside ``target``, flush it to disk and rename it into
    place (``os.replace`` is atomic on one file system)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
