"""One data directory, several writers: the bot, the console and CLI commands at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from store.acled import write_csv
from store.filter import Filter
from store.incidents import IncidentStore
from tests.conftest import fixture_incidents


def _rows(prefix: str, n: int) -> list[dict]:
    base = fixture_incidents()
    return [{**base[i % len(base)], "event_id_cnty": f"{prefix}{i}", "id": i} for i in range(n)]


def _article(n: int) -> dict:
    return {"text": f"Article number {n} about an attack.", "url": None, "title": None, "published": "2025-11-20"}


def _incident(n: int) -> dict:
    return {**fixture_incidents()[0], "event_id_cnty": None, "event_date": f"2019-10-{5 * n + 1:02d}"}


def test_two_stores_see_each_others_writes_and_never_reuse_an_id(tmp_path):
    a, b = IncidentStore(tmp_path), IncidentStore(tmp_path)
    a.add_article(_article(1), [_incident(1)])
    assert len(b) == 1 and b.find_article(_article(1)["text"])  # b caught up without a restart
    b.add_article(_article(2), [_incident(2)])
    b.import_incidents(_rows("X", 30))
    assert a.import_incidents(_rows("X", 30)) == {"added": 0, "skipped": 30}  # a saw b's import first
    a.add_article(_article(3), [_incident(3)])
    ids = [d["id"] for d in b.all_incidents()]
    assert len(ids) == 33 == len(set(ids))
    assert sorted(a.articles) == sorted(b.articles) == [1, 2, 3]
    b.remove_article(1)
    assert len(a) == 32 and sorted(a.articles) == [2, 3]
    a.close()
    b.close()
    fresh = IncidentStore(tmp_path)
    assert len(fresh) == 32 and len({d["id"] for d in fresh.all_incidents()}) == 32


def test_console_bot_import_and_ingest_processes_at_once(tmp_path):
    """Four real processes on one directory: every acknowledged row lands, ids stay unique."""
    data = tmp_path / "data"
    for name in ("one", "two"):
        (tmp_path / f"{name}.csv").write_text(write_csv(_rows(name.upper(), 700)))
    articles = [
        f"Gunmen killed {n + 3} civilians in Bankass on Saturday, local officials said, "
        f"the {n + 2}th attack on the town this year."
        for n in range(4)
    ]
    for n, text in enumerate(articles):
        (tmp_path / f"a{n}.txt").write_text(text)
    cli = [sys.executable, "-m", "bot.cli", "--data-dir", str(data)]
    IncidentStore(data).close()  # the directory exists before the race starts
    console_input = (
        "Des hommes armés ont tué neuf civils à Djenné jeudi, selon des élus locaux de la région de "
        "Mopti.\nattaques près de Djenné ?\n"
    )
    procs = [
        subprocess.Popen(
            [*cli, "import-acled", str(tmp_path / "one.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ),
        subprocess.Popen(
            [*cli, "import-acled", str(tmp_path / "two.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ),
        subprocess.Popen(
            [*cli, "ingest", "--json", "--published", "2025-06-02", *(str(tmp_path / f"a{n}.txt") for n in range(4))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ),
        subprocess.Popen(
            [*cli, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ),
    ]
    console_out, console_err = procs[3].communicate(console_input, timeout=300)
    outs = [p.communicate(timeout=300) for p in procs[:3]]
    for p, (_out, err) in zip(procs[:3], outs, strict=True):
        assert p.returncode == 0, err
    assert "Traceback" not in console_out + console_err
    assert "incident(s) enregistré(s)" in console_out and "sur 4" in console_out  # stored, then found

    store = IncidentStore(data)
    docs = store.all_incidents()
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))
    imported = {d["event_id_cnty"] for d in docs if d.get("event_id_cnty")}
    assert {f"ONE{i}" for i in range(700)} | {f"TWO{i}" for i in range(700)} <= imported
    ingested = json.loads(outs[2][0])
    assert [r["status"] for r in ingested] == ["stored"] * 4 and all(r["published"] == "2025-06-02" for r in ingested)
    assert all(store.get(d["id"]) for r in ingested for d in r["new"])
    assert all(r["article_id"] in store.articles for r in ingested)
    assert len(store.articles) >= 4 + 1  # four files and the console's article (plus the demo articles)
    r = subprocess.run([*cli, "ask", "--json", "attacks near Bankass"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout)["incidents"], r.stderr
    assert Path(data / ".write.lock").exists()


def test_an_id_used_twice_is_repaired_at_start(tmp_path):
    """What two unlocked processes used to leave: one id in two shards, a counter behind."""
    import orjson

    store = IncidentStore(tmp_path)
    store.import_incidents(_rows("Q", 3))
    store.close()
    doc = next(d for d in IncidentStore(tmp_path).all_incidents() if d["id"] == 2)
    other = tmp_path / "incidents" / "NE" / "1999-01.json"
    other.parent.mkdir(parents=True, exist_ok=True)
    twin = {**doc, "event_date": "1999-01-05", "country": "Niger", "country_code": "NE", "event_id_cnty": "Z9"}
    copy = {**IncidentStore(tmp_path).get(3)}
    other.write_bytes(orjson.dumps({"incidents": {"2": twin, "3": copy}}))
    repaired = IncidentStore(tmp_path)
    ids = [d["id"] for d in repaired.all_incidents()]
    assert len(ids) == len(set(ids)) == 4  # the different twin renumbered, the exact copy dropped
    assert repaired.query(Filter(countries=["Niger"]))[1] >= 1
    reopened = IncidentStore(tmp_path)
    assert sorted(d["id"] for d in reopened.all_incidents()) == sorted(ids)


def test_quick_same_size_rewrites_are_seen(tmp_path):
    """Two writes within one clock tick can leave a file with the same time and size: still seen."""
    a, b = IncidentStore(tmp_path), IncidentStore(tmp_path)
    a.import_incidents(_rows("S", 1))
    iid = b.all_incidents()[0]["id"]
    for n in range(1, 6):
        a.update_incident(iid, {"fatalities": n})
        assert b.get(iid)["fatalities"] == n


def test_a_process_holding_the_lock_too_long_makes_a_write_wait_then_fail_politely(tmp_path, monkeypatch):
    import pytest

    from store.sharing import StoreBusy

    store = IncidentStore(tmp_path)
    hold = (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(tmp_path / ".write.lock")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr("store.sharing.LOCK_TIMEOUT_S", 0.3)
        with pytest.raises(StoreBusy, match="try again in a moment"):
            store.add_article(_article(1), [_incident(1)])
    finally:
        holder.kill()
        holder.wait()
    assert (
        store.add_article(_article(1), [_incident(1)])["status"] == "new"
    )  # the kernel dropped the dead holder's lock
    assert len(IncidentStore(tmp_path)) == 1
