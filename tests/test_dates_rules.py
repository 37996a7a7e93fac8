"""Date rules on short sentences the team wrote: relative, named, approximate and earlier events."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understand.dates import find_dates
from bot.understand.extract import extract


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("Il y a environ une semaine, des hommes armés ont attaqué le village.", "2025-01-10", "2025-01-03", 2),
        ("About two weeks ago, gunmen raided the market.", "2025-01-17", "2025-01-03", 2),
        ("Il y a un mois, les rebelles avaient pris la ville.", "2025-02-02", "2025-01-03", 3),
        ("three days ago, a mine exploded", "2025-01-06", "2025-01-03", 1),
        # a weekday before a full date is that date, whenever the text is read
        ("Ce mercredi 8 janvier 2025, des assaillants ont attaqué le poste.", "2026-11-27", "2025-01-08", 1),
        # a month and day with no year, read in January: last December
        ("On December 28, gunmen attacked the village.", "2025-01-03", "2024-12-28", 1),
    ],
)
def test_first_date(text, published, expected, precision):
    found = find_dates(text, date.fromisoformat(published))
    assert found and (found[0].value.isoformat(), found[0].precision) == (expected, precision)


def test_an_earlier_event_a_later_one_came_after():
    found = find_dates("this attack came two days after an ambush", date(2025, 1, 10), anchor=date(2025, 1, 9))
    assert found[0].value == date(2025, 1, 7)


def test_the_day_someone_was_informed_is_not_the_event_date():
    assert find_dates("Le 14 janvier, le parquet a été informé de l'enlèvement de dix femmes.", date(2025, 1, 20)) == []
    assert find_dates("On 14 January, the governor was notified of the attack.", date(2025, 1, 20)) == []


def test_respectively_pairs_each_day_with_its_village():
    text = (
        "Des hommes armés ont enlevé des femmes les 12 et 13 janvier 2025 respectivement dans les villages de "
        "Djibo et de Aribinda."
    )
    incs = extract(text, date(2025, 1, 20))["incidents"]
    assert sorted((i["event_date"], i["location"]) for i in incs) == [
        ("2025-01-12", "Djibo"),
        ("2025-01-13", "Aribinda"),
    ]


def test_a_weekday_that_contradicts_its_date_discards_it():
    # no 21 November in the year before July 2022 was a Thursday: a caption's slip; a written year is trusted
    assert find_dates("après les attaques du jeudi 21 novembre", date(2022, 7, 22)) == []
    assert find_dates("le jeudi 21 novembre 2019", date(2022, 7, 22))[0].value == date(2019, 11, 21)
    assert find_dates("ce vendredi 22 juillet", date(2022, 7, 23))[0].value == date(2022, 7, 22)
