"""The note index answers "notes contain X" exactly as scanning every note would."""

from __future__ import annotations

import random

from store.filter import Filter
from store.geo.textnorm import fold
from store.index import IncidentIndex

NOTES = [
    "On 3 May, JNIM militants attacked the army post of Boni, killing two soldiers.",
    "Des hommes armés ont enlevé un berger près de Ménaka.",
    "Gunmen raided Kayes-Ndi and looted shops; no casualties.",
    "Drone strike on a wedding near Tin Zaouatine; 21 civilians killed.",
    "",
    "Fulani herders clashed with Dozo hunters near Kayes.",
]
NEEDLES = [
    "kayes",
    "Kaye",
    "menaka",
    "MÉNAKA",
    "ndi",
    "kayes ndi",
    "drone strike",
    "21",
    "on",
    "no casualties",
    "hunters near kay",
    "zzz",
    "soldiers.",
    "berger pres",
]


def scan(index: IncidentIndex, needle: str) -> set[int]:
    n = fold(needle)
    return {d["id"] for d in index.docs if d is not None and n in fold(d.get("notes") or "")}


def found(index: IncidentIndex, needle: str) -> set[int]:
    return {d["id"] for d in index.query(Filter(text=needle))[0]}


def test_same_ids_as_a_scan_through_additions_replacements_and_removals():
    rnd = random.Random(3)
    index = IncidentIndex()
    docs = [{"id": i, "event_date": "2025-01-01", "notes": rnd.choice(NOTES)} for i in range(1, 200)]
    index.load(docs[:100])
    for needle in NEEDLES:
        assert found(index, needle) == scan(index, needle), needle
    for d in docs[100:]:  # added after the index was built
        index.put(d)
    for i in range(1, 60, 3):  # notes replaced, incidents removed
        index.put({"id": i, "event_date": "2025-01-01", "notes": rnd.choice(NOTES) + " Diafarabé"})
        index.drop(i + 1)
    for needle in [*NEEDLES, "diafarabe"]:
        assert found(index, needle) == scan(index, needle), needle
