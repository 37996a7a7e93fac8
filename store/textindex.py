"""Which incidents' notes contain a piece of text, without folding every note on every question.

The store's text filter means "the folded needle occurs in the folded notes" (a substring, so "kaye"
finds "Kayes"). This index keeps, for every folded word of three letters or more, the slots whose
notes contain it. A needle word is looked up among the words that contain it (a scan of the
distinct words, not of the notes); a needle of one such word needs nothing more, a longer needle
is checked on the candidates only. Needles it cannot answer (digits, words under three letters)
fall back to the scan. Postings only grow: a slot whose notes were replaced is indexed again and
its notes are always read (its old words may still point at it); the caller keeps only live slots.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from store.geo.textnorm import fold

_WORD = re.compile(r"[a-z]{3,}")
SLOT = np.int32  # slots fit in 32 bits: half the memory of the postings
_NONE = np.empty(0, dtype=SLOT)


class Documents(Protocol):
    """The index's documents by slot (``store.index.Docs``)."""

    def __len__(self) -> int: ...
    def __getitem__(self, slot: int) -> dict | None: ...


class NoteIndex:
    def __init__(self) -> None:
        self.postings: dict[str, np.ndarray] = {}  # word -> slots, ascending
        self.pending: dict[str, list[int]] = {}  # words of slots indexed since the last merge
        self.covered = 0  # slots below this one are indexed
        self._hits: dict[str, np.ndarray] = {}  # needle word -> slots (cleared when postings change)
        self.replaced: set[int] = set()  # slots whose notes changed after they were indexed

    def touch(self, slot: int, doc: dict) -> None:
        """A slot's incident was replaced: index its notes again (when the index has reached it)."""
        if slot < self.covered:
            self.replaced.add(slot)
            self._index(slot, doc)

    def candidates(
        self, needle: str, docs: Documents, whole: bool = False
    ) -> tuple[np.ndarray, set[int] | None] | None:
        """(slots whose notes may hold ``needle``, the ones among them whose notes must still be read:
        None for all), or None when the needle has a part the index does not keep (scan every note).
        ``whole``: the needle's words as whole words (their own postings, no scan of the vocabulary)."""
        words = needle.split()
        if not words or any(not _WORD.fullmatch(w) for w in words):
            return None
        self._catch_up(docs)
        found: np.ndarray | None = None
        for w in dict.fromkeys(words):
            hits = self.postings.get(w, _NONE) if whole else self._slots_with(w)
            found = hits if found is None else np.intersect1d(found, hits, assume_unique=True)
        assert found is not None
        return found, self.replaced if len(words) == 1 else None

    def build(self, docs: Documents) -> None:
        """Index every slot's notes now (they are in memory), not on the first text question."""
        self._catch_up(docs)

    def state(self, docs: Documents) -> tuple[list[str], np.ndarray, np.ndarray, int, np.ndarray] | None:
        """(words, where each word's slots start, every word's slots end to end, slots covered, slots
        whose notes were rewritten), for a snapshot; None when the index was never built."""
        if not self.covered:
            return None
        self._catch_up(docs)  # the slots added since: their documents are in memory
        if self.replaced:
            self._reindex_replaced(docs)
        words = list(self.postings)
        sizes = np.fromiter((len(self.postings[w]) for w in words), np.int64, len(words))
        offsets = np.concatenate(([0], np.cumsum(sizes)))
        flat = np.concatenate([self.postings[w] for w in words]) if words else np.empty(0, SLOT)
        return words, offsets, flat, self.covered, np.fromiter(self.replaced, np.int64, len(self.replaced))

    def _reindex_replaced(self, docs: Documents) -> None:
        """Drop rewritten slots from every word and index their current notes again (their documents
        are in memory: they were rewritten), so the snapshot's index is sure of every slot."""
        gone = np.zeros(len(docs), dtype=bool)
        gone[list(self.replaced)] = True
        self.postings = {w: kept for w, slots in self.postings.items() if len(kept := slots[~gone[slots]])}
        for slot in sorted(self.replaced):
            self._index(slot, docs[slot])
        self.replaced = set()
        self._catch_up(docs)  # merges the pending words

    def restore(self, words: list[str], offsets: np.ndarray, flat: np.ndarray, covered: int, replaced) -> None:
        self.postings = {w: flat[offsets[k] : offsets[k + 1]] for k, w in enumerate(words)}
        self.covered, self.pending, self._hits, self.replaced = covered, {}, {}, set(np.asarray(replaced).tolist())

    def _slots_with(self, word: str) -> np.ndarray:
        hits = self._hits.get(word)
        if hits is None:
            arrays = [slots for token, slots in self.postings.items() if word in token]
            hits = np.unique(np.concatenate(arrays)) if arrays else np.empty(0, dtype=SLOT)
            self._hits[word] = hits
        return hits

    def _catch_up(self, docs: Documents) -> None:
        for slot in range(self.covered, len(docs)):
            self._index(slot, docs[slot])
        self.covered = len(docs)
        if self.pending:
            for word, slots in self.pending.items():
                old = self.postings.get(word)
                new = np.asarray(slots, dtype=SLOT)
                self.postings[word] = new if old is None else np.union1d(old, new)
            self.pending = {}
            self._hits = {}

    def _index(self, slot: int, doc: dict | None) -> None:
        if doc is None:
            return
        for word in set(_WORD.findall(fold(doc.get("notes") or ""))):
            self.pending.setdefault(word, []).append(slot)
