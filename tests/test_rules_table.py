"""Rule tables on short sentences the team wrote: actors, types and roles, fatalities."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understand import actors as A
from bot.understand.extract import extract
from bot.understand.fatalities import find_deaths, total_deaths


def one(text: str) -> dict:
    incs = extract(text, date(2021, 3, 2))["incidents"]
    assert len(incs) == 1, [(i["location"], i["event_type"]) for i in incs]
    return incs[0]


@pytest.mark.parametrize(
    ("text", "actor1", "assoc", "event_type", "sub_event"),
    [
        (
            "On 1 March 2021, Katiba Macina fighters abducted a trader in Toun (Djenne, Mopti).",
            "Katiba Macina",
            "JNIM: Group for Support of Islam and Muslims",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "On 1 March 2021, suspected ISGS or JNIM militants killed a herder near Dablo (Dablo, Sanmatenga).",
            "Islamic State (Sahel) and/or JNIM: Group for Support of Islam and Muslims",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, Ansaroul Islam militants attacked the gendarmerie in Pama (Pama, Kompienga).",
            "Ansaroul Islam",
            None,
            "Battles",
            "Armed clash",
        ),
        (
            "On 1 March 2021, Barkhane forces carried out an airstrike near Tessit (Ansongo, Gao).",
            "Military Forces of France",
            None,
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "On 1 March 2021, gunmen abducted and killed two farmers in Gomboro (Gomboro, Sourou).",
            "Unidentified Armed Group (Burkina Faso)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, residents set up barricades and burned tyres in Sikasso (Sikasso, Sikasso) to protest "
            "power cuts.",
            "Rioters (Mali)",
            None,
            "Riots",
            "Violent demonstration",
        ),
        # rioters on property: a violent demonstration; on people: mob violence
        (
            "On 1 March 2021, angry youths ransacked the town hall of Kati (Kati, Koulikoro).",
            "Rioters (Mali)",
            None,
            "Riots",
            "Violent demonstration",
        ),
        (
            "On 1 March 2021, angry youths lynched a suspected thief in Kati (Kati, Koulikoro).",
            "Rioters (Mali)",
            None,
            "Riots",
            "Mob violence",
        ),
        (
            "On 1 March 2021, residents burned tyres and barricaded the main road in Kita (Kita, Kayes).",
            "Rioters (Mali)",
            None,
            "Riots",
            "Violent demonstration",
        ),
        (
            "On 1 March 2021, locals clashed with customs officers in Koury (Yorosso, Sikasso).",
            "Rioters (Mali)",
            None,
            "Riots",
            "Violent demonstration",
        ),
        # the state as the only actor, and the civil government for measures
        (
            "On 1 March 2021, FAMa soldiers looted shops in the village of Dogo (Mopti, Mopti).",
            "Military Forces of Mali",
            None,
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "On 1 March 2021, soldiers discovered and defused two IEDs planted by JNIM near Boni (Douentza, Mopti).",
            "Military Forces of Mali",
            None,
            "Strategic developments",
            "Disrupted weapons use",
        ),
        (
            "On 1 March 2021, the government imposed a curfew in Bamako (Bamako, Bamako).",
            "Government of Mali",
            None,
            "Strategic developments",
            "Other",
        ),
        # a device found before it went off
        (
            "On 1 March 2021, VDP discovered and defused an IED on the road near Arbinda (Arbinda, Soum).",
            "VDP: Volunteers for the Defense of the Homeland",
            None,
            "Strategic developments",
            "Disrupted weapons use",
        ),
        # a group written as the target is not the attacker
        (
            "On 1 March 2021, unknown gunmen attacked a Ganda Koy checkpoint in Bamba (Bourem, Gao), killing a guard.",
            "Unidentified Armed Group (Mali)",
            None,
            "Battles",
            "Armed clash",
        ),
        # gunmen ransacking a post are no demonstration
        (
            "On 1 March 2021, gunmen attacked the forest guard post of Kita (Kita, Kayes) and ransacked it.",
            "Unidentified Armed Group (Mali)",
            None,
            "Battles",
            "Armed clash",
        ),
        # what the group claims it hit does not replace the civilians the sources report
        (
            "On 1 March 2021, IS Sahel militants killed twelve civilians in Tin-Hama (Ansongo, Gao). IS Sahel claimed "
            "the attack and said it killed GATIA fighters.",
            "Islamic State (Sahel)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # a complex attack (explosives, then gunfire) on a position is a battle
        (
            "On 1 March 2021, JNIM militants carried out a complex attack with a car bomb followed by gunfire on the "
            "army camp of Boni (Douentza, Mopti).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Battles",
            "Armed clash",
        ),
        # a withdrawal with no fighting
        (
            "On 1 March 2021, the rebels withdrew from Anefis (Tarkint, Gao) and there was no fighting.",
            None,
            None,
            "Strategic developments",
            "Non-violent transfer of territory",
        ),
        # militias named by their community, acting (not the community as victims)
        (
            "On 1 March 2021, members of the Bozo and Bambara communities clashed over fishing rights in Kouakourou "
            "(Djenne, Mopti).",
            "Bozo Ethnic Militia (Mali)",
            None,
            "Battles",
            "Armed clash",
        ),
        (
            "On 1 March 2021, armed villagers from Sofara killed two herders in Kouakourou (Djenne, Mopti).",
            "Sofara Communal Militia (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, Tuareg militiamen killed a trader near Menaka (Menaka, Menaka).",
            "Tuareg Ethnic Militia (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # a protest stays a protest when an armed group disperses it or is what it denounces
        (
            "On 1 March 2021, residents demonstrated in Kidal (Kidal, Kidal) over power cuts. CMA fighters dispersed "
            "the demonstrators.",
            "Protesters (Mali)",
            None,
            "Protests",
            "Protest with intervention",
        ),
        # arrests made later do not make the state the attacker
        (
            "On 1 March 2021, gunmen shot dead a customs officer in Kayes (Kayes, Kayes). Police later arrested two "
            "suspects.",
            "Unidentified Armed Group (Mali)",
            None,
            "Battles",
            "Armed clash",
        ),
        # a relative's tie is no party to the event
        (
            "On 1 March 2021, JNIM militants killed the wife of a VDP fighter in Gorom-Gorom (Gorom-Gorom, Oudalan).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # the state's own claim: it is the actor, the group it names the target
        (
            "On 1 March 2021, the army claimed to have killed several JNIM militants and arrested others in Boni "
            "(Douentza, Mopti).",
            "Military Forces of Mali",
            None,
            "Battles",
            "Armed clash",
        ),
        # a militia written as the subject of the act is actor1, the group it routed the target
        (
            "On 1 March 2021, Koglweogo militiamen reportedly routed suspected ISGS or JNIM militants near Arbinda "
            "(Arbinda, Soum).",
            "Koglweogo Militia",
            None,
            "Battles",
            "Armed clash",
        ),
        # an attribution in a sentence of its own names the perpetrator
        (
            "On 1 March 2021, an army truck struck an IED near Boni (Douentza, Mopti). The device was likely planted "
            "by Katiba Serma militants.",
            "Katiba Serma",
            "JNIM: Group for Support of Islam and Muslims",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "On 1 March 2021, gunmen robbed traders on the road near Bafoulabe (Bafoulabe, Kayes).",
            "Unidentified Armed Group (Mali)",
            None,
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "On 1 March 2021, the authorities imposed a curfew in Menaka (Menaka, Menaka).",
            "Government of Mali",
            None,
            "Strategic developments",
            "Other",
        ),
        (
            "On 1 March 2021, unknown gunmen assassinated a fisherman in the village of Youni (Gao, Gao).",
            "Unidentified Armed Group (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, Dozo hunters and Katiba Macina militants clashed near Diafarabe (Tenenkou, Mopti).",
            "Dozo Communal Militia (Mali)",
            None,
            "Battles",
            "Armed clash",
        ),
        # words the vocabulary lacked: each is both seen and typed
        (
            "On 1 March 2021, gunmen stopped a bus near Ansongo (Ansongo, Gao) and stripped the passengers of "
            "their phones and cash.",
            "Unidentified Armed Group (Mali)",
            None,
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "On 1 March 2021, JNIM militants extorted zakat from herders in Dialloube (Mopti, Mopti).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "On 1 March 2021, market traders went on strike in Kayes (Kayes, Kayes) over new taxes.",
            "Protesters (Mali)",
            None,
            "Protests",
            "Peaceful protest",
        ),
        (
            "On 1 March 2021, JNIM militants held a recruitment meeting in Boni (Douentza, Mopti).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Strategic developments",
            "Change to group/activity",
        ),
        (
            "On 1 March 2021, a booby-trapped motorbike exploded near Gossi (Gourma-Rharous, Tombouctou).",
            None,
            None,
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        # a lone off-duty or retired member of the forces is a civilian target, in either word order
        (
            "On 1 March 2021, gunmen on motorbikes abducted and executed an off-duty soldier near Léré.",
            "Unidentified Armed Group (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "Le 1er mars 2021, des hommes armés ont assassiné un gendarme à la retraite à Ségou.",
            "Unidentified Armed Group (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # a demonym beside the forces names their country, whatever the place's; warplanes strike from the air
        (
            "On 1 March 2021, Burkinabe warplanes bombed a militant hideout near Ayorou (Ayerou, Tillaberi).",
            "Military Forces of Burkina Faso",
            None,
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "Le 1er mars 2021, des avions de chasse de l'armée malienne ont bombardé un camp terroriste près de Léré.",
            "Military Forces of Mali",
            None,
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        # the state as the active subject acts first; "attacked by X" names the attacker, not a target
        (
            "On 1 March 2021, the Nigerien army shelled suspected militant positions near Bosso (Bosso, Diffa).",
            "Military Forces of Niger",
            None,
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "On 1 March 2021, Beninese police officers exchanged fire with cattle thieves in Kandi (Kandi, Alibori).",
            "Police Forces of Benin",
            None,
            "Battles",
            "Armed clash",
        ),
        (
            "On 1 March 2021, an army patrol was attacked by JNIM militants near Boni (Douentza, Mopti).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Battles",
            "Armed clash",
        ),
        # a crowd setting fire to a building riots; the government's measures are coded at the capital
        (
            "On 1 March 2021, residents demonstrated in Kayes (Kayes, Kayes) and set fire to the prefecture.",
            "Rioters (Mali)",
            None,
            "Riots",
            "Violent demonstration",
        ),
        (
            "On 1 March 2021, the Malian authorities imposed a curfew to fight the epidemic.",
            "Government of Mali",
            None,
            "Strategic developments",
            "Other",
        ),
        # "X/Y" is one perpetrator, either of the two; "IS" in Nigeria is its West Africa Province
        (
            "On 1 March 2021, BH/IS fighters attacked an army base in Damasak (Mobbar, Borno), killing three soldiers.",
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad and/or Islamic State West Africa Province",
            None,
            "Battles",
            "Armed clash",
        ),
        # a village attacked, no armed force named as the target: violence against civilians
        (
            "On 1 March 2021, Boko Haram fighters attacked Gwoza (Gwoza LGA, Borno) and burnt shops and a church.",
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, JNIM militants raided Toun (Djenne, Mopti) and took away cattle.",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "On 1 March 2021, French forces conducted an air-supported operation near Nampala (Niono, Segou), "
            "killing 12 militants.",
            "Military Forces of France",
            None,
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        # the group that claims is not the target; an air-supported operation with a firefight is a clash
        (
            "On 1 March 2021, suspected ISGS militants killed six members of the Daoussahak community in Inekar "
            "(Menaka, Menaka). ISWAP claimed the attack, saying the dead were MSA fighters.",
            "Islamic State (Sahel)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, French forces carried out an air-supported operation and engaged in a firefight with "
            "JNIM "
            "militants near Boulkessi (Douentza, Mopti).",
            "Military Forces of France",
            None,
            "Battles",
            "Armed clash",
        ),
        (
            "On 1 March 2021, Russian soldiers set up a base in Menaka (Menaka, Menaka).",
            "Military Forces of Russia",
            None,
            "Strategic developments",
            "Headquarters or base established",
        ),
        # forces named only as absent ("troops had pulled out") are no party: villagers killed, an attack
        (
            "On 1 March 2021, gunmen killed 20 villagers in Ogossagou, hours after troops had pulled out of the area.",
            "Unidentified Armed Group (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # a town handed over without a fight: who takes it is actor1
        (
            "On 1 March 2021, the rebels of the CSP left the town of Kidal and the army took up positions in Kidal. "
            "There was no fighting.",
            "Military Forces of Mali",
            None,
            "Strategic developments",
            "Non-violent transfer of territory",
        ),
        # soldiers killed in an ambush, then militants "neutralised" in a sweep: the ambush leads
        (
            "Le 1er mars 2021, 17 soldats ont été tués dans une embuscade près de Torodi, et une centaine de "
            "terroristes "
            "ont été neutralisés dans une opération de ratissage.",
            "Unidentified Armed Group (Niger)",
            None,
            "Battles",
            "Armed clash",
        ),
        # a party delegation ambushed is civilians attacked; an officer shot in his office is no battle
        (
            "On 1 March 2021, JNIM militants ambushed a party delegation near Boron (Banamba, Koulikoro), wounding "
            "one.",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Violence against civilians",
            "Attack",
        ),
        (
            "On 1 March 2021, gunmen shot dead a police officer in his office in Kayes (Kayes, Kayes).",
            "Unidentified Armed Group (Mali)",
            None,
            "Violence against civilians",
            "Attack",
        ),
        # a device that went off while it was being laid: its use was disrupted
        (
            "On 1 March 2021, a JNIM militant blew himself up while planting an IED near Dofana (Niafunke, "
            "Tombouctou).",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Strategic developments",
            "Disrupted weapons use",
        ),
        # the coalition named as the text names it (CSP-PSD before it became the CSP-DPA)
        (
            "On 1 March 2024, CSP-PSD fighters attacked an army convoy near Tinzaouatene (Abeibara, Kidal).",
            "CSP-PSD: Permanent Strategic Framework for Peace, Security and Development",
            None,
            "Battles",
            "Armed clash",
        ),
        # in the Sahel, "Al Qaeda" claiming an attack is its affiliate JNIM
        (
            "On 1 March 2021, an attack claimed by Al Qaeda killed ten soldiers at the army post of Ber.",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Battles",
            "Armed clash",
        ),
        # shots fired at vehicles on the road, nobody hurt: still an attack
        (
            "On 4 May 2021, JNIM militants stopped two lorries near Djibo (Djibo, Soum), firing shots at the tyres.",
            "JNIM: Group for Support of Islam and Muslims",
            None,
            "Violence against civilians",
            "Attack",
        ),
    ],
)
def test_actor_and_type(text, actor1, assoc, event_type, sub_event):
    inc = one(text)
    assert (inc["actor1"], inc["assoc_actor_1"], inc["event_type"], inc["sub_event_type"]) == (
        actor1,
        assoc,
        event_type,
        sub_event,
    )


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("gunmen killed a farmer", 1),
        ("jets struck a militant camp; unknown fatalities assessed as low and coded as 3", 3),
        ("a customs officer was killed", 1),
        ("they killed a village notable and his son", 2),
        ("one militant and one gendarme were killed", 2),
        ("two dozen soldiers were killed", 24),
        ("the attack killed 1,200 people", 1200),
        ("militants wounded five soldiers and abducted two teachers", None),
        ("gunmen killed two civilians in a separate attack", 2),
        ("On October 21, gunmen attacked the post", None),
        ("des hommes armés ont tué un berger", 1),
        ("gunmen assassinated a man at the market", 1),
        ("a guard shot dead an artisanal miner", 1),
        ("one person from the Bella community was killed", 1),
        ("they shot his driver, who succumbed to his wounds", 1),
        ("30 gunmen killed 12 villagers", 12),
        # the lower figure of a range; the wounded are not counted, nor who they were
        ("between 3 and 12 soldiers were killed and 10 wounded", 3),
        ("the militia killed 6-9 residents", 6),
        ("four people were wounded, including a child and two women", None),
        # one person named with "the", a bracketed acronym in a pair, a long description
        ("the gendarme was killed on the spot", 1),
        ("two volunteers (VDP) and a councillor were killed", 3),
        ("they executed an off-duty customs officer", 1),
        ("gunmen shot dead a private bus company driver", 1),
        # bodies found, and the coder's figure in ACLED's notes
        ("seven bodies were found near the well", 7),
        ("an unspecified number of militants were killed, fatalities coded as 3", 3),
        ("one sergeant and two private soldiers were killed", 3),
        # the figure after the dead is the wounded; groups qualified by their community add up
        ("5 people were killed, 3 wounded and 2 missing", 5),
        ("gunmen killed two members of the Bella community and one member of the Peul community", 3),
        # "one was killed" is one; "shot down one drone" kills no one
        ("One was killed, two were wounded and five abducted.", 1),
        ("the army shot down one drone", None),
        # a later group that was hurt is not dead; a body found is one dead; the coder's figure stands
        ("One gendarme was killed and several gendarmes and customs officers were injured.", 1),
        ("gunmen abducted a trader near Boni; the body was found two days later", 1),
        ("the army said 60 militants were neutralised in ten areas. 3 fatalities coded.", 3),
        # "how many" is no figure; "two terrorist attacks" counts attacks, not dead militants
        ("it is not known how many people died", None),
        # a list of outcomes: the figure before "killed" is the dead, the one after it was arrested
        ("Five 'terrorists' (said to be ISGS) killed, seven suspects arrested, two rifles seized.", 5),
        ("soldiers killed 3 militants and arrested 4", 3),
        # one victim named by his role, with words before the noun
        ("militants raided the village; the village chief was killed", 1),
        ("the Kouakourou Dozo chief was killed in the clash", 1),
        ("the Dar Salam Dozo chief was killed in the clash", 1),
        ("9 people were killed yesterday in two terrorist attacks", 9),
    ],
)
def test_fatalities(text, total):
    assert total_deaths(find_deaths(text, "fr" if "tué" in text else "en")) == total


def test_every_alias_folds_to_one_actor():
    seen: dict[str, str] = {}
    for name, (_, aliases) in A.ACTORS.items():
        for alias in aliases:
            assert alias == alias.lower().strip(), alias
            assert seen.setdefault(alias, name) == name, f"{alias!r} names {seen[alias]} and {name}"
    assert set(A.ASSOCIATED) <= set(A.ACTORS) and set(A.ASSOCIATED.values()) <= set(A.ACTORS)


def test_a_protest_over_a_killing_is_not_a_toll():
    inc = one("On 1 March 2021, residents demonstrated in Gao (Gao, Gao) after the murder of a shopkeeper.")
    assert inc["event_type"] == "Protests" and inc["fatalities"] is None


def test_a_dated_setting_without_an_event_word_frames_the_next_sentence():
    """ "militiamen took men off a bus in X on 3 May. One was killed.": one incident, dated and placed."""
    inc = one(
        "On 1 March 2021, Dan Na Ambassagou militiamen took nine Fulani passengers off a bus in the village of "
        "Sofara (Djenne, Mopti). One was killed and the others were abducted."
    )
    assert (inc["event_date"], inc["location"], inc["actor1"], inc["fatalities"]) == (
        "2021-03-01",
        "Sofara",
        "Dan Na Ambassagou",
        1,
    )


def test_a_setting_continued_in_a_later_clause_still_frames_the_next_sentence():
    """The setting's sentence runs on ("..., as well as X"); the next sentence's toll is still its event,
    and IEDs the patrol destroyed are no explosion."""
    inc = one(
        "Around 2 March 2021, Malian soldiers searched the village of Sofara (Djenne, Mopti), as well as"
        " Kouakourou and Konio. Three militants killed, two suspects arrested and two IED destroyed."
    )
    assert (inc["event_date"], inc["location"], inc["actor1"], inc["event_type"]) == (
        "2021-03-02",
        "Sofara",
        "Military Forces of Mali",
        "Battles",
    )


def test_a_toll_the_note_splits_across_events_is_shared():
    """ "Fatalities are split across N events": this note's event gets its conservative share."""
    inc = one(
        "On 2 March 2021, soldiers killed seven militants near Sofara (Djenne, Mopti) and two other villages."
        " Fatalities are split across three events."
    )
    assert inc["fatalities"] == 2


def test_acled_counts_the_suicide_bomber():
    inc = one(
        "On 1 March 2021, a suicide bomber blew himself up at a checkpoint in Bosso (Bosso, Diffa), "
        "killing two soldiers."
    )
    assert inc["fatalities"] == 3


def test_a_pluperfect_clause_without_a_place_of_its_own_adds_nothing():
    """ "The president had declared a state of emergency the previous day": background to the curfew."""
    incs = extract(
        "On 1 March 2021, the government imposed a curfew in Kayes (Kayes, Kayes). The president had "
        "declared a state of emergency the previous day.",
        date(2021, 3, 2),
    )["incidents"]
    assert [(i["event_date"], i["location"]) for i in incs] == [("2021-03-01", "Kayes")]


def test_where_fighters_withdrew_to_is_not_the_event_place():
    inc = one(
        "On 1 March 2021, JNIM and IS Sahel militants clashed in Tamalat (Anderamboukane, Menaka). The IS Sahel "
        "militants withdrew toward Inekar."
    )
    assert inc["location"] == "Tamalate"  # GeoNames spelling


def test_another_attack_told_later_is_the_article_group_not_a_riot():
    text = (
        "On 2 March 2021, JNIM militants attacked a fuel convoy escorted by the army near Kayes, killing two "
        "soldiers. The day before, another convoy was attacked near Kolokani: about twenty trucks were set on "
        "fire, some with their drivers inside, and soldiers were killed."
    )
    incs = extract(text, date(2021, 3, 3))["incidents"]
    earlier = next(i for i in incs if i["event_date"] == "2021-03-01")
    assert (earlier["actor1"], earlier["event_type"]) == ("JNIM: Group for Support of Islam and Muslims", "Battles")


def test_a_general_figure_from_another_source_is_not_added_to_the_soldiers():
    text = (
        "Le 1er mars 2021, des jihadistes ont attaqué le camp de l'armée à Boulkessi. Au moins 30 soldats ont été "
        "tués, selon des sources sécuritaires. Une autre source a fait état d'une soixantaine de victimes."
    )
    incs = extract(text, date(2021, 3, 2))["incidents"]
    assert [i["fatalities"] for i in incs] == [30]


def test_another_attack_by_named_gunmen_is_theirs_not_the_article_group():
    text = (
        "On 2 March 2021, JNIM militants attacked a convoy near Kayes, killing two soldiers. The day before, "
        "another attack by unidentified gunmen killed a trader near Nioro."
    )
    earlier = next(i for i in extract(text, date(2021, 3, 3))["incidents"] if i["event_date"] == "2021-03-01")
    assert earlier["actor1"] == "Unidentified Armed Group (Mali)"
