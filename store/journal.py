"""The write-ahead journal: one appended, fsync'ed line per write, folded into the shards later.

A durable write used to rewrite every file it touched (a month's shard, ``meta.json``, the
article's month) with two fsyncs and a rename each. Now each write appends one JSON line naming
the rows it set or removed, file by file and table by table::

    {"incidents/ML/2025-06.json": {"incidents": {"rows": {"812": {...}, "90": null}}},
     "meta.json": {"_meta": {"all": {"1": {...}}}}}

and the store folds the journal into the files (rewrites the files it names, then empties it)
when it passes ``FOLD_BYTES`` or a bulk write comes. On open, and when another process appended,
the lines not yet seen are applied on top of the files: rows are whole values, so applying a
line twice, or a line already folded, changes nothing. A line cut by a crash mid-append has no
newline: it is never applied, and the next writer cuts it off before appending.

The caller holds the store's write lock for ``append``, ``cut_tail`` and ``reset``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import orjson

from store.storage import fsync_dir

log = logging.getLogger(__name__)

JOURNAL = "journal.jsonl"
FOLD_BYTES = 2 << 20  # fold past 2 MB: replaying it on open stays a few milliseconds


class Journal:
    """One data directory's journal, and how far this process has applied it (``pos``)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL
        self.pos = 0
        if not self.path.exists():  # created once, its directory entry made durable before any append
            self.path.touch()
            fsync_dir(directory)

    def size(self) -> int:
        try:
            return os.stat(self.path).st_size
        except FileNotFoundError:
            return 0

    def unseen(self) -> bool:
        """Whether another process appended (or cut) since this one last read: a stat, no read."""
        return self.size() != self.pos

    def read_new(self) -> list[dict]:
        """The complete lines appended since ``pos``; ``pos`` moves past them."""
        if self.size() < self.pos:  # emptied without a fold this process saw (by hand): read it all
            self.pos = 0
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.pos)
                raw = fh.read()
        except FileNotFoundError:
            return []
        end = raw.rfind(b"\n") + 1
        self.pos += end
        records = []
        for line in raw[:end].splitlines():
            try:
                records.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                log.warning("skipped an unreadable journal line (%d bytes)", len(line))
        return records

    def cut_tail(self) -> None:
        """Drop what follows the last complete line (a write killed mid-append)."""
        if self.size() > self.pos:
            log.warning("dropped the unfinished last line of %s (a write interrupted by a crash)", self.path.name)
            self._truncate(self.pos)

    def append(self, record: dict) -> None:
        """Write one record durably (its line and an fsync); on failure the file is as it was."""
        line = orjson.dumps(record) + b"\n"
        with open(self.path, "ab") as fh:
            try:
                if fh.tell() != self.pos:  # an unfinished line after the last one applied
                    os.ftruncate(fh.fileno(), self.pos)
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
            except OSError:
                with contextlib.suppress(OSError):  # else the torn line is cut by the next writer
                    os.ftruncate(fh.fileno(), self.pos)
                raise
        self.pos += len(line)

    def reset(self) -> None:
        """Empty the journal: everything in it is in the files now."""
        self._truncate(0)

    def _truncate(self, size: int) -> None:
        with open(self.path, "r+b") as fh:
            fh.truncate(size)
            fh.flush()
            os.fsync(fh.fileno())
        self.pos = size
