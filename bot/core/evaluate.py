"""Score the extractor against hand-coded documents (``analyst eval``).

Matching rule (also in the README): a gold and an extracted incident of the same document
can match when their dates are at most 1 day apart. Candidate pairs are ranked by a cost:
the distance in km when both have coordinates; 0 when both name the same location (or both
name none); 30 when the gold incident has no coordinates and the extracted one does not
claim town precision (geo_precision >= 2 or no coordinates). Pairs costing more than 100
are never matched; the cheapest pairs are taken first, each incident used once.

Field scores are over *gold* incidents (an unmatched gold incident counts as wrong for every
field); incident precision is matched / extracted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from bot.understand.extract import extract
from store.geo.gazetteer import Gazetteer, haversine_km
from store.geo.textnorm import fold

FIELDS = ["place_25km", "country", "event_type", "sub_event_type", "actor1", "fatalities", "event_date"]
MAX_COST = 100.0


@dataclass
class Score:
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def table(self) -> dict[str, float]:
        g = max(self.gold, 1)
        out = {"incident_recall": self.matched / g,
               "incident_precision": self.matched / max(self.extracted, 1)}
        out.update({f: self.correct[f] / g for f in FIELDS})
        out["ms_per_doc"] = sum(self.ms) / max(len(self.ms), 1)
        return out


def _cost(g: dict, e: dict) -> float | None:
    gd, ed = g.get("event_date"), e.get("event_date")
    if gd and ed and abs((date.fromisoformat(gd) - date.fromisoformat(ed)).days) > 1:
        return None
    if g.get("latitude") is not None and e.get("latitude") is not None:
        return float(haversine_km(g["latitude"], g["longitude"], e["latitude"], e["longitude"]))
    if fold(g.get("location") or "") == fold(e.get("location") or ""):
        return 0.0
    if g.get("latitude") is None and (e.get("latitude") is None or (e.get("geo_precision") or 1) >= 2):
        return 30.0
    return None


def match(gold: list[dict], got: list[dict]) -> list[tuple[dict, dict]]:
    pairs = []
    for i, g in enumerate(gold):
        for j, e in enumerate(got):
            c = _cost(g, e)
            if c is not None and c <= MAX_COST:
                pairs.append((c, i, j))
    pairs.sort()
    used_g, used_e, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_g or j in used_e:
            continue
        used_g.add(i)
        used_e.add(j)
        out.append((gold[i], got[j]))
    return out


def _place_ok(g: dict, e: dict) -> bool:
    if g.get("latitude") is None:
        return e.get("latitude") is None or (e.get("geo_precision") or 1) >= 2 or fold(g.get("location") or "") == fold(e.get("location") or "")
    if e.get("latitude") is None:
        return False
    return float(haversine_km(g["latitude"], g["longitude"], e["latitude"], e["longitude"])) <= 25.0


def _field_ok(name: str, g: dict, e: dict) -> bool:
    if name == "place_25km":
        return _place_ok(g, e)
    if name == "fatalities":
        return g.get("fatalities") == e.get("fatalities")
    if name in ("actor1", "country", "event_type", "sub_event_type", "event_date"):
        return fold(g.get(name) or "") == fold(e.get(name) or "")
    return False


def score(docs: list[dict], gaz: Gazetteer | None = None) -> Score:
    gaz = gaz or Gazetteer.default()
    s = Score()
    if docs:  # warm caches (regexes, fuzzy choices) so ms/doc measures steady-state extraction
        extract(docs[0]["text"], date.fromisoformat(docs[0]["published"]), gaz)
    for doc in docs:
        t0 = time.perf_counter()
        got = extract(doc["text"], date.fromisoformat(doc["published"]), gaz)["incidents"]
        s.ms.append((time.perf_counter() - t0) * 1000)
        gold = doc.get("incidents", [])
        s.gold += len(gold)
        s.extracted += len(got)
        pairs = match(gold, got)
        s.matched += len(pairs)
        for g, e in pairs:
            for f in FIELDS:
                if _field_ok(f, g, e):
                    s.correct[f] += 1
                else:
                    s.misses.append(f"{doc.get('id')}: {f} gold={g.get(f if f != 'place_25km' else 'location')!r} "
                                    f"got={e.get(f if f != 'place_25km' else 'location')!r}")
        matched_gold = [id(g) for g, _ in pairs]
        for g in gold:
            if id(g) not in matched_gold:
                s.misses.append(f"{doc.get('id')}: missed {g.get('event_date')} {g.get('location')}")
    return s
