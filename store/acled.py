"""ACLED CSV in and out, GeoJSON and JSON lines out.

``read_export`` reads a real ACLED export as ACLED publishes it: comma, semicolon or tab
separated (told from the header line, never guessed from the notes), quotes doubled inside
notes, a BOM, Windows line ends, dates as ``2025-07-01`` or ``01 July 2025``, the pre-2019
event types (mapped, the original kept), and the monadic layout (each event twice, once per
actor: the two rows become one incident). A bad row is reported by its line and skipped.
``write_csv`` writes every ACLED column for every incident, deriving what the project's own
incidents lack (inter codes, civilian targeting, region, numeric ISO, integer fatalities), so
an export imports back identically.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from store.geo.countries import country_code
from store.geo.textnorm import fold

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
INTS = {"year", "time_precision", "geo_precision", "fatalities", "iso", "timestamp"}
FLOATS = {"latitude", "longitude"}
ISO_NUMERIC = {
    "ML": 466,
    "BF": 854,
    "NE": 562,
    "SN": 686,
    "MR": 478,
    "GN": 324,
    "CI": 384,
    "GH": 288,
    "NG": 566,
    "TD": 148,
    "DZ": 12,
    "TG": 768,
    "BJ": 204,
}
ISO3 = {
    "ML": "MLI",
    "BF": "BFA",
    "NE": "NER",
    "SN": "SEN",
    "MR": "MRT",
    "GN": "GIN",
    "CI": "CIV",
    "GH": "GHA",
    "NG": "NGA",
    "TD": "TCD",
    "DZ": "DZA",
    "TG": "TGO",
    "BJ": "BEN",
}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_TABLE = tomllib.loads((Path(__file__).parent / "data" / "acled.toml").read_text(encoding="utf-8"))
REGION: dict[str, str] = _TABLE["region"]
OLD_TYPES: dict[str, list[str]] = _TABLE["old_types"]
INTER_NAMES: dict[int, str] = {int(k): v for k, v in _TABLE["inter_names"].items()}
_INTER_CODE = {fold(v): k for k, v in INTER_NAMES.items()}
INTER_RULES: dict[str, int] = _TABLE["inter_rules"]
OWN_ID = re.compile(r"^[A-Z]{3}SA\d+$")  # the ids ``to_row`` gives the project's own incidents
REQUIRED = ("event_date", "event_type", "country", "latitude", "longitude")


class AcledFormatError(ValueError):
    """The CSV is not an ACLED export (missing columns or unreadable values)."""


@dataclass
class AcledFile:
    """What an export held: its incidents and the rows that could not be read (with their line)."""

    docs: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    merged: int = 0  # monadic rows folded into their event's first row


@cache  # an export holds a few thousand distinct days at most
def _date(value: str) -> str:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise AcledFormatError(f"event_date {value!r} is not a date")


def _delimiter(header: str) -> str:
    """ACLED's column names hold no separators, so the header line's commonest one is it."""
    return max(",;\t", key=header.count)


def read_export(text: str) -> AcledFile:
    """An ACLED export's incidents (see the module docstring for what is accepted)."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_delimiter(header),
        doublequote=True,
        quotechar='"',
        skipinitialspace=False,
        strict=False,
    )
    try:
        names = [n.strip().lower() for n in next(reader, [])]
    except csv.Error as exc:
        raise AcledFormatError(f"not a readable CSV file ({exc})") from None
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise AcledFormatError(f"not an ACLED export: missing column(s) {', '.join(missing)}")
    out = AcledFile()
    by_id: dict[str, dict] = {}
    plan = _Plan.of(names)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.skipped.append(f"line {reader.line_num}: {exc}")
            continue
        if not any(v.strip() for v in values):
            continue
        try:
            doc = _row_to_doc(values, plan)
        except (ValueError, TypeError) as exc:
            out.skipped.append(f"line {reader.line_num}: {exc}")
            continue
        first = by_id.get(doc.get("event_id_cnty") or "")
        if first is not None:
            _merge_monadic(first, doc)
            out.merged += 1
            continue
        if doc.get("event_id_cnty"):
            by_id[doc["event_id_cnty"]] = doc
        out.docs.append(doc)
    return out


def read_csv(text: str) -> Iterator[dict]:
    """Incidents from ACLED CSV text (bad rows skipped; ``read_export`` says which)."""
    yield from read_export(text).docs


def _merge_monadic(first: dict, second: dict) -> None:
    """The second row of a monadic export names the event's other side as its actor1 (a plain
    repeat of the row adds nothing)."""
    other = second.get("actor1")
    if other and other not in (first.get("actor1"), first.get("actor2")):
        first["actor2"], first["assoc_actor_2"], first["inter2"] = (
            other,
            second.get("assoc_actor_1"),
            second.get("inter1"),
        )


@dataclass(frozen=True)
class _Plan:
    """Where this file's known columns sit in a row, worked out once from its header."""

    cols: tuple[str, ...]  # the known columns the file has
    positions: tuple[int, ...]
    pick: Callable[[list[str]], tuple]  # a row's values of ``cols``, in one C call
    width: int  # a row at least this long holds every one of them
    absent: dict  # None for each known column the file lacks
    converters: tuple[tuple[str, Callable], ...]

    @classmethod
    def of(cls, names: list[str]) -> _Plan:
        cols = tuple(c for c in COLUMNS if c in names)
        positions = tuple(names.index(c) for c in cols)
        return cls(
            cols,
            positions,
            itemgetter(*positions),
            max(positions) + 1,
            dict.fromkeys(c for c in COLUMNS if c not in names),
            tuple((c, _CONVERT[c]) for c in cols if c in _CONVERT),
        )


def _row_to_doc(values: list[str], plan: _Plan) -> dict:
    """One CSV row (values by position) as an incident."""
    if len(values) >= plan.width:
        found = plan.pick(values)
    else:  # a short row: the missing cells are empty
        found = tuple(values[p] if p < len(values) else "" for p in plan.positions)
    doc = {col: raw.strip() or None for col, raw in zip(plan.cols, found, strict=True)}
    doc.update(plan.absent)
    for col, convert in plan.converters:
        if doc[col] is not None:
            doc[col] = convert(col, doc[col])
    if doc["event_date"] is None:
        raise ValueError("no event_date")
    lat, lon = doc["latitude"], doc["longitude"]
    if lat is not None and not (-90 <= lat <= 90 and lon is not None and -180 <= lon <= 180):
        raise ValueError("coordinates out of range")
    if doc["event_type"] in OLD_TYPES:  # checked here: most rows use today's types
        _modern_type(doc)
    doc["country_code"] = _country_code(doc["country"])
    doc["status"] = "imported"
    return doc


_country_code = cache(country_code)


def _int(col: str, raw: str) -> int:
    return int(raw) if raw.isdigit() else int(_float(col, raw))  # "3.0" and "-1" are whole numbers too


def _float(col: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        try:
            value = float(raw.replace(",", "."))  # a decimal comma
        except ValueError:
            raise ValueError(f"{col} {raw[:30]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{col} {raw[:30]!r} is not a number")
    return value


_CONVERT = {"event_date": lambda _col, raw: _date(raw), **dict.fromkeys(INTS, _int), **dict.fromkeys(FLOATS, _float)}


def _modern_type(doc: dict) -> None:
    """Pre-2019 event types as today's, the original kept."""
    old = doc["event_type"]
    new_type, new_sub = OLD_TYPES[old]
    if old == "Riots/Protests" and any(
        _inter(doc.get(k), doc.get(a)) == 5 for k, a in (("inter1", "actor1"), ("inter2", "actor2"))
    ):
        new_type = "Riots"
    doc["event_type_original"], doc["event_type"] = old, new_type
    doc["sub_event_type"] = new_sub or doc.get("sub_event_type")


def _inter(value, actor: str | None) -> int | None:
    """ACLED's category of an actor: from the row's own inter column (text or number), else its name."""
    if value not in (None, ""):
        text = str(value).strip()
        if text.isdigit():
            return int(text)
        if (code := _INTER_CODE.get(fold(text))) is not None:
            return code
    return actor_category(actor)


def actor_category(actor: str | None) -> int | None:
    """ACLED's numeric category of an actor by its name (see ``inter_rules`` in data/acled.toml)."""
    if not actor:
        return None
    key = f" {fold(actor)} "
    for words, code in INTER_RULES.items():
        if f" {words} " in key:
            return code
    return 3


def to_row(doc: Mapping[str, Any], share: dict[str, int] | None = None) -> dict:
    """One incident as an ACLED CSV row; the project's own incidents get ACLED's derived columns.
    ``share`` gives a coordinated attack's toll per member (``coordinated_shares``)."""
    cc = doc.get("country_code") or country_code(doc.get("country")) or ""
    row = {col: doc.get(col) for col in COLUMNS}
    row["event_id_cnty"] = doc.get("event_id_cnty") or f"{ISO3.get(cc, 'XXX')}SA{doc.get('id', 0)}"
    row["year"] = doc.get("year") or int((doc.get("event_date") or "0")[:4] or 0)
    row["disorder_type"] = doc.get("disorder_type") or DISORDER.get(doc.get("event_type") or "", "")
    row["iso"] = doc.get("iso") if isinstance(doc.get("iso"), int) else ISO_NUMERIC.get(cc)
    row["region"] = doc.get("region") or REGION.get(cc, "Western Africa")
    if not doc.get("source"):
        srcs = doc.get("sources") or []
        row["source"] = "; ".join(s.get("title") or s.get("url") or "" for s in srcs if s) or None
    codes = [_inter(doc.get("inter1"), doc.get("actor1")), _inter(doc.get("inter2"), doc.get("actor2"))]
    for col, code in (("inter1", codes[0]), ("inter2", codes[1])):
        row[col] = doc.get(col) or (INTER_NAMES.get(code) if code else None)
    if not doc.get("interaction") and codes[0]:
        pair = sorted(c for c in codes if c)
        row["interaction"] = (
            "-".join(INTER_NAMES[c] for c in pair) if len(pair) == 2 else f"{INTER_NAMES[pair[0]]} only"
        )
    if (
        not doc.get("civilian_targeting")
        and codes[1] == 7
        and DISORDER.get(doc.get("event_type") or "") == "Political violence"
    ):
        row["civilian_targeting"] = "Civilian targeting"
    if doc.get("fatalities") is None:
        row["fatalities"] = (share or {}).get(str(doc.get("id")), 0)
    return {k: "" if v is None else v for k, v in row.items()}


def coordinated_shares(docs: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """A coordinated attack's toll divided among its places in the export (ACLED's practice), the
    remainder to the first; the total stays in each member's notes."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for d in docs:
        if d.get("group_id") and d.get("fatalities") is None and d.get("group_fatalities") is not None:
            groups.setdefault(d["group_id"], []).append(d)
    out = {}
    for members in groups.values():
        total = members[0]["group_fatalities"]
        each, extra = divmod(total, len(members))
        for i, d in enumerate(members):
            out[str(d.get("id"))] = each + (extra if i == 0 else 0)
    return out


def write_csv(docs: Iterable[Mapping[str, Any]]) -> str:
    docs = list(docs)
    share = coordinated_shares(docs)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for d in docs:
        writer.writerow(to_row(d, share))
    return out.getvalue()


def _with_counts(docs: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Documents with an integer toll (0 when none was reported) and ``fatalities_known``."""
    docs = list(docs)
    share = coordinated_shares(docs)
    for d in docs:
        own, shared = d.get("fatalities"), share.get(str(d.get("id")))
        toll = own if own is not None else shared or 0
        known = own is not None or shared is not None
        yield {**{k: v for k, v in d.items() if k != "distance_km"}, "fatalities": toll, "fatalities_known": known}


def write_geojson(docs: Iterable[Mapping[str, Any]]) -> bytes:
    feats = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [d["longitude"], d["latitude"]]},
            "properties": d,
        }
        for d in _with_counts(docs)
        if d.get("latitude") is not None
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": feats}, option=orjson.OPT_INDENT_2)


def write_jsonl(docs: Iterable[dict]) -> bytes:
    return b"".join(orjson.dumps(d) + b"\n" for d in _with_counts(docs))


VICTIM_CATEGORY = {"civilians": 7, "soldiers": 1, "militants": 2}


def victim_toll(doc: Mapping[str, Any], victims: str) -> tuple[int, bool]:
    """(deaths of one kind in one incident, whether the source split the toll by side).

    An extracted incident knows who died when the text said so (``fatalities_detail``). An ACLED
    row does not: its toll counts as civilians' when the row targets civilians (ACLED's own
    reading), and as soldiers' or militants' whole when that side fought, which is marked unsplit.
    """
    detail = doc.get("fatalities_detail")
    if detail is not None:
        return int(detail.get(victims) or 0), True
    toll = doc.get("fatalities") or 0
    targeted = bool(doc.get("civilian_targeting")) or doc.get("event_type") == "Violence against civilians"
    if victims == "civilians" or targeted:
        return (toll if victims == "civilians" and targeted else 0), True
    sides = {_inter(doc.get("inter1"), doc.get("actor1")), _inter(doc.get("inter2"), doc.get("actor2"))}
    return (toll, False) if VICTIM_CATEGORY.get(victims) in sides and toll else (0, True)
