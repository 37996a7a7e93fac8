"""The write-ahead journal: a write is one appended line; the files catch up at a fold; a crash
between the two, a torn line, a failed fold or another process's lines lose nothing."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from store import journal, storage
from store.filter import Filter
from store.incidents import IncidentStore
from tests.test_store import article, incident

ROOT = Path(__file__).resolve().parents[1]
SHARD = "incidents/ML/2025-07.json"


def test_a_write_is_one_journal_line_and_no_file_rewrite(tmp_path):
    s = IncidentStore(tmp_path)
    s.add_article(article("one"), [incident()])
    lines_before = (tmp_path / journal.JOURNAL).read_bytes().count(b"\n")
    s.add_article(article("two"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    assert (tmp_path / journal.JOURNAL).read_bytes().count(b"\n") == lines_before + 1
    assert not (tmp_path / SHARD).exists()  # the files wait for the fold
    s.fold()
    assert (tmp_path / journal.JOURNAL).stat().st_size == 0 and (tmp_path / SHARD).exists()
    assert len(IncidentStore(tmp_path)) == 2


def test_killed_between_the_append_and_the_fold_the_journal_restores_the_write(tmp_path):
    IncidentStore(tmp_path).close()
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from store.incidents import IncidentStore
        from tests.test_store import article, incident
        s = IncidentStore({str(tmp_path)!r})
        s.add_article(article("one"), [incident()])
        s.fold()
        r = s.add_article(article("two"), [incident(location="Kita", latitude=13.04, longitude=-9.49, fatalities=4)])
        s.update_incident(r["new"][0]["id"], {{"fatalities": 5}})
        print("ACK", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL and "ACK" in proc.stdout
    assert (tmp_path / journal.JOURNAL).stat().st_size > 0  # the files lack the second article
    again = IncidentStore(tmp_path)
    (kita,) = again.query(Filter(locations=["Kita"]))[0]
    assert kita["fatalities"] == 5 and again.find_article(article("two")["text"])
    assert len(again) == 2
    nxt = again.add_article(article("three"), [incident(location="Nara", latitude=15.17, longitude=-7.28)])
    assert nxt["new"][0]["id"] > kita["id"] and nxt["article"]["id"] == 3  # counters came back too


def test_a_torn_last_line_is_dropped_and_the_next_write_lands_after_it(tmp_path):
    s = IncidentStore(tmp_path)
    s.add_article(article("one"), [incident()])
    with open(tmp_path / journal.JOURNAL, "ab") as fh:
        fh.write(b'{"incidents/ML/2025-07.json": {"incid')  # a writer killed mid-append
    again = IncidentStore(tmp_path)
    assert len(again) == 1
    again.add_article(article("two"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    fresh = IncidentStore(tmp_path)
    assert len(fresh) == 2 and fresh.find_article(article("two")["text"])


def test_another_process_lines_are_read_without_a_fold(tmp_path):
    a, b = IncidentStore(tmp_path), IncidentStore(tmp_path)
    r = a.add_article(article("one", url="https://x.org/1"), [incident()])
    iid = r["new"][0]["id"]
    assert b.get(iid)["location"] == "Kayes" and b.find_article(None, "https://x.org/1")
    a.update_incident(iid, {"location": "Kita", "latitude": 13.04, "longitude": -9.49, "event_date": "2025-08-01"})
    assert b.get(iid)["location"] == "Kita" and b.ids(Filter(locations=["Kayes"])) == []  # moved to another month
    b.remove_article(r["article"]["id"])
    assert a.get(iid) is None and not a.articles
    a.add_article(article("two"), [incident()])
    b.fold()  # b folds what a wrote too
    assert (tmp_path / journal.JOURNAL).stat().st_size == 0
    a.add_article(article("three"), [incident(location="Nara", latitude=15.17, longitude=-7.28)])
    assert sorted(d["location"] for d in b.all_incidents()) == ["Kayes", "Nara"]
    assert sorted(d["location"] for d in IncidentStore(tmp_path).all_incidents()) == ["Kayes", "Nara"]


def test_a_long_journal_is_folded_by_the_write_that_passes_the_threshold(tmp_path, monkeypatch):
    monkeypatch.setattr("store.incidents.FOLD_BYTES", 2000)
    s = IncidentStore(tmp_path)
    for k in range(6):
        s.add_article(article(f"article {k}"), [incident(latitude=10 + k)])
    assert (tmp_path / journal.JOURNAL).stat().st_size < 2000 and (tmp_path / SHARD).exists()
    assert len(IncidentStore(tmp_path)) == 6


def test_a_fold_the_disk_refuses_keeps_the_write_in_the_journal(tmp_path, monkeypatch):
    monkeypatch.setattr("store.incidents.FOLD_BYTES", 0)  # every write folds
    s = IncidentStore(tmp_path)
    s.add_article(article("one"), [incident()])

    def full_disk(path, payload):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "atomic_write", full_disk)
    r = s.add_article(article("two"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    assert r["status"] == "new" and len(s) == 2  # acknowledged: the line landed, only the fold failed
    monkeypatch.undo()
    assert len(IncidentStore(tmp_path)) == 2


def test_bulk_imports_go_to_the_files_not_the_journal(tmp_path):
    s = IncidentStore(tmp_path)
    s.add_article(article("one"), [incident()])
    s.import_incidents([incident(event_date="2024-01-01", country="Niger", country_code="NE", article_ids=None)])
    assert (tmp_path / journal.JOURNAL).stat().st_size == 0  # the fold took the earlier line along
    assert len(IncidentStore(tmp_path)) == 2


@pytest.mark.parametrize("seed", ["0", "1"])
def test_replaying_a_journal_twice_changes_nothing(tmp_path, seed):
    """A fold killed after its files and before emptying the journal: the lines apply again, harmlessly."""
    s = IncidentStore(tmp_path)
    r = s.add_article(article("one"), [incident()])
    s.update_incident(r["new"][0]["id"], {"fatalities": 9})
    s.add_article(article("two"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    kept = (tmp_path / journal.JOURNAL).read_bytes()
    s.fold()
    (tmp_path / journal.JOURNAL).write_bytes(kept)
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from store.incidents import IncidentStore; s = IncidentStore({str(tmp_path)!r}); "
            "print(sorted((d['location'], d['fatalities']) for d in s.all_incidents()))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "[('Kayes', 9), ('Nioro', 5)]", out.stderr
