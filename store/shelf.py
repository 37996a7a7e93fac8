"""What the store's mixins (alerts, chats) use of the store they are mixed into.

``IncidentStore`` provides these; declaring them here lets each mixin module stand alone and the
type checker read it without the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Table


class Shelf:
    """The store's plumbing, as the mixins see it (implemented by ``store.incidents.IncidentStore``)."""

    dir: Path
    meta: TinyDB
    _written: set[str]
    _alert_keys: set[str]

    def _writing(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _table(self, rel: str, name: str) -> Table:
        raise NotImplementedError

    def _touch(self, rel: str, name: str, rows: Iterable[int] | None = None) -> None:
        raise NotImplementedError

    def _flush(self, fold: bool = False) -> None:
        raise NotImplementedError

    def _row(self, rel: str, name: str, doc_id: int, body: dict | None) -> None:
        raise NotImplementedError

    def _row_ids(self, rel: str, name: str) -> list[int]:
        raise NotImplementedError

    def _next_id(self, kind: str, count: int = 1) -> int:
        raise NotImplementedError

    def _db(self, rel: str) -> TinyDB:
        raise NotImplementedError
