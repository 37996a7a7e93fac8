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
    jobs = [
        lambda: timeline(docs, "Incidents, all dates"),
        lambda: incident_map(docs, "Attacks in Mali", country="Mali"),
        lambda: incident_map(docs, "Within 100 km of Gao", (16.27, -0.04), 100, "Gao", "Mali", frame_country=False),
        lambda: timeline([], "Nothing"),
    ] * 2
    with ThreadPoolExecutor(4) as pool:
        pngs = list(pool.map(lambda job: job(), jobs))
    assert size(pngs[0]) == (825, 462) and size(pngs[1]) == (770, 660) and size(pngs[2]) == (770, 660)
    assert all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_region_names_are_drawn_and_never_over_a_place_name():
    from bot.present.charts import _figure, _name_main_places, _name_regions

    docs = [d for d in fixture_incidents() if d.get("latitude") is not None]
    fig = _figure(7, 6)
    ax = fig.add_subplot()
    ax.set_xlim(-12.5, 4.5)
    ax.set_ylim(10, 25)
    ax.scatter([d["longitude"] for d in docs], [d["latitude"] for d in docs])
    _name_main_places(ax, docs, 17 / 14)
    _name_regions(ax, docs)
    regions = {d["admin1"] for d in docs if d.get("admin1")}
    texts = ax.texts
    region_texts = [t for t in texts if t.get_text() in regions and t.get_style() == "italic"]
    assert len(regions) >= 2 and region_texts
    renderer = fig.canvas.get_renderer()
    places = [t.get_window_extent(renderer) for t in texts if t not in region_texts]
    for t in region_texts:
        box = t.get_window_extent(renderer)
        assert not any(box.overlaps(p) for p in places), t.get_text()


def test_a_country_name_gives_way_to_a_point_or_a_place_name():
    from bot.present.charts import _drop_covered, _figure

    fig = _figure(4, 4)
    ax = fig.add_subplot()
    ax.set_xlim(-10, 10)
    ax.set_ylim(-10, 10)
    covered = ax.text(0, 0, "MALI", ha="center", va="center")
    free = ax.text(-7, 7, "NIGER", ha="center", va="center")
    ax.scatter([0.2], [0.0])
    _drop_covered(ax, [covered, free])
    assert [t.get_text() for t in ax.texts] == ["NIGER"]
