"""Time expressions in questions, English and French, each with the range it must give.

Today is Friday 27 November 2026 throughout; a year left out is the latest that has begun.
"""

from datetime import date

import pytest

from bot.questions.timeranges import find_range, prepare
from store.geo.textnorm import fold

TODAY = date(2026, 11, 27)
TABLE = [
    # since / depuis + month, with and without year, + date
    ("JNIM attacks near Gao since June", "2026-06-01", "2026-11-27"),
    ("attacks around Mopti since June 2025", "2025-06-01", "2026-11-27"),
    ("enlèvements depuis mars 2025", "2025-03-01", "2026-11-27"),
    ("depuis décembre", "2025-12-01", "2026-11-27"),
    ("since 12 March 2025", "2025-03-12", "2026-11-27"),
    ("since March 12, 2025", "2025-03-12", "2026-11-27"),
    ("depuis le 3 août 2024", "2024-08-03", "2026-11-27"),
    ("since 2021-04-09", "2021-04-09", "2026-11-27"),
    ("depuis le 09/04/2021", "2021-04-09", "2026-11-27"),
    ("since 2022", "2022-01-01", "2026-11-27"),
    ("à partir de février 2026", "2026-02-01", "2026-11-27"),
    # between / entre, from / du ... to / au
    ("clashes between January and April 2025", "2025-01-01", "2025-04-30"),
    ("entre janvier et avril 2025", "2025-01-01", "2025-04-30"),
    ("between November and February", "2025-11-01", "2026-02-28"),
    ("between 2 and 20 May 2024", "2024-05-02", "2024-05-20"),
    ("du 1er au 10 octobre 2023", "2023-10-01", "2023-10-10"),
    ("between 2019 and 2021", "2019-01-01", "2021-12-31"),
    ("from 5 June to 20 August 2025", "2025-06-05", "2025-08-20"),
    ("du 5 juin au 20 août 2025", "2025-06-05", "2025-08-20"),
    ("from March to May", "2026-03-01", "2026-05-31"),
    ("April 3-9, 2025", "2025-04-03", "2025-04-09"),
    ("2020-2022", "2020-01-01", "2022-12-31"),
    # quarters and halves
    ("attacks in Q2 2024", "2024-04-01", "2024-06-30"),
    ("au quatrième trimestre 2023", "2023-10-01", "2023-12-31"),
    ("in the first quarter of 2025", "2025-01-01", "2025-03-31"),
    ("the second half of 2024", "2024-07-01", "2024-12-31"),
    ("au premier semestre 2025", "2025-01-01", "2025-06-30"),
    ("H2 2023", "2023-07-01", "2023-12-31"),
    ("last quarter", "2026-07-01", "2026-09-30"),
    # last N, past N
    ("in the last 10 days", "2026-11-18", "2026-11-27"),
    ("past six months", "2026-05-28", "2026-11-27"),
    ("over the last two weeks", "2026-11-14", "2026-11-27"),
    ("les 30 derniers jours", "2026-10-29", "2026-11-27"),
    ("ces trois derniers mois", "2026-08-28", "2026-11-27"),
    ("depuis deux semaines", "2026-11-14", "2026-11-27"),
    # named months and years, relative words
    ("last June", "2026-06-01", "2026-06-30"),
    ("en juin dernier", "2026-06-01", "2026-06-30"),
    ("last December", "2025-12-01", "2025-12-31"),
    ("in February 2024", "2024-02-01", "2024-02-29"),
    ("en septembre", "2026-09-01", "2026-09-30"),
    ("this year", "2026-01-01", "2026-11-27"),
    ("cette année", "2026-01-01", "2026-11-27"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("l'an dernier", "2025-01-01", "2025-12-31"),
    ("l'année dernière", "2025-01-01", "2025-12-31"),
    ("since the beginning of the year", "2026-01-01", "2026-11-27"),
    ("depuis le début de l'année", "2026-01-01", "2026-11-27"),
    ("depuis le début du mois", "2026-11-01", "2026-11-27"),
    ("last month", "2026-10-01", "2026-10-31"),
    ("le mois dernier", "2026-10-01", "2026-10-31"),
    ("this week", "2026-11-23", "2026-11-27"),
    ("la semaine dernière", "2026-11-16", "2026-11-22"),
    ("yesterday", "2026-11-26", "2026-11-26"),
    ("since Monday", "2026-11-23", "2026-11-27"),
    ("depuis mardi", "2026-11-24", "2026-11-27"),
    # before / after / until, lists, single days
    ("before March 2025", None, "2025-02-28"),
    ("avant 2020", None, "2019-12-31"),
    ("after June 2024", "2024-07-01", "2026-11-27"),
    ("après le 14 juillet 2025", "2025-07-15", "2026-11-27"),
    ("until the end of May 2025", None, "2025-05-31"),
    ("jusqu'à fin mars 2024", None, "2024-03-31"),
    ("in 2024 and 2025", "2024-01-01", "2025-12-31"),
    ("en 2023 et 2024", "2023-01-01", "2024-12-31"),
    ("on 1 July", "2026-07-01", "2026-07-01"),
    ("le 3 mai 2025", "2025-05-03", "2025-05-03"),
    ("on December 24", "2025-12-24", "2025-12-24"),
    # parts of a year, comparisons, "the last month"
    ("attacks in late 2023", "2023-09-01", "2023-12-31"),
    ("mi-2022", "2022-05-01", "2022-08-31"),
    ("depuis début 2025", "2025-01-01", "2026-11-27"),
    ("the first 4 months of 2024", "2024-01-01", "2024-04-30"),
    ("les deux derniers mois de 2023", "2023-11-01", "2023-12-31"),
    ("deaths in 2021 vs 2022", "2021-01-01", "2022-12-31"),
    ("in the last month", "2026-10-28", "2026-11-27"),
    ("au cours du dernier mois", "2026-10-28", "2026-11-27"),
    # since an event named by its date
    ("depuis le coup d'État d'août 2020", "2020-08-01", "2026-11-27"),
    ("since the coup in August 2020", "2020-08-01", "2026-11-27"),
]


@pytest.mark.parametrize(("question", "start", "end"), TABLE)
def test_time_expression(question: str, start: str | None, end: str) -> None:
    rng, spans = find_range(fold(prepare(question)), TODAY)
    assert rng is not None and spans
    assert (rng.start.isoformat() if rng.start else None, rng.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "question",
    ["what may happen in Gao", "attacks near Kayes", "les sept villes", "combien de morts à Mopti", "50 km of Menaka"],
)
def test_no_time_expression(question: str) -> None:
    assert find_range(fold(prepare(question)), TODAY) == (None, [])
