"""Time ranges in questions, EN/FR: "since June 2025", "between January and April 2025",
"du 1er au 15 mars", "in Q3 2025", "l'an dernier", "before March 2025", "in 2024 and 2025".

Pure: folded question text and today's date in, (range, spans used) out. Two steps, so that
every operator works with every kind of date: first the *atoms* (a day, a month, a quarter, a
half, a year, "last week", "the last 30 days"), each a period that may still lack its year;
then the *operators* around them (since, after, before, until, between X and Y, from X to Y,
X and Y). A year left out is taken from the other end of a range, else it is the latest one
that has begun by today ("since June" in November 2026 is June 2026).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from bot.understand.dates import MONTHS, SMALL_NUMBERS, WEEKDAYS

# Month words that are also ordinary words ("may", "sept" = seven) or abbreviations count only
# next to a number or after a time word.
_LOOSE_MONTHS = {"may", "mar", "sept", "sep", "jan", "feb", "apr", "jun", "jul", "aug", "oct", "nov", "dec"}
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er)?(?!\d)"
_Y = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_NUMBERS = {
    **SMALL_NUMBERS,
    "eight": 8,
    "nine": 9,
    "huit": 8,
    "neuf": 9,
    "twelve": 12,
    "douze": 12,
    "fifteen": 15,
    "quinze": 15,
    "thirty": 30,
    "trente": 30,
}
_N = r"\d{1,3}|" + "|".join(sorted(set(_NUMBERS) - {"a", "un", "une"}, key=len, reverse=True))
_ORDINAL = {
    "first": 1,
    "premier": 1,
    "1er": 1,
    "1st": 1,
    "second": 2,
    "seconde": 2,
    "deuxieme": 2,
    "2nd": 2,
    "2e": 2,
    "third": 3,
    "troisieme": 3,
    "3rd": 3,
    "3e": 3,
    "fourth": 4,
    "quatrieme": 4,
    "4th": 4,
    "4e": 4,
}
_ORD = "|".join(sorted(_ORDINAL, key=len, reverse=True))
_OF_YEAR = rf"(?:\s+(?:of|de|du|en)?\s*(?:the\s+year\s+|l\s+annee\s+)?{_Y})?"
TIME_WORDS = (
    r"since|depuis|from|du|de|des|after|apres|before|avant|until|till|up to|jusqu a|jusqu au|jusqu en|in|en|during|"
    r"pendant|on|le|between|entre|of|and|et|to|au|last|this|starting|a partir de"
)

Span = tuple[int, int]


@dataclass
class Atom:
    """One period named in the question; ``year`` is None when the question left it out."""

    span: Span
    make: Callable[[int], tuple[date, date]]  # year -> (first day, last day)
    year: int | None
    latest: Callable[[date], int]  # the year to use when nothing else says which
    kind: str = "period"  # day | period
    fixed: bool = False  # "last week", "the last 30 days": already a whole range, ending today

    def dates(self, year: int | None = None) -> tuple[date, date]:
        # (a whole range, "last week", ignores the year it is given, None included)
        return self.make(cast(int, year if year is not None else self.year))


@dataclass(frozen=True)
class Range:
    start: date | None
    end: date | None


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), _month(year, last)[1]


def _started(first_month: int, first_day: int = 1, strictly: bool = False) -> Callable[[date], int]:
    """The latest year in which (first_month, first_day) is not after today (before it, if strictly)."""

    def year(today: date) -> int:
        here = (today.month, today.day)
        begun = (first_month, first_day) < here if strictly else (first_month, first_day) <= here
        return today.year if begun else today.year - 1

    return year


def _fixed(span: Span, start: date, end: date) -> Atom:
    return Atom(span, lambda _y: (start, end), start.year, lambda _t: start.year, "period", fixed=True)


def _n(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBERS.get(token, 1)


# -- atoms ------------------------------------------------------------------------------
def _atom_rules(today: date) -> list[tuple[str, Callable[[re.Match], Atom | None]]]:
    """(pattern, match -> Atom) in priority order: longer, more specific forms first."""
    mon = today - timedelta(days=today.weekday())
    last_month_end = today.replace(day=1) - timedelta(days=1)
    q_now = (today.month - 1) // 3
    return [
        (rf"\b{_D}\s+(?:of\s+)?(?P<m>{_M})\b(?:,?\s+{_Y})?", lambda m: _date_atom(m, MONTHS[m["m"]])),
        (rf"\b(?P<m>{_M})\s+{_D}\b(?:,?\s+{_Y})?", lambda m: _date_atom(m, MONTHS[m["m"]])),
        (
            rf"\b(?:the\s+|le\s+|au\s+)?(?:q(?P<q>[1-4])|(?P<o>{_ORD})\s+(?:quarter|trimestre))\b{_OF_YEAR}",
            lambda m: _part_atom(m, int(m["q"] or _ORDINAL[m["o"]]), 3),
        ),
        (
            rf"\b(?:the\s+|le\s+)?(?:h(?P<q>[12])|(?P<o>{_ORD})\s+(?:half|semestre|moitie))\b{_OF_YEAR}",
            lambda m: _part_atom(m, int(m["q"] or _ORDINAL[m["o"]]), 6),
        ),
        (
            rf"\b(?:(?:the\s+)?(?P<e>early|late|mid|debut|fin|mi|end\s+of|beginning\s+of|start\s+of|middle\s+of|milieu)\s+(?:de\s+|d\s+)?{_Y})",
            lambda m: _third_atom(m),
        ),
        (
            rf"\b(?:the\s+|les\s+)?(?:(?:first|last)\s+(?P<n>{_N})|(?P<n2>{_N})\s+(?:premiers|derniers))\s+(?:months|mois)\s+(?:of|de|d)\s+(?:l\s+annee\s+)?{_Y}",
            lambda m: _months_of_atom(m),
        ),
        (
            r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?P<u>day|week|month|year)\b|\bau\s+cours\s+du\s+dernier\s+(?P<u2>mois)\b",
            lambda m: _last_n(m, today),
        ),
        (
            r"\b(?:last|previous|past)\s+quarter\b|\b(?:le\s+)?trimestre\s+(?:dernier|precedent|passe)\b",
            lambda m: _fixed(m.span(), *_quarter_before(today, q_now)),
        ),
        (
            r"\b(?:this|current)\s+quarter\b|\bce\s+trimestre\b",
            lambda m: _fixed(m.span(), date(today.year, 3 * q_now + 1, 1), today),
        ),
        (
            rf"\b(?:last|past|previous|the\s+last|the\s+past|over\s+the\s+(?:last|past)|in\s+the\s+(?:last|past))\s+(?P<n>{_N})\s+(?P<u>days?|weeks?|months?|years?|hours?)\b",
            lambda m: _last_n(m, today),
        ),
        (
            rf"\b(?:les|ces|des|au\s+cours\s+des)\s+(?P<n>{_N})\s+(?P<u>derniers?\s+jours|dernieres?\s+semaines|derniers\s+mois|dernieres?\s+annees|dernieres?\s+heures)\b",
            lambda m: _last_n(m, today),
        ),
        (
            rf"\b(?:depuis|il y a|ces)\s+(?P<n>{_N})\s+(?P<u>jours|semaines|mois|ans|annees)\b",
            lambda m: _last_n(m, today),
        ),
        (r"\b(?:the\s+|over\s+the\s+|in\s+the\s+)?past\s+(?P<u>day|week|month|year)\b", lambda m: _last_n(m, today)),
        (
            rf"\b(?:last|past)\s+(?P<m>{_M})\b|\b(?:en\s+)?(?P<m2>{_M})\s+(?:dernier|passe)\b",
            lambda m: _month_atom(m, MONTHS[m["m"] or m["m2"]], strictly=True),
        ),
        (
            rf"\b(?:the\s+month\s+of\s+|le\s+mois\s+de\s+|mois\s+d\s*)?(?P<m>{_M})\s+(?:of\s+|de\s+)?{_Y}",
            lambda m: _month_atom(m, MONTHS[m["m"]]),
        ),
        (
            rf"\b(?:the\s+month\s+of\s+|le\s+mois\s+de\s+|mois\s+d\s*)?(?P<m>{_M})\b",
            lambda m: _month_atom(m, MONTHS[m["m"]]),
        ),
        (r"\b(?:today|aujourd hui)\b", lambda m: _fixed(m.span(), today, today)),
        (r"\b(?:yesterday|hier)\b", lambda m: _fixed(m.span(), today - timedelta(days=1), today - timedelta(days=1))),
        (r"\b(?:this\s+week|cette\s+semaine)\b", lambda m: _fixed(m.span(), mon, today)),
        (
            r"\b(?:last\s+week|previous\s+week|la\s+semaine\s+(?:derniere|passee)|semaine\s+(?:derniere|passee))\b",
            lambda m: _fixed(m.span(), mon - timedelta(days=7), mon - timedelta(days=1)),
        ),
        (
            r"\b(?:this\s+month|current\s+month|ce\s+mois(?:\s+ci)?|le\s+mois\s+en\s+cours)\b",
            lambda m: _fixed(m.span(), today.replace(day=1), today),
        ),
        (
            r"\b(?:last\s+month|previous\s+month|le\s+mois\s+(?:dernier|passe|precedent)|mois\s+(?:dernier|passe))\b",
            lambda m: _fixed(m.span(), *_month(last_month_end.year, last_month_end.month)),
        ),
        (
            r"\byear\s+to\s+date\b|\bytd\b|\bdepuis\s+le\s+(?:1er|premier)\s+janvier\b",
            lambda m: _fixed(m.span(), date(today.year, 1, 1), today),
        ),
        (
            r"\b(?:the\s+)?(?:beginning|start)\s+of\s+(?:the|this)\s+year\b|\b(?:le\s+)?debut\s+(?:de\s+l|d)\s*annee\b",
            lambda m: _fixed(m.span(), date(today.year, 1, 1), date(today.year, 1, 1)),
        ),
        (
            r"\b(?:the\s+)?(?:beginning|start)\s+of\s+(?:the|this)\s+month\b|\b(?:le\s+)?debut\s+du\s+mois\b",
            lambda m: _fixed(m.span(), today.replace(day=1), today.replace(day=1)),
        ),
        (
            r"\b(?:this\s+year|current\s+year|cette\s+annee|cet\s+an|l\s+annee\s+en\s+cours)\b",
            lambda m: _fixed(m.span(), date(today.year, 1, 1), today),
        ),
        (
            r"\b(?:last\s+year|previous\s+year|l\s+(?:an|annee)\s+(?:dernier|derniere|passee?|precedente?)|(?:an|annee)\s+(?:dernier|derniere|passee?))\b",
            lambda m: _fixed(m.span(), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ),
        (rf"\b(?:last\s+)?(?P<w>{'|'.join(WEEKDAYS)})(?:\s+dernier)?\b", lambda m: _weekday_atom(m, today)),
        (rf"\b{_Y}", lambda m: _year_atom(m, today)),
    ]


def _date_atom(m: re.Match, month: int) -> Atom | None:
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    year = int(m["y"]) if m["y"] else None
    return Atom(m.span(), lambda y: (lambda d: (d, d))(_day(y, month, day)), year, _started(month, day), "day")


def _month_atom(m: re.Match, month: int, strictly: bool = False) -> Atom | None:
    word = m["m"] or m["m2"]
    year = int(m["y"]) if m.groupdict().get("y") else None
    if word in _LOOSE_MONTHS and year is None and not strictly and not _after_time_word(m):
        return None
    return Atom(m.span(), lambda y: _month(y, month), year, _started(month, strictly=strictly))


def _after_time_word(m: re.Match) -> bool:
    before = m.string[: m.start()].rstrip()
    return bool(re.search(rf"\b(?:{TIME_WORDS})$", before))


def _part_atom(m: re.Match, index: int, months: int) -> Atom:
    first, last = (index - 1) * months + 1, index * months
    year = int(m["y"]) if m["y"] else None
    return Atom(m.span(), lambda y: _months(y, first, last), year, _started(first))


_THIRDS = {
    "early": 1,
    "debut": 1,
    "beginning of": 1,
    "start of": 1,
    "mid": 2,
    "mi": 2,
    "middle of": 2,
    "milieu": 2,
    "late": 3,
    "fin": 3,
    "end of": 3,
}


def _third_atom(m: re.Match) -> Atom:
    """ "early 2024" (January-April), "mid-2024" (May-August), "late 2024", "fin 2024" (September-December)."""
    third = _THIRDS[" ".join(m["e"].split())]
    first, last = 4 * third - 3, 4 * third
    return Atom(m.span(), lambda y: _months(y, first, last), int(m["y"]), lambda _t: int(m["y"]))


def _months_of_atom(m: re.Match) -> Atom | None:
    """ "the first 6 months of 2024", "les trois derniers mois de 2023"."""
    n = _n(m["n"] or m["n2"])
    if not 1 <= n <= 12:
        return None
    last = "last" in m.group(0).split() or "dernier" in m.group(0)
    first, end = (13 - n, 12) if last else (1, n)
    return Atom(m.span(), lambda y: _months(y, first, end), int(m["y"]), lambda _t: int(m["y"]))


def _quarter_before(today: date, q_now: int) -> tuple[date, date]:
    year, q = (today.year, q_now - 1) if q_now else (today.year - 1, 3)
    return _months(year, 3 * q + 1, 3 * q + 3)


_UNIT_DAYS = {"hour": 0, "heure": 0, "day": 1, "jour": 1, "week": 7, "semaine": 7}
_UNIT_MONTHS = {"month": 1, "mois": 1, "year": 12, "an": 12}


def _months_back(today: date, months: int) -> date:
    """The day after the same date ``months`` earlier: "the last 6 months" on 27 Nov starts 28 May."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return _day(year, month + 1, today.day) + timedelta(days=1)


def _last_n(m: re.Match, today: date) -> Atom:
    groups = m.groupdict()
    n = _n(groups["n"]) if groups.get("n") else 1
    word = (groups.get("u") or groups["u2"]).split()[-1]
    months = next((v for k, v in _UNIT_MONTHS.items() if word.startswith(k)), None)
    if months:
        return _fixed(m.span(), _months_back(today, months * n), today)
    days = next(v for k, v in _UNIT_DAYS.items() if word.startswith(k)) * n
    return _fixed(m.span(), today - timedelta(days=max(days - 1, 0)), today)


def _weekday_atom(m: re.Match, today: date) -> Atom | None:
    if not _after_time_word(m) and not m.group(0).startswith("last"):
        return None
    back = (today.weekday() - WEEKDAYS[m["w"]]) % 7 or 7
    d = today - timedelta(days=back)
    return _fixed(m.span(), d, d)


def _year_atom(m: re.Match, today: date) -> Atom | None:
    year = int(m["y"])
    if not 1990 <= year <= today.year + 1:
        return None
    return Atom(m.span(), lambda y: (date(y, 1, 1), date(y, 12, 31)), year, lambda _t: year)


def _atoms(q: str, today: date) -> list[Atom]:
    """Every period the question names, left to right, none overlapping (earlier rules win)."""
    found: list[Atom] = []
    for pattern, build in _atom_rules(today):
        for m in re.finditer(pattern, q):
            if any(m.start() < a.span[1] and a.span[0] < m.end() for a in found):
                continue
            try:
                atom = build(m)
            except (ValueError, KeyError):
                atom = None
            if atom:
                found.append(atom)
    return sorted(found, key=lambda a: a.span)


# -- operators --------------------------------------------------------------------------
_GAP_TO = re.compile(
    r"^\s*(?:to|till|until|through|thru|au|a|jusqu\s*(?:a|au|en)|and|et|or|ou|,|vs|versus|"
    r"compared\s+(?:to|with)|par\s+rapport\s+a|contre)\s*(?:the\s+|le\s+|l\s+)?$"
)
_OPEN = re.compile(r"\b(?:between|entre|from|du|de|des|d)\s+(?:the\s+|le\s+|l\s+)?$")
_DAY_BEFORE = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er)?\s+(?:to|and|et|au|a|until|till)\s+(?:the\s+|le\s+)?$")
_DAY_AFTER = re.compile(
    r"^\s+(?:to|au|a|until|till|through)\s+(?:the\s+|le\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th|er)?(?!\d)"
    rf"(?!\s*(?:km|mi|kilo))(?:,?\s+{_Y})?"
)
_EDGE = (
    r"(?:the\s+|le\s+|l\s+)?(?:(?:beginning|start|end|early|late|mid|debut|fin|mi)\s*(?:of\s+|de\s+|d\s+|"
    r"du\s+)?(?:the\s+|l\s+)?)?"
)
_OPERATORS = [
    (
        re.compile(rf"\b(?:since|depuis|from|starting(?:\s+(?:in|on|from))?|a\s+partir\s+(?:de|du|d)|des)\s+{_EDGE}$"),
        "since",
    ),
    (re.compile(rf"\b(?:after|apres|later\s+than|post)\s+{_EDGE}$"), "after"),
    (re.compile(rf"\b(?:before|avant|prior\s+to|earlier\s+than)\s+{_EDGE}$"), "before"),
    (re.compile(rf"\b(?:until|till|up\s+to|through|jusqu\s*(?:a|au|en|aux))\s+{_EDGE}$"), "until"),
]
_SINCE_EVENT = re.compile(
    r"\b(?:since|depuis)\s+(?:the|le|la|l|les)\s+(?:[a-z]+\s+){1,4}(?:of|in|de|d|du|en)\s+(?:the\s+)?$"
)
_NUMERIC = [  # written dates become words first: the folding turns their dashes into spaces
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), lambda m: _words(m[3], m[2], m[1])),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), lambda m: _words(m[1], m[2], m[3])),
    (re.compile(r"(?<=\d)\s*[-–]\s*(?=\d)"), lambda m: " to "),
]
_MONTH_WORD = {number: word for word, number in reversed(MONTHS.items())}  # 1 -> "january" (each month's first key)


def _words(day: str, month: str, year: str) -> str:
    return f"{int(day)} {_MONTH_WORD[int(month)]} {year}" if 1 <= int(month) <= 12 else f"{day}/{month}/{year}"


def prepare(text: str) -> str:
    """The question with numeric dates in words and number ranges as "to" ("1-15 March",
    "2023-2025"), before it is folded."""
    for pattern, repl in _NUMERIC:
        text = pattern.sub(repl, text)
    return text


def _resolved(atom: Atom, today: date) -> tuple[date, date]:
    return atom.dates(atom.year if atom.year is not None else atom.latest(today))


def _pair(first: Atom, second: Atom, today: date) -> tuple[date, date]:
    """Dates of "first .. second": a missing year comes from the other end, and a start that
    would fall after the end belongs to the year before ("between November and February")."""
    if first.fixed or second.fixed:
        return min(_resolved(first, today)[0], _resolved(second, today)[0]), _resolved(second, today)[1]
    end_year = next(y for y in (second.year, first.year, second.latest(today)) if y is not None)
    end = second.dates(end_year)[1]
    if first.year is not None:
        return first.dates()[0], end
    start = first.dates(end_year)[0]
    return (first.dates(end_year - 1)[0] if start > end else start), end


def _series(q: str, atoms: list[Atom]) -> int:
    """How many atoms from the first are joined by and/to/et/au ("between X and Y", "2024 and 2025")."""
    n = 1
    while n < len(atoms) and _GAP_TO.match(q[atoms[n - 1].span[1] : atoms[n].span[0]]):
        n += 1
    return n


def _day_span(q: str, atom: Atom, today: date) -> tuple[date, date, Span] | None:
    """A bare day joined to a dated one: "between 1 and 15 March", "du 1er au 15 mars",
    "March 1 to 15"; the bare day borrows the other's month and year."""
    if atom.fixed or atom.kind != "day":
        return None
    day, _ = _resolved(atom, today)
    before = _DAY_BEFORE.search(q[: atom.span[0]])
    after = _DAY_AFTER.match(q[atom.span[1] :])
    try:
        if before:
            return day.replace(day=int(before["d"])), day, (before.start(), atom.span[1])
        if after:
            if after["y"] and atom.year is None:
                day = atom.dates(int(after["y"]))[0]
            return day, day.replace(day=int(after["d"])), (atom.span[0], atom.span[1] + after.end())
    except ValueError:
        return None
    return None


def _operator(before: str) -> tuple[str, int] | None:
    for pattern, op in _OPERATORS:
        m = pattern.search(before)
        if m:
            return op, m.start()
    return None


def find_range(folded: str, today: date) -> tuple[Range | None, list[Span]]:
    """The period a folded question asks about and the character spans it used."""
    atoms = _atoms(folded, today)
    if not atoms:
        return None, []
    first = atoms[0]
    n = _series(folded, atoms)
    if n > 1:
        start, end = _pair(first, atoms[n - 1], today)
        opened = _OPEN.search(folded[: first.span[0]])
        return Range(start, end), [(opened.start() if opened else first.span[0], atoms[n - 1].span[1])]
    days = _day_span(folded, first, today)
    if days and days[0] <= days[1]:
        return Range(days[0], days[1]), [days[2]]
    start, end = _resolved(first, today)
    op = _operator(folded[: first.span[0]])
    if op is None:  # "depuis le coup d'Etat d'août 2020", "since the coup in August 2020"
        far = _SINCE_EVENT.search(folded[: first.span[0]])
        op = ("since", far.start()) if far else None
    if op is None:
        return Range(start, end), [first.span]
    span = [(op[1], first.span[1])]
    if op[0] == "since":
        return Range(start, today), span
    if op[0] == "after":
        return Range(end + timedelta(days=1), today), span
    if op[0] == "before":
        return Range(None, start - timedelta(days=1)), span
    return Range(None, end), span
