"""How questions name places, regions, areas and actors (parsed query only; the sets they return over
imported ACLED rows are in test_acled.py)."""

from datetime import date

import pytest

from bot.questions.parse import PlaceFinder, parse

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def finder(gaz) -> PlaceFinder:
    return PlaceFinder(gaz)


PLACES = [  # question, (name, kind, country), regions the filter keeps (None: not an area)
    ("attacks near Fada N'Gourma", ("Fada N'gourma", "town", "Burkina Faso"), None),
    ("attaques près de Pama", ("Pama", "town", "Burkina Faso"), None),
    ("attacks in the Boucle du Mouhoun region", ("Boucle du Mouhoun", "admin1", "Burkina Faso"), None),
    ("attacks in the Tillabery region", ("Tillabéri", "admin1", "Niger"), None),
    ("attaques dans le Centre-Nord", ("Centre-Nord", "admin1", "Burkina Faso"), None),
    ("attaques dans le Centre-Nord du Burkina", ("Centre-Nord", "admin1", "Burkina Faso"), None),
    ("incidents in Segou region", ("Ségou", "admin1", "Mali"), None),
    ("attacks in Sahel region", ("Sahel", "admin1", "Burkina Faso"), None),
    ("attacks in Borno", ("Borno", "admin1", "Nigeria"), None),
    ("attacks in Bandiagara cercle", ("Bandiagara Cercle", "admin2", "Mali"), None),
    ("attacks in the province of Soum", ("Province du Soum", "admin2", "Burkina Faso"), None),
    ("attacks in central Mali", ("centre", "area", "Mali"), ["Mopti", "Ségou", "Bandiagara", "Douentza", "San"]),
    (
        "attaques dans le nord du Mali",
        ("north", "area", "Mali"),
        ["Tombouctou", "Timbuktu", "Gao", "Kidal", "Ménaka", "Taoudénit"],
    ),
    ("attaques dans l'est du Burkina", ("east", "area", "Burkina Faso"), ["Est", "Centre-Est"]),
    ("violence in western Niger", ("west", "area", "Niger"), ["Tillabéri", "Niamey", "Dosso", "Tahoua"]),
    ("attacks in the tri-border area", ("tri-border", "area", None), ["Gao", "Ménaka", "Tillabéri", "Sahel"]),
    (
        "attaques dans la zone des trois frontières",
        ("tri-border", "area", None),
        ["Gao", "Ménaka", "Tillabéri", "Sahel"],
    ),
    ("attacks in Mopti", ("Mopti", "town", "Mali"), None),
    ("attacks near Mopit", ("Mopti", "town", "Mali"), None),
]


@pytest.mark.parametrize(("question", "place", "regions"), PLACES)
def test_places_regions_and_areas(finder, question, place, regions):
    q = parse(question, TODAY, finder)
    assert (q.place.name, q.place.kind, q.place.country) == place
    f = q.to_filter()
    if regions is not None:
        assert f.admin1 == regions and f.center is None


def test_the_sahel_alone_is_not_burkinas_sahel_region(finder):
    q = parse("attacks in the Sahel", TODAY, finder)
    assert q.place is None or q.place.kind != "admin1"


ACTORS = [
    ("attacks near Fada N'Gourma", []),
    ("ISGS attacks", ["Islamic State (Sahel)"]),
    ("attaques de l'EIGS", ["Islamic State (Sahel)"]),
    ("GSIM in Mali", ["JNIM: Group for Support of Islam and Muslims"]),
    ("l'armée malienne à Mopti", ["Military Forces of Mali"]),
    ("Burkinabe army operations near Djibo", ["Military Forces of Burkina Faso"]),
    ("the army in Niger", ["Military Forces of Niger"]),
    ("French forces in Mali", ["Military Forces of France"]),
    ("Operation Barkhane in 2020", ["Military Forces of France"]),
    ("Ansarul attacks in Soum", ["Ansaroul Islam"]),
    ("Wagner near Moura", ["Wagner Group", "Africa Corps"]),
]


@pytest.mark.parametrize(("question", "actors"), ACTORS)
def test_actors_by_any_alias(finder, question, actors):
    assert parse(question, TODAY, finder).actors == actors


def test_a_place_after_near_is_not_an_actor_typo(finder):
    q = parse("attacks near Fada N'Gourma", TODAY, finder)
    assert q.actors == [] and q.place.kind == "town"


def test_question_words_are_not_an_unknown_place(finder):
    q = parse("Où ont eu lieu les attaques de l'EIGS en 2022 ?", TODAY, finder)
    assert q.place is None and not q.unknown_place and q.actors == ["Islamic State (Sahel)"]
