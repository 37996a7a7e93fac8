"""One data directory shared by several processes: the bot, the console and CLI commands.

Every write holds an OS file lock (``flock`` on ``.write.lock``) for its duration, first catches up with what
other processes wrote, and ends by bumping a generation number and recording, for each file it
wrote, that generation. A process that sees a new generation re-reads exactly the files changed
since it last looked (file times are too coarse: two writes within a few milliseconds can leave
the same time and size). Readers never wait for the lock unless something changed.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import orjson

from store.storage import atomic_write

LOCK_TIMEOUT_S = 60.0  # a writer holds the lock for one operation: an ingest, an import batch, one alert
POLL_S = 0.005  # how often a waiting process retries the lock
YIELD_S = 2 * POLL_S  # a bulk writer's pause between batches: long enough for a waiting process to take the lock


class StoreBusy(OSError):
    """Another process held the store's write lock too long."""


class DirLock:
    """An exclusive ``flock`` on one file, re-entrant within its holder, waited for by polling.

    The ``filelock`` package did this until it cost 55 ms of every CLI start (it imports asyncio);
    on POSIX it is this call. ``flock`` belongs to the open file: two stores of one process on one
    directory exclude each other like two processes; the kernel drops it when a holder dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, timeout: float, poll: float) -> bool:
        if self._depth:
            self._depth += 1
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(poll)
        self._fd, self._depth = fd, 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class SharedDir:
    """The write lock and the generation counter of one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = DirLock(path / ".write.lock")
        self._generation = path / ".generation"
        self._changes = path / ".changes"  # file -> generation that last wrote it

    def acquire(self) -> None:
        if not self._lock.acquire(LOCK_TIMEOUT_S, POLL_S):
            raise StoreBusy(
                f"another process has held {self.path} for over {LOCK_TIMEOUT_S:.0f} s; try again in a moment"
            )

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
