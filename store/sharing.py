"""One data directory shared by several processes: the bot, the console and CLI commands.

Every write holds an OS file lock (``filelock``) for its duration, first catches up with what
other processes wrote, and ends by bumping a generation number and recording, for each file it
wrote, that generation. A process that sees a new generation re-reads exactly the files changed
since it last looked (file times are too coarse: two writes within a few milliseconds can leave
the same time and size). Readers never wait for the lock unless something changed.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from filelock import FileLock, Timeout

from store.storage import atomic_write

LOCK_TIMEOUT_S = 60.0  # a writer holds the lock for one operation: an ingest, an import batch, one alert
POLL_S = 0.005  # how often a waiting process retries the lock
YIELD_S = 2 * POLL_S  # a bulk writer's pause between batches: long enough for a waiting process to take the lock


class StoreBusy(OSError):
    """Another process held the store's write lock too long."""


class SharedDir:
    """The write lock and the generation counter of one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path / ".write.lock"), timeout=LOCK_TIMEOUT_S)
        self._generation = path / ".generation"
        self._changes = path / ".changes"  # file -> generation that last wrote it

    def acquire(self) -> None:
        try:
            self._lock.acquire(poll_interval=POLL_S)
        except Timeout as exc:
            raise StoreBusy(
                f"another process has held {self.path} for over {LOCK_TIMEOUT_S:.0f} s; try again in a moment"
            ) from exc

    def release(self) -> None:
        self._lock.release()

    def generation(self) -> int:
        try:
            return int(self._generation.read_bytes() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def changes(self) -> dict[str, int]:
        try:
            return orjson.loads(self._changes.read_bytes())
        except (FileNotFoundError, orjson.JSONDecodeError):
            return {}

    def bump(self, written: set[str]) -> tuple[int, dict[str, int]]:
        """Called by the lock holder after writing ``written`` (paths relative to the directory)."""
        nxt = self.generation() + 1
        changes = self.changes()
        changes.update(dict.fromkeys(written, nxt))
        atomic_write(self._changes, orjson.dumps(changes))
        atomic_write(self._generation, str(nxt).encode())
        return nxt, changes
