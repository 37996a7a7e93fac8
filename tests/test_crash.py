"""A writer killed with SIGKILL mid-stream leaves a store that opens with every
acknowledged article present (real process, real files)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from store.incidents import IncidentStore

WRITER = textwrap.dedent("""
    import sys
    from store.incidents import IncidentStore
    s = IncidentStore(sys.argv[1])
    start = int(sys.argv[2])
    for i in range(start, start + 100000):
        inc = {"event_date": f"2025-{i % 12 + 1:02d}-01", "event_type": "Battles", "sub_event_type": "Armed clash",
               "country": "Mali", "country_code": "ML", "location": f"Place {i}", "latitude": 10 + (i % 50) * 0.3,
               "longitude": -10 + (i % 40) * 0.4, "geo_precision": 1, "fatalities": i % 7, "notes": "x" * 300}
        other = {**inc, "location": f"Other {i}", "latitude": inc["latitude"] + 1}
        s.add_article({"text": f"article number {i} " + "words " * 200, "published": "2025-06-01"}, [inc, other])
        print(f"ACK {i}", flush=True)
""")


@pytest.mark.parametrize("kill_after", [3, 17, 40])
def test_sigkill_mid_stream_loses_no_acknowledged_article(tmp_path, kill_after):
    data = tmp_path / "data"
    acked: list[int] = []
    for round_no in range(2):  # kill twice, the second time on top of the first store
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), str(round_no * 1000)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=os.getcwd(),
        )
        got = 0
        deadline = time.monotonic() + 60
        while got < kill_after + round_no * 5 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("ACK"):
                acked.append(int(line.split()[1]))
                got += 1
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        store = IncidentStore(data)  # opens: no half-written file
        for i in acked:
            art = store.find_article(f"article number {i} " + "words " * 200)
            assert art is not None, f"acknowledged article {i} lost"
            assert len(art["incident_ids"]) == 2
            assert all(store.get(iid) for iid in art["incident_ids"])
        assert not list(data.rglob("*.corrupt-*"))
        store.close()
