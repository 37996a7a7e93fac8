"""One data directory shared by several processes: the bot, the console and CLI commands.

Every write holds an OS file lock (``filelock``) for its duration, first catches up with what
other processes wrote, and ends by bumping a generation number, so a process that sees a new
generation knows some files changed and re-reads those whose size or modification time moved.
Readers never wait for the lock unless something changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from store.storage import atomic_write

LOCK_TIMEOUT_S = 60.0  # a writer holds the lock for one operation: an ingest, an import, one alert


class StoreBusy(OSError):
    """Another process held the store's write lock too long."""


Stamp = tuple[int, int]  # (mtime_ns, size) of one file


class SharedDir:
    """The write lock and the generation counter of one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path / ".write.lock"), timeout=LOCK_TIMEOUT_S)
        self._generation = path / ".generation"

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise StoreBusy(f"another process has held {self.path} for over {LOCK_TIMEOUT_S:.0f} s; "
                            "try again in a moment") from exc

    def release(self) -> None:
        self._lock.release()

    def generation(self) -> int:
        try:
            return int(self._generation.read_bytes() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def bump(self) -> int:
        """Called by the lock holder after its files are written."""
        nxt = self.generation() + 1
        atomic_write(self._generation, str(nxt).encode())
        return nxt


def stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size
