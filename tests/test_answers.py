"""Answers as users read them: short, sourced, escaped HTML within Telegram's limit; pictures."""

from __future__ import annotations

from bot.present.answer import TELEGRAM_LIMIT, split_message
from bot.present.pictures import picture
from bot.testing.emulator import visible_text
from tests.conftest import TODAY, fixture_incidents


def test_html_is_escaped_and_valid(loaded):
    loaded.store.import_incidents(
        [
            {
                **fixture_incidents()[0],
                "event_id_cnty": "H1",
                "notes": "Militants <b>burned</b> a school & a clinic",
                "actor1": "A & B <group>",
            }
        ]
    )
    ans = loaded.ask("attacks near Kayes", today=TODAY)
    out = ans.html()
    visible = visible_text(out, "HTML")  # raises like Telegram would on bad markup
    assert "Militants <b>burned</b> a school & a clinic" in visible
    assert len(visible) <= TELEGRAM_LIMIT


def test_page_stays_under_the_limit_with_long_notes(loaded):
    for i in range(30):
        loaded.store.import_incidents(
            [{**fixture_incidents()[0], "event_id_cnty": f"N{i}", "notes": "Very long note. " * 40}]
        )
    ans = loaded.ask("attacks near Kayes", today=TODAY)
    assert len(visible_text(ans.html(), "HTML")) <= TELEGRAM_LIMIT
    assert "show more" in ans.text()


def test_cards_have_date_place_distance_actors_toll_source(loaded):
    ans = loaded.ask("attacks near Kayes", today=TODAY)
    text = ans.text()
    assert "20 Nov 2025 — Kayes (Mali), 0 km" in text
    assert "Armed clash · JNIM vs Military Forces of Mali · 7 soldiers killed" in text  # who died, as the text says
    assert "80 militants killed across 2 coordinated attacks" in text
    assert "Source: test fixture" in text
    assert "2 incidents, 1 Jul 2025–20 Nov 2025 · 7 reported killed, +80 in coordinated attacks that also hit" in text
    full = loaded.ask("attacks within 150 km of Kayes", today=TODAY).text()  # Sandaré too: the whole group
    assert "· 87 reported killed (figures as reported)" in full


def test_split_message_never_exceeds_limit():
    parts = split_message("\n\n".join(f"block {i} " + "x" * 500 for i in range(40)))
    assert len(parts) > 1 and all(len(p) <= TELEGRAM_LIMIT for p in parts)


def test_timeline_and_map_pictures(loaded):
    ans = loaded.ask("incidents in Mali", today=TODAY)
    for kind in ("timeline", "map"):
        png = picture(loaded, ans, kind)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    near = loaded.ask("attacks within 100 km of Kayes", today=TODAY)
    assert picture(loaded, near, "map")[:4] == b"\x89PNG"


def test_json_shape(loaded):
    d = loaded.ask("JNIM attacks in Timbuktu since June", today=TODAY).to_dict()
    assert d["query"]["place"]["name"] == "Timbuktu" and d["query"]["date_from"] == "2025-06-01"
    assert {i["event_id_cnty"] for i in d["incidents"]} == {"Q06", "Q08"}
    assert d["answer"].startswith("Attacks involving JNIM")


def test_the_summary_from_the_columns_says_what_the_documents_say(loaded):
    """Counts, dates, tolls (a coordinated attack's once, and only when all its towns are in) and
    actors, worked out from the index alone, match the same summary worked out from every incident."""
    from bot.present.answer import Answer

    loaded.store.add_article(
        {"text": "a coordinated attack", "published": "2025-10-03", "url": None, "title": "t"},
        [
            {
                **fixture_incidents()[0],
                "event_id_cnty": None,
                "event_date": "2025-10-02",
                "location": town,
                "latitude": lat,
                "longitude": lon,
                "fatalities": n,
                "group_id": "g1",
                "group_size": 3,
                "group_named": 2,
                "group_fatalities": 9,
            }
            for town, lat, lon, n in (("Kayes", 14.45, -11.44, 5), ("Nioro", 15.23, -9.59, 4))
        ],
    )
    questions = [
        "attacks near Kayes",
        "attacks in Mali",
        "JNIM attacks in Timbuktu since June",
        "incidents in Burkina Faso this year",
        "what happened near Nioro in 2025",
        "incidents",
    ]
    for text in questions:
        ans = loaded.ask(text, today=TODAY)
        if ans.kind != "results":
            continue
        from_documents = Answer(ans.query, ans.incidents, ans.total, all_incidents=list(ans.all_incidents))
        assert ans.digest == from_documents.summary(), text
