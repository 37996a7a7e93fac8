"""The incident store: TinyDB files as the system of record, an in-memory index for answers.

Layout of a data directory::

    meta.json                      schema version, id counters, subscriptions, alert outbox, users
    alerts_sent.jsonl              the sent-alert ledger, one line appended per alert
    answers.json                   the queries of recent answers, which their buttons act on
    incidents/<ISO2>/<YYYY-MM>.json  incidents of one country and month
    .snapshot.npz, .snapshot.json  the index's columns, to open without parsing every shard (``store.snapshot``)
    articles/<YYYY-MM>.json          submitted articles (raw text, URL, title, hash, language)
    journal.jsonl                  the write-ahead journal: one line per write since the last fold (``store.journal``)
    .write.lock, .generation, .changes   the write lock and what changed (``store.sharing``)

Each file is a TinyDB database on ``AtomicOrjsonStorage`` under a write cache. A write (one
ingested article) is made durable by one journal line naming the rows it changed; the files
are rewritten only when the journal is folded into them (past ``FOLD_BYTES``, or a bulk
import), so a crash leaves every file either as it was or as it became, and the journal
replays what they lack. A fold writes incidents, then meta with the outbox, then articles:
incidents whose article never landed (a store written before the journal) are dropped at
the next start.

Several processes may share a directory (``store.sharing``): each write holds the directory's
file lock, first re-reads the files other processes changed, and takes ids from the counters
on disk; reads catch up when the generation number moved.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import numpy as np
from tinydb import TinyDB

from store import snapshot
from store.acled import OWN_ID
from store.actors import family
from store.alerts import SENT_LEDGER, AlertMatcher, Alerts
from store.chats import ANSWERS, Chats
from store.filter import Filter
from store.geo.countries import country_code
from store.geo.textnorm import fold
from store.incident import Incident, IncidentLike
from store.index import IncidentIndex, SlotMap
from store.journal import FOLD_BYTES, Journal
from store.migrations import migrate
from store.notes import restate_group
from store.sharing import YIELD_S, SharedDir
from store.storage import open_db, read_lines

log = logging.getLogger(__name__)

MERGE_RADIUS_KM = 5.0
MERGE_DAYS = 1
MERGE_DAYS_VAGUE = 7  # an incident dated to the week (time_precision 2 or 3) may be one dated to the day
PLACE_FIELDS = (
    "country",
    "country_code",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "location_match",
    "geonameid",
    "osm_node_id",
)
IMPORT_BATCH = 5000  # rows per lock hold (about 0.2 s) in a bulk import: other processes get their turn between batches


class StoreWriteError(OSError):
    """The disk refused a write; the store is back to its last durable state."""


def content_hash(text: str) -> str:
    """Hash of the text up to white space: the same article pasted twice hashes the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def normalise_url(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip().split("#", 1)[0].rstrip("/")
    return url.replace("http://", "https://", 1).lower() or None


class IncidentStore(Alerts, Chats):
    """All reads and writes of incidents, articles, subscriptions and alerts. Thread-safe."""

    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.shared = SharedDir(self.dir)
        self._written: set[str] = set()  # files flushed by the current write
        self._touched: dict[tuple[str, str], set[int] | None] = {}  # (file, table) -> rows changed (None: all)
        self.journal = Journal(self.dir)
        with self._writing():
            self._open()

    # -- sharing the directory with other processes ------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the thread and file locks, catch up with other processes, bump the generation
        after writing."""
        with self.lock:
            self.shared.acquire()
            try:
                self._catch_up()
                self._written = set()
                yield
                self._bump()
            finally:
                self.shared.release()

    def _bump(self) -> None:
        """Tell other processes which files this write rewrote (a journal line tells them itself)."""
        if self._written:
            self._seen_gen, changes = self.shared.bump(self._written)
            self._file_gen.update({rel: changes[rel] for rel in self._written})
            self._written = set()

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Hold the thread lock; first re-read what other processes wrote, if anything."""
        with self.lock:
            if self.shared.generation() != self._seen_gen or self.journal.unseen():
                self.shared.acquire()
                try:
                    self._catch_up()
                finally:
                    self.shared.release()
            yield

    def _catch_up(self) -> None:
        """Re-read the files other processes rewrote since this one last looked (meta first,
        then articles, then incidents, so incidents find their article), then apply the journal
        lines they appended. Called under the write lock."""
        if not hasattr(self, "_file_gen"):
            return  # opening: ``_open`` reads everything
        gen = self.shared.generation()
        if gen != self._seen_gen:
            changes = self.shared.changes()
            stale = [rel for rel, g in changes.items() if g > self._file_gen.get(rel, 0)]
            for rel in sorted(stale, key=_file_order):
                self._reload(rel)
                self._file_gen[rel] = changes[rel]
            self._seen_gen = gen
            self._dirty.clear()  # a fold wrote them, or the whole journal is applied again below
            self.journal.pos = 0
        if self.journal.unseen():
            self._replay()

    def _replay(self) -> None:
        """Apply the journal lines this process has not seen (its own are applied already)."""
        for record in self.journal.read_new():
            for rel in sorted(record, key=_file_order):
                self._apply(rel, record[rel])
        self.journal.cut_tail()

    def _apply(self, rel: str, tables: dict) -> None:
        """One file's part of a journal line: its rows set in the cached file, then in memory."""
        db = self._db(rel)
        data = db.storage.read() or {}
        for name, change in tables.items():
            if "all" in change:
                data[name] = change["all"]
            else:
                rows = data.setdefault(name, {})
                for key, row in change["rows"].items():
                    if row is None:
                        rows.pop(key, None)
                    else:
                        rows[key] = row
        db.storage.write(data)
        db._tables.clear()  # TinyDB's Table caches its next id: let it count again
        self._dirty.add(rel)
        if rel == "meta.json":
            self._next.clear()
            if "outbox" in tables:
                self._load_alert_keys()
        elif rel.startswith("articles/"):
            for key, row in tables.get("articles", {}).get("rows", {}).items():
                self._apply_article(rel, int(key), row)
        elif rel.startswith("incidents/"):
            for key, row in tables.get("incidents", {}).get("rows", {}).items():
                self._apply_incident(rel, int(key), row)

    def _apply_article(self, rel: str, aid: int, row: dict | None) -> None:
        if row is not None:
            self._remember_article(rel, {**row, "id": aid})
        elif self._article_file.get(aid) == rel:  # (an article moved files is set in its new one)
            self._forget_article(aid)

    def _apply_incident(self, rel: str, iid: int, row: dict | None) -> None:
        if row is not None:
            _intern(row)
            self._remember_incident(rel, row)
        elif self._incident_file.get(iid) == rel:  # (an incident moved to another month is set in its new file)
            self._forget_incident(iid)

    def _reload(self, rel: str) -> None:
        """Forget one file's cached contents and read it again."""
        self._dbs.pop(rel, None)  # never close(): that would flush this process's stale cache
        self._dirty.discard(rel)
        exists = (self.dir / rel).exists()
        if rel == "meta.json":
            self.meta = self._db(rel)
            self._next.clear()
            self._load_alert_keys()
        elif rel == SENT_LEDGER:
            self._load_alert_keys()
        elif rel.startswith("articles/"):
            for aid in [a for a, r in self._article_file.items() if r == rel]:
                self._forget_article(aid)
            for doc in self._db(rel).table("articles").all() if exists else []:
                self._remember_article(rel, {**doc, "id": doc.doc_id})
        elif rel.startswith("incidents/"):
            self._load_shard(rel)

    def _shard_rows(self, rel: str) -> dict[str, dict]:
        """The incidents of one shard (the cached dicts themselves), by id; none when it is gone."""
        return self._rows(rel, "incidents") if (self.dir / rel).exists() else {}

    def _load_shard(self, rel: str) -> None:
        """Index one shard as its file holds it now (its incidents whose article landed); forget the
        ones it no longer holds."""
        docs = [
            d
            for d in self._shard_rows(rel).values()
            if not d.get("article_ids") or any(a in self.articles for a in d["article_ids"])
        ]
        present = {d["id"] for d in docs}
        for iid in [i for i in self._incident_file.ids_in(rel) if i not in present]:
            self._forget_incident(iid)
        for d in docs:
            _intern(d)
            self._place_incident(rel, d)
        self.index.load(docs)

    def _open(self) -> None:
        """(Re)build every in-memory structure from the files on disk."""
        self.index = IncidentIndex()
        self._dbs: dict[str, TinyDB] = {}
        self._dirty: set[str] = set()
        self._incident_file = FileOf()
        self._article_file: dict[int, str] = {}
        self.articles: dict[int, dict] = {}  # article id -> metadata (no text)
        self._by_hash: dict[str, int] = {}
        self._by_url: dict[str, int] = {}
        self._acled_ids = AcledIds()
        self._alert_keys: set[str] = set()
        self._next: dict[str, int] = {}
        self._snapshot_mark: tuple[int, int] | None = None  # (``_mark``) when the snapshot on disk was last matched
        self._touched = {}
        self._journaled = False  # this process appended since the last fold
        self.journal.pos = 0
        self._seen_gen = self.shared.generation()
        self._file_gen: dict[str, int] = self.shared.changes()  # everything is read now, under the lock
        self.meta = self._db("meta.json")
        was_enabled = gc.isenabled()
        gc.disable()  # building ~10M small objects: the cyclic GC would rescan them again and again
        try:
            self._load()
        finally:
            if was_enabled:
                gc.enable()
            gc.freeze()  # loaded documents live as long as the process: keep them out of future scans
        migrate(self)  # on the files and the journal applied: a stamp it writes is a journal line after theirs

    # -- files --------------------------------------------------------------------------
    def _db(self, rel: str) -> TinyDB:
        db = self._dbs.get(rel)
        if db is None:
            db = self._dbs[rel] = open_db(self.dir / rel)
        return db

    def _table(self, rel: str, name: str):
        """A (small) table to change through TinyDB: the journal line records it whole. Big tables
        are changed a row at a time (``_row``)."""
        self._touch(rel, name)
        return self._db(rel).table(name)

    def _rows(self, rel: str, name: str) -> dict[str, dict]:
        """One table of a file as the write cache holds it (the dicts themselves), by id."""
        return (self._db(rel).storage.read() or {}).get(name, {})

    def _touch(self, rel: str, name: str, rows: Iterable[int] | None = None) -> None:
        """Note rows (None: the whole table) the current write changes, for its journal line."""
        self._dirty.add(rel)
        key = (rel, name)
        if rows is None:
            self._touched[key] = None
        elif key not in self._touched or self._touched[key] is not None:
            self._touched.setdefault(key, set()).update(rows)  # type: ignore[union-attr]

    def _record(self) -> dict:
        """The journal line of the current write: the touched rows' values now (None: removed)."""
        record: dict[str, dict] = {}
        for (rel, name), rows in self._touched.items():
            table = self._rows(rel, name)
            part = {"all": table} if rows is None else {"rows": {str(i): table.get(str(i)) for i in rows}}
            record.setdefault(rel, {})[name] = part
        return record

    def _flush(self, fold: bool = False) -> None:
        """Make the current write durable: one journal line, or with ``fold`` (a bulk write) the
        files themselves. A journal past ``FOLD_BYTES`` is folded into the files.

        If the disk refuses the write (full, read-only...), the change is dropped and memory is
        rebuilt from disk, so what the store answers is what survives a restart.
        """
        record = {} if fold else self._record()
        self._touched = {}
        landed = False  # the write is in the journal: a failed fold after it loses nothing
        try:
            if not fold:
                if record:
                    self.journal.append(record)
                    self._journaled = landed = True
                if self.journal.pos <= FOLD_BYTES:
                    return
            self._fold()
        except OSError as exc:
            if landed:
                log.warning("could not fold the journal into the files (%s); it stays in the journal", exc)
                return
            log.error("store write failed (%s); reloading from disk", exc)
            self._open()
            raise StoreWriteError(f"could not write to {self.dir} ({exc.strerror or exc}); nothing was stored") from exc

    def _fold(self) -> None:
        """Write every file the journal changed (incidents first, articles, the acknowledgement,
        last), tell other processes, then empty the journal."""
        for rel in sorted(self._dirty, key=_fold_order):
            self._dbs[rel].storage.flush()  # type: ignore[attr-defined]  # store.storage's durable storage
            self._written.add(rel)
        self._dirty.clear()
        self._journaled = False
        self._bump()  # before emptying: a crash in between replays a journal already folded, harmlessly
        if self.journal.pos or self.journal.size():
            self.journal.reset()

    def fold(self) -> None:
        """Write the journal into the files now (before copying the directory by hand, say)."""
        with self._writing():
            self._flush(fold=True)

    def close(self) -> None:
        """Fold the journal if this process wrote to it (a process that only read leaves it to the
        writers), and take a snapshot if the files changed since the last one."""
        with self._writing():
            if self._journaled:
                self._flush(fold=True)
            if not self.journal.size() and self._snapshot_mark != self._mark():
                self._save_snapshot()  # (with journal lines pending it would describe files that lack them)
            self._dbs.clear()

    @staticmethod
    def _incident_rel(doc: dict) -> str:
        month = (doc.get("event_date") or "")[:7] or "undated"
        code = doc.get("country_code") or country_code(doc.get("country")) or "XX"
        return f"incidents/{code}/{month}.json"

    @staticmethod
    def _article_rel(doc: dict) -> str:
        return f"articles/{(doc.get('published') or '')[:7] or 'undated'}.json"

    # -- start-up -----------------------------------------------------------------------
    def _load(self) -> None:
        for tmp in self.dir.rglob(".*.tmp"):  # a write interrupted before its rename: never data
            tmp.unlink(missing_ok=True)
        for path in sorted((self.dir / "articles").glob("*.json")):
            rel = f"articles/{path.name}"
            for doc in self._db(rel).table("articles").all():
                self._remember_article(rel, {**doc, "id": doc.doc_id})
        self.index.docs.loader = self._read_shard_of
        orphans: list[tuple[str, int]] = []
        twins: list[tuple[str, int, dict]] = []
        if not self._from_snapshot():
            orphans, twins = self._read_shards()
            self._incident_file.codes.compact()  # set one by one while reading: into the arrays
            self._acled_ids.map.compact()
            self.index.notes.build(self.index.docs)  # every note is in memory now: index them for the snapshot
            self._save_snapshot()
        self._load_alert_keys()
        self._replay()  # the writes since the last fold
        self._repair(orphans, twins)

    def _from_snapshot(self) -> bool:
        """Columns from the snapshot, and the shards written since it was taken read again; False
        when there is no snapshot to trust (the caller reads every shard)."""
        snap = snapshot.load(self.dir)
        if snap is None:
            return False
        live = np.flatnonzero(snap.arrays["alive"]) if snap.by_id is None else snap.by_id
        file_of = FileOf()
        file_of.fill(snap.arrays["ids"][live], snap.file_of_slot[live], snap.files)
        now = snapshot.shard_stats(self.dir)
        stale = {rel for rel in now.keys() | snap.shards.keys() if now.get(rel) != snap.shards.get(rel)}
        stale |= {rel for rel, g in self._file_gen.items() if rel.startswith("incidents/") and g > snap.generation}
        if self._twins_in(sorted(stale & now.keys()), file_of):
            return False  # repaired by a full read
        self.index.restore(snap.arrays, snap.labels, snap.by_id)
        if snap.notes is not None:
            self.index.notes.restore(*snap.notes)
        self._incident_file = file_of
        self._acled_ids.fill(*snap.acled)
        for rel in sorted(stale):
            self._load_shard(rel)  # (``_twins_in`` has just read it: its cache is current)
        if stale:  # written since (by another process, or before a crash): the next start need not read them again
            self._save_snapshot()
        self._snapshot_mark = self._mark()
        return True

    def _mark(self) -> tuple[int, int]:
        """What a snapshot taken now would differ by: the write generation, the notes indexed."""
        return self.shared.generation(), self.index.notes.covered

    def _twins_in(self, changed: list[str], file_of: FileOf) -> bool:
        """Whether a shard written since the snapshot holds an id another shard holds too."""
        held = {rel: set(map(int, self._shard_rows(rel))) for rel in changed}
        for rel, ids in held.items():
            for iid in ids:
                owner = file_of.get(iid, rel)
                if owner != rel and (owner not in held or iid in held[owner]):
                    return True
        return False

    def _save_snapshot(self) -> None:
        """Take a snapshot of the index as the shards are now (under the write lock, caught up)."""
        arrays, labels = self.index.state()
        codes = self._incident_file.codes.many(self.index.ids.view())
        files = [*self._incident_file.files, ""]  # "": a dropped slot's
        codes[codes < 0] = len(files) - 1
        snap = snapshot.Snapshot(
            arrays,
            labels,
            files,
            codes.astype(np.int32),
            self._acled_ids.arrays(),
            snapshot.shard_stats(self.dir),
            self.shared.generation(),
            self.index.notes.state(self.index.docs),
            self.index.slots_by_id(),
        )
        try:
            snapshot.save(self.dir, snap)
            self._snapshot_mark = self._mark()
        except OSError as exc:  # a cache: the store works without it
            log.warning("could not write the index snapshot (%s)", exc)

    def _read_shard_of(self, slot: int) -> None:
        """Bring the documents of the shard holding ``slot`` into memory (the cached dicts themselves)."""
        rel = self._incident_file.get(int(self.index.ids.view()[slot]))
        if rel is None:
            return
        rows = list(self._shard_rows(rel).values())
        slots = self.index.slot_of.many(np.fromiter((d["id"] for d in rows), np.int64, len(rows)))
        docs = self.index.docs
        for doc, s in zip(rows, slots.tolist(), strict=True):
            if s >= 0 and docs.missing(s):
                _intern(doc)
                docs[s] = doc

    def _read_shards(self) -> tuple[list[tuple[str, int]], list[tuple[str, int, dict]]]:
        """Index every shard; returns the incidents whose article is unknown, and the ids held twice."""
        orphans, docs, twins = [], [], []
        for path in sorted((self.dir / "incidents").glob("*/*.json")):
            rel = f"incidents/{path.parent.name}/{path.name}"
            for key, doc in self._shard_rows(rel).items():  # the cached dicts themselves: no second copy
                arts = doc.get("article_ids")
                if arts and not any(a in self.articles for a in arts):
                    orphans.append((rel, int(key)))
                    continue
                if doc["id"] in self._incident_file:
                    twins.append((rel, int(key), doc))
                    continue
                _intern(doc)
                self._place_incident(rel, doc)
                docs.append(doc)
        self.index.load(docs)
        return orphans, twins

    def _repair(self, orphans: list[tuple[str, int]], twins: list[tuple[str, int, dict]]) -> None:
        """After the journal is applied: drop incidents whose article never landed (a crash before
        the journal, or mid-fold without it), renumber ids held twice."""
        orphans = [(rel, i) for rel, i in orphans if self._incident_file.get(i) != rel]  # not set again by the journal
        for rel, doc_id in orphans:
            self._incident_row(rel, doc_id, None)
        if orphans:
            log.warning("dropped %d incidents of an interrupted ingest", len(orphans))
            self._flush(fold=True)
        if twins:
            self._repair_twins(twins)

    def _repair_twins(self, twins: list[tuple[str, int, dict]]) -> None:
        """One id in two files (two processes wrote without a lock, before the store was shared
        safely): an exact copy is dropped, a different incident gets a fresh id."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        renumbered = 0
        for rel, key, doc in twins:
            self._incident_row(rel, key, None)
            if self.index.get(doc["id"]) != doc:
                self._write_incident({**doc, "id": self._next_id("incident"), "updated_at": now})
                renumbered += 1
        log.warning(
            "repaired %d incident ids used twice (%d renumbered, the rest exact copies)", len(twins), renumbered
        )
        self._flush(fold=True)

    def _load_alert_keys(self) -> None:
        """(chat, incident) pairs queued or sent: never queued again. The ledger was a meta.json
        table before it became its own append-only file; both are read."""
        rows = (
            self.meta.table("outbox").all() + self.meta.table("alerts_sent").all() + read_lines(self.dir / SENT_LEDGER)
        )
        self._alert_keys = {f"{row['chat_id']}:{row['incident_id']}" for row in rows}

    def _forget_article(self, aid: int) -> None:
        meta = self.articles.pop(aid, None)
        self._article_file.pop(aid, None)
        if meta:
            self._by_hash.pop(meta["hash"], None)
            if meta.get("url_key"):
                self._by_url.pop(meta["url_key"], None)

    def _remember_article(self, rel: str, doc: dict) -> None:
        aid = doc["id"]
        self._article_file[aid] = rel
        self.articles[aid] = {k: v for k, v in doc.items() if k != "text"}
        self._by_hash[doc["hash"]] = aid
        if doc.get("url_key"):
            self._by_url[doc["url_key"]] = aid

    def _remember_incident(self, rel: str, doc: dict) -> None:
        self._place_incident(rel, doc)
        self.index.put(doc)

    def _place_incident(self, rel: str, doc: dict) -> None:
        """Which file holds an incident, and its ACLED id; the index is filled by the caller."""
        self._incident_file[doc["id"]] = rel
        if doc.get("event_id_cnty"):
            self._acled_ids[doc["event_id_cnty"]] = doc["id"]

    def _forget_incident(self, iid: int) -> str | None:
        """Drop an incident from memory (not from its file); returns the file that held it."""
        doc = self.index.get(iid) or {}
        if doc.get("event_id_cnty"):
            self._acled_ids.pop(doc["event_id_cnty"])
        self.index.drop(iid)
        return self._incident_file.pop(iid, None)

    def _next_id(self, kind: str, count: int = 1) -> int:
        """Ids are never reused (an undone article's ids stay retired), counters persist in meta.
        ``count`` reserves a block (a bulk import) and returns its first id."""
        storage = self._db("meta.json").storage
        data = storage.read() or {}
        row = data.setdefault("_meta", {}).setdefault("1", {})  # in the cached file: TinyDB's upsert rebuilds tables
        if kind not in self._next:
            known = self._highest(kind)
            self._next[kind] = max(row.get(f"next_{kind}", 1), known + 1)
        nxt = self._next[kind]
        self._next[kind] = row[f"next_{kind}"] = nxt + count
        storage.write(data)
        self._touch("meta.json", "_meta")
        return nxt

    def _highest(self, kind: str) -> int:
        """The highest id of a kind held now (a counter older than the store's rows never goes back)."""
        if kind == "incident":
            return self._incident_file.max_id()
        if kind == "answer":
            return max(self._row_ids(ANSWERS, "answers"), default=0)
        return max(self.articles, default=0)

    # -- articles -----------------------------------------------------------------------
    def find_article(self, text: str | None = None, url: str | None = None) -> dict | None:
        """The stored article with the same text (up to white space) or the same URL."""
        with self._reading():
            aid = self._by_hash.get(content_hash(text)) if text else None
            if aid is None and url:
                aid = self._by_url.get(normalise_url(url) or "")
            return self.articles.get(aid) if aid else None

    def article_text(self, article_id: int) -> str | None:
        with self._reading():
            rel = self._article_file.get(article_id)
            doc = self._db(rel).table("articles").get(doc_id=article_id) if rel else None
            return doc["text"] if doc else None

    def add_article(self, article: dict, incidents: list[Incident], alert_matcher: AlertMatcher | None = None) -> dict:
        """Store an article and its incidents durably; merge incidents already known.

        Returns ``{"status": "new"|"duplicate", "article": meta, "new": [...], "merged": [...]}``.
        """
        with self._writing():
            dup = self.find_article(article["text"], article.get("url"))
            if dup:
                return {"status": "duplicate", "article": dup, "new": [], "merged": []}
            aid = self._next_id("article")
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            source = {
                "article_id": aid,
                "url": article.get("url"),
                "title": article.get("title"),
                "published": article.get("published"),
            }
            new, merged, ids = [], [], []
            rows = cast(list[dict], incidents)  # the store works on plain dicts; Incident types the API
            matches = [(inc, self._find_same(inc, exclude_article=aid)) for inc in rows]
            groups = self._join_groups(matches)
            for inc, same in matches:
                if inc.get("group_id") in groups:  # one coordinated attack, as another article grouped it
                    g = groups[inc["group_id"]]
                    inc = {
                        **inc,
                        **g,
                        "notes": restate_group(
                            inc.get("notes"), g["group_size"], g["group_named"], g["group_fatalities"]
                        ),
                    }
                if same:
                    merged.append(self._merge(self.index.get(same["id"]) or same, inc, source, now))
                    ids.append(same["id"])
                    continue
                doc = self._new_incident(inc, source, aid, now)
                new.append(doc)
                ids.append(doc["id"])
            alerts = self._enqueue_alerts(new, alert_matcher, now) if alert_matcher else []
            doc = {
                **article,
                "id": aid,
                "hash": content_hash(article["text"]),
                "url_key": normalise_url(article.get("url")),
                "submitted_at": now,
                "incident_ids": ids,
            }
            rel = self._article_rel(doc)
            self._row(rel, "articles", aid, {k: v for k, v in doc.items() if k != "id"})
            self._remember_article(rel, doc)
            self._flush()
            return {"status": "new", "article": self.articles[aid], "new": new, "merged": merged, "alerts": alerts}

    def remove_article(self, article_id: int) -> dict:
        """Undo an ingest: drop its incidents (or its source from merged ones) and the article."""
        with self._writing():
            meta = self.articles.get(article_id)
            if not meta:
                return {"removed": [], "kept": []}
            removed, kept = [], []
            for iid in meta.get("incident_ids", []):
                doc = self.index.get(iid)
                if not doc:
                    continue
                arts = [a for a in doc.get("article_ids", []) if a != article_id]
                if arts:
                    self._write_incident(_without_article(doc, article_id, arts))
                    kept.append(iid)
                else:
                    self._delete_incident(iid)
                    removed.append(iid)
            self._drop_pending_alerts(set(removed))
            self._row(self._article_file[article_id], "articles", article_id, None)
            self._forget_article(article_id)
            self._flush()
            return {"removed": removed, "kept": kept}

    # -- incidents ----------------------------------------------------------------------
    def _new_incident(self, inc: dict, source: dict | None, aid: int | None, now: str) -> dict:
        doc = _incident_doc(inc, self._next_id("incident"), source, aid, now)
        self._write_incident(doc)
        return doc

    def _write_incident(self, doc: dict) -> None:
        rel = self._incident_rel(doc)
        old = self._incident_file.get(doc["id"])
        if old and old != rel:
            self._incident_row(old, doc["id"], None)
        body = {k: v for k, v in doc.items() if k != "distance_km"}
        self._incident_row(rel, doc["id"], body)
        self._remember_incident(rel, body)

    def _row_ids(self, rel: str, name: str) -> list[int]:
        return [int(k) for k in self._rows(rel, name)]

    def _incident_row(self, rel: str, doc_id: int, body: dict | None) -> None:
        self._row(rel, "incidents", doc_id, body)

    def _row(self, rel: str, name: str, doc_id: int, body: dict | None) -> None:
        """Set (or, with None, remove) one row of a table in the write cache. TinyDB's Table
        rebuilds the whole table on every insert or update (a month of articles, every ingest; a
        bulk import, quadratic); the storage layer's cached dict is set in constant time and
        flushed the same way."""
        storage = self._db(rel).storage
        data = storage.read() or {}
        rows = data.setdefault(name, {})
        if body is None:
            rows.pop(str(doc_id), None)
        else:
            rows[str(doc_id)] = body
        storage.write(data)
        self._touch(rel, name, (doc_id,))

    def _delete_incident(self, iid: int) -> None:
        rel = self._forget_incident(iid)
        if rel is not None:
            self._incident_row(rel, iid, None)

    def _find_same(self, inc: dict, exclude_article: int | None = None, exclude_id: int | None = None) -> dict | None:
        """An incident already stored that reports the same event: same type, same day (a week
        when either date is vague), and the same place (within 5 km, or the same name) — or, when
        one of the two has no place, the same main actor, country and kind of victims, if only one
        stored incident fits ("the raid the day before" and "the raid on Boulkessi")."""
        if not inc.get("event_date"):
            return None
        day = date.fromisoformat(inc["event_date"])
        window = MERGE_DAYS if (inc.get("time_precision") or 1) == 1 else MERGE_DAYS_VAGUE
        first, last = day - timedelta(days=window), day + timedelta(days=window)
        f = Filter(date_from=first, date_to=last, event_types=[inc["event_type"]], sort="distance")
        placed = True
        if inc.get("latitude") is not None and (inc.get("geo_precision") or 1) <= 2:
            near = self.index.near(first, last, inc["event_type"], inc["latitude"], inc["longitude"], MERGE_RADIUS_KM)
            same = next((c for c in near if self._other(c, exclude_article, exclude_id)), None)
            if same is not None:
                return same
        elif inc.get("location") and inc.get("country"):
            f.locations, f.countries = [inc["location"]], [inc["country"]]
            for cand in self.index.query(f)[0]:  # the filter already requires the same place
                if self._other(cand, exclude_article, exclude_id):
                    return self.index.get(cand["id"])
        else:
            placed = False
        return self._same_actor_elsewhere(inc, f, placed, exclude_article, exclude_id)

    def _same_actor_elsewhere(
        self, inc: dict, f: Filter, placed: bool, exclude_article: int | None, exclude_id: int | None
    ) -> dict | None:
        """The one stored incident of the same actor, country, day and victims where one side has no place."""
        if not (inc.get("actor1") and inc.get("country")):
            return None
        g = Filter(
            date_from=f.date_from,
            date_to=f.date_to,
            event_types=f.event_types,
            countries=[inc["country"]],
            actors=[inc["actor1"]],  # (its family: a superset the test below narrows)
            attacker_only=True,
        )
        victims = set(inc.get("fatalities_detail") or {})
        fits = [
            c
            for c in self.index.unsorted(g, unplaced=placed)
            if c.get("actor1") == inc["actor1"]
            and self._other(c, exclude_article, exclude_id)
            and (not victims or not c.get("fatalities_detail") or set(c["fatalities_detail"]) == victims)
        ]
        return self.index.get(fits[0]["id"]) if len(fits) == 1 else None

    @staticmethod
    def _other(cand: dict, exclude_article: int | None, exclude_id: int | None) -> bool:
        return exclude_article not in (cand.get("article_ids") or []) and cand["id"] != exclude_id

    def _join_groups(self, matches: list[tuple[dict, dict | None]]) -> dict[str, dict]:
        """A coordinated attack another article already grouped: the new article's group joins
        it (one group id, the larger count of places, the lower toll), old members updated."""
        joined: dict[str, dict] = {}
        for inc, same in matches:
            if not (same and inc.get("group_id") and same.get("group_id")) or inc["group_id"] in joined:
                continue
            members = [d for d in self.index.all() if d.get("group_id") == same["group_id"]]
            size = max(inc.get("group_size") or 0, same.get("group_size") or 0) or None
            tolls = [t for t in (inc.get("group_fatalities"), same.get("group_fatalities")) if t is not None]
            named = len(members) + sum(1 for i, s in matches if i.get("group_id") == inc["group_id"] and s is None)
            values = {
                "group_id": same["group_id"],
                "group_size": max(size or 0, named) or None,
                "group_named": named,
                "group_fatalities": min(tolls) if tolls else None,
            }
            joined[inc["group_id"]] = values
            for doc in members:
                if any(doc.get(k) != v for k, v in values.items()):
                    notes = restate_group(doc.get("notes"), values["group_size"], named, values["group_fatalities"])
                    self._write_incident({**doc, **values, "notes": notes})
        return joined

    def _merge(self, doc: dict, inc: dict, source: dict, now: str) -> dict:
        """Second report of a known incident: one more source, the lower of the reported tolls
        (an unreported toll never replaces a reported one; each source's figure is kept), and
        the place when only the new report gives one."""
        tolls = [
            *(
                doc.get("tolls")
                or (
                    [{"article_ids": doc.get("article_ids") or [], "fatalities": doc.get("fatalities")}]
                    if doc.get("fatalities") is not None
                    else []
                )
            ),
            *(
                [{"article_ids": [source["article_id"]], "fatalities": inc["fatalities"]}]
                if inc.get("fatalities") is not None
                else []
            ),
        ]
        figures = [t["fatalities"] for t in tolls]
        merged = {
            **doc,
            "sources": [*doc.get("sources", []), source],
            "article_ids": [*doc.get("article_ids", []), source["article_id"]],
            "fatalities": min(figures) if figures else None,
            "updated_at": now,
        }
        if len({*figures}) > 1:
            merged["tolls"] = tolls
        if doc.get("fatalities") is None and inc.get("fatalities_detail"):
            merged["fatalities_detail"] = inc["fatalities_detail"]
        if doc.get("latitude") is None and inc.get("latitude") is not None:
            merged.update({k: inc.get(k) for k in PLACE_FIELDS})
        for key in ("actor2", "admin2", "sub_event_type"):
            if not merged.get(key) and inc.get(key):
                merged[key] = inc[key]
        self._write_incident(merged)
        return merged

    def get(self, incident_id: int) -> Incident | None:
        with self._reading():
            return cast(Incident | None, self.index.get(incident_id))

    def update_incident(self, incident_id: int, changes: dict) -> Incident | None:
        """An analyst's correction (place, date, type, actor, fatalities) or confirmation."""
        with self._writing():
            doc = self.index.get(incident_id)
            if not doc:
                return None
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            new = {**doc, **changes, "updated_at": now}
            same = self._find_same(new, exclude_id=incident_id) if _MATCHED_FIELDS & set(changes) else None
            if same:  # the correction makes it an incident already stored: one incident, both sources
                return cast(Incident, self._absorb(same, new, now))
            self._write_incident(new)
            self._flush()
            return cast(Incident, new)

    def _absorb(self, target: dict, doc: dict, now: str) -> dict:
        """Fold a corrected incident into the stored one it now duplicates; its articles point to the
        survivor, so undoing either article later still leaves the other's incident."""
        merged = target
        for src in doc.get("sources") or []:
            if src.get("article_id") is not None:
                merged = self._merge(merged, doc, src, now)
        for aid in doc.get("article_ids") or []:
            rel = self._article_file.get(aid)
            meta = self.articles.get(aid)
            if rel and meta:
                ids = [target["id"] if i == doc["id"] else i for i in meta.get("incident_ids", [])]
                ids = list(dict.fromkeys(ids))
                stored = self._rows(rel, "articles").get(str(aid)) or {}
                self._row(rel, "articles", aid, {**stored, "incident_ids": ids})
                meta["incident_ids"] = ids
        self._delete_incident(doc["id"])
        self._drop_pending_alerts({doc["id"]})
        self._flush()
        return self.index.get(target["id"]) or target

    def delete_incident(self, incident_id: int) -> bool:
        with self._writing():
            if incident_id not in self._incident_file:
                return False
            self._delete_incident(incident_id)
            self._drop_pending_alerts({incident_id})
            self._flush()
            return True

    def import_incidents(self, docs: Iterable[dict]) -> dict:
        """Bulk import (ACLED CSV): incidents whose ``event_id_cnty`` is known are skipped.
        Written in batches, each durable on its own, so other processes can write in between."""
        added = skipped = 0
        batch: list[dict] = []
        prints: set[tuple] | None = None  # the store's own incidents, built when a row needs them
        for inc in docs:
            batch.append(inc)
            if len(batch) >= IMPORT_BATCH:
                a, s, prints = self._import_batch(batch, prints)
                added, skipped, batch = added + a, skipped + s, []
                time.sleep(YIELD_S)  # let a waiting process (the bot, an ingest) take its turn
        if batch:
            a, s, prints = self._import_batch(batch, prints)
            added, skipped = added + a, skipped + s
        return {"added": added, "skipped": skipped}

    def _import_batch(self, batch: list[dict], prints: set[tuple] | None) -> tuple[int, int, set[tuple] | None]:
        with self._writing():
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            fresh, seen, fresh_keys = [], set(), []
            keys = self._acled_ids.keys([inc.get("event_id_cnty") or "" for inc in batch])
            held = (self._acled_ids.map.many(keys) >= 0).tolist()
            for inc, known, hashed in zip(batch, held, keys.tolist(), strict=True):
                eid = inc.get("event_id_cnty")
                if eid and (known or eid in seen):
                    continue
                if not eid or OWN_ID.match(eid):  # the project's own export, or a file without ids
                    prints = prints if prints is not None else {fingerprint(d) for d in self.index.all()}
                    key = fingerprint(inc)
                    if key in prints:
                        continue
                    prints.add(key)
                seen.add(eid)
                fresh.append(inc)
                fresh_keys.append(hashed)
            first = self._next_id("incident", len(fresh)) if fresh else 0
            docs, rels = [], []
            for k, inc in enumerate(fresh):
                doc = _incident_doc(inc, first + k, None, None, now)
                rels.append(self._incident_rel(doc))
                self._incident_row(rels[-1], doc["id"], doc)
                docs.append(doc)
            ids = np.arange(first, first + len(docs), dtype=np.int64)
            self._incident_file.set_many(ids, rels)  # (into the arrays: not a dict entry per id)
            with_eid = [n for n, d in enumerate(docs) if d.get("event_id_cnty")]
            self._acled_ids.map.set_many(np.array(fresh_keys, dtype=np.int64)[with_eid], ids[with_eid])
            self.index.load(docs)  # one vectorised fill per column
            self._flush(fold=True)  # a batch is megabytes: straight into the files, not the journal
            return len(fresh), len(batch) - len(fresh), prints

    def query(self, f: Filter) -> tuple[list[Incident], int]:
        with self._reading():
            return cast(tuple[list[Incident], int], self.index.query(f))

    def query_views(self, f: Filter) -> tuple[list[IncidentLike], int]:
        """``query`` without copies: read-only views of the stored incidents, for answers that only
        read them (summaries, pictures, exports); a view stays what it was if the incident changes."""
        with self._reading():
            return self.index.query(f, views=True)

    def ids(self, f: Filter) -> list[int]:
        """The ids of the incidents ``query`` would return, in its order, without building them."""
        with self._reading():
            return self.index.ids_of(f).tolist()

    def digest(self, f: Filter) -> dict:
        """An answer's summary of every incident the filter selects, from the index's columns."""
        with self._reading():
            return self.index.digest(f)

    def tally(self, f: Filter) -> tuple[int, int, int]:
        """(matching incidents, their fatalities where reported, how many report a toll), from the
        index's columns: counting never builds an incident."""
        with self._reading():
            return self.index.tally(f)

    def places(self) -> list[tuple[str, str, float, float, int]]:
        """Every place the store's incidents name, per country, with where and how often."""
        with self._reading():
            return self.index.places()

    def all_incidents(self) -> list[Incident]:
        with self._reading():
            return cast(list[Incident], sorted(self.index.all(), key=lambda d: (d.get("event_date") or "", d["id"])))

    def __len__(self) -> int:
        with self._reading():
            return len(self.index)

    # -- overview -----------------------------------------------------------------------
    def stats(self) -> dict:
        with self._reading():
            docs = self.index.all()
            dates = sorted(d["event_date"] for d in docs if d.get("event_date"))
            by_country: dict[str, int] = {}
            by_type: dict[str, int] = {}
            for d in docs:
                by_country[d.get("country") or "?"] = by_country.get(d.get("country") or "?", 0) + 1
                by_type[d.get("event_type") or "?"] = by_type.get(d.get("event_type") or "?", 0) + 1
            return {
                "incidents": len(docs),
                "articles": len(self.articles),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "by_country": dict(sorted(by_country.items(), key=lambda kv: -kv[1])),
                "by_event_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
                "subscriptions": len(self.meta.table("subscriptions")),
                "alerts_pending": len(self.meta.table("outbox")),
                "files": len(self._dbs),
            }


class AcledIds:
    """ACLED event id -> incident id, as a ``SlotMap`` keyed by a 64-bit hash of the event id: a
    dict of 400,000 id strings took about 50 MB. (Two of a million ids share a hash with odds of
    3 in 100 million; the import would then skip one row as already held.)"""

    def __init__(self) -> None:
        self.map = SlotMap()

    @staticmethod
    def key(eid: str) -> int:
        return int.from_bytes(hashlib.blake2b(eid.encode(), digest_size=8).digest(), "little", signed=True)

    def fill(self, keys: np.ndarray, iids: np.ndarray) -> None:
        self.map.fill(keys, iids)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, incident ids), for the snapshot."""
        self.map.compact()
        return self.map.keys, self.map.slots

    def keys(self, eids: list[str]) -> np.ndarray:
        """The keys of many event ids, for ``map.many`` and ``map.set_many`` (a batch at once)."""
        return np.fromiter(map(self.key, eids), np.int64, len(eids))

    def __setitem__(self, eid: str, iid: int) -> None:
        self.map[self.key(eid)] = iid

    def pop(self, eid: str) -> None:
        self.map.pop(self.key(eid))


class FileOf:
    """Incident id -> the shard that holds it, as small integers in a ``SlotMap`` (a dict of 400,000
    ids to file names took 28 MB)."""

    def __init__(self) -> None:
        self.codes = SlotMap()
        self.files: list[str] = []
        self.code_of: dict[str, int] = {}

    def _code(self, rel: str) -> int:
        code = self.code_of.get(rel)
        if code is None:
            code = self.code_of[rel] = len(self.files)
            self.files.append(rel)
        return code

    def fill(self, ids: np.ndarray, codes: np.ndarray, files: list[str]) -> None:
        self.files, self.code_of = list(files), {rel: n for n, rel in enumerate(files)}
        self.codes.fill(ids, codes)

    def get(self, iid: int, default: str | None = None) -> str | None:
        code = self.codes.get(iid)
        return default if code is None else self.files[code]

    def __setitem__(self, iid: int, rel: str) -> None:
        self.codes[iid] = self._code(rel)

    def set_many(self, iids: np.ndarray, rels: list[str]) -> None:
        self.codes.set_many(iids, np.fromiter(map(self._code, rels), np.int64, len(rels)))

    def pop(self, iid: int, default: str | None = None) -> str | None:
        code = self.codes.pop(iid)
        return default if code is None else self.files[code]

    def __contains__(self, iid: int) -> bool:
        return iid in self.codes

    def ids_in(self, rel: str) -> list[int]:
        code = self.code_of.get(rel)
        return [] if code is None else self.codes.keys_of(code)

    def max_id(self) -> int:
        return self.codes.max_key()


def _incident_doc(inc: dict, iid: int, source: dict | None, aid: int | None, now: str) -> dict:
    """A new incident as stored: its id, times, sources and article."""
    doc = {**inc, "id": iid, "created_at": now, "updated_at": now}
    doc["sources"] = [source] if source else list(inc.get("sources") or [])
    doc["article_ids"] = [aid] if aid else []
    doc.setdefault("status", "extracted")
    return doc


def fingerprint(d: dict) -> tuple:
    """What makes an exported incident the same one when it comes back without an ACLED id."""
    lat, lon = d.get("latitude"), d.get("longitude")
    return (
        d.get("event_date"),
        d.get("event_type"),
        fold(d.get("location") or ""),
        None if lat is None else round(float(lat), 4),
        None if lon is None else round(float(lon), 4),
        family(d.get("actor1") or ""),
    )


_INTERNED = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "country_code",
    "admin1",
    "admin2",
    "location",
    "status",
    "language",
    "location_match",
    "created_at",
    "updated_at",
)


_MATCHED_FIELDS = {"event_date", "event_type", "location", "latitude", "longitude", "actor1", "country"}


def _without_article(doc: dict, article_id: int, arts: list[int]) -> dict:
    """An incident once an article that reported it is undone: its source and its toll go."""
    out = {
        **doc,
        "article_ids": arts,
        "sources": [s for s in doc.get("sources", []) if s.get("article_id") != article_id],
    }
    if doc.get("tolls"):
        tolls = [{**t, "article_ids": [a for a in t["article_ids"] if a != article_id]} for t in doc["tolls"]]
        tolls = [t for t in tolls if t["article_ids"]]
        out["tolls"] = tolls
        if tolls:
            out["fatalities"] = min(t["fatalities"] for t in tolls)
    return out


def _intern(doc: dict) -> None:
    """Share one string object per repeated value (types, actors, places): less memory."""
    for k in _INTERNED:
        v = doc.get(k)
        if type(v) is str:
            doc[k] = sys.intern(v)


def _file_order(rel: str) -> tuple:
    """Meta, then articles, then incidents: an incident read finds its article known."""
    return (not rel.startswith("meta"), not rel.startswith("articles/"), rel)


def _fold_order(rel: str) -> tuple:
    """Incidents, then meta, then articles (the acknowledgement), then the rest."""
    prefixes = ("incidents/", "meta.json", "articles/")
    return (next((k for k, p in enumerate(prefixes) if rel.startswith(p)), len(prefixes)), rel)
