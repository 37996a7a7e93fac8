"""Schema versions of a store directory, and the steps that bring an older one up to date.

``meta.json`` records the version its files were written with; opening an older store runs each
step from that version on, once, then records the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tinydb.table import Document

if TYPE_CHECKING:
    from store.incidents import IncidentStore

SCHEMA_VERSION = 1

# version N -> N+1; add a function here with every schema change.
MIGRATIONS: dict[int, Callable[[IncidentStore], None]] = {}


def migrate(store: IncidentStore) -> None:
    """Bring the store's files to SCHEMA_VERSION (a new store is simply stamped with it)."""
    meta = store.meta.table("_meta")
    row = meta.get(doc_id=1)
    version = row["schema_version"] if row else SCHEMA_VERSION
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](store)
    if not row or version != SCHEMA_VERSION:
        store._table("meta.json", "_meta").upsert(Document({"schema_version": SCHEMA_VERSION}, doc_id=1))
        store._flush()
