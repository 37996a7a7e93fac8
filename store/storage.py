"""A TinyDB storage that never leaves a half-written file, and the middleware it runs under.

TinyDB's default JSONStorage rewrites the file in place: a crash mid-write leaves a file
TinyDB cannot open. ``AtomicOrjsonStorage`` writes a temporary file, fsyncs it, renames it
over the old one and fsyncs the directory, so a reader sees the old state or the new one.
It serialises with orjson (several times faster than json for our documents).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage


class CorruptStoreFile(RuntimeError):
    """A store file could not be parsed; it has been moved aside, never silently replaced."""

    def __init__(self, path: Path, moved_to: Path, reason: str) -> None:
        self.path, self.moved_to = path, moved_to
        super().__init__(
            f"store file {path} is damaged ({reason}); it was moved to {moved_to.name}. "
            "Restore it from a backup, or start again to continue without it."
        )


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def append_line(path: Path, line: bytes) -> None:
    """Append one JSON line durably (a ledger grows by appends: no whole-file rewrite)."""
    with open(path, "ab") as fh:
        fh.write(line + b"\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_lines(path: Path) -> list[dict]:
    """The JSON lines of a ledger; a line cut by a crash mid-append is skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    rows = []
    for line in raw.splitlines():
        try:
            rows.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return rows


class AtomicOrjsonStorage(Storage):
    """JSON file storage with atomic replace; corrupt files are moved aside and reported."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            if raw == b"":
                return None
            self._quarantine("empty file")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            self._quarantine(f"not valid JSON: {exc}")
        if not isinstance(data, dict):
            self._quarantine("not a TinyDB document")
        return data

    def _quarantine(self, reason: str) -> None:
        moved = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        os.replace(self.path, moved)
        raise CorruptStoreFile(self.path, moved, reason)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, orjson.dumps(data))


class FlushOnDemand(CachingMiddleware):
    """Cache every write; only ``flush()`` (once per ingested article) touches the disk."""

    WRITE_CACHE_SIZE = 10**9


def open_db(path: Path) -> TinyDB:
    """One TinyDB file, atomic and cached. Raises CorruptStoreFile for a damaged file."""
    db = TinyDB(path, storage=FlushOnDemand(AtomicOrjsonStorage))
    db.storage.read()  # parse now so damage is reported at open, not mid-answer
    return db
