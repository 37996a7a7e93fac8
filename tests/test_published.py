"""Publication dates read from an article's own text (team-written rows, EN and FR)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understand.published import publication, publication_date, read_date

TODAY = date(2026, 11, 27)

ROWS = [  # (text, expected date, source)
    ("GAO, March 4 (Reuters) - Gunmen on motorbikes attacked a market on Monday.", date(2026, 3, 4), "dateline"),
    (
        "Ouagadougou, 12 février 2025 (AFP) - Des hommes armés ont attaqué mardi un poste.",
        date(2025, 2, 12),
        "dateline",
    ),
    (
        "Army repels attack on Boni\nWednesday 9 April 2025\nSoldiers repelled militants on Tuesday.",
        date(2025, 4, 9),
        "date line",
    ),
    ("Publié le 05/03/2024 à 18h10\nDes terroristes ont tué hier deux gendarmes.", date(2024, 3, 5), "date line"),
    (
        "By Staff Reporter | May 20, 2023 at 09:15 GMT\nTroops killed ten militants yesterday.",
        date(2023, 5, 20),
        "date line",
    ),
    ("Ce vendredi 14 mars 2025, des individus armés ont enlevé le maire de Djibasso.", date(2025, 3, 14), "lead"),
    ("This Thursday, October 2, 2025, drones struck a convoy north of Ménaka.", date(2025, 10, 2), "lead"),
    ("On 3 May 2024 militants raided Solenzo; on 6 May 2024 the army returned.", date(2024, 5, 6), "latest date"),
]


@pytest.mark.parametrize(("text", "expected", "source"), ROWS)
def test_publication_date_from_text(text, expected, source):
    found = publication_date(text, TODAY)
    assert found is not None and (found.value, found.source) == (expected, source)


def test_no_date_means_none_and_future_dates_are_refused():
    assert publication_date("Gunmen killed four herders near Tillabéri on Sunday.", TODAY) is None
    assert publication_date(
        "The vote is set for 14 December 2026; on 3 May 2024 militants raided Solenzo.", TODAY
    ).value == date(2024, 5, 3)


def test_a_weekday_pins_the_missing_year():
    # 26 January was a Sunday in 2025 and 2020: the latest fitting year, written or not later than today
    found = publication_date("Sunday, January 26: militants stormed the Sokolo camp.", TODAY)
    assert found.value == date(2025, 1, 26) and not found.sure
    found = publication_date("Ce dimanche 26 janvier, des assaillants ont attaqué Sokolo.", date(2025, 12, 1))
    assert found.value == date(2025, 1, 26) and found.source == "lead" and not found.sure


def test_a_date_without_year_is_not_after_today():
    assert read_date("20/12", TODAY) == date(2025, 12, 20)
    assert read_date("1er juillet", TODAY) == date(2026, 7, 1)
    assert read_date("2025-07-01", TODAY) == date(2025, 7, 1)
    assert read_date("1 July 2025", TODAY) == date(2025, 7, 1)
    assert read_date("no date here", TODAY) is None


def test_resolution_order():
    text = "Niamey, 2 juin 2025 (AFP) - Des soldats ont été tués dimanche."
    assert publication(text, date(2025, 6, 3), "forwarded", date(2025, 6, 4), TODAY).source == "forwarded"
    assert publication(text, None, "stated", date(2025, 6, 4), TODAY).source == "page"
    assert publication(text, None, "stated", None, TODAY).value == date(2025, 6, 2)
    guess = publication("Des soldats ont été tués dimanche à Téra.", None, "stated", None, TODAY)
    assert (guess.value, guess.source, guess.sure) == (TODAY, "received", False)
