"""The index snapshot: a store opens from it without parsing its shards, and never trusts it blindly
(stale, corrupt, missing, half-written: the shards decide)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from store import snapshot
from store.filter import Filter
from store.incidents import IncidentStore
from tests.test_store import article, incident

ROOT = Path(__file__).resolve().parents[1]


def _filled(path: Path) -> IncidentStore:
    s = IncidentStore(path)
    s.add_article(article("one"), [incident(), incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    s.add_article(article("two", published="2025-08-02"), [incident(event_date="2025-08-01", notes="an ambush")])
    return s


def _answers(s: IncidentStore) -> list:
    return [
        sorted((d["id"], d["location"], d["fatalities"]) for d in s.all_incidents()),
        s.ids(Filter(limit=10)),
        s.ids(Filter(text="ambush")),
        s.tally(Filter()),
    ]


def test_a_store_opens_from_its_snapshot_with_documents_read_on_demand(tmp_path):
    s = _filled(tmp_path)
    expected = _answers(s)
    s.close()
    assert (tmp_path / snapshot.META).exists() and (tmp_path / snapshot.NPZ).exists()
    again = IncidentStore(tmp_path)
    assert all(again.index.docs.missing(slot) for slot in range(len(again.index.docs)))  # nothing parsed yet
    assert _answers(again) == expected
    iid = expected[1][0]
    again.update_incident(iid, {"fatalities": 7})  # a document read on demand, then changed
    assert again.get(iid)["fatalities"] == 7
    again.close()
    assert IncidentStore(tmp_path).get(iid)["fatalities"] == 7


def test_shards_written_after_the_snapshot_are_read_again(tmp_path):
    s = _filled(tmp_path)
    s.close()
    other = IncidentStore(tmp_path)  # another process: writes without taking a new snapshot
    other.add_article(article("three", published="2025-09-02"), [incident(event_date="2025-09-01", fatalities=2)])
    first = other.ids(Filter(limit=1))[0]
    other.update_incident(first, {"location": "Diema"})
    expected = _answers(other)
    assert _answers(IncidentStore(tmp_path)) == expected


@pytest.mark.parametrize("damage", ["corrupt", "missing_npz", "missing_json", "other_pair", "truncated"])
def test_a_damaged_snapshot_is_rebuilt_from_the_shards(tmp_path, damage):
    s = _filled(tmp_path)
    expected = _answers(s)
    s.close()
    npz, meta = tmp_path / snapshot.NPZ, tmp_path / snapshot.META
    if damage == "corrupt":
        npz.write_bytes(b"not a numpy file")
    elif damage == "missing_npz":
        npz.unlink()
    elif damage == "missing_json":
        meta.unlink()
    elif damage == "other_pair":  # the JSON of one snapshot beside the columns of another
        kept = meta.read_bytes()
        IncidentStore(tmp_path).close()
        meta.write_bytes(kept)
    else:
        npz.write_bytes(npz.read_bytes()[: npz.stat().st_size // 2])
    again = IncidentStore(tmp_path)
    assert _answers(again) == expected
    assert snapshot.load(tmp_path) is not None  # rebuilt after the full read


def test_a_shard_copied_in_by_hand_is_read(tmp_path):
    main, elsewhere = tmp_path / "main", tmp_path / "elsewhere"
    _filled(main).close()
    e = IncidentStore(elsewhere)
    niger = incident(event_date="2024-01-01", country="Niger", country_code="NE", article_ids=None)
    e.import_incidents([niger])
    e.close()
    shutil.copytree(elsewhere / "incidents" / "NE", main / "incidents" / "NE")
    assert len(IncidentStore(main).query(Filter(countries=["Niger"]))[0]) == 1


def test_killed_after_a_write_the_snapshot_is_stale_and_the_write_is_kept(tmp_path):
    """kill -9 between a durable write and the next snapshot: the next start reads that shard again."""
    s = _filled(tmp_path)
    s.close()
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from store.incidents import IncidentStore
        from tests.test_store import article, incident
        s = IncidentStore({str(tmp_path)!r})
        s.add_article(article("killed", published="2025-07-09"), [incident(event_date="2025-07-08", location="Kita",
                      latitude=13.04, longitude=-9.49, fatalities=4)])
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ}, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    again = IncidentStore(tmp_path)
    assert [d["location"] for d in again.query(Filter(locations=["Kita"]))[0]] == ["Kita"]


def test_a_start_that_read_shards_again_leaves_a_fresh_snapshot(tmp_path):
    s = _filled(tmp_path)
    s.close()
    other = IncidentStore(tmp_path)
    other.add_article(article("three", published="2025-09-02"), [incident(event_date="2025-09-01", fatalities=2)])
    other.fold()  # into its shard, without a snapshot
    IncidentStore(tmp_path)  # reads the new shard again, then takes a snapshot
    fresh = IncidentStore(tmp_path)
    assert all(fresh.index.docs.missing(slot) for slot in range(len(fresh.index.docs)))
    assert len(fresh) == 4


def test_the_note_index_comes_back_with_the_snapshot(tmp_path):
    """A text question after a restart is answered from the restored note index (no shard read), and
    a note rewritten since it was indexed is never found under its old words."""
    s = _filled(tmp_path)
    changed = s.ids(Filter(text="ambush"))[0]  # builds the note index: the snapshot keeps it
    s.close()
    other = IncidentStore(tmp_path)
    other.update_incident(changed, {"notes": "a raid on the market"})
    other.fold()
    again = IncidentStore(tmp_path)
    assert again.ids(Filter(text="raid", whole_words=True)) == [changed]
    assert again.ids(Filter(text="ambush")) == []
    again.close()
    fresh = IncidentStore(tmp_path)
    assert fresh.ids(Filter(text="market")) == [changed] and fresh.ids(Filter(text="ambush")) == []
    assert all(fresh.index.docs.missing(slot) for slot in range(len(fresh.index.docs)))


def test_closing_a_store_nothing_changed_leaves_its_snapshot_as_it_was(tmp_path):
    _filled(tmp_path).close()
    before = (tmp_path / snapshot.NPZ).stat().st_ino
    reader = IncidentStore(tmp_path)
    reader.ids(Filter(limit=5))
    reader.close()
    assert (tmp_path / snapshot.NPZ).stat().st_ino == before  # not written again
    writer = IncidentStore(tmp_path)
    writer.add_article(article("four", published="2025-10-02"), [incident(event_date="2025-10-01")])
    writer.close()
    assert (tmp_path / snapshot.NPZ).stat().st_ino != before
    assert all(IncidentStore(tmp_path).index.docs.missing(s) for s in range(4))


def test_acled_ids_come_back_with_the_snapshot(tmp_path):
    """A re-import after a restart skips the rows already held (their ids are hashes in the snapshot)."""
    rows = [incident(event_id_cnty=f"MLI{k}", article_ids=None, latitude=10 + k) for k in range(3)]
    s = IncidentStore(tmp_path)
    assert s.import_incidents(rows) == {"added": 3, "skipped": 0}
    s.close()
    again = IncidentStore(tmp_path)
    assert all(again.index.docs.missing(slot) for slot in range(3))  # opened from the snapshot
    assert again.import_incidents(rows) == {"added": 0, "skipped": 3}
    gone = again.ids(Filter(limit=1))[0]
    again.delete_incident(gone)
    assert again.import_incidents(rows) == {"added": 1, "skipped": 2}  # the deleted one's id was forgotten


def test_a_store_empty_when_its_snapshot_was_taken_takes_writes_after_a_restart(tmp_path):
    IncidentStore(tmp_path).close()  # a snapshot of no incident at all
    again = IncidentStore(tmp_path)
    again.add_article(article("one"), [incident()])
    assert len(again) == 1 and len(IncidentStore(tmp_path)) == 1


def test_a_snapshot_whose_id_order_does_not_fit_its_columns_is_not_trusted(tmp_path):
    """The id order (which spares the sort at open) is checked against the live slots like the rest."""
    import numpy as np

    s = _filled(tmp_path)
    expected = _answers(s)
    s.close()
    with np.load(tmp_path / snapshot.NPZ) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["by_id"] = arrays["by_id"][:-1]  # one live slot missing
    np.savez(tmp_path / snapshot.NPZ, **arrays)
    assert snapshot.load(tmp_path) is None
    again = IncidentStore(tmp_path)  # a full read of the shards instead
    assert _answers(again) == expected and snapshot.load(tmp_path) is not None
