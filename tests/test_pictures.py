"""Pictures: valid PNGs of the expected size, drawn safely from several threads at once."""

from __future__ import annotations

import struct
from concurrent.futures import ThreadPoolExecutor

from bot.present.charts import incident_map, timeline
from tests.conftest import fixture_incidents


def size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_pictures_are_report_sized_pngs_even_from_worker_threads():
    docs = fixture_incidents()
    jobs = [lambda: timeline(docs, "Incidents, all dates"),
            lambda: incident_map(docs, "Attacks in Mali", country="Mali"),
            lambda: incident_map(docs, "Within 100 km of Gao", (16.27, -0.04), 100, "Gao", "Mali", frame_country=False),
            lambda: timeline([], "Nothing")] * 2
    with ThreadPoolExecutor(4) as pool:
        pngs = list(pool.map(lambda job: job(), jobs))
    assert size(pngs[0]) == (825, 462) and size(pngs[1]) == (770, 660) and size(pngs[2]) == (770, 660)
    assert all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
