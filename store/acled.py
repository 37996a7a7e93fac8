"""ACLED CSV in and out, GeoJSON and JSON lines out.

``read_csv`` accepts a real ACLED export (its published column names; dates as
``2025-07-01`` or ``01 July 2025``); ``write_csv`` writes the same columns, so an export
imports back identically. ACLED's ``iso`` is the numeric ISO 3166 code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime

import orjson

from store.geo.countries import country_code

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
INTS = {"year", "time_precision", "geo_precision", "fatalities", "iso", "timestamp"}
FLOATS = {"latitude", "longitude"}
ISO_NUMERIC = {"ML": 466, "BF": 854, "NE": 562, "SN": 686, "MR": 478, "GN": 324, "CI": 384, "GH": 288,
               "NG": 566, "TD": 148, "DZ": 12, "TG": 768, "BJ": 204}
ISO3 = {"ML": "MLI", "BF": "BFA", "NE": "NER", "SN": "SEN", "MR": "MRT", "GN": "GIN", "CI": "CIV",
        "GH": "GHA", "NG": "NGA", "TD": "TCD", "DZ": "DZA", "TG": "TGO", "BJ": "BEN"}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


class AcledFormatError(ValueError):
    """The CSV is not an ACLED export (missing columns or unreadable values)."""


def _date(value: str) -> str:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise AcledFormatError(f"event_date {value!r} is not a date")


def read_csv(text: str) -> Iterator[dict]:
    """Incidents from ACLED CSV text (comma or semicolon separated)."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
    except csv.Error:  # one column, or too little text to tell: the usual comma
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        fields = reader.fieldnames or []
    except csv.Error as exc:
        raise AcledFormatError(f"not a readable CSV file ({exc})") from None
    need = {"event_date", "event_type", "country", "latitude", "longitude"}
    missing = need - set(fields)
    if missing:
        raise AcledFormatError(f"not an ACLED export: missing column(s) {', '.join(sorted(missing))}")
    try:
        for row in reader:
            yield _row_to_doc(row)
    except (ValueError, KeyError, TypeError, csv.Error) as exc:
        raise AcledFormatError(f"line {reader.line_num}: {exc}") from None


def _row_to_doc(row: dict) -> dict:
    doc: dict = {}
    for col in COLUMNS:
        raw = (row.get(col) or "").strip()
        if col == "event_date":
            doc[col] = _date(raw)
        elif col in INTS:
            doc[col] = int(float(raw)) if raw else None
        elif col in FLOATS:
            doc[col] = float(raw) if raw else None
        else:
            doc[col] = raw or None
    doc["country_code"] = country_code(doc.get("country"))
    doc["status"] = "imported"
    return doc


def to_row(doc: dict) -> dict:
    """One incident as an ACLED CSV row (our own incidents get ACLED-style derived columns)."""
    cc = doc.get("country_code") or country_code(doc.get("country")) or ""
    row = {col: doc.get(col) for col in COLUMNS}
    row["event_id_cnty"] = doc.get("event_id_cnty") or f"{ISO3.get(cc, 'XXX')}SA{doc['id']}"
    row["year"] = doc.get("year") or int((doc.get("event_date") or "0")[:4] or 0)
    row["disorder_type"] = doc.get("disorder_type") or DISORDER.get(doc.get("event_type") or "", "")
    row["iso"] = doc.get("iso") if isinstance(doc.get("iso"), int) else ISO_NUMERIC.get(cc)
    row["region"] = doc.get("region") or "Western Africa"
    if not doc.get("source"):
        srcs = doc.get("sources") or []
        row["source"] = "; ".join(s.get("title") or s.get("url") or "" for s in srcs if s) or None
    if not doc.get("civilian_targeting") and (doc.get("actor2") or "").startswith("Civilians"):
        row["civilian_targeting"] = "Civilian targeting"
    return {k: "" if v is None else v for k, v in row.items()}


def write_csv(docs: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for d in docs:
        writer.writerow(to_row(d))
    return out.getvalue()


def write_geojson(docs: Iterable[dict]) -> bytes:
    feats = []
    for d in docs:
        if d.get("latitude") is None:
            continue
        props = {k: v for k, v in d.items() if k not in ("distance_km",)}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [d["longitude"], d["latitude"]]},
                      "properties": props})
    return orjson.dumps({"type": "FeatureCollection", "features": feats}, option=orjson.OPT_INDENT_2)


def write_jsonl(docs: Iterable[dict]) -> bytes:
    return b"".join(orjson.dumps(d) + b"\n" for d in docs)
