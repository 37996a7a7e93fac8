"""In-memory columnar index of incidents: answering never scans TinyDB.

Every incident gets a slot; numeric columns live in numpy arrays (coordinates, dates,
fatalities) and categorical ones as integer codes, so a radius + type + date query is a
handful of vectorised comparisons. Updated on every write, rebuilt once at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np

from store.actors import families, family
from store.filter import Filter
from store.geo.distance import haversine_km
from store.geo.gazetteer import region_key
from store.geo.textnorm import fold
from store.textindex import NoteIndex

CATEGORIES = (
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "admin2",
    "location",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "group_id",  # a coordinated attack's towns share one (their toll is counted once)
)


class Vocabulary:
    """String <-> small integer code, folded so 'Ségou' and 'Segou' share a code."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {"": 0}
        self.labels: list[str] = [""]
        self.raw: dict[str | None, int] = {None: 0, "": 0}  # exact spelling -> code, skips folding

    def code(self, value: str | None) -> int:
        found = self.raw.get(value)
        if found is None:
            key = fold(value or "")
            found = self.codes.get(key)
            if found is None:
                found = self.codes[key] = len(self.labels)
                self.labels.append(value or "")
            self.raw[value] = found
        return found

    def codes_of(self, values: list[str | None]) -> list[int]:
        """``code`` of many values: known spellings in one C-level pass, the rest one by one."""
        found = list(map(self.raw.get, values))
        if None in found:
            return [self.code(v) if k is None else k for k, v in zip(found, values, strict=True)]
        return found  # type: ignore[return-value]  # no None left

    def lookup(self, values: list[str]) -> list[int]:
        return [self.codes[k] for k in (fold(v) for v in values) if k in self.codes]


class Column:
    """A growable numpy array (capacity doubling)."""

    def __init__(self, dtype, fill) -> None:
        self.fill = fill
        self.data = np.full(1024, fill, dtype=dtype)
        self.n = 0

    def set(self, slot: int, value) -> None:
        while slot >= len(self.data):
            size = max(len(self.data) * 2, 1024)  # (an adopted array may be empty)
            grown = np.full(size, self.fill, dtype=self.data.dtype)
            grown[: len(self.data)] = self.data
            self.data = grown
        self.data[slot] = value
        self.n = max(self.n, slot + 1)

    def view(self) -> np.ndarray:
        return self.data[: self.n]

    def adopt(self, values: np.ndarray) -> None:
        """Become ``values`` (a snapshot's array, mapped copy-on-write from its file): no copy at start-up."""
        values = np.asarray(values, dtype=self.data.dtype)
        self.data = values if values.flags.c_contiguous and values.flags.writeable else values.copy()
        self.n = len(self.data)

    def extend(self, values) -> None:
        """Append many values at once (start-up)."""
        values = np.asarray(values, dtype=self.data.dtype)
        need = self.n + len(values)
        if need > len(self.data):
            grown = np.full(max(need, len(self.data) * 2), self.fill, dtype=self.data.dtype)
            grown[: self.n] = self.data[: self.n]
            self.data = grown
        self.data[self.n : need] = values
        self.n = need


MISSING: dict = {}  # a slot whose document is still in its file (restored from a snapshot)


class Docs:
    """The documents of the slots, as a list: held in memory, ``None`` once dropped, or ``MISSING``
    (restored from a snapshot) until first asked for, when ``loader`` reads the file that holds it
    (and with it the other documents of that file)."""

    def __init__(self) -> None:
        self.held: list[dict | None] = []
        self.loader: Callable[[int], None] | None = None

    def __len__(self) -> int:
        return len(self.held)

    def __getitem__(self, slot: int) -> Any:  # a live slot's dict; None once dropped
        doc = self.held[slot]
        if doc is MISSING:
            assert self.loader is not None, "a snapshot's documents need their store to read them"
            self.loader(slot)
            doc = self.held[slot]
            if doc is MISSING:  # its file no longer holds it: another process removed it meanwhile
                self.held[slot] = doc = None
        return doc

    def __setitem__(self, slot: int, doc: dict | None) -> None:
        self.held[slot] = doc

    def __iter__(self) -> Iterator[dict | None]:
        return (self[slot] for slot in range(len(self.held)))

    def append(self, doc: dict | None) -> None:
        self.held.append(doc)

    def missing(self, slot: int) -> bool:
        return self.held[slot] is MISSING


class SlotMap:
    """Incident id -> slot. Most ids sit in two sorted arrays (built from the columns at start and
    after a bulk load: 16 bytes an id, where a dict entry of two ints takes about 90); the ids added
    or removed since, in a small dict and set."""

    BULK = 2000  # more ids than this at once: the arrays are built again

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)  # ids, ascending
        self.slots = np.empty(0, dtype=np.int64)
        self.recent: dict[int, int] = {}
        self.gone: set[int] = set()  # ids of the arrays dropped (or moved into ``recent``) since

    def rebuild(self, ids: np.ndarray, alive: np.ndarray) -> None:
        live = np.flatnonzero(alive)
        self.fill(ids[live], live)

    def fill(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Every entry at once (unique keys), in the arrays."""
        keys, values = np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64)
        if len(keys) > 1 and not (keys[1:] > keys[:-1]).all():  # (ids in slot order are usually sorted already)
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
        self.keys, self.slots = keys, values
        self.recent, self.gone = {}, set()

    def compact(self) -> None:
        """The dict's entries into the arrays (after many were set one by one)."""
        keep = ~np.isin(self.keys, np.fromiter(self.gone, np.int64, len(self.gone))) if self.gone else None
        keys, values = (self.keys, self.slots) if keep is None else (self.keys[keep], self.slots[keep])
        extra_k = np.fromiter(self.recent.keys(), np.int64, len(self.recent))
        extra_v = np.fromiter(self.recent.values(), np.int64, len(self.recent))
        self.fill(np.concatenate([keys, extra_k]), np.concatenate([values, extra_v]))

    def max_key(self, default: int = 0) -> int:
        best = max(self.recent, default=default)
        for k in reversed(self.keys.tolist()):
            if k not in self.gone:
                return max(best, k)
        return best

    def _base(self, key: int) -> int | None:
        i = int(np.searchsorted(self.keys, key))
        return int(self.slots[i]) if i < len(self.keys) and self.keys[i] == key else None

    def get(self, key: int, default: int | None = None) -> int | None:
        if key in self.recent:
            return self.recent[key]
        if key in self.gone:
            return default
        found = self._base(key)
        return default if found is None else found

    def many(self, keys: np.ndarray) -> np.ndarray:
        """The slot of each id, -1 for the unknown ones (one bisection for all)."""
        at = np.searchsorted(self.keys, keys)
        inside = at < len(self.keys)
        out = np.full(len(keys), -1, dtype=np.int64)
        hit = inside.copy()
        hit[inside] = self.keys[at[inside]] == keys[inside]
        out[hit] = self.slots[at[hit]]
        changed = [*self.recent, *self.gone]
        if changed:  # only the few ids changed since the arrays were built are looked up one by one
            for n in np.flatnonzero(np.isin(keys, changed)).tolist():
                out[n] = self.recent.get(int(keys[n]), -1)
        return out

    def set_many(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Many entries at once (an import batch): new keys are merged into the arrays (one sort,
        not a bisection and a dict entry each); keys held already are set one by one."""
        if len(keys) <= self.BULK:
            for k, v in zip(keys.tolist(), values.tolist(), strict=True):
                self[k] = v
            return
        at = np.searchsorted(self.keys, keys)
        clash = self.keys[np.minimum(at, len(self.keys) - 1)] == keys if len(self.keys) else np.zeros(len(keys), bool)
        if self.recent:
            clash |= np.isin(keys, np.fromiter(self.recent, np.int64, len(self.recent)))
        for k, v in zip(keys[clash].tolist(), values[clash].tolist(), strict=True):
            self[k] = v
        merged_k = np.concatenate([self.keys, keys[~clash].astype(np.int64)])
        merged_v = np.concatenate([self.slots, values[~clash].astype(np.int64)])
        order = np.argsort(merged_k, kind="stable")
        self.keys, self.slots = merged_k[order], merged_v[order]

    def keys_of(self, value: int) -> list[int]:
        """The ids that map to ``value`` (the incidents of one shard, when values are shard codes)."""
        base = [k for k in self.keys[self.slots == value].tolist() if k not in self.gone]
        return base + [k for k, v in self.recent.items() if v == value]

    def __contains__(self, key: int) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: int, slot: int) -> None:
        if key not in self.recent and key not in self.gone and self._base(key) is not None:
            self.gone.add(key)  # its array entry is stale: ``recent`` holds it now
        self.recent[key] = slot

    def pop(self, key: int, default: int | None = None) -> int | None:
        if key in self.recent:
            slot = self.recent.pop(key)
            if self._base(key) is not None:
                self.gone.add(key)
            return slot
        if key in self.gone:
            return default
        found = self._base(key)
        if found is None:
            return default
        self.gone.add(key)
        return found

    def __len__(self) -> int:
        return len(self.keys) - len(self.gone) + len(self.recent)


ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


class IncidentIndex:
    """Slots of incidents with columns for every filter of ``store.filter.Filter``."""

    def __init__(self) -> None:
        self.docs = Docs()
        self.slot_of = SlotMap()
        self.vocab = {c: Vocabulary() for c in CATEGORIES}
        self.cols = {c: Column(np.int32, 0) for c in CATEGORIES}
        self._keys: dict[tuple, list] = {}  # (column, key function) -> the key of each code (families, regions)
        self.lat = Column(np.float64, np.nan)
        self.lon = Column(np.float64, np.nan)
        self.day = Column(np.int32, 0)
        self.fatalities = Column(np.int32, -1)
        self.group_toll = Column(np.int32, -1)  # a group's whole toll, on each of its towns
        self.group_towns = Column(np.int32, 0)  # how many towns the group codes (0: not said)
        self.alive = Column(np.bool_, False)
        self.ids = Column(np.int64, 0)
        self.notes = NoteIndex()  # built on the first question about the notes' text
        self.newest = NewestFirst(self)

    def __len__(self) -> int:
        return len(self.slot_of)

    # -- writes -------------------------------------------------------------------
    def put(self, doc: dict) -> None:
        """Insert or replace one incident (by its ``id``)."""
        slot = self.slot_of.get(doc["id"])
        if slot is None:
            slot = len(self.docs)
            self.docs.append(doc)
            self.slot_of[doc["id"]] = slot
            self.newest.added(slot)
        else:
            self.docs[slot] = doc
            self.notes.touch(slot, doc)
            if self.day.data[slot] != _ordinal(doc.get("event_date")):
                self.newest.moved()  # re-sorted on the next question (a merge keeps its date: no re-sort)
        for c in CATEGORIES:
            self.cols[c].set(slot, self.vocab[c].code(doc.get(c)))
        lat, lon = doc.get("latitude"), doc.get("longitude")
        self.lat.set(slot, np.nan if lat is None else lat)
        self.lon.set(slot, np.nan if lon is None else lon)
        self.day.set(slot, _ordinal(doc.get("event_date")))
        f = doc.get("fatalities")
        self.fatalities.set(slot, -1 if f is None else f)
        g = doc.get("group_fatalities")
        self.group_toll.set(slot, -1 if g is None else g)
        self.group_towns.set(slot, doc.get("group_named") or doc.get("group_size") or 0)
        self.alive.set(slot, True)
        self.ids.set(slot, doc["id"])

    def load(self, docs: list[dict]) -> None:
        """Index many incidents at once (start-up, or files another process wrote): one
        vectorised fill per column for new ids; known ids are replaced in place."""
        fresh = []
        unique = list({d["id"]: d for d in docs}.values())  # an id twice in ``docs``: the last copy wins
        known = self.slot_of.many(np.fromiter((d["id"] for d in unique), np.int64, len(unique)))
        for d, slot in zip(unique, known.tolist(), strict=True):
            if slot >= 0:
                self.put(d)
                continue
            if len(unique) <= SlotMap.BULK:
                self.slot_of[d["id"]] = len(self.docs)
            self.docs.append(d)
            fresh.append(d)
        for c in CATEGORIES:
            self.cols[c].extend(self.vocab[c].codes_of([d.get(c) for d in fresh]))
        nan = float("nan")
        self.lat.extend([nan if d.get("latitude") is None else d["latitude"] for d in fresh])
        self.lon.extend([nan if d.get("longitude") is None else d["longitude"] for d in fresh])
        days: dict[str | None, int] = {}
        self.day.extend(
            [
                days.get(d.get("event_date")) or days.setdefault(d.get("event_date"), _ordinal(d.get("event_date")))
                for d in fresh
            ]
        )
        self.fatalities.extend([-1 if d.get("fatalities") is None else d["fatalities"] for d in fresh])
        self.group_toll.extend([-1 if d.get("group_fatalities") is None else d["group_fatalities"] for d in fresh])
        self.group_towns.extend([d.get("group_named") or d.get("group_size") or 0 for d in fresh])
        self.alive.extend([True] * len(fresh))
        self.ids.extend([d["id"] for d in fresh])
        if len(unique) > SlotMap.BULK:
            self.slot_of.rebuild(self.ids.view(), self.alive.view())
        self.newest.added_many(len(self.docs) - len(fresh), len(self.docs))

    # -- snapshot ------------------------------------------------------------------
    COLUMNS = ("lat", "lon", "day", "fatalities", "group_toll", "group_towns", "alive", "ids")

    def state(self) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
        """The columns and their vocabularies, everything a restart needs but the documents."""
        arrays = {name: getattr(self, name).view() for name in self.COLUMNS}
        arrays |= {f"cat_{c}": self.cols[c].view() for c in CATEGORIES}
        return arrays, {c: self.vocab[c].labels for c in CATEGORIES}

    def slots_by_id(self) -> np.ndarray:
        """The live slots in the order of their ids (the snapshot keeps it: a start sorts nothing)."""
        self.slot_of.compact()
        return self.slot_of.slots

    def restore(
        self, arrays: dict[str, np.ndarray], labels: dict[str, list[str]], by_id: np.ndarray | None = None
    ) -> None:
        """Columns from a snapshot; every live slot's document stays in its file until asked for."""
        for name in self.COLUMNS:
            getattr(self, name).adopt(arrays[name])
        for c in CATEGORIES:
            self.cols[c].adopt(arrays[f"cat_{c}"])
            for label in labels[c][1:]:
                self.vocab[c].code(label)
        alive = self.alive.view()
        self.docs.held = [MISSING] * len(alive) if alive.all() else [MISSING if a else None for a in alive.tolist()]
        if by_id is None:
            self.slot_of.rebuild(self.ids.view(), alive)
        else:  # the live slots already in id order: no sort
            self.slot_of.fill(self.ids.view()[by_id], by_id)
        self.newest.moved()

    def drop(self, incident_id: int) -> None:
        slot = self.slot_of.pop(incident_id, None)
        if slot is not None:
            self.docs[slot] = None
            self.alive.set(slot, False)

    def get(self, incident_id: int) -> dict | None:
        slot = self.slot_of.get(incident_id)
        return None if slot is None else self.docs[slot]

    def all(self) -> list[dict]:
        return [d for d in self.docs if d is not None]

    # -- reads --------------------------------------------------------------------
    def select(self, f: Filter) -> tuple[np.ndarray, np.ndarray | None]:
        """Slots matching the filter (unsorted) and their distances when a centre is given.
        Numeric columns narrow the rows first (whole-array comparisons); categories are then
        looked up for the remaining slots only, through a table of wanted codes."""
        if f.text and not f.center:
            narrowed = self._text_first(f)
            if narrowed is not None:
                return narrowed, None
        window = self.newest.within(f.date_from, f.date_to) if self._narrow(f) else None
        mask = self._numeric(f, window)
        lat, lon = self.lat.view(), self.lon.view()
        if f.center and f.radius_km is not None:
            clat, clon = f.center
            dlat = f.radius_km / 111.0 + 0.01
            dlon = dlat / max(np.cos(np.radians(clat)), 0.1)
            la, lo = (lat, lon) if window is None else (lat[window], lon[window])
            mask &= (np.abs(la - clat) <= dlat) & (np.abs(lo - clon) <= dlon)
        if window is None:
            slots = self._kept(f, mask)
        else:
            slots = window[mask]
            slots = slots[self._categorical(f, slots)]
        dist = None
        if f.center and f.radius_km is not None:
            d = haversine_km(f.center[0], f.center[1], lat[slots], lon[slots])
            keep = d <= f.radius_km
            slots, dist = slots[keep], d[keep]
        elif f.center:
            dist = haversine_km(f.center[0], f.center[1], lat[slots], lon[slots])
        if f.text:
            keep = self._with_text(fold(f.text), slots, f.whole_words)
            slots = slots[keep] if len(slots) else slots
            dist = dist[keep] if dist is not None and len(keep) else dist
        return slots, dist

    NARROW_DAYS = 62  # a date range this short is read from the date order, not from every row

    def _narrow(self, f: Filter) -> bool:
        return bool(f.date_from and f.date_to and (f.date_to - f.date_from).days <= self.NARROW_DAYS)

    def _text_first(self, f: Filter) -> np.ndarray | None:
        """A text question starts from the note index's candidates (a few hundred slots, not every
        row); None when the index cannot name them (the caller scans)."""
        assert f.text is not None
        needle = fold(f.text)
        found = self.notes.candidates(needle, self.docs, f.whole_words)
        if found is None:
            return None
        slots, unsure = found
        slots = slots[self.matches(f, slots)] if len(slots) else slots
        if unsure is not None and not unsure:  # one word, no note rewritten since indexed: the index is sure
            return slots
        return slots[self._with_text(needle, slots, f.whole_words)] if len(slots) else slots

    def _numeric(self, f: Filter, slots: np.ndarray | None = None) -> np.ndarray:
        """Alive rows passing the date, toll and box filters: for every slot, or for ``slots`` only."""

        def col(c: Column) -> np.ndarray:
            return c.view() if slots is None else c.view()[slots]

        mask = col(self.alive).copy()
        if f.date_from or f.date_to:
            day = col(self.day)
            if f.date_from:
                mask &= day >= f.date_from.toordinal()
            if f.date_to:
                mask &= day <= f.date_to.toordinal()
        if f.min_fatalities is not None:
            mask &= col(self.fatalities) >= f.min_fatalities
        if f.bbox:
            lat, lon = col(self.lat), col(self.lon)
            s, w, n, e = f.bbox
            mask &= (lat >= s) & (lat <= n) & (lon >= w) & (lon <= e)
        return mask

    def matches(self, f: Filter, slots: np.ndarray) -> np.ndarray:
        """Which of ``slots`` pass a filter without a centre or a text (a boolean per slot)."""
        keep = self._numeric(f, slots)
        return keep & self._categorical(f, slots) if keep.any() else keep

    def _with_text(self, needle: str, slots: np.ndarray, whole: bool = False) -> np.ndarray:
        """Which of ``slots`` have notes holding ``needle`` (a boolean per slot; ``whole``: as whole
        words): the note index narrows them, the notes of the remaining candidates are read only when
        it cannot be sure."""
        found = self.notes.candidates(needle, self.docs, whole)
        keep = np.ones(len(slots), dtype=bool)
        check = keep.copy()  # the slots whose notes are read
        if found is not None:
            keep = np.isin(slots, found[0], assume_unique=True)
            unsure = found[1]
            check = keep.copy() if unsure is None else keep & np.isin(slots, np.fromiter(unsure, np.int64, len(unsure)))
        word = re.compile(rf"\b{re.escape(needle)}\b") if whole else None
        for n in np.flatnonzero(check).tolist():
            doc = self.docs[int(slots[n])]
            notes = fold(doc.get("notes") or "") if doc is not None else ""
            keep[n] = doc is not None and (bool(word.search(notes)) if word else needle in notes)
        return keep

    def _tests(self, f: Filter) -> list[list[tuple[str, list[int]]]]:
        """The category filters, each as (column, wanted codes) pairs of which any may hold."""
        tests = []
        for col, values in (
            ("event_type", f.event_types),
            ("sub_event_type", f.sub_event_types),
            ("country", f.countries),
            ("location", f.locations),
        ):
            if values:
                tests.append([(col, self.vocab[col].lookup(values))])
        for col, values in (("admin1", f.admin1), ("admin2", f.admin2)):
            if values:
                wanted: set[str] | frozenset[str] = {region_key(v) for v in values}
                tests.append([(col, self._codes_where(col, region_key, wanted.__contains__))])
        if f.actors:
            wanted = frozenset(family(a) for a in f.actors)
            cols = ("actor1", "assoc_actor_1") if f.attacker_only else ACTOR_COLUMNS
            tests.append([(c, self._codes_where(c, families, lambda names: bool(names & wanted))) for c in cols])
        return tests

    def _passes(self, test: list[tuple[str, list[int]]], slots: np.ndarray | None) -> np.ndarray:
        """Which of ``slots`` (None: every row, read in order) pass one category filter."""
        ok = self._member(*test[0], slots)
        for col, codes in test[1:]:
            ok |= self._member(col, codes, slots)
        return ok

    def _categorical(self, f: Filter, slots: np.ndarray) -> np.ndarray:
        """Which of ``slots`` pass the category filters (a boolean per slot). Each filter reads its
        column for the slots the ones before it kept only (a country, then an actor: a fraction)."""
        keep = np.zeros(len(slots), dtype=bool)
        keep[self._narrowed(self._tests(f), slots)] = True
        return keep

    def _narrowed(self, tests: list[list[tuple[str, list[int]]]], slots: np.ndarray) -> np.ndarray:
        """The positions in ``slots`` of those passing every test, each test reading only the
        slots the ones before it kept."""
        kept = np.arange(len(slots))
        for test in tests:
            if not len(kept):
                break
            kept = kept[self._passes(test, slots[kept])]
        return kept

    def _kept(self, f: Filter, mask: np.ndarray) -> np.ndarray:
        """The slots of a whole-table ``mask`` that pass the category filters: the first filter reads
        its whole column in order (faster than picking a third of the rows out of it), the rest
        only the slots kept."""
        tests = self._tests(f)
        if tests:
            mask &= self._passes(tests.pop(0), None)
        slots = np.flatnonzero(mask)
        return slots[self._narrowed(tests, slots)]

    def _member(self, col: str, codes: list[int], slots: np.ndarray | None) -> np.ndarray:
        """For each slot (None: every row), whether its ``col`` code is one of ``codes`` (a lookup
        table, no sorting)."""
        column = self.cols[col].view()
        values = column if slots is None else column[slots]
        if len(codes) <= 3:  # a country, an actor: comparisons run several times faster than a gather
            ok = np.zeros(len(values), dtype=bool)
            for code in codes:
                ok |= values == code
            return ok
        table = np.zeros(len(self.vocab[col].labels), dtype=bool)
        table[codes] = True
        return table[values]

    def _codes_where(self, col: str, key, keep) -> list[int]:
        """Codes of ``col`` whose label passes ``keep(key(label))``; keys are worked out once per label."""
        labels, known = self.vocab[col].labels, self._keys.setdefault((col, key), [])
        known.extend(key(label) if label else None for label in labels[len(known) :])
        return [code for code, k in enumerate(known) if k is not None and keep(k)]

    def query(self, f: Filter, views: bool = False) -> tuple[list[Any], int]:
        """Matching incidents, sorted and paginated, each with ``distance_km`` when relevant;
        plus the total count before pagination. Copies, unless ``views``: read-only views of the
        stored documents (no copy: a broad question's summary reads 100,000 of them)."""
        slots, dist, total = self.page(f)
        found = [(d, n) for n, d in enumerate(map(self.docs.__getitem__, slots.tolist())) if d is not None]
        if dist is None:  # (None: a document its file no longer holds, removed by hand since the snapshot)
            wrap = MappingProxyType if views else dict
            return [wrap(d) for d, _ in found], total
        km = np.round(dist, 1).tolist()
        return [{**d, "distance_km": km[n]} for d, n in found], total

    def page(self, f: Filter) -> tuple[np.ndarray, np.ndarray | None, int]:
        """The slots of the page the filter asks for, in its order, their distances when it has a
        centre, and how many match in all. No document is read: callers build only what they show."""
        slots, dist = self.select(f)
        total = len(slots)
        end = total if f.limit is None else min(total, f.offset + f.limit)
        page = self._order(f, slots, dist, end)[f.offset : end]
        return slots[page], (None if dist is None else dist[page]), total

    def near(self, first: date, last: date, event_type: str, lat: float, lon: float, km: float) -> list[dict]:
        """The documents of one event type dated ``first`` to ``last`` within ``km`` of a point,
        nearest first: every ingested incident's duplicate check, straight from its date window
        (a few hundred slots) without the general ``select``."""
        code = self.vocab["event_type"].codes.get(fold(event_type))
        if code is None:
            return []
        window = self.newest.within(first, last)
        window = window[(self.cols["event_type"].view()[window] == code) & self.alive.view()[window]]
        if not len(window):
            return []
        dist = haversine_km(lat, lon, self.lat.view()[window], self.lon.view()[window])
        close = np.flatnonzero(dist <= km)
        ordered = window[close[np.argsort(dist[close], kind="stable")]].tolist()
        return [d for d in map(self.docs.__getitem__, ordered) if d is not None]

    def unsorted(self, f: Filter, unplaced: bool = False) -> list[Any]:
        """The stored documents matching, in no order (read-only views); with ``unplaced`` only
        those without coordinates, tested on the column before any document is read."""
        if unplaced and self._narrow(f):  # (most checks: a day or two, where nothing is unplaced)
            window = self.newest.within(f.date_from, f.date_to)
            if not np.isnan(self.lat.view()[window]).any():
                return []
        slots, _ = self.select(f)
        if unplaced:
            slots = slots[np.isnan(self.lat.view()[slots])]
        return [MappingProxyType(d) for d in map(self.docs.__getitem__, slots.tolist()) if d is not None]

    def ids_of(self, f: Filter) -> np.ndarray:
        """The ids of the page the filter asks for, in its order (no document built, no total counted:
        "the latest 10" walks the newest-first order and stops at the tenth match)."""
        if self.newest.serves(f):
            return self.ids.view()[self.newest.first(f)]
        return self.ids.view()[self.page(f)[0]]

    def digest(self, f: Filter, actors: int = 3) -> dict:
        """What an answer says about all its incidents, from the columns alone: how many, from when
        to when, how many killed (a coordinated attack's toll once, and only when all its towns are
        selected, as ``bot.present.answer.fatality_totals``), the most named actors."""
        slots, _ = self.select(f)
        days = self.day.view()[slots]
        days = days[days > 0]
        tolls, groups = self.fatalities.view()[slots], self.cols["group_id"].view()[slots]
        single = groups == 0
        total = int(tolls[single & (tolls >= 0)].sum())
        partial = 0
        if not single.all():
            codes, first, members = np.unique(groups[~single], return_index=True, return_counts=True)
            grouped = slots[~single][first]
            toll = np.maximum(self.group_toll.view()[grouped], 0)
            towns = self.group_towns.view()[grouped]
            whole = members >= np.where(towns > 0, towns, members)
            total += int(toll[whole].sum())
            partial = int(toll[~whole].sum())
        return {
            "count": len(slots),
            "first_date": date.fromordinal(int(days.min())).isoformat() if len(days) else None,
            "last_date": date.fromordinal(int(days.max())).isoformat() if len(days) else None,
            "fatalities": total,
            "fatalities_partial_groups": partial,
            "fatalities_unsplit": 0,
            "top_actors": self._top_actors(slots, actors),
        }

    def _top_actors(self, slots: np.ndarray, n: int) -> list[tuple[str, int]]:
        """The actors most often actor1 or actor2, civilians aside, most first (ties by name)."""
        counts: dict[str, int] = {}
        for col in ("actor1", "actor2"):
            labels = self.vocab[col].labels
            found = np.bincount(self.cols[col].view()[slots], minlength=len(labels))
            for code in np.flatnonzero(found).tolist():
                if code:
                    counts[labels[code]] = counts.get(labels[code], 0) + int(found[code])
        ranked = sorted(
            ((c, a) for a, c in counts.items() if not a.startswith("Civilians")), key=lambda x: (-x[0], x[1])
        )
        return [(a, c) for c, a in ranked[:n]]

    def tally(self, f: Filter) -> tuple[int, int, int]:
        """(incidents, fatalities summed over those that report a toll, incidents that report one),
        from the columns alone."""
        slots, _ = self.select(f)
        tolls = self.fatalities.view()[slots]
        known = tolls >= 0
        return len(slots), int(tolls[known].sum()), int(known.sum())

    def _order(self, f: Filter, slots: np.ndarray, dist: np.ndarray | None, first: int) -> np.ndarray:
        """Positions in ``slots`` in the filter's order; only the ``first`` ones are sure to be
        sorted (newest-first with a small page: a partial selection, not a full sort)."""
        if f.sort == "date_desc" and 0 < first < len(slots) // 8:
            key = (self.day.view()[slots].astype(np.int64) << 32) | self.ids.view()[slots]
            top = np.argpartition(-key, first - 1)[:first]
            return top[np.argsort(-key[top], kind="stable")]
        if f.sort == "distance" and dist is not None:
            return np.lexsort((-self.day.view()[slots], dist))
        if f.sort == "fatalities":
            return np.lexsort((-self.day.view()[slots], -self.fatalities.view()[slots]))
        ids = self.ids.view()[slots]
        days = self.day.view()[slots]
        if f.sort == "date_asc":
            return np.lexsort((ids, days))
        return np.lexsort((-ids, -days))

    def places(self) -> list[tuple[str, str, float, float, int]]:
        """(location, country, mean latitude, mean longitude, incidents) per place name and country,
        so questions can name places only the store knows and pick the namesake it is about."""
        lat, lon = self.lat.view(), self.lon.view()
        keep = self.alive.view() & ~np.isnan(lat) & (self.cols["location"].view() > 0)
        loc, cc = self.cols["location"].view()[keep].astype(np.int64), self.cols["country"].view()[keep]
        keys, inverse, counts = np.unique(loc * 65536 + cc, return_inverse=True, return_counts=True)
        lats = np.bincount(inverse, weights=lat[keep]) / counts
        lons = np.bincount(inverse, weights=lon[keep]) / counts
        names, countries = self.vocab["location"].labels, self.vocab["country"].labels
        return [
            (names[k // 65536], countries[k % 65536], float(la), float(lo), int(n))
            for k, la, lo, n in zip(keys.tolist(), lats, lons, counts.tolist(), strict=True)
        ]

    def labels(self, column: str) -> list[str]:
        """Distinct values seen in a categorical column (for fuzzy matching of questions)."""
        return [label for label in self.vocab[column].labels if label]


class NewestFirst:
    """Every slot, newest first (by date, then id): "the latest 10 in Mali" walks it a chunk at a time,
    testing the filter on the chunk only, and stops once the page is full, instead of selecting and
    sorting every match. New incidents are merged in on the next question; a changed date, or many
    incidents loaded at once, re-sort it then."""

    FIRST = 256  # the first chunk's size; each next one doubles
    MOST = 200  # deeper pages are cheaper the usual way
    FEW = 256  # new slots a date range tests one by one before they are merged into the order

    def __init__(self, index: IncidentIndex) -> None:
        self.index = index
        self.order: np.ndarray | None = None  # slots, newest first
        self.keys = np.empty(0, dtype=np.int64)  # their negated (day, id) keys, ascending
        self.pending: list[int] = []
        self._last: tuple[tuple, np.ndarray] | None = None  # the last ``within``, until a slot is added or moved

    def added(self, slot: int) -> None:
        self._last = None
        if self.order is not None:
            self.pending.append(slot)

    def added_many(self, start: int, end: int) -> None:
        """Slots ``start`` to ``end`` are new (a file another process wrote, an import batch)."""
        self._last = None
        if self.order is not None:
            self.pending.extend(range(start, end))

    def moved(self) -> None:
        self.order, self.pending, self._last = None, [], None

    @staticmethod
    def serves(f: Filter) -> bool:
        return (
            f.sort == "date_desc"
            and f.limit is not None
            and f.offset + f.limit <= NewestFirst.MOST
            and not f.center
            and not f.text
        )

    def _key(self, slots: np.ndarray | None = None) -> np.ndarray:
        day, ids = self.index.day.view(), self.index.ids.view()
        if slots is not None:
            day, ids = day[slots], ids[slots]
        return -((day.astype(np.int64) << 32) | ids)

    def _sorted(self) -> np.ndarray:
        if self.order is None:
            keys = self._key()
            self.order = np.argsort(keys, kind="stable")
            self.keys = keys[self.order]
            self.pending = []
        elif self.pending:
            slots = np.asarray(self.pending, dtype=np.int64)
            keys = self._key(slots)
            first = np.argsort(keys, kind="stable")
            slots, keys = slots[first], keys[first]
            at = np.searchsorted(self.keys, keys)
            self.order, self.keys = np.insert(self.order, at, slots), np.insert(self.keys, at, keys)
            self.pending = []
        return self.order

    def within(self, first: date | None, last: date | None) -> np.ndarray:
        """The slots dated ``first`` to ``last`` (both given), ascending: a slice of the date order
        found by bisection ("the same day as this report", "last week") instead of a scan of every row."""
        assert first is not None and last is not None
        if self._last is not None and self._last[0] == (first, last):
            return self._last[1]  # an article's incidents are checked against one window, twice each
        if self.order is None or len(self.pending) > self.FEW:
            self._sorted()
        assert self.order is not None
        top, bottom = -((last.toordinal() + 1) << 32), -(first.toordinal() << 32)
        lo = np.searchsorted(self.keys, top, side="right")
        hi = np.searchsorted(self.keys, bottom, side="right")
        found = self.order[lo:hi]
        if self.pending:  # a few just added: tested one by one, not merged in (a copy of the whole order)
            new = np.asarray(self.pending, dtype=np.int64)
            keys = self._key(new)
            found = np.concatenate([found, new[(keys > top) & (keys <= bottom)]])
        found = np.sort(found)
        found.flags.writeable = False  # shared by the callers of the same window
        self._last = ((first, last), found)
        return found

    def first(self, f: Filter) -> np.ndarray:
        """The slots of the filter's page, newest first."""
        order, need = self._sorted(), f.offset + (f.limit or 0)
        found: list[np.ndarray] = []
        count, start, size = 0, 0, max(self.FIRST, need * 8)
        while start < len(order) and count < need:  # chunks double: a rare match costs log(n) steps
            chunk = order[start : start + size]
            hits = chunk[self.index.matches(f, chunk)]
            found.append(hits)
            count += len(hits)
            start, size = start + size, size * 2
        slots = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
        return slots[f.offset : need]


def _ordinal(value: str | None) -> int:
    if not value:
        return 0
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return 0
