"""The store beside the engines a demanding engineer would pick instead: SQLite (stdlib, tuned: the
indexes each query needs, R*Tree for coordinates, FTS5 for notes, WAL) and DuckDB, on the same
synthetic incidents and the same six query shapes, in the same run.

``python -m bench.peers N DIR``: DIR holds a project store of N incidents (``bench.run --build``).
Every shape is run with the same parameters on the three systems; the ids they return are compared
(``bench: ids_equal_<shape>@<size> 1`` when all agree) and each figure is printed with its ratio to
SQLite (``bench: ratio_vs_sqlite_<shape>@<size>``, project time / SQLite time; below 1 is faster).
Cold start and RSS are measured in fresh processes. Nothing asserts: the figures go to issue notes.
"""

from __future__ import annotations

import math
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import orjson

from bench.run import emit, rss_mb

SHAPES = ("radius50", "radius100_12m_type", "country_actor_year", "count_sum_country_year", "text", "newest10")
REPEAT = 30
COLUMNS = ("id", "event_date", "event_type", "actor1", "country", "latitude", "longitude", "fatalities", "notes")


# -- the rows, as every system gets them ------------------------------------------------------
def rows_of(path: Path) -> list[dict]:
    """The incidents of a project store directory, read straight from its shard files (once its
    journal is folded into them: the bench's earlier steps may have left writes there). Closed after,
    as its last user would leave it: its snapshot matches its shards for the cold start."""
    from store.incidents import IncidentStore

    store = IncidentStore(path)
    store.fold()
    store.close()
    out = []
    for shard in sorted((path / "incidents").rglob("*.json")):
        out.extend(orjson.loads(shard.read_bytes()).get("incidents", {}).values())
    return out


def params(rows: list[dict], n: int) -> list[dict]:
    """``n`` parameter sets (a place, a country, an actor, a year, a word), the same for every system."""
    rnd = random.Random(5)
    simple = [d for d in rows if re.fullmatch(r"[A-Za-z]{4,}", d["location"].split()[0])]  # a plain word to search
    sample = rnd.sample(simple, min(len(simple), 4 * n))
    out = []
    for k in range(n):
        a, b = sample[2 * k], sample[2 * k + 1]
        out.append(
            {
                "lat": a["latitude"],
                "lon": a["longitude"],
                "country": b["country"],
                "actor": b["actor1"],
                "year": int(b["event_date"][:4]),
                "type": a["event_type"],
                "word": a["location"].split()[0],
                "since": date(2025, 10, 27) - timedelta(days=365),
            }
        )
    return out


# -- SQLite -------------------------------------------------------------------------------------
def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The project's great-circle distance (store.geo.gazetteer.haversine_km), for SQL."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def sqlite_build(rows: list[dict], file: Path) -> None:
    con = sqlite3.connect(file)
    con.executescript(
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE incidents (id INTEGER PRIMARY KEY, event_date TEXT, event_type TEXT, actor1 TEXT, country TEXT,
                                latitude REAL, longitude REAL, fatalities INTEGER, notes TEXT);
        CREATE VIRTUAL TABLE geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
        CREATE VIRTUAL TABLE notes_fts USING fts5(notes, content='incidents', content_rowid='id',
                                                  tokenize='unicode61 remove_diacritics 2');
        """
    )
    con.executemany(f"INSERT INTO incidents VALUES ({','.join('?' * len(COLUMNS))})", [_row(d) for d in rows])
    con.executemany(
        "INSERT INTO geo VALUES (?, ?, ?, ?, ?)",
        [(d["id"], d["latitude"], d["latitude"], d["longitude"], d["longitude"]) for d in rows],
    )
    con.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")
    con.executescript(
        """
        CREATE INDEX by_country_date ON incidents(country, event_date, fatalities);  -- covers count + sum
        CREATE INDEX by_country_actor_date ON incidents(country, actor1, event_date);
        CREATE INDEX by_date ON incidents(event_date);
        ANALYZE;
        """
    )
    con.commit()
    con.close()


def _row(d: dict) -> tuple:
    return tuple(d.get(c) for c in COLUMNS)


def sqlite_open(file: Path) -> sqlite3.Connection:
    con = sqlite3.connect(file, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")  # durable commits, as the project's fsync'ed writes
    con.create_function("km", 4, km, deterministic=True)
    return con


def sqlite_queries(con: sqlite3.Connection) -> dict[str, Callable[[dict], object]]:
    def radius(p: dict, r: float, extra: str = "", args: tuple = ()) -> set[int]:
        dlat = r / 111.0 + 0.01
        dlon = dlat / max(math.cos(math.radians(p["lat"])), 0.1)
        sql = (
            "SELECT i.id FROM geo g JOIN incidents i ON i.id = g.id WHERE g.min_lat >= ? AND g.max_lat <= ? "
            "AND g.min_lon >= ? AND g.max_lon <= ? AND km(?, ?, i.latitude, i.longitude) <= ?" + extra
        )
        box = (p["lat"] - dlat, p["lat"] + dlat, p["lon"] - dlon, p["lon"] + dlon, p["lat"], p["lon"], r)
        return {i for (i,) in con.execute(sql, box + args)}

    def year(p: dict) -> tuple[str, str]:
        return f"{p['year']}-01-01", f"{p['year']}-12-31"

    return {
        "radius50": lambda p: radius(p, 50),
        "radius100_12m_type": lambda p: radius(
            p, 100, " AND i.event_date >= ? AND i.event_type = ?", (p["since"].isoformat(), p["type"])
        ),
        "country_actor_year": lambda p: {
            i
            for (i,) in con.execute(
                "SELECT id FROM incidents WHERE country = ? AND actor1 = ? AND event_date BETWEEN ? AND ?",
                (p["country"], p["actor"], *year(p)),
            )
        },
        "count_sum_country_year": lambda p: con.execute(
            "SELECT count(*), coalesce(sum(fatalities), 0) FROM incidents "
            "WHERE country = ? AND event_date BETWEEN ? AND ?",
            (p["country"], *year(p)),
        ).fetchone(),
        "text": lambda p: {
            i for (i,) in con.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", (f'"{p["word"]}"',))
        },
        "newest10": lambda p: [
            i
            for (i,) in con.execute(
                "SELECT id FROM incidents WHERE country = ? ORDER BY event_date DESC, id DESC LIMIT 10", (p["country"],)
            )
        ],
    }


# -- DuckDB -------------------------------------------------------------------------------------
def duckdb_build(rows: list[dict], file: Path, tmp: Path) -> None:
    import duckdb

    ndjson = tmp / "rows.ndjson"
    ndjson.write_bytes(b"\n".join(orjson.dumps({c: d.get(c) for c in COLUMNS}) for d in rows))
    con = duckdb.connect(str(file))
    con.execute(
        "CREATE TABLE incidents AS SELECT * FROM read_json(?, columns = {id: 'BIGINT', event_date: 'DATE', "
        "event_type: 'VARCHAR', actor1: 'VARCHAR', country: 'VARCHAR', latitude: 'DOUBLE', longitude: 'DOUBLE', "
        "fatalities: 'INTEGER', notes: 'VARCHAR'})",
        [str(ndjson)],
    )
    con.close()
    ndjson.unlink()


def duckdb_queries(con) -> dict[str, Callable[[dict], object]]:
    hav = (
        "6371.0 * 2 * asin(sqrt(pow(sin(radians(latitude - $lat) / 2), 2) + cos(radians($lat)) * "
        "cos(radians(latitude)) * pow(sin(radians(longitude - $lon) / 2), 2)))"
    )

    def radius(p: dict, r: float, extra: str = "", more: dict | None = None) -> set[int]:
        dlat = r / 111.0 + 0.01
        dlon = dlat / max(math.cos(math.radians(p["lat"])), 0.1)
        sql = (
            "SELECT id FROM incidents WHERE latitude BETWEEN $s AND $n AND longitude BETWEEN $w AND $e AND "
            f"{hav} <= $r" + extra
        )
        args = {"s": p["lat"] - dlat, "n": p["lat"] + dlat, "w": p["lon"] - dlon, "e": p["lon"] + dlon}
        args |= {"lat": p["lat"], "lon": p["lon"], "r": r, **(more or {})}
        return {i for (i,) in con.execute(sql, args).fetchall()}

    def year(p: dict) -> tuple[date, date]:
        return date(p["year"], 1, 1), date(p["year"], 12, 31)

    return {
        "radius50": lambda p: radius(p, 50),
        "radius100_12m_type": lambda p: radius(
            p, 100, " AND event_date >= $since AND event_type = $t", {"since": p["since"], "t": p["type"]}
        ),
        "country_actor_year": lambda p: {
            i
            for (i,) in con.execute(
                "SELECT id FROM incidents WHERE country = ? AND actor1 = ? AND event_date BETWEEN ? AND ?",
                [p["country"], p["actor"], *year(p)],
            ).fetchall()
        },
        "count_sum_country_year": lambda p: tuple(
            con.execute(
                "SELECT count(*), coalesce(sum(fatalities), 0) FROM incidents WHERE country = ? "
                "AND event_date BETWEEN ? AND ?",
                [p["country"], *year(p)],
            ).fetchone()
        ),
        "text": lambda p: {
            i
            for (i,) in con.execute(
                "SELECT id FROM incidents WHERE regexp_matches(strip_accents(lower(notes)), ?)",
                [rf"\b{p['word'].lower()}\b"],
            ).fetchall()
        },
        "newest10": lambda p: [
            i
            for (i,) in con.execute(
                "SELECT id FROM incidents WHERE country = ? ORDER BY event_date DESC, id DESC LIMIT 10", [p["country"]]
            ).fetchall()
        ],
    }


# -- the project ----------------------------------------------------------------------------------
def project_queries(store) -> dict[str, Callable[[dict], object]]:
    from store.filter import Filter

    def ids(f: Filter) -> set[int]:  # as the peers answer: ids, no document built
        return set(store.ids(f))

    def year(p: dict) -> dict:
        return {"date_from": date(p["year"], 1, 1), "date_to": date(p["year"], 12, 31)}

    def count_sum(p: dict) -> tuple[int, int]:
        count, fatalities, _ = store.tally(Filter(countries=[p["country"]], **year(p)))
        return count, fatalities

    return {
        "radius50": lambda p: ids(Filter(center=(p["lat"], p["lon"]), radius_km=50)),
        "radius100_12m_type": lambda p: ids(
            Filter(center=(p["lat"], p["lon"]), radius_km=100, date_from=p["since"], event_types=[p["type"]])
        ),
        "country_actor_year": lambda p: ids(
            Filter(countries=[p["country"]], actors=[p["actor"]], attacker_only=True, **year(p))
        ),
        "count_sum_country_year": count_sum,
        "text": lambda p: set(store.ids(Filter(text=p["word"], whole_words=True))),
        "newest10": lambda p: store.ids(Filter(countries=[p["country"]], limit=10)),
    }


# -- measuring ------------------------------------------------------------------------------------
def timed(fn: Callable[[dict], object], ps: list[dict]) -> tuple[float, list]:
    times, results = [], []
    for p in ps:
        t = time.perf_counter()
        results.append(fn(p))
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), results


def cold(system: str, path: Path) -> None:
    """Runs in a fresh process: open, answer one question ("newest 10 of Mali"), report RSS (the parent
    times the whole process, interpreter start included, the same for every system)."""
    if system == "project":
        from store.filter import Filter
        from store.incidents import IncidentStore

        store = IncidentStore(path)
        opened = rss_mb()
        store.query(Filter(countries=["Mali"], limit=10))
    elif system == "sqlite":
        con = sqlite_open(path / "peer.sqlite")
        con.execute("SELECT id FROM incidents WHERE country = 'Mali' ORDER BY event_date DESC LIMIT 10").fetchall()
        opened = rss_mb()
    else:
        import duckdb

        con = duckdb.connect(str(path / "peer.duckdb"), read_only=True)
        con.execute("SELECT id FROM incidents WHERE country = 'Mali' ORDER BY event_date DESC LIMIT 10").fetchall()
        opened = rss_mb()
    print(orjson.dumps({"rss_mb": opened}).decode())


def new_incidents(k: int) -> list[dict]:
    """Four incidents of one article, each far from every other and from the store's places."""
    return [
        {
            "event_date": "2025-06-01",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "JNIM: Group for Support of Islam and Muslims",
            "country": "Mali",
            "location": f"Ingest {k}-{j}",
            "latitude": 24.0 + k * 0.05,
            "longitude": -12.0 + j * 1.5,
            "fatalities": 1,
            "notes": f"ingest bench {k} {j}",
        }
        for j in range(4)
    ]


def ingest(path: Path, n: int, tag: str) -> dict[str, float]:
    """One article of four new incidents, written durably, per system (p50 of 20)."""
    from store.incidents import IncidentStore

    out = {}
    store = IncidentStore(path)
    times = []
    for k in range(20):
        t = time.perf_counter()
        r = store.add_article({"text": f"ingest bench article {k}", "published": "2025-06-01"}, new_incidents(k))
        times.append((time.perf_counter() - t) * 1000)
        assert len(r["new"]) == 4, "the bench's incidents must be new, not merged"
    out["project"] = statistics.median(times)
    times = []
    for k in range(20):  # an incident the store already holds: merged, not added
        t = time.perf_counter()
        store.add_article({"text": f"ingest bench again {k}", "published": "2025-06-01"}, new_incidents(k)[:1])
        times.append((time.perf_counter() - t) * 1000)
    emit(f"ingest_merge_ms_p50{tag}", statistics.median(times), "ms")
    store.close()
    con = sqlite_open(path / "peer.sqlite")
    times = []
    for k in range(20):
        rows = [{**d, "id": n + 1000 + 4 * k + j} for j, d in enumerate(new_incidents(k))]
        t = time.perf_counter()
        with con:
            con.executemany(f"INSERT INTO incidents VALUES ({','.join('?' * len(COLUMNS))})", [_row(d) for d in rows])
            con.executemany(
                "INSERT INTO geo VALUES (?, ?, ?, ?, ?)",
                [(d["id"], d["latitude"], d["latitude"], d["longitude"], d["longitude"]) for d in rows],
            )
            con.executemany("INSERT INTO notes_fts(rowid, notes) VALUES (?, ?)", [(d["id"], d["notes"]) for d in rows])
        times.append((time.perf_counter() - t) * 1000)
    con.close()
    out["sqlite"] = statistics.median(times)
    import duckdb

    dcon = duckdb.connect(str(path / "peer.duckdb"))
    times = []
    for k in range(20):
        rows = [{**d, "id": n + 1000 + 4 * k + j} for j, d in enumerate(new_incidents(k))]
        t = time.perf_counter()
        dcon.execute("BEGIN")
        dcon.executemany(
            "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[d.get(c) for c in COLUMNS] for d in rows],
        )
        dcon.execute("COMMIT")
        times.append((time.perf_counter() - t) * 1000)
    dcon.close()
    out["duckdb"] = statistics.median(times)
    return out


def size_mb(*paths: Path) -> float:
    return sum(f.stat().st_size for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()) / 1e6


def main() -> None:  # noqa: C901 - one measurement after another, each a few lines
    n, path = int(sys.argv[1]), Path(sys.argv[2])
    if len(sys.argv) > 3 and sys.argv[3] == "--cold":
        cold(sys.argv[4], path)
        return
    tag = f"@{n // 1000}k"
    rows = rows_of(path)
    sqlite_build(rows, path / "peer.sqlite")
    duckdb_build(rows, path / "peer.duckdb", path)
    ps = params(rows, REPEAT)
    del rows
    emit(f"disk_mb_project{tag}", size_mb(path / "incidents", path / "meta.json", path / "journal.jsonl"), "MB")
    emit(f"disk_mb_sqlite{tag}", size_mb(path / "peer.sqlite"), "MB")
    emit(f"disk_mb_duckdb{tag}", size_mb(path / "peer.duckdb"), "MB")
    colds: dict[str, dict] = {}
    for system in ("project", "sqlite", "duckdb"):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "bench.peers", str(n), str(path), "--cold", system],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        colds[system] = {**orjson.loads(out.strip().splitlines()[-1]), "cold_s": time.perf_counter() - t}
        emit(f"cold_start_s_{system}{tag}", colds[system]["cold_s"], "s")
        emit(f"rss_after_open_mb_{system}{tag}", colds[system]["rss_mb"], "MB")
    emit(f"ratio_vs_sqlite_cold_start{tag}", colds["project"]["cold_s"] / colds["sqlite"]["cold_s"], "x")
    analyst = Path(sys.executable).with_name("analyst")
    t = time.perf_counter()
    subprocess.run(
        [str(analyst), "--data-dir", str(path), "ask", "attacks in Mali", "--json", "--today", "2025-10-27"],
        check=True,
        capture_output=True,
    )
    emit(f"ask_fresh_process_s{tag}", time.perf_counter() - t, "s")
    emit(f"ratio_vs_sqlite_rss{tag}", colds["project"]["rss_mb"] / colds["sqlite"]["rss_mb"], "x")

    import duckdb

    from store.incidents import IncidentStore

    store = IncidentStore(path)
    con = sqlite_open(path / "peer.sqlite")
    dcon = duckdb.connect(str(path / "peer.duckdb"), read_only=True)
    systems = {"project": project_queries(store), "sqlite": sqlite_queries(con), "duckdb": duckdb_queries(dcon)}
    for shape in SHAPES:
        times, results = {}, {}
        for name, qs in systems.items():
            qs[shape](ps[0])  # warm
            times[name], results[name] = timed(qs[shape], ps)
            emit(f"{shape}_ms_p50_{name}{tag}", times[name], "ms")
        equal = results["project"] == results["sqlite"] == results["duckdb"]
        emit(f"ids_equal_{shape}{tag}", 1.0 if equal else 0.0, "")
        emit(f"ratio_vs_sqlite_{shape}{tag}", times["project"] / max(times["sqlite"], 1e-6), "x")
    store.close()
    con.close()
    dcon.close()
    ing = ingest(path, n, tag)
    for name, ms in ing.items():
        emit(f"ingest_article_ms_p50_{name}{tag}", ms, "ms")
    emit(f"ratio_vs_sqlite_ingest{tag}", ing["project"] / ing["sqlite"], "x")


if __name__ == "__main__":
    main()
