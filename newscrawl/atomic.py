"""Files published atomically: written to a temporary name beside the final one, then renamed.

The temporary name is `<final>.<pid>-<token>.tmp`, so a later run can tell a stale one (its
process is gone) from a live one (`feedstorage.sweep_stale_temps`). Used by the feeds and by
the web archive.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

TEMP_NAME = re.compile(r"^(?P<final>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")
# Temporary files this process has open: never stale, whatever their pid says.
OWN_TEMPS: set[Path] = set()


def temp_path(final: Path, suffix: str = "") -> Path:
    """A new temporary path for `final` (`suffix` before the pid: `.warc` gives
    `<final>.warc.<pid>-<token>.tmp`), registered as this process's own."""
    name = f"{final.name}{suffix}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    temp = (final.parent / name).resolve()
    OWN_TEMPS.add(temp)
    return temp


def publish(temp: Path, final: Path) -> None:
    """fsync `temp`, rename it over `final` (atomic within one file system), fsync the
    directory."""
    fsync(temp)
    os.replace(temp, final)
    OWN_TEMPS.discard(temp)
    fsync(final.parent)


def discard(temp: Path) -> None:
    """Remove a temporary file this process will not publish."""
    temp.unlink(missing_ok=True)
    OWN_TEMPS.discard(temp)


def fsync(path: Path) -> None:
    """Flush a file's or a directory's data and metadata to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
