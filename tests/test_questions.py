"""The question suite: 60+ questions (EN/FR, typos, every time form, follow-ups) against a
store of hand-written incidents (tests/fixtures/incidents.jsonl), each asserting the parsed
query and the exact set of incidents returned. "Today" is Monday 24 November 2025."""

from __future__ import annotations

from datetime import date

import pytest

from bot.present.answer import fatality_totals
from bot.present.describe import suggested
from tests.conftest import TODAY

V = ["Battles", "Explosions/Remote violence", "Violence against civilians"]  # "attacks"


def ids(answer) -> set[str]:
    return {d["event_id_cnty"] for d in answer.all_incidents}


CASES = [
    # question, expected incidents, expected parse
    ("attacks near Kayes?", {"Q01", "Q04"}, {"place": "Kayes", "radius": 50, "types": V}),
    (
        "attacks near Kayse last month",
        set(),
        {"place": "Kayes", "suggest": "Kayes (Mali)", "from": "2025-10-01", "to": "2025-10-31"},
    ),
    ("attacks near Kayse", {"Q01", "Q04"}, {"place": "Kayes", "suggest": "Kayes (Mali)"}),
    ("anything within 100 km of Kayes", {"Q01", "Q03", "Q04"}, {"place": "Kayes", "radius": 100, "types": []}),
    (
        "JNIM attacks in Timbuktu since June",
        {"Q06", "Q08"},
        {
            "place": "Timbuktu",
            "actors": ["JNIM: Group for Support of Islam and Muslims"],
            "from": "2025-06-01",
            "to": "2025-11-24",
        },
    ),
    (
        "how many soldiers killed in Burkina this year?",
        {"Q11", "Q12", "Q14"},
        {"place": "Burkina Faso", "want": "fatalities", "victims": "soldiers", "from": "2025-01-01", "killed": 69},
    ),
    (
        "anything within 100 km of Gao last week",
        {"Q21"},
        {"place": "Gao", "radius": 100, "from": "2025-11-17", "to": "2025-11-23"},
    ),
    ("anything within 100 km of Gao this week?", set(), {"from": "2025-11-24", "to": "2025-11-24"}),
    (
        "drone strikes in Kidal region 2024",
        {"Q09", "Q10"},
        {"place": "Kidal", "kind": "admin1", "sub": ["Air/drone strike"], "from": "2024-01-01", "to": "2024-12-31"},
    ),
    ("qui a attaqué Djibo ?", {"Q11", "Q14"}, {"place": "Djibo", "want": "actors"}),
    (
        "attaques près de Ménaka depuis le 1er mars",
        {"Q16", "Q17", "Q27"},
        {"place": "Ménaka", "radius": 50, "from": "2025-03-01"},
    ),
    (
        "incidents in Mali this month",
        {"Q01", "Q02", "Q16", "Q21", "Q24", "Q30", "Q31"},
        {"place": "Mali", "kind": "country", "from": "2025-11-01"},
    ),
    ("attacks in Burkina yesterday", {"Q11"}, {"from": "2025-11-23", "to": "2025-11-23"}),
    ("incidents today", {"Q30"}, {"from": "2025-11-24", "to": "2025-11-24"}),
    ("incidents in Mali last week", {"Q01", "Q21", "Q31"}, {"from": "2025-11-17", "to": "2025-11-23"}),
    ("attacks in Mali this week", {"Q30"}, {"from": "2025-11-24"}),
    ("incidents in Mali in 2024", {"Q09", "Q10"}, {"from": "2024-01-01", "to": "2024-12-31"}),
    ("incidents in Kidal region in 2023", {"Q29"}, {"kind": "admin1", "from": "2023-01-01"}),
    ("attacks in Mali between 1 and 15 March", {"Q27", "Q28"}, {"from": "2025-03-01", "to": "2025-03-15"}),
    ("incidents in Niger between 1 and 31 March", {"Q18"}, {"from": "2025-03-01", "to": "2025-03-31"}),
    ("attacks near Ménaka in March", {"Q27"}, {"from": "2025-03-01", "to": "2025-03-31"}),
    (
        "incidents in Mali since June",
        {
            "Q01",
            "Q02",
            "Q03",
            "Q04",
            "Q05",
            "Q06",
            "Q07",
            "Q08",
            "Q16",
            "Q17",
            "Q21",
            "Q22",
            "Q23",
            "Q24",
            "Q25",
            "Q30",
            "Q31",
        },
        {"from": "2025-06-01"},
    ),
    ("incidents in Burkina in the last 30 days", {"Q11", "Q12", "Q13"}, {"from": "2025-10-26", "to": "2025-11-24"}),
    ("attaques au Burkina depuis mardi", {"Q11", "Q12"}, {"from": "2025-11-18"}),
    ("attacks in Mali on 1 July 2025", {"Q04", "Q05"}, {"from": "2025-07-01", "to": "2025-07-01", "killed": 80}),
    ("attaques au Mali le 1er juillet", {"Q04", "Q05"}, {"from": "2025-07-01", "to": "2025-07-01"}),
    ("incidents in Niger in April 2025", {"Q19"}, {"from": "2025-04-01", "to": "2025-04-30"}),
    ("what happened in Gao region in March 2025", {"Q28"}, {"kind": "admin1", "place": "Gao"}),
    ("attaques en janvier au Mali", {"Q26"}, {"from": "2025-01-01", "to": "2025-01-31"}),
    (
        "attacks in Mali since 15 October",
        {"Q01", "Q02", "Q16", "Q17", "Q22", "Q24", "Q30", "Q31"},
        {"from": "2025-10-15"},
    ),
    ("incidents in Niger from 1 to 5 April", {"Q19"}, {"from": "2025-04-01", "to": "2025-04-05"}),
    ("IED attacks in Burkina", {"Q12"}, {"sub": ["Remote explosive/landmine/IED"]}),
    ("kidnappings in Mali", {"Q03", "Q27"}, {"sub": ["Abduction/forced disappearance"]}),
    ("enlèvements près de Ménaka", {"Q27"}, {"sub": ["Abduction/forced disappearance"], "place": "Ménaka"}),
    ("massacres in Niger", {"Q18"}, {"types": ["Violence against civilians"]}),
    ("protests in Niamey", {"Q20"}, {"types": ["Protests"], "place": "Niamey"}),
    ("manifestations au Burkina", {"Q15"}, {"types": ["Protests"]}),
    ("riots in Mali", {"Q21"}, {"types": ["Riots"]}),
    ("suicide bombings in Mali", {"Q26"}, {"sub": ["Suicide bomb"]}),
    ("shelling in Timbuktu", {"Q08"}, {"sub": ["Shelling/artillery/missile attack"]}),
    ("arrests in Mopti region", {"Q23"}, {"sub": ["Arrests"], "kind": "admin1"}),
    ("clashes in Mopti region", {"Q07", "Q22", "Q31"}, {"types": ["Battles"], "kind": "admin1"}),
    ("frappes de drones dans la région de Kidal", {"Q09", "Q10"}, {"sub": ["Air/drone strike"], "kind": "admin1"}),
    ("violence against civilians in Burkina", {"Q13"}, {"types": ["Violence against civilians"]}),
    ("ambushes near Djibo", {"Q07", "Q11", "Q14"}, {"types": ["Battles"], "radius": 50}),
    (
        "JNIM attacks in Mali",
        {"Q01", "Q02", "Q04", "Q05", "Q06", "Q07", "Q08", "Q22", "Q26", "Q28", "Q30", "Q31"},
        {"actors": ["JNIM: Group for Support of Islam and Muslims"]},
    ),
    ("Wagner in Kidal", {"Q24"}, {"actors": ["Wagner Group", "Africa Corps"]}),
    ("IS Sahel attacks in Niger", {"Q18", "Q19"}, {"actors": ["Islamic State (Sahel)"]}),
    ("EIGS au Niger", {"Q18", "Q19"}, {"actors": ["Islamic State (Sahel)"], "types": []}),
    ("who is most active near Ménaka", {"Q16", "Q17", "Q27"}, {"want": "actors"}),
    ("the army in Kidal region", {"Q09", "Q10", "Q29"}, {"actors": ["Military Forces of Mali"]}),
    ("jihadist attacks in Burkina", {"Q11", "Q12", "Q13", "Q14"}, {"actors": []}),
    ("jnmi attacks near djibo", {"Q07", "Q11", "Q14"}, {"actors": ["JNIM: Group for Support of Islam and Muslims"]}),
    ("dozo attacks in Mopti region", {"Q22"}, {"actors": ["Dozo Communal Militia (Mali)"]}),
    ("attacks near tombouctou", {"Q06", "Q08"}, {"place": "Timbuktu"}),
    ("incidents near Menaka", {"Q16", "Q17", "Q27"}, {"place": "Ménaka"}),
    ("attacks around Djibo", {"Q07", "Q11", "Q14"}, {"radius": 50}),
    ("anything within 20 km of Djibo", {"Q11", "Q14"}, {"radius": 20}),
    ("incidents within 60 miles of Gao", {"Q21", "Q28"}, {"radius": 96.5}),
    ("incidents in Burkina Faso", {"Q11", "Q12", "Q13", "Q14", "Q15"}, {"kind": "country"}),
    ("incidents in Mopti region", {"Q07", "Q22", "Q23", "Q31"}, {"kind": "admin1", "place": "Mopti"}),
    (
        "how many attacks in Mali this year?",
        {
            "Q01",
            "Q02",
            "Q03",
            "Q04",
            "Q05",
            "Q06",
            "Q07",
            "Q08",
            "Q16",
            "Q17",
            "Q22",
            "Q24",
            "Q26",
            "Q27",
            "Q28",
            "Q30",
            "Q31",
        },
        {"want": "count"},
    ),
    (
        "combien de soldats tués au Burkina ce mois-ci ?",
        {"Q11", "Q12"},
        {"victims": "soldiers", "killed": 19, "from": "2025-11-01"},
    ),
    ("how many people killed near Kayes", {"Q01", "Q04"}, {"want": "fatalities", "killed": 7, "partial": 80}),
    ("fatalities in Niger", {"Q18", "Q19"}, {"killed": 69}),
    ("attaques près de Kayes", {"Q01", "Q04"}, {"place": "Kayes"}),
    ("combien d'attaques au Mali en 2024 ?", {"Q09", "Q10"}, {"want": "count"}),
    ("incidents à Bamako", {"Q25"}, {"place": "Bamako"}),
    ("affrontements dans la région de Mopti", {"Q07", "Q22", "Q31"}, {"types": ["Battles"]}),
    ("quoi de neuf au Niger cette semaine ?", set(), {"from": "2025-11-24"}),
]


@pytest.mark.parametrize(("question", "expected", "parsed"), CASES, ids=[c[0] for c in CASES])
def test_question(loaded, question, expected, parsed):
    ans = loaded.ask(question, chat_id=None, today=TODAY)
    q = ans.query
    assert ids(ans) == expected, ans.text()
    if "place" in parsed:
        assert q.place and q.place.name == parsed["place"]
    if "kind" in parsed:
        assert q.place.kind == parsed["kind"]
    if "radius" in parsed:
        assert q.radius_km == pytest.approx(parsed["radius"], abs=0.6)
    if "types" in parsed:
        assert sorted(q.event_types) == sorted(parsed["types"])
    if "sub" in parsed:
        assert q.sub_event_types == parsed["sub"]
    if "actors" in parsed:
        assert q.actors == parsed["actors"]
    if "from" in parsed:
        assert q.date_from == date.fromisoformat(parsed["from"])
    if "to" in parsed:
        assert q.date_to == date.fromisoformat(parsed["to"])
    if "want" in parsed:
        assert q.want == parsed["want"]
    if "victims" in parsed:
        assert q.victims == parsed["victims"]
    if "suggest" in parsed:
        assert q.suggestion and parsed["suggest"] in suggested(q, "en")
    if "killed" in parsed:
        assert fatality_totals(ans.all_incidents, q.victims) == (parsed["killed"], parsed.get("partial", 0))
        assert f"{parsed['killed']} " in ans.text()
        if "partial" in parsed:
            assert f"+{parsed['partial']} in coordinated attacks" in ans.text()
    assert q.lang == ("fr" if question in FRENCH_QUESTIONS else "en"), question
    if not expected:
        assert ans.kind == "empty" and ans.text().startswith(("No incidents found", "Aucun incident trouvé"))


FRENCH_QUESTIONS = {
    "qui a attaqué Djibo ?",
    "attaques près de Ménaka depuis le 1er mars",
    "attaques au Burkina depuis mardi",
    "attaques au Mali le 1er juillet",
    "attaques en janvier au Mali",
    "enlèvements près de Ménaka",
    "manifestations au Burkina",
    "frappes de drones dans la région de Kidal",
    "EIGS au Niger",
    "combien de soldats tués au Burkina ce mois-ci ?",
    "attaques près de Kayes",
    "combien d'attaques au Mali en 2024 ?",
    "incidents à Bamako",
    "affrontements dans la région de Mopti",
    "quoi de neuf au Niger cette semaine ?",
}


def test_french_questions_get_french_answers(loaded):
    ans = loaded.ask("combien de soldats tués au Burkina ce mois-ci ?", today=TODAY)
    text = ans.text()
    assert text.startswith("Incidents violents au Burkina Faso, 1 nov.–24 nov. 2025 :"), text
    assert "19 soldats tués selon les sources (chiffres rapportés)" in text
    assert "Les plus récents :" in text
    ans = loaded.ask("attaques dans la région de Mopti", today=TODAY)
    assert ans.text().startswith("Attaques dans la région de Mopti (Mali), toutes dates :")
    text = loaded.ask("enlèvements près de Ménaka", today=TODAY).text()
    assert text.startswith("Enlèvements dans un rayon de 50 km autour de Ménaka (Mali), toutes dates :")
    assert "1 Mar 2025" not in text and "1er mars 2025" in text


FOLLOW_UPS = [
    [("attacks near Kayes?", {"Q01", "Q04"}), ("and near Nioro?", {"Q02"}), ("only JNIM", {"Q02"})],
    [
        ("incidents in Mali this month", {"Q01", "Q02", "Q16", "Q21", "Q24", "Q30", "Q31"}),
        ("and in Burkina?", {"Q11", "Q12", "Q13"}),
        ("et au Niger ?", {"Q20"}),
    ],
    [("attacks in Mali", None), ("and in 2024?", {"Q09", "Q10"}), ("only drone strikes", {"Q09", "Q10"})],
    [("attaques près de Ménaka", {"Q16", "Q17", "Q27"}), ("et depuis novembre ?", {"Q16"})],
]


@pytest.mark.parametrize("dialogue", FOLLOW_UPS, ids=[d[0][0] + " -> " + d[1][0] for d in FOLLOW_UPS])
def test_follow_ups(loaded, dialogue):
    for n, (question, expected) in enumerate(dialogue):
        ans = loaded.ask(question, chat_id=42, today=TODAY)
        if n:
            assert ans.query.follow_up, question
        if expected is not None:
            assert ids(ans) == expected, f"{question}: {ans.text()}"


def test_show_more_pages_and_ends(loaded):
    first = loaded.ask("incidents in Mali", chat_id=7, today=TODAY)
    assert first.total == 23 and len(first.incidents) == 10 and "Showing 1–10 of 23" in first.text()
    second = loaded.ask("show more", chat_id=7, today=TODAY)
    assert "Showing 11–20 of 23" in second.text()
    third = loaded.ask("more", chat_id=7, today=TODAY)
    assert len(third.incidents) == 3
    shown = {d["id"] for a in (first, second, third) for d in a.incidents}
    assert len(shown) == 23
    end = loaded.ask("show more", chat_id=7, today=TODAY)
    assert "That's all" in end.text()


def test_unknown_place_and_not_a_question(loaded):
    ans = loaded.ask("attacks near Xyzzyqwop", today=TODAY)
    assert ans.kind == "unknown_place" and "Xyzzyqwop".lower() in ans.text().lower()
    assert loaded.ask("hello", today=TODAY).kind == "help"
    assert loaded.ask("what can you do?", today=TODAY).kind == "help"


def test_empty_answer_suggests_nearest(loaded):
    ans = loaded.ask("attacks near Kayes last month", today=TODAY)
    assert ans.kind == "empty"
    assert any("at any date: 2 incidents" in a for a in ans.alternatives)
    assert "within 100 km" in ans.alternatives[0]


def test_answer_states_what_was_understood(loaded):
    ans = loaded.ask("JNIM attacks in Timbuktu since June", today=TODAY)
    head = ans.text().splitlines()[0]
    assert head == "Attacks involving JNIM within 10 km of Timbuktu (Mali), 1 Jun–24 Nov 2025:"
    assert "2 incidents" in ans.text() and "figures as reported" in ans.text()


def test_rendering_changes_nothing_and_show_more_goes_on_after_the_cards_seen(loaded):
    first = loaded.ask("incidents in Mali", chat_id=8, today=TODAY)
    before = first.query.to_dict()
    first.html()
    first.text()
    assert first.query.to_dict() == before  # rendering is pure
    loaded.seen(8, first.query, 4)  # the chat saw four cards (a long message cut the rest)
    second = loaded.ask("show more", chat_id=8, today=TODAY)
    assert "Showing 5–14 of 23" in second.text()
