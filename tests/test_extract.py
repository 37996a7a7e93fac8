"""The extractor on articles the team wrote (one rule or more per test)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understand.extract import extract

J = "JNIM: Group for Support of Islam and Muslims"


def run(text: str, published: str) -> list[dict]:
    return extract(text, date.fromisoformat(published))["incidents"]


def one(text: str, published: str) -> dict:
    incs = run(text, published)
    assert len(incs) == 1, [(i["location"], i["event_date"]) for i in incs]
    return incs[0]


def test_coordinated_attack_one_incident_per_town_toll_not_multiplied():
    text = (
        "Militants carried out simultaneous assaults on army camps in several towns of western Mali early "
        "on Sunday. The army said it repelled the coordinated offensive and killed more than sixty assailants.\n\n"
        "The assaults hit Diboli, Kayes and Kolokani, as well as a checkpoint near the border with Senegal. "
        "The al-Qaeda affiliate GSIM said its fighters carried out the operation."
    )
    incs = run(text, "2025-08-12")  # a Tuesday: Sunday is the 10th
    assert [i["location"] for i in incs] == ["Diboli", "Kayes", "Kolokani"]
    assert {i["event_date"] for i in incs} == {"2025-08-10"}
    # the total is divided among the towns, as ACLED does, and kept whole for the group
    assert len({i["group_id"] for i in incs}) == 1 and [i["fatalities"] for i in incs] == [20, 20, 20]
    assert {i["group_fatalities"] for i in incs} == {60}
    assert {i["actor1"] for i in incs} == {J} and {i["actor2"] for i in incs} == {"Military Forces of Mali"}
    assert {(i["event_type"], i["sub_event_type"]) for i in incs} == {("Battles", "Armed clash")}


def test_earlier_events_get_their_own_dates_and_the_day_before_is_relative():
    text = (
        "Gunmen attacked a police post in Ségou on Friday, killing three officers. The attack followed a "
        "March 3rd ambush on a convoy near Bla, along with an assault on the gendarmerie of San the day before "
        "that left five gendarmes dead."
    )
    incs = run(text, "2025-03-16")  # a Sunday
    by_place = {i["location"]: i for i in incs}
    assert by_place["Ségou"]["event_date"] == "2025-03-14" and by_place["Ségou"]["fatalities"] == 3
    assert by_place["Bla"]["event_date"] == "2025-03-03" and by_place["Bla"]["geo_precision"] == 2
    assert by_place["San"]["event_date"] == "2025-03-02" and by_place["San"]["fatalities"] == 5


def test_french_dates_numbers_and_actors():
    text = (
        "Des terroristes de l'EIGS ont attaqué mardi dernier la localité de Tessit, dans le cercle d'Ansongo, "
        "tuant une trentaine de soldats des FAMa. La veille, ils avaient enlevé quatre civils près de Ménaka."
    )
    incs = run(text, "2025-09-18")  # a Thursday: "mardi dernier" is the 16th
    t = next(i for i in incs if i["location"] == "Tessit")
    assert t["event_date"] == "2025-09-16" and t["fatalities"] == 30
    assert t["actor1"] == "Islamic State (Sahel)" and t["actor2"] == "Military Forces of Mali"
    k = next(i for i in incs if i["sub_event_type"] == "Abduction/forced disappearance")
    assert k["event_date"] == "2025-09-15" and k["location"] == "Ménaka" and k["geo_precision"] == 2
    assert extract(text, date(2025, 9, 18))["language"] == "fr"


def test_statements_and_warnings_are_not_events():
    text = (
        "The head of the regional command warned on Monday that armed groups could expand their attacks "
        "towards the coast, and called for more cooperation between neighbouring states. Analysts fear "
        "a further deterioration of security across the region in the coming months."
    )
    assert run(text, "2025-05-05") == []


def test_unknown_village_kept_by_name_in_the_region_of_its_neighbours():
    text = (
        "Jihadists attacked the villages of Sokoura-Diallo, Niono and Diabaly on Wednesday, burning "
        "granaries and killing at least 14 villagers, local officials said."
    )
    incs = run(text, "2025-04-25")
    unknown = next(i for i in incs if i["location"] == "Sokoura-Diallo")
    assert unknown["location_match"] == "unknown" and unknown["admin1"] == "Ségou"
    assert unknown["geo_precision"] == 3 and unknown["country"] == "Mali"
    assert {i["location"] for i in incs} == {"Sokoura-Diallo", "Niono", "Diabali"}  # GeoNames spelling
    assert {i["event_type"] for i in incs} == {"Violence against civilians"}


def test_misspelt_town_is_matched_in_the_articles_country():
    inc = one(
        "Soldiers clashed with JNIM fighters in Sandere, in Mali's Kayes region, on 4 July, "
        "killing six of the attackers.",
        "2025-07-06",
    )
    assert inc["location"] == "Sandaré" and inc["location_match"] == "fuzzy" and inc["fatalities"] == 6


def test_region_only_is_region_precision():
    inc = one("Unidentified gunmen killed seven herders in the Mopti region on Saturday, residents said.", "2025-02-10")
    assert inc["admin1"] == "Mopti" and inc["geo_precision"] == 3 and inc["location"] == "Mopti"
    assert inc["actor2"] == "Civilians (Mali)" and inc["fatalities"] == 7


@pytest.mark.parametrize(
    ("text", "sub", "actor1", "actor2"),
    [
        (
            "A drone strike by the army killed eight people at a wedding in Aguelhok on Sunday.",
            "Air/drone strike",
            "Military Forces of Mali",
            "Civilians (Mali)",
        ),
        (
            "Three soldiers died when their truck hit an improvised explosive device near Gossi on Monday.",
            "Remote explosive/landmine/IED",
            "Unidentified Armed Group (Mali)",
            "Military Forces of Mali",
        ),
        (
            "Armed men abducted the mayor of Kati and two of his aides on Tuesday evening.",
            "Abduction/forced disappearance",
            "Unidentified Armed Group (Mali)",
            "Civilians (Mali)",
        ),
        (
            "Hundreds of traders protested in Sikasso on Thursday; police dispersed them with tear gas.",
            "Protest with intervention",
            "Protesters (Mali)",
            "Police Forces of Mali",
        ),
        (
            "Malian troops and Wagner mercenaries retook the town of Anefis on Saturday after fighting separatist "
            "rebels.",
            "Government regains territory",
            "Military Forces of Mali",
            "FLA: Azawad Liberation Front",
        ),
        (
            "Gunmen on motorbikes shot dead eleven worshippers at a mosque in Djibo on Friday.",
            "Attack",
            "Unidentified Armed Group (Burkina Faso)",
            "Civilians (Burkina Faso)",
        ),
    ],
)
def test_event_types_and_actors(text, sub, actor1, actor2):
    inc = run(text, "2025-06-09")[0]
    assert inc["sub_event_type"] == sub
    assert inc["actor1"] == actor1 and inc["actor2"] == actor2


def test_separate_attack_in_another_town_is_another_incident():
    text = (
        "JNIM fighters ambushed an army convoy near Boni on Monday, killing four soldiers. In a separate "
        "attack, gunmen killed two civilians in Hombori."
    )
    incs = run(text, "2025-01-15")
    assert [(i["location"], i["fatalities"]) for i in incs] == [("Boni", 4), ("Hombori", 2)]
    assert incs[1]["event_date"] == incs[0]["event_date"] == "2025-01-13"
    assert "group_id" not in incs[0]


def test_road_between_two_towns_is_one_incident():
    inc = one(
        "Militants ambushed a fuel convoy between Kati and Kolokani on Tuesday, killing five soldiers.", "2025-10-01"
    )
    assert inc["location"] == "Kati" and inc["geo_precision"] == 2


def test_aliases_from_the_hand_kept_table():
    inc = one("Gunmen raided Ogossagou on Thursday, killing 20 villagers.", "2025-02-15")
    assert inc["location"] == "Ogassagou-Peulh" and inc["latitude"] == pytest.approx(13.96, abs=0.01)
    inc = one("Soldiers were killed in an attack on an army post in Fada on Sunday.", "2025-02-17")
    assert inc["country"] == "Burkina Faso" and inc["admin1"] == "Est"


def test_wounded_and_no_casualties():
    inc = one("A rocket attack hit the airport of Timbuktu on Monday, wounding twelve people.", "2025-03-04")
    assert inc["fatalities"] is None and inc["sub_event_type"] == "Shelling/artillery/missile attack"
    inc = one("Militants fired mortars at the camp in Tessalit on Monday; no casualties were reported.", "2025-03-04")
    assert inc["fatalities"] == 0


def test_dates_never_in_the_future_and_month_precision():
    inc = one("In June 2025, Dozo hunters clashed with JNIM militants near Djenné, killing nine.", "2025-08-01")
    assert inc["event_date"] == "2025-06-01" and inc["time_precision"] == 3
    # "December 3" in an article of 5 January is last year's
    inc = one("The army said it killed 12 militants in Kidal on December 3 in a drone strike.", "2025-01-05")
    assert inc["event_date"] == "2024-12-03"


def test_undated_article_uses_publication_date_with_lower_precision():
    inc = one("Gunmen killed four civilians in the village of Dinangourou, residents said.", "2025-04-02")
    assert inc["event_date"] == "2025-04-02" and inc["time_precision"] == 2


def test_provenance_and_notes():
    inc = one("JNIM fighters killed seven soldiers near Léré on Monday.", "2025-05-07")
    assert "seven soldiers" in inc["source_text"]
    assert inc["notes"].startswith("On 5 May 2025, JNIM") and "7 reported killed" in inc["notes"]
    assert inc["fatalities_detail"] == {"soldiers": 7}


def test_dateline_reporting_dates_and_background_are_not_events():
    text = (
        "BAMAKO, Aug 5 (Reuters) - Suspected jihadists killed at least 15 soldiers in an ambush in central "
        "Mali on Sunday, two security sources said on Tuesday.\n\nThe convoy was attacked between Boni and "
        "Hombori, in the Mopti region, the sources said.\n\nMali has been fighting an insurgency since 2012. "
        "Militants have killed thousands of people across the Sahel since then."
    )
    inc = one(text, "2025-08-05")
    assert inc["location"] == "Boni" and inc["event_date"] == "2025-08-03" and inc["fatalities"] == 15


def test_an_attack_and_the_reprisal_strikes_are_two_incidents():
    text = (
        "Niger's army said on Wednesday it had killed 40 militants in air strikes in the Tillabéri region over "
        "the weekend, after an attack on a military post in Banibangou that killed 10 soldiers on Friday."
    )
    incs = run(text, "2025-06-12")
    strike = next(i for i in incs if i["sub_event_type"] == "Air/drone strike")
    assert (
        strike["actor1"] == "Military Forces of Niger" and strike["fatalities"] == 40 and strike["geo_precision"] == 3
    )
    assert strike["time_precision"] == 2
    attack = next(i for i in incs if i["sub_event_type"] == "Armed clash")
    assert attack["location"] == "Bani Bangou" and attack["event_date"] == "2025-06-06" and attack["fatalities"] == 10


def test_rally_is_a_peaceful_protest_without_a_second_actor():
    inc = one(
        "Thousands of people marched in Niamey on Saturday in support of the military government; "
        "the rally ended peacefully, organisers said.",
        "2025-09-01",
    )
    assert (
        inc["sub_event_type"] == "Peaceful protest" and inc["actor1"] == "Protesters (Niger)" and inc["actor2"] is None
    )


def test_a_downed_drone_is_no_death():
    inc = one(
        "Le Front de libération de l'Azawad a affirmé dimanche avoir abattu un drone de l'armée malienne "
        "près de Tinzaouatène.",
        "2025-11-02",
    )
    assert inc["sub_event_type"] == "Disrupted weapons use" and inc["fatalities"] is None
    assert inc["actor1"] == "FLA: Azawad Liberation Front" and inc["geo_precision"] == 2


def test_and_a_civilian_counts_one():
    inc = one(
        "Gunmen opened fire on a checkpoint in Gao on Thursday, killing two soldiers and a civilian.", "2025-10-10"
    )
    assert inc["fatalities"] == 3 and inc["fatalities_detail"] == {"soldiers": 2, "civilians": 1}


def test_unknown_village_near_a_border_is_placed_in_the_border_region():
    inc = one(
        "Gunmen attacked the village of Koussanar-Bakel in Mali, close to the Senegalese border, on Monday, "
        "killing three herders.",
        "2025-03-05",
    )
    assert inc["location"] == "Koussanar-Bakel" and inc["admin1"] == "Kayes" and inc["geo_precision"] == 3
    assert inc["latitude"] is not None


def test_region_words_pick_the_right_namesake():
    inc = one(
        "JNIM fighters overran an army post in Dioura, in central Mali, on Monday, killing 12 soldiers.", "2025-05-14"
    )
    assert inc["admin1"] == "Mopti"  # not the Dioura of the Kayes region


def test_a_groups_own_toll_is_used_only_without_another_source():
    text = (
        "Militants killed residents digging trenches around Barsalogho on Saturday. Security sources put "
        "the toll at around 150, while the group said it had killed 280 fighters."
    )
    inc = one(text, "2024-08-27")
    assert inc["fatalities"] == 150 and inc["event_type"] == "Violence against civilians"
    inc = one("JNIM said it had killed 40 soldiers in an attack on an army post in Diapaga on Friday.", "2025-04-06")
    assert inc["fatalities"] == 40


def test_state_forces_and_auxiliaries_killing_civilians():
    inc = one(
        "Soldiers and VDP auxiliaries killed at least 20 villagers in Solenzo on Monday, residents said.", "2025-03-14"
    )
    assert (inc["actor1"], inc["actor2"]) == ("Military Forces of Burkina Faso", "Civilians (Burkina Faso)")
    assert inc["sub_event_type"] == "Attack"


def test_unattributed_gunmen_stay_unidentified():
    text = (
        "Gunmen killed three traders in Bandiagara on Tuesday. A day later, JNIM fighters clashed with a "
        "Dan Na Ambassagou patrol near Bankass."
    )
    first, second = run(text, "2025-06-26")
    assert first["actor1"] == "Unidentified Armed Group (Mali)" and second["actor1"] == J


def test_french_coordinated_attacks_on_army_positions():
    text = (
        "Des attaques coordonnées ont visé mardi à l'aube des positions de l'armée malienne à Kayes, Diboli "
        "et Niono. L'état-major a affirmé avoir neutralisé plus de 50 assaillants. Le Jnim a revendiqué ces attaques."
    )
    incs = run(text, "2025-07-03")
    assert [i["location"] for i in incs] == ["Kayes", "Diboli", "Niono"]
    assert {(i["actor1"], i["actor2"]) for i in incs} == {(J, "Military Forces of Mali")}
    assert {i["group_fatalities"] for i in incs} == {50} and {i["event_date"] for i in incs} == {"2025-07-01"}


def test_unknown_village_in_a_named_commune_takes_the_communes_place():
    inc = one(
        "Des hommes armés ont tué vendredi une dizaine de fidèles dans le village de Tingara-Kado, dans la "
        "commune de Banibangou (région de Tillabéri).",
        "2025-09-22",
    )
    assert inc["location"] == "Tingara-Kado" and inc["geo_precision"] == 2
    assert inc["latitude"] == pytest.approx(15.04, abs=0.01) and inc["admin1"] == "Tillabéri"
    assert inc["fatalities"] == 10


def test_country_from_french_demonyms():
    inc = one(
        "Les forces armées maliennes ont mené dimanche des frappes aériennes près de Léré, neutralisant "
        "plusieurs dizaines de terroristes.",
        "2025-04-15",
    )
    assert inc["country"] == "Mali" and inc["actor1"] == "Military Forces of Mali" and inc["admin1"] == "Tombouctou"


@pytest.mark.parametrize(
    ("sentence", "lang_date", "total", "detail"),
    [
        (
            "Fifteen soldiers and seven civilians were killed when militants attacked Boni on Monday.",
            "2025-05-07",
            22,
            {"soldiers": 15, "civilians": 7},
        ),
        (
            "Au moins 12 soldats et 3 civils ont été tués lundi dans l'attaque de Boni.",
            "2025-05-07",
            15,
            {"soldiers": 12, "civilians": 3},
        ),
        (
            "Militants attacked Boni on Monday, killing at least 12 people, including five soldiers.",
            "2025-05-07",
            12,
            {"people": 12, "soldiers": 5},
        ),
        (
            "Ten soldiers and four civilians were wounded when militants attacked Boni on Monday.",
            "2025-05-07",
            None,
            {},
        ),
    ],
)
def test_fatality_phrasings(sentence, lang_date, total, detail):
    inc = one(sentence, lang_date)
    assert inc["fatalities"] == total and inc["fatalities_detail"] == detail


def test_neighbouring_countries():
    inc = one(
        "ISWAP fighters attacked a military base in Wajiroko, Borno state, on Monday, killing at least 12 "
        "Nigerian soldiers.",
        "2025-04-02",
    )
    assert (inc["location"], inc["admin1"], inc["country"]) == ("Wajiroko", "Borno", "Nigeria")
    assert (inc["actor1"], inc["actor2"]) == ("Islamic State West Africa Province", "Military Forces of Nigeria")
    inc = one(
        "Boko Haram militants killed eight fishermen near Baga, on the shores of Lake Chad in Nigeria, on Friday.",
        "2025-03-30",
    )
    assert inc["location"] == "Baga" and inc["country"] == "Nigeria"  # not Baga in Niger
    inc = one(
        "Chadian troops repelled an attack by Boko Haram on an army base near Bol in the Lac province on "
        "Saturday, killing 20 attackers.",
        "2025-05-05",
    )
    assert (inc["location"], inc["admin1"], inc["geo_precision"]) == ("Bol", "Lac", 2)
    assert inc["actor1"].startswith("Boko Haram") and inc["fatalities"] == 20


def test_arrests_are_the_states_doing():
    inc = one(
        "Ivorian soldiers arrested five suspected jihadists near Kafolo, close to the border with Burkina "
        "Faso, on Thursday.",
        "2025-07-07",
    )
    assert inc["sub_event_type"] == "Arrests" and inc["actor1"] == "Military Forces of Ivory Coast"


def test_places_without_a_named_country_agree_with_each_other():
    incs = run(
        "JNIM fighters attacked an army post in Boni on Monday, killing six soldiers. In a separate "
        "attack, gunmen killed two civilians in Hombori.",
        "2025-05-07",
    )
    assert [(i["location"], i["country"]) for i in incs] == [("Boni", "Mali"), ("Hombori", "Mali")]


def test_an_earlier_attack_recalled_with_weeks_after():
    incs = run(
        "Gunmen attacked an army post in Boni on Monday, killing six soldiers. The attack came two weeks "
        "after militants killed 12 civilians in Hombori.",
        "2025-05-07",
    )
    assert [(i["location"], i["event_date"], i["time_precision"], i["fatalities"]) for i in incs] == [
        ("Boni", "2025-05-05", 1, 6),
        ("Hombori", "2025-04-21", 2, 12),
    ]
    assert incs[1]["sub_event_type"] == "Attack"
    later = run(
        "JNIM fighters ambushed a convoy near Douentza on Friday. Three days after the ambush, gunmen "
        "killed four traders in Boni.",
        "2025-05-07",
    )
    assert [(i["location"], i["event_date"]) for i in later] == [("Douentza", "2025-05-02"), ("Boni", "2025-05-05")]


def test_bombing_reported_by_the_army_is_not_the_armys_doing():
    inc = one(
        "At least 20 people were killed when a suicide car bomb exploded at a checkpoint outside the army camp "
        "in Boulkessi, the army said on Sunday.",
        "2025-06-02",
    )
    assert inc["sub_event_type"] == "Suicide bomb" and inc["actor1"] == "Unidentified Armed Group (Mali)"


def test_named_province_overrules_a_namesake_elsewhere():
    inc = one(
        "Gunmen stormed the village of Kourakou in the Banwa province on Thursday evening, killing 14 people.",
        "2025-02-14",
    )
    assert inc["location"] == "Kourakou" and inc["admin1"] == "Boucle du Mouhoun" and inc["geo_precision"] == 2


def test_air_force_strikes_and_gold_mine_kidnappings():
    inc = one(
        "The Burkinabe army said its air force had destroyed terrorist bases in the Sourou province on "
        "Saturday, killing dozens of militants.",
        "2025-03-18",
    )
    assert inc["sub_event_type"] == "Air/drone strike" and inc["actor1"] == "Military Forces of Burkina Faso"
    inc = one(
        "Two Chinese workers were kidnapped on Monday by armed men at a gold mine near Kéniéba in western Mali.",
        "2025-01-28",
    )
    assert inc["sub_event_type"] == "Abduction/forced disappearance" and inc["admin1"] == "Kayes"


def test_french_reporting_phrases_and_deaths_in_their_own_sentence():
    inc = one(
        "Des hommes armés ont enlevé lundi soir un humanitaire étranger à Agadez, a-t-on appris mardi de "
        "sources sécuritaires.",
        "2025-10-21",
    )
    assert inc["location"] == "Agadez" and inc["event_date"] == "2025-10-20"
    inc = one(
        "L'armée affirme avoir repoussé dimanche une attaque terroriste contre le détachement militaire de "
        "Gorom-Gorom. Plusieurs dizaines de terroristes ont été neutralisés. Deux soldats ont perdu la vie.",
        "2025-09-09",
    )
    assert inc["fatalities"] == 12 and inc["fatalities_detail"] == {"militants": 10, "soldiers": 2}


def test_towns_of_malis_new_regions_keep_their_place():
    inc = one(
        "Des affrontements ont opposé mardi des combattants du FLA à l'armée malienne dans la zone d'Anéfis, "
        "dans la région de Kidal.",
        "2025-04-30",
    )
    assert inc["location"].startswith("Anefis") and inc["geo_precision"] == 1


def test_a_weekday_before_a_full_date_is_that_date():
    """ "Ce mercredi 8 janvier 2025": the weekday names the date after it, even when pasted long after."""
    incs = run(
        "Ce mercredi 8 janvier 2025, des hommes armés ont attaqué le poste militaire de Banikoara, "
        "faisant 12 morts parmi les soldats.",
        "2026-11-27",
    )
    assert incs and incs[0]["event_date"] == "2025-01-08"


def test_where_the_news_came_from_is_not_the_event_place():
    incs = run(
        "Gunmen attacked the army camp of Boulkessi on Sunday, killing 12 soldiers, a security source in "
        "Bamako told AFP.",
        "2025-06-03",
    )
    assert [i["location"] for i in incs] == ["Boulkessi"]


def test_conflicting_tolls_keep_the_most_conservative_and_updates_replace_earlier_figures():
    text = (
        "At least 30 soldiers were killed in the attack on the camp of Boulkessi on Sunday, security sources said. "
        "A local official said at least 60 soldiers were killed in the attack."
    )
    assert run(text, "2025-06-03")[0]["fatalities"] == 30
    text = (
        "Gunmen attacked the village of Ogossagou on Friday. The government earlier said 21 people had been "
        "killed, according to a provisional tally. At least 31 people were killed in the attack, it said later."
    )
    assert run(text, "2020-02-15")[0]["fatalities"] == 31


def test_drone_strikes_with_no_group_named_are_the_states():
    inc = run("Six civilians were killed by drone strikes on Tuesday in Tinzaouaten, in northern Mali.", "2024-07-31")[
        0
    ]
    assert (inc["sub_event_type"], inc["actor1"]) == ("Air/drone strike", "Military Forces of Mali")


def test_a_possessive_is_no_place_and_busy_buildings_no_coordinated_attack():
    incs = run(
        "Militants attacked the army base in the village of Isige on Sunday, killing three soldiers, and razed "
        "multiple "
        "buildings. Hundreds of Shekau's former fighters have joined the faction.",
        "2025-02-15",
    )
    assert [i["location"] for i in incs] == ["Isige"]


def test_the_lowest_of_general_tolls_from_several_officials():
    text = (
        "More than a dozen people were killed in an attack on the fishing village of Kaiga on Tuesday, an "
        "official said. The governor gave a toll of at least nine dead."
    )
    assert run(text, "2019-12-18")[0]["fatalities"] == 9


def test_an_earlier_ambush_that_a_later_attack_came_after():
    """ "Cette attaque survient deux jours après une embuscade ... vers Nampala (centre)": before, in central Mali."""
    incs = run(
        "Lundi, des jihadistes ont attaqué le camp de Gourma-Rharous, tuant dix soldats. Cette attaque survient "
        "deux jours après une embuscade contre l'armée vers Nampala (centre), qui a fait deux morts.",
        "2015-08-03",
    )
    nampala = next(i for i in incs if i["location"] == "Nampala")
    assert nampala["event_date"] == "2015-08-01" and nampala["admin1"] == "Ségou"


def test_background_dated_only_to_the_month_is_no_new_incident():
    incs = run(
        "Drone strikes killed six civilians in Tinzaouaten on Sunday. A month ago, rebels had killed dozens of "
        "soldiers in Tinzaouaten.",
        "2024-08-27",
    )
    assert [i["event_date"] for i in incs] == ["2024-08-25"]


def test_places_named_for_another_reason_than_the_event():
    """A convoy's destination, where the wounded were taken, the mayor of a nearby town: not the event."""
    incs = run(
        "Jihadists attacked a fuel convoy heading to Bamako near Kaniera on Sunday, under military escort. "
        "The wounded were evacuated to Kayes.",
        "2025-09-15",
    )
    assert [i["location"] for i in incs] == ["Kaniéra"] and incs[0]["event_type"] == "Battles"


def test_a_precise_date_given_later_dates_the_incident():
    incs = run(
        "Videos show a massacre of civilians in Solenzo this month. A local source said troops and allied "
        "militias killed 58 people on March 10.",
        "2025-03-15",
    )
    assert [(i["location"], i["event_date"], i["fatalities"]) for i in incs] == [("Salanso", "2025-03-10", 58)]


def test_a_claim_in_a_later_sentence_is_the_same_incident():
    incs = run(
        "On 31 January 2022, JNIM militants attacked VDP in the village of Noaka (Pissila, Sanmatenga). JNIM "
        "claimed responsibility and said it seized weapons in attacks between Kaya and Pissila.",
        "2022-02-01",
    )
    assert len(incs) == 1 and incs[0]["event_type"] == "Battles"


def test_the_attack_blamed_on_a_group_comes_after_other_attacks():
    """ "L'attaque, imputée au GSIM, intervient après des attaques à Douentza et Koro": the group did this
    attack; the earlier ones are not attributed to it."""
    incs = run(
        "Vendredi 22 juillet 2022, des assaillants ont attaqué le camp militaire de Kati. L'attaque, imputée au "
        "GSIM, intervient après plusieurs attaques de djihadistes jeudi 21 juillet à Douentza et Koro.",
        "2022-07-22",
    )
    by_place = {i["location"]: i for i in incs}
    assert by_place["Kati"]["actor1"].startswith("JNIM")
    assert by_place["Douentza"]["actor1"] == "Unidentified Armed Group (Mali)"


def test_a_dateline_after_a_kicker_and_a_state_of_affairs_since_a_date():
    incs = run(
        "News Flash\nABIDJAN, March 15, 2025 (BSS/AFP) - Videos show a massacre of civilians in Solenzo this "
        "month. A local source said troops killed 58 people on March 10.",
        "2025-03-15",
    )
    assert [(i["location"], i["event_date"]) for i in incs] == [("Salanso", "2025-03-10")]
    incs = run(
        "Dimanche 14 septembre, les jihadistes ont attaqué un convoi près de Kaniéra. Le Jnim impose un blocus "
        "dans la région de Kayes depuis le 3 septembre.",
        "2025-09-15",
    )
    assert [i["event_date"] for i in incs] == ["2025-09-14"]


def test_one_event_per_place_and_day_within_an_article():
    """A quote naming only the region, and a later line on the same village, are the same incident."""
    incs = run(
        "Militants attacked a Nigerian army base in Gajiram on Sunday, killing four soldiers, officials said. "
        '"There was an attack in Borno on Sunday and four of our men were killed," an officer told reporters.',
        "2025-03-11",
    )
    assert len(incs) == 1 and incs[0]["location"] == "Gajiram" and incs[0]["fatalities"] == 4
    incs = run(
        "Gunmen killed nine villagers in Sobane on Monday, residents said. The attack on Sobane on Monday "
        "also left several huts burned.",
        "2024-06-12",
    )
    assert len(incs) == 1 and incs[0]["fatalities"] == 9


def test_a_coordinated_attack_counts_the_towns_the_text_says():
    incs = run(
        "Jihadists launched simultaneous attacks on army positions in seven towns of western Mali on Tuesday, "
        "including Kayes, Diboli and Nioro du Sahel, the army said, adding that 80 assailants were neutralised.",
        "2025-07-02",
    )
    assert len(incs) == 3 and {i["group_size"] for i in incs} == {7} and {i["group_named"] for i in incs} == {3}
    assert "One of 7 coordinated attacks the same day (3 named in the report)" in incs[0]["notes"]
    from bot.present.answer import fatality_totals

    assert fatality_totals(incs) == (80, 0)  # every coded town is in the selection: the toll counts once


def test_several_towns_is_not_a_count():
    incs = run(
        "JNIM launched coordinated attacks on army posts in several towns of western Mali on Tuesday, "
        "hitting Kayes, Diboli and Nioro du Sahel, the army said.",
        "2025-07-02",
    )
    assert {i["group_size"] for i in incs} == {3}
    incs = run(
        "Des jihadistes ont mené mardi des attaques simultanées contre trois localités, Kayes, Diboli et "
        "Sandaré, selon l'armée malienne.",
        "2025-07-02",
    )
    assert {i["group_size"] for i in incs} == {3}


def test_two_groups_joined_by_a_slash_are_either_of_them():
    inc = one(
        "Boko Haram/ISWAP fighters attacked a Nigerian army base in Gajiram on Sunday, killing four soldiers.",
        "2020-05-04",
    )
    assert inc["actor1"].startswith("Boko Haram") and "and/or Islamic State" in inc["actor1"]


def test_an_unplaced_aside_beside_placed_incidents_is_not_an_incident():
    r = extract(
        "Gunmen killed four soldiers in Boni on Sunday, the army said. On Friday, militants had also "
        "attacked an army patrol, a source said, without saying where.",
        date(2025, 3, 4),
    )
    assert [(i["event_date"], i["location"]) for i in r["incidents"]] == [("2025-03-02", "Boni")]
    alone = extract("Militants attacked an army patrol on Friday, killing two soldiers.", date(2025, 3, 4))
    assert len(alone["incidents"]) == 1 and alone["incidents"][0]["fatalities"] == 2


def test_every_field_the_layers_write_is_declared_in_the_incident_record(tmp_path):
    """store.incident.Incident names every field: extracted, stored, imported and exported alike."""
    from typing import get_type_hints

    from store.acled import read_csv, write_csv
    from store.incident import Incident
    from store.incidents import IncidentStore

    fields = set(get_type_hints(Incident))
    incs = extract(
        "On 3 May 2021, gunmen killed three herders in Boni (Douentza, Mopti); a suicide bomber hit Gao the same day.",
        date(2021, 5, 4),
    )["incidents"]
    store = IncidentStore(tmp_path / "d")
    stored = store.add_article({"text": "x", "url": None, "title": None, "published": "2021-05-04"}, incs)["new"]
    round_trip = list(read_csv(write_csv(stored)))
    store.close()
    for doc in [*incs, *stored, *round_trip]:
        assert set(doc) <= fields, set(doc) - fields


def test_a_where_clause_with_its_own_day_is_another_event_at_the_same_place():
    text = (
        "Au moins six civils ont été tués par des frappes de drones mardi 30 juillet à Boulkessi, une localité "
        "du centre du Mali où l'armée a subi de lourdes pertes samedi lors de combats contre des jihadistes."
    )
    incs = extract(text, date(2024, 7, 31))["incidents"]
    assert sorted((i["event_date"], i["location"], i["event_type"]) for i in incs) == [
        ("2024-07-27", "Boulkessi", "Battles"),
        ("2024-07-30", "Boulkessi", "Explosions/Remote violence"),
    ]


def test_a_where_clause_after_no_event_is_the_same_event():
    text = "Le 17 septembre 2024, des jihadistes sont entrés à Kati, où ils ont attaqué le camp militaire."
    incs = extract(text, date(2024, 9, 18))["incidents"]
    assert [(i["event_date"], i["location"]) for i in incs] == [("2024-09-17", "Kati")]
