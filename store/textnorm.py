"""Name folding shared by the gazetteer, the store indexes and the question parser.

One function decides what "the same name" means everywhere, so a place typed as
"Ségou", "SEGOU" or "Segou" lands on the same key in every index.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """'Ménaka' -> 'Menaka' (keeps case)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free key: "Fada N'Gourma" -> 'fada n gourma'."""
    return _NON_WORD.sub(" ", strip_accents(text).lower()).strip()


def is_latin(text: str) -> bool:
    """True when the name is written in Latin script (after removing accents)."""
    return all(ord(c) < 0x250 for c in strip_accents(text))
