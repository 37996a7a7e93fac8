"""The shipped Sahel gazetteer: exact and fuzzy place look-up, ranked for Sahel news.

Data: GeoNames (geonames.org), CC BY 4.0, and a separate file of OpenStreetMap villages GeoNames
lacks (© OpenStreetMap contributors, ODbL 1.0), both derived by ``store.geo.build``.
Loaded once per process (``Gazetteer.default()``); read-only afterwards, so it is
safe to share between the Telegram handlers, the console and the CLI.
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import math
import os
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import orjson
from rapidfuzz import fuzz, process

from store.geo.aliases import PREFERRED, SYNTHETIC
from store.geo.aliases import __file__ as aliases_file
from store.geo.countries import CORE, country_name
from store.geo.distance import haversine_km
from store.geo.textnorm import __file__ as textnorm_file
from store.geo.textnorm import fold, sound

DATA_FILE = Path(__file__).parent / "data" / "gazetteer.json.gz"
OSM_FILE = Path(__file__).parent / "data" / "osm_places.json.gz"
OSM_ID_BASE = 10**12  # ids of OpenStreetMap rows (node id + base), never a GeoNames id
OSM_PENALTY = 0.3  # a GeoNames namesake of equal standing wins: OSM rows carry no feature codes or sizes
# A GeoNames village OSM also maps (as a town, or a village) is the namesake news most likely means.
OSM_CONFIRM_BONUS = {3: 1.0, 1: 0.3, 0: 0.1}
# Each other spelling GeoNames records is a source that wrote the name: among namesakes of equal
# standing, the one written about under more spellings is the one news means (capped: a tie-breaker).
SPELLING_BONUS, SPELLINGS_COUNTED = 0.1, 3

FEATURE_WEIGHT = {
    "PPLC": 3.0,
    "PPLA": 2.6,
    "PPLA2": 2.0,
    "PPLA3": 1.6,
    "PPLA4": 1.4,
    "PPL": 1.0,
    "PPLX": 0.6,
    "PPLL": 0.8,
    "PPLS": 0.7,
    "PPLF": 0.5,
    "PPLR": 0.5,
    "ADM1": 1.8,
    "ADM2": 1.2,
    "ADM3": 0.9,
    "PCLI": 0.5,
    "MLTY": 1.2,
    "CMP": 0.8,
    "AIRP": 0.4,
    "AIRF": 0.3,
    "FRST": 0.6,
    "WLL": 0.3,
    "LCTY": 0.3,
    "WAD": 0.1,
    "STMI": 0.05,  # named only where no village bears the name
}
REGION_SUFFIXES = (" region", " cercle", " department", " province", " prefecture")
REGION_PREFIXES = ("region de ", "cercle de ", "province du ", "province de ", "region du ")


@dataclass(frozen=True, slots=True)
class Place:
    """One resolved gazetteer row, ready to be copied into an incident."""

    id: int
    name: str
    lat: float
    lon: float
    fcode: str
    cc: str
    country: str
    admin1: str | None
    admin2: str | None
    population: int
    score: float = 0.0
    mapped: bool = False  # OpenStreetMap maps a village or town of this name here too

    @property
    def is_area(self) -> bool:
        return self.fcode in ("ADM1", "ADM2", "ADM3", "PCLI", "RGN", "AREA")

    @property
    def ref(self) -> dict[str, int]:
        """Where the row comes from, for the incident: a GeoNames id or an OpenStreetMap node id."""
        if self.id >= OSM_ID_BASE:
            return {"osm_node_id": self.id - OSM_ID_BASE}
        return {"geonameid": self.id}

    @property
    def geo_precision(self) -> int:
        """ACLED geo-precision: 1 town, 2 part of a region/approximate, 3 region or wider."""
        if self.fcode in ("ADM1", "PCLI", "RGN"):
            return 3
        if self.fcode in ("ADM2", "ADM3", "AREA") or self.id < 0:
            return 2
        return 1


class Gazetteer:
    """Names to places, ranked by the countries an article is about, feature type and size."""

    def __init__(self, data: dict, extra: dict | None = None) -> None:
        rows = list(data["rows"]) + list((extra or {}).get("rows", ()))
        for syn in SYNTHETIC:
            rows.append(
                [
                    syn["id"],
                    syn["name"],
                    syn["lat"],
                    syn["lon"],
                    syn["fcode"],
                    syn["cc"],
                    syn["admin1"],
                    syn["admin2"],
                    syn["population"],
                    syn["alternates"],
                ]
            )
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.names = [r[1] for r in rows]
        self.lat = np.array([r[2] for r in rows], dtype=np.float64)
        self.lon = np.array([r[3] for r in rows], dtype=np.float64)
        self.fcodes = [r[4] for r in rows]
        self.ccs = [r[5] for r in rows]
        self.admin1 = [r[6] for r in rows]
        self.admin2 = [r[7] for r in rows]
        self.pop = [r[8] for r in rows]
        self.admin1_names: dict[str, str] = data["admin1"]
        self.admin2_names: dict[str, str] = data["admin2"]
        self.credit: str = data["credit"] + (f" {extra['credit']}" if extra else "")
        self.row_of_id = {int(i): n for n, i in enumerate(self.ids)}
        self.confirmed: dict[int, float] = {
            self.row_of_id[gid]: OSM_CONFIRM_BONUS[rank]
            for gid, rank in (extra or {}).get("confirmed", ())
            if gid in self.row_of_id
        }
        self.admin1_keys = {fold(v) for v in self.admin1_names.values()}
        self._cc_array: np.ndarray | None = None
        self.index, self.spellings = self._keys(rows)
        self.sounds = self._sound_keys()
        self.preferred = {k: self.row_of_id[v] for k, v in PREFERRED.items() if v in self.row_of_id}
        for key, row in self.preferred.items():
            if row not in self.index.setdefault(key, []):
                self.index[key].append(row)

    @staticmethod
    def _keys(rows: list) -> tuple[dict[str, list[int]], list[int]]:
        """Every folded name and other spelling to its rows; and per row, how many other spellings it has."""
        index: dict[str, list[int]] = {}
        spellings: list[int] = []
        add = index.setdefault
        for n, r in enumerate(rows):
            own = fold(r[1])
            keys = {own, *map(fold, r[9])} if r[9] else {own}
            spellings.append(min(len(keys) - (own in keys), SPELLINGS_COUNTED))
            if r[4] in ("ADM1", "ADM2", "ADM3"):
                keys |= {_strip_region_words(k) for k in keys}
            keys |= {_joined(k) for k in keys if " " in k}
            for k in keys:
                if k:
                    add(k, []).append(n)
        return index, spellings

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process; its name index from the user's cache when
        a previous start left one for these very files and this code (folding every name takes a second)."""
        raw = DATA_FILE.read_bytes()
        extra_raw = OSM_FILE.read_bytes() if OSM_FILE.exists() else b""
        cached = _BuiltCache(raw, extra_raw)
        state = cached.read()
        if state is not None:
            gaz = cls.__new__(cls)
            gaz.__dict__.update(state)
            return gaz
        extra = orjson.loads(gzip.decompress(extra_raw)) if extra_raw else None
        gaz = cls(orjson.loads(gzip.decompress(raw)), extra)
        cached.write({k: v for k, v in gaz.__dict__.items() if k != "_cc_array"})
        return gaz

    # -- rows to places -------------------------------------------------------------
    def place(self, row: int, score: float = 0.0) -> Place:
        cc = self.ccs[row]
        return Place(
            id=int(self.ids[row]),
            name=self.names[row],
            lat=float(self.lat[row]),
            lon=float(self.lon[row]),
            fcode=self.fcodes[row],
            cc=cc,
            country=country_name(cc) or cc,
            admin1=self.admin1_name(cc, self.admin1[row]),
            admin2=self.admin2_names.get(f"{cc}.{self.admin1[row]}.{self.admin2[row]}"),
            population=self.pop[row],
            score=score,
            mapped=self.confirmed.get(row, 0.0) >= OSM_CONFIRM_BONUS[1],
        )

    def admin1_name(self, cc: str, code: str) -> str | None:
        return self.admin1_names.get(f"{cc}.{code}")

    def by_id(self, geonameid: int) -> Place | None:
        row = self.row_of_id.get(geonameid)
        return None if row is None else self.place(row)

    # -- look-up --------------------------------------------------------------------
    def _score(self, row: int, countries: tuple[str, ...], key: str, area_wanted: bool) -> float:
        cc = self.ccs[row]
        score = FEATURE_WEIGHT.get(self.fcodes[row], 0.2)
        if countries:  # the article's main country first, then the others it names
            score += 3.0 if cc == countries[0] else 2.0 if cc in countries else (0.5 if cc in CORE else 0.0)
        elif cc in CORE:
            score += 1.0
        score += math.log10(self.pop[row] + 1) / 2 + SPELLING_BONUS * self.spellings[row]
        if self.ids[row] >= OSM_ID_BASE:
            score -= OSM_PENALTY
        score += self.confirmed.get(row, 0.0)
        if self.preferred.get(key) == row:
            score += 6.0
        if area_wanted and self.fcodes[row] in ("ADM1", "ADM2"):
            score += 3.0
        if fold(self.names[row]) == key:
            score += 0.5
        return score

    def lookup(self, name: str, countries: tuple[str, ...] = (), area: bool = False, limit: int = 5) -> list[Place]:
        """Exact (folded) matches for a name, best first. ``area`` favours admin regions."""
        return list(self._lookup(fold(name), tuple(countries), area, limit))

    @lru_cache(maxsize=8192)  # noqa: B019 - one gazetteer per process; an article asks for the same names again
    def _lookup(self, key: str, countries: tuple[str, ...], area: bool, limit: int) -> tuple[Place, ...]:
        stripped = _strip_region_words(key)
        if stripped != key:
            area = True
        rows = set(self.index.get(key, ())) | set(self.index.get(stripped, ())) | set(self.index.get(_joined(key), ()))
        if not rows and " " in key:
            rows = set(self._compact().get(key.replace(" ", ""), ()))
        if key in self.preferred:
            rows.add(self.preferred[key])
        scored = sorted(((self._score(r, countries, stripped, area), r) for r in rows), reverse=True)
        if not area and len(scored) > 1 and self.fcodes[scored[0][1]] in ("ADM2", "ADM3"):
            scored = self._town_before_its_unit(scored)
        return tuple(self.place(r, s) for s, r in scored[:limit])

    @cache  # noqa: B019 - one gazetteer per process; built on the first name that needs it, not at start-up
    def _compact(self) -> dict[str, list[int]]:
        """ "I-n-Abelbel", "Ti-n-Zaouâtene": names cut into letters, by their solid spelling ("In-Abelbel")."""
        out: dict[str, list[int]] = {}
        for k, rows in self.index.items():
            if " " in k and _SINGLE_LETTER.search(k):
                out.setdefault(k.replace(" ", ""), []).extend(rows)
        return out

    def _town_before_its_unit(self, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """ "Gourma-Rharous": the town, not the centre of the cercle named after it (which its
        population ranks first), unless a region was asked for."""
        unit = scored[0][1]
        key = _strip_region_words(fold(self.names[unit]))
        for n, (_, r) in enumerate(scored[1:], 1):
            if (
                self.fcodes[r].startswith("PPL")
                and self.ccs[r] == self.ccs[unit]
                and self.admin1[r] == self.admin1[unit]
                and _strip_region_words(fold(self.names[r])) == key
            ):
                return [scored[n], *scored[:n], *scored[n + 1 :]]
        return scored

    def best(self, name: str, countries: tuple[str, ...] = (), area: bool = False) -> Place | None:
        found = self.lookup(name, countries, area, limit=1)
        return found[0] if found else None

    def fuzzy(self, name: str, countries: tuple[str, ...] = (), min_score: float = 86.0, limit: int = 5) -> list[Place]:
        """Typo-tolerant look-up among towns and regions (not wells and dunes), best first."""
        key = fold(name)
        if len(key) < 4:
            return []
        choices = self._fuzzy_choices(countries or CORE)
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=min_score, limit=limit * 3)
        out: dict[int, Place] = {}
        for choice, sim, _ in hits:
            if choice[:1] != key[:1]:
                continue
            for p in self.lookup(choice, countries, limit=1):
                out.setdefault(p.id, Place(**{**_asdict(p), "score": p.score + sim / 10}))
        return sorted(out.values(), key=lambda p: -p.score)[:limit]

    @cache  # noqa: B019 - one gazetteer per process; the cache lives as long as it does
    def _fuzzy_choices(self, countries: tuple[str, ...]) -> list[str]:
        keys = set()
        for k, rows in self.index.items():
            for r in rows:
                if self.ccs[r] in countries and (
                    self.fcodes[r].startswith("PPL") or self.fcodes[r] in ("ADM1", "ADM2")
                ):
                    keys.add(k)
                    break
        return sorted(keys)

    def near_country(self, lat: float, lon: float, countries: tuple[str, ...], km: float) -> bool:
        """Whether a point lies within ``km`` of a town of one of ``countries`` (near their border)."""
        if not countries:
            return False
        if self._cc_array is None:
            self._cc_array = np.array(self.ccs)
        dlat = km / 111.0
        box = (np.abs(self.lat - lat) <= dlat) & (
            np.abs(self.lon - lon) <= dlat * 1.1 / max(math.cos(math.radians(lat)), 0.1)
        )
        rows = np.flatnonzero(box & np.isin(self._cc_array, list(countries)))
        return bool(len(rows)) and bool((haversine_km(lat, lon, self.lat[rows], self.lon[rows]) <= km).any())

    def nearest_of(self, place: Place, fcodes: frozenset[str], km: float) -> Place | None:
        """The nearest row of one of ``fcodes`` within ``km`` of a place ("the airport of Bamako")."""
        rows = self._rows_of(fcodes)
        if not len(rows):
            return None
        dist = haversine_km(place.lat, place.lon, self.lat[rows], self.lon[rows])
        best = int(np.argmin(dist))
        return self.place(int(rows[best])) if dist[best] <= km else None

    @cache  # noqa: B019 - one gazetteer per process
    def _rows_of(self, fcodes: frozenset[str]) -> np.ndarray:
        return np.array([n for n, f in enumerate(self.fcodes) if f in fcodes], dtype=np.int64)

    def by_sound(self, name: str, cc: str, admin1: str | None) -> list[Place]:
        """Villages and towns of one region whose name sounds as ``name`` does (``textnorm.sound``):
        "Cewane" finds Sewan. Keys are worked out per region, the first time it is asked about."""
        key = sound(name)
        if len(key.replace(" ", "")) < 4:
            return []
        rows = self.sounds.get(key, ())
        return [self.place(r) for r in rows if self.ccs[r] == cc and self.admin1_name(cc, self.admin1[r]) == admin1]

    def _sound_keys(self) -> dict[str, list[int]]:
        """Villages, towns and (Saharan) camps by the sound of their name (built with the gazetteer
        and cached with it: a second of work once, not at a question)."""
        out: dict[str, list[int]] = {}
        for r, code in enumerate(self.fcodes):
            if code.startswith("PPL") or code == "CMP":
                out.setdefault(sound(self.names[r]), []).append(r)
        return out

    def is_known(self, name: str) -> bool:
        """A name of a row, or of an admin1 region (Chad's "Lac" has no row of its own)."""
        key = fold(name)
        return (
            key in self.index or key in self.admin1_keys or " " in key and key.replace(" ", "") in self._compact()
        )  # "In-Abelbel" is "I-n-Abèlbèl"

    def region(self, name: str, countries: tuple[str, ...] = ()) -> Place | None:
        """An admin1/admin2 area by name ("Kayes region", "région de Mopti")."""
        for p in self.lookup(name, countries, area=True, limit=8):
            if p.fcode in ("ADM1", "ADM2"):
                return p
        key = _strip_region_words(fold(name))
        for code, a1 in self.admin1_names.items():
            cc = code.split(".", 1)[0]
            if fold(a1) == key and (not countries or cc in countries):
                return self.admin1_area(cc, a1)
        return None

    def admin1_area(self, cc: str, admin1: str) -> Place | None:
        """The admin1 row of a country by its name (centroid from its towns when GeoNames has none)."""
        for p in self.lookup(admin1, (cc,), area=True, limit=10):
            if p.fcode == "ADM1" and p.cc == cc:
                return p
        codes = [
            k.split(".", 1)[1]
            for k, v in self.admin1_names.items()
            if k.startswith(cc + ".") and fold(v) == fold(admin1)
        ]
        if not codes:
            return None
        mask = [i for i, (c, a) in enumerate(zip(self.ccs, self.admin1, strict=True)) if c == cc and a == codes[0]]
        if not mask:
            return None
        return Place(
            id=0,
            name=admin1,
            lat=float(self.lat[mask].mean()),
            lon=float(self.lon[mask].mean()),
            fcode="ADM1",
            cc=cc,
            country=country_name(cc) or cc,
            admin1=admin1,
            admin2=None,
            population=0,
        )


_SINGLE_LETTER = re.compile(r"(?:^| )[a-z](?: |$)")
_ELIDED = re.compile(r"\b([a-z]) (?=[a-z]{2})")


class _BuiltCache:
    """The gazetteer as built (names, columns, the folded-name index), marshalled under a name that
    hashes the data files, the code that builds it and the Python version: a cache that never outlives
    what it was built from. Building folds every name and takes a second; reading this, a quarter."""

    def __init__(self, *data: bytes) -> None:
        digest = hashlib.sha256()
        for part in data:
            digest.update(part)
        for module in (Path(__file__), Path(textnorm_file), Path(aliases_file)):
            digest.update(module.read_bytes())
        digest.update(sys.version.encode())
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        self.path = base / "sahel-analyst" / f"gazetteer-{digest.hexdigest()[:24]}.marshal"

    def read(self) -> dict | None:
        try:
            state = marshal.loads(self.path.read_bytes())
            for k, v in state.items():
                if isinstance(v, tuple) and v[:1] == ("ndarray",):
                    state[k] = np.frombuffer(v[2], dtype=v[1]).copy()
            state["_cc_array"] = None
            return state
        except Exception:  # none yet, or damaged: built again and written again
            return None

    def write(self, state: dict) -> None:
        plain = {k: ("ndarray", v.dtype.str, v.tobytes()) if isinstance(v, np.ndarray) else v for k, v in state.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(plain))
            os.replace(tmp, self.path)
        except (OSError, ValueError):  # a read-only home, or a value marshal cannot hold: no cache
            pass


def _joined(key: str) -> str:
    """ "n daki" -> "ndaki": N'Daki, NDaki and Ndaki are one name (an elided letter joined)."""
    return _ELIDED.sub(r"\1", key) if " " in key else key


def region_key(name: str) -> str:
    """ "Province du Soum", "Soum" and "soum province" -> 'soum': one key for one admin unit."""
    return _strip_region_words(fold(name))


def _strip_region_words(key: str) -> str:
    for suffix in REGION_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    for prefix in REGION_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _asdict(p: Place) -> dict:
    return {f: getattr(p, f) for f in p.__dataclass_fields__}
