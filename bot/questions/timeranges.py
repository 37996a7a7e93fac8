"""Time ranges in questions ("since June", "last week", "entre le 1er et le 15 mars"), EN/FR.

Pure: folded question text and today's date in, (start, end, label, matched spans) out.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.present.i18n import period
from bot.understand.dates import MONTHS, SMALL_NUMBERS, WEEKDAYS

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_D = r"(\d{1,2})(?:st|nd|rd|th|er)?"
_Y = r"(\d{4})"


@dataclass(frozen=True)
class Range:
    start: date | None
    end: date | None
    label: str


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _past_month(month: int, today: date, year: str | None) -> int:
    if year:
        return int(year)
    return today.year if month <= today.month else today.year - 1


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _num(tok: str) -> int:
    return int(tok) if tok.isdigit() else SMALL_NUMBERS.get(tok, 1)


def _rules(today: date):
    """(pattern, function(match) -> (start, end)) in priority order."""
    mon = today - timedelta(days=today.weekday())
    return [
        (rf"\b(?:between|entre|from|du|de)\s+(?:the\s+|le\s+)?{_D}\s+(?:({_M})\b\s+)?(?:and|et|to|au|a|-)\s+(?:the\s+|le\s+)?{_D}\s+({_M})\b(?:\s+{_Y})?",
         lambda m: _between(m, today)),
        (rf"\b(?:between|entre|from|du|de)\s+({_M})\b\s+(\d{{1,2}})\s+(?:and|to|-)\s+(?:({_M})\b\s+)?(\d{{1,2}})(?:,?\s+{_Y})?",
         lambda m: _between_us(m, today)),
        (rf"\b(?:since|depuis|from|after|apres)\s+(?:the\s+|le\s+)?{_D}\s+(?:of\s+)?({_M})\b(?:\s+{_Y})?",
         lambda m: (_day(_past_month(MONTHS[m.group(2)], today, m.group(3)), MONTHS[m.group(2)], int(m.group(1))), today)),
        (rf"\b(?:since|depuis|from|after|apres)\s+({_M})\b\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_Y})?",
         lambda m: (_day(_past_month(MONTHS[m.group(1)], today, m.group(3)), MONTHS[m.group(1)], int(m.group(2))), today)),
        (rf"\b(?:since|depuis|from|apres)\s+(?:the\s+)?(?:beginning of\s+|debut\s+|le debut de\s+)?({_M})\b(?:\s+{_Y})?",
         lambda m: (date(_past_month(MONTHS[m.group(1)], today, m.group(2)), MONTHS[m.group(1)], 1), today)),
        (rf"\b(?:since|depuis)\s+(?:last\s+)?({_W})(?:\s+dernier)?",
         lambda m: (today - timedelta(days=(today.weekday() - WEEKDAYS[m.group(1)]) % 7 or 7), today)),
        (rf"\b(?:since|depuis|from)\s+{_Y}\b", lambda m: (date(int(m.group(1)), 1, 1), today)),
        (r"\b(?:in the )?(?:last|past)\s+(\d+|\w+)\s+(days?|weeks?|months?|years?)\b|\b(?:les|ces)\s+(\d+|\w+)\s+(derniers jours|dernieres semaines|derniers mois|dernieres annees)\b",
         lambda m: _last_n(m, today)),
        (rf"\b(?:on|le)\s+(?:the\s+)?{_D}\s+({_M})\b(?:\s+{_Y})?\b",
         lambda m: (lambda d: (d, d))(_day(_past_month(MONTHS[m.group(2)], today, m.group(3)), MONTHS[m.group(2)], int(m.group(1))))),
        (rf"\b{_D}\s+({_M})\b\s+{_Y}\b",
         lambda m: (lambda d: (d, d))(_day(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))))),
        (rf"\b(?:in|en|during|pendant|of|for)?\s*(?:the month of\s+|le mois de\s+|mois de\s+)?({_M})\b\s+{_Y}\b",
         lambda m: _month_range(int(m.group(2)), MONTHS[m.group(1)])),
        (rf"\b(?:in|en|during|pendant)\s+({_M})\b\b",
         lambda m: _month_range(_past_month(MONTHS[m.group(1)], today, None), MONTHS[m.group(1)])),
        (r"\b(?:today|aujourd hui)\b", lambda m: (today, today)),
        (r"\b(?:yesterday|hier)\b", lambda m: (today - timedelta(days=1), today - timedelta(days=1))),
        (r"\b(?:this week|cette semaine)\b", lambda m: (mon, today)),
        (r"\b(?:last week|la semaine derniere|semaine passee)\b", lambda m: (mon - timedelta(days=7), mon - timedelta(days=1))),
        (r"\b(?:this month|ce mois ci|ce mois)\b", lambda m: (today.replace(day=1), today)),
        (r"\b(?:last month|le mois dernier|mois passe)\b",
         lambda m: _month_range(*(lambda d: (d.year, d.month))(today.replace(day=1) - timedelta(days=1)))),
        (r"\b(?:this year|cette annee)\b", lambda m: (date(today.year, 1, 1), today)),
        (r"\b(?:last year|l annee derniere|annee passee)\b", lambda m: (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
        (rf"\b(?:in|en|during|pendant|of)?\s*{_Y}\b",
         lambda m: (date(int(m.group(1)), 1, 1), date(int(m.group(1)), 12, 31)) if 1990 <= int(m.group(1)) <= today.year + 1 else None),
    ]


def _span(d1: str, m1: str | None, d2: str, m2: str | None, y: str | None, today: date) -> tuple[date, date]:
    """'between 1 and 15 March' / 'between March 1 and 15': a missing month is the other one's."""
    month1 = MONTHS[m1 or m2]
    month2 = MONTHS[m2 or m1]
    year = int(y) if y else _past_month(month2, today, None)
    return _day(year, month1, int(d1)), _day(year, month2, int(d2))


def _between(m: re.Match, today: date) -> tuple[date, date]:
    d1, m1, d2, m2, y = m.groups()
    return _span(d1, m1, d2, m2, y, today)


def _between_us(m: re.Match, today: date) -> tuple[date, date]:
    m1, d1, m2, d2, y = m.groups()
    return _span(d1, m1, d2, m2, y, today)


def _last_n(m: re.Match, today: date) -> tuple[date, date]:
    n = _num(m.group(1) or m.group(3))
    unit = m.group(2) or m.group(4)
    days = {"d": 1, "j": 1, "w": 7, "s": 7, "m": 30, "y": 365, "a": 365}[unit[0]] * n
    return today - timedelta(days=days - 1), today


def find_range(folded: str, today: date) -> tuple[Range | None, list[tuple[int, int]]]:
    """The first time range in a folded question and the spans it used."""
    for pattern, fn in _rules(today):
        m = re.search(pattern, folded)
        if not m:
            continue
        try:
            got = fn(m)
        except (ValueError, KeyError):
            continue
        if got is None:
            continue
        start, end = got
        return Range(start, end, period(start, end)), [(m.start(), m.end())]
    return None, []
