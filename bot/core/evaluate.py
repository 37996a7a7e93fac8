"""Score the extractor against hand-coded documents (``analyst eval``).

The matching rule is the independent scorer's (``../shared/eval/score_extract.py``), so the two
agree: within a document, gold incidents with coordinates are matched one-to-one to extracted
ones, nearest pairs first, among pairs dated within 2 days and within 100 km. Every field is
scored over all gold incidents (a missed incident misses every field): place within 25 km, event
type, actor1 by main name ("Military Forces of Mali (2013-2020)" is "Military Forces of Mali"),
date, and fatalities over the gold incidents that give a figure. Precision is the share of
extracted incidents matched; one matching a gold incident the coder could not place (same day,
same name or no coordinates) is neither credited nor held against it.
"""

from __future__ import annotations

import difflib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from bot.understand.extract import extract
from store.geo.distance import haversine_km
from store.geo.gazetteer import Gazetteer

FIELDS = ("recall", "precision", "place25", "event_type", "actor1", "date", "fatalities")
MAX_KM = 100.0
MAX_DAYS = 2


@dataclass
class Tally:
    """Counts for one slice of the documents (a file, a language, a country, an event type)."""

    gold: int = 0
    found: int = 0
    extracted: int = 0
    matched_ext: int = 0
    ok: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fat_gold: int = 0

    def table(self) -> dict[str, float]:
        def pct(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 100.0

        return {
            "recall": pct(self.found, self.gold),
            "precision": pct(self.matched_ext, self.extracted),
            "place25": pct(self.ok["place25"], self.gold),
            "event_type": pct(self.ok["event_type"], self.gold),
            "actor1": pct(self.ok["actor1"], self.gold),
            "date": pct(self.ok["date"], self.gold),
            "fatalities": pct(self.ok["fatalities"], self.fat_gold),
        }


@dataclass
class Report:
    documents: int = 0
    total: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def ms_per_doc(self) -> float:
        return round(sum(self.ms) / max(len(self.ms), 1), 1)


def _day(s: object) -> date | None:
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _km(g: dict, e: dict) -> float:
    return float(haversine_km(g["latitude"], g["longitude"], e["latitude"], e["longitude"]))


def _norm(name: str | None) -> str:
    return (name or "").lower().replace("jama'at nusrat al-islam wal muslimin", "jnim").strip()


def _main(name: str) -> str:
    return name.split(":")[0].split("(")[0].strip()


def actor_ok(gold: str | None, got: str | None) -> bool:
    """Actor1 by main name, either way round ("JNIM" in "JNIM: Group for ... and/or ...")."""
    g, e = _norm(gold), _norm(got)
    return bool(g and e) and (_main(g) in e or _main(e) in g)


def match(golds: list[dict], got: list[dict]) -> list[tuple[float, int, int]]:
    """One-to-one pairs (km, gold index, extracted index), nearest first."""
    pairs = []
    for gi, g in enumerate(golds):
        for ei, e in enumerate(got):
            if e.get("latitude") is None:
                continue
            gd, ed = _day(g.get("event_date")), _day(e.get("event_date"))
            if gd and ed and abs((gd - ed).days) > MAX_DAYS:
                continue
            k = _km(g, e)
            if k <= MAX_KM:
                pairs.append((k, gi, ei))
    used_g: set[int] = set()
    used_e: set[int] = set()
    out = []
    for k, gi, ei in sorted(pairs):
        if gi not in used_g and ei not in used_e:
            used_g.add(gi)
            used_e.add(ei)
            out.append((k, gi, ei))
    return out


def _spare(unplaced: list[dict], got: list[dict], used: set[int]) -> int:
    """Extracted incidents left unmatched, less those that fit a gold incident with no coordinates."""
    spare = [i for i in range(len(got)) if i not in used]
    for g in unplaced:
        for i in spare:
            e = got[i]
            same_day = _day(e.get("event_date")) == _day(g.get("event_date"))
            same_name = (
                difflib.SequenceMatcher(
                    None, (e.get("location") or "").lower(), (g.get("location") or "").lower()
                ).ratio()
                >= 0.8
            )
            if same_day and (same_name or e.get("latitude") is None):
                spare.remove(i)
                break
    return len(spare)


def _slices(doc: dict, g: dict) -> list[tuple[str, str]]:
    return [
        ("language", doc.get("language") or doc.get("detected_language") or "?"),
        ("country", g.get("country") or "?"),
        ("event_type", g.get("event_type") or "?"),
    ]


def score_document(doc: dict, got: list[dict], report: Report) -> None:
    golds = [g for g in doc.get("incidents", []) if g.get("latitude") is not None]
    unplaced = [g for g in doc.get("incidents", []) if g.get("latitude") is None]
    pairs = match(golds, got)
    paired = {gi: (k, ei) for k, gi, ei in pairs}
    for gi, g in enumerate(golds):
        slices = [report.by[kind][value] for kind, value in _slices(doc, g)]
        for t in (report.total, *slices):
            t.gold += 1
            t.fat_gold += g.get("fatalities") is not None
        if gi not in paired:
            report.misses.append(f"{doc.get('id')}: missed {g.get('event_date')} {g.get('location')}")
            continue
        k, ei = paired[gi]
        e = got[ei]
        checks = {
            "place25": k <= 25,
            "event_type": (e.get("event_type") or "").lower() == (g.get("event_type") or "").lower(),
            "actor1": actor_ok(g.get("actor1"), e.get("actor1")),
            "date": _day(e.get("event_date")) == _day(g.get("event_date")),
            "fatalities": g.get("fatalities") is not None and (e.get("fatalities") or 0) == g["fatalities"],
        }
        for t in (report.total, *slices):
            t.found += 1
            for name, ok in checks.items():
                t.ok[name] += ok
        report.misses.extend(
            f"{doc.get('id')}: {name} gold={g.get(name if name != 'place25' else 'location')!r} "
            f"got={e.get(name if name != 'place25' else 'location')!r}"
            for name, ok in checks.items()
            if not ok and (name != "fatalities" or g.get("fatalities") is not None)
        )
    extra = _spare(unplaced, got, {ei for _, _, ei in pairs})
    report.total.extracted += len(pairs) + extra  # precision is per file: a slice of gold has no extracted side
    report.total.matched_ext += len(pairs)


def score(docs: list[dict], gaz: Gazetteer | None = None) -> Report:
    """Extract every document and score it; ``published`` may be null (the text dates its events)."""
    gaz = gaz or Gazetteer.default()
    report = Report(documents=len(docs))
    for doc in docs:
        published = _day(doc.get("published"))
        t0 = time.perf_counter()
        result = extract(doc["text"], published, gaz)
        report.ms.append((time.perf_counter() - t0) * 1000)
        score_document({**doc, "detected_language": result["language"]}, result["incidents"], report)
    return report
