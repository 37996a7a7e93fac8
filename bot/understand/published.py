"""When was an article published? Read from the article's own text.

Relative dates ("Tuesday", "hier", "last week") only mean something against the publication
day, and a pasted article carries no metadata. The core asks, in order: what the user stated,
the forwarded post's original date, the page's metadata, then this module, then the day the
message arrived. Here, in order of trust:

1. a wire dateline: "BAMAKO, July 1 (Reuters) -", "Niamey, 1er juillet 2025 (AFP) -"
2. a date line among the first lines: "Tuesday 1 July 2025", "Publié le 01/07/2025 à 10h32"
3. a "this day" lead: "Ce mardi 1er juillet 2025, ...", "This Tuesday, July 1, ..."
4. the latest full date the text reports: a lower bound (an article does not predate what it
   reports), so it is only a guess, and the front ends say so.

A day and month without a year take the latest such day not after the reference day, not
before the latest year the text mentions, and on the weekday named if one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.understand.dates import MONTHS, WEEKDAYS
from store.geo.textnorm import strip_accents

# Who says when the article was published, most trusted first: the user (or the date of the
# forwarded post), the page's metadata, then this module's "dateline", "date line", "lead",
# "latest date", and last the day the message arrived.
STATED, FORWARDED, PAGE, RECEIVED = "stated", "forwarded", "page", "received"
GUESSED = ("latest date", RECEIVED)

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er)?"
# One calendar date in any of the usual orders; groups: weekday, day, month, year | weekday, month, day, year
# | day, month number, year (numeric, year optional) | iso.
_DATE = re.compile(
    rf"(?:\b({_W})\s*,?\s*)?(?:\b{_DAY}\s+(?:of\s+)?({_M})\b\.?(?:\s*,?\s*(\d{{4}}))?"
    rf"|\b({_M})\.?\s+{_DAY}\b(?:\s*,?\s*(\d{{4}}))?"
    rf"|\b(\d{{1,2}})[/.](\d{{1,2}})(?:[/.](\d{{4}}|\d{{2}}))?\b"
    rf"|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b)"
)
_AGENCY = r"(?:reuters|afp|ap|xinhua|anadolu|aps|aip|map|bss|apa|ats|dpa|efe|ani|nan|alwihda|sahel intelligence)"
_DATELINE = re.compile(
    rf"^\s*[a-z][a-z' .-]{{1,40}}(?:\s*,\s*(?P<when>[^()\n]{{3,40}}?))?\s*\({_AGENCY}\)\s*[-:]", re.MULTILINE
)
_LABEL = re.compile(
    r"\b(?:published|updated|posted|last updated|date|on|le|publie|mis a jour|mise a jour|derniere|"
    r"a|at|by|par|h|am|pm|gmt|utc|cet|wat)\b|\d{1,2}[h:]\d{2}|\d{1,2}h\b|[|·•,:/\-–—()]"
)
_LEAD = re.compile(rf"\b(?:ce|cette|this|today|aujourd'?\s?hui)\s*,?\s+(?=(?:{_W})\b)")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
HEAD_LINES = 6  # a date line sits under the headline, before the body


@dataclass(frozen=True)
class Publication:
    value: date
    source: str  # STATED, FORWARDED, PAGE, "dateline", "date line", "lead", "latest date" or RECEIVED
    year_written: bool = True  # False: the year was inferred, so the date is a guess

    @property
    def sure(self) -> bool:
        """False when relative dates were read against a guess the user should be told about."""
        return self.source not in GUESSED and self.year_written


def publication(text: str, stated: date | None, stated_by: str, page: date | None, received: date) -> Publication:
    """The publication date relative words are read against: what the user stated (or the
    forwarded post's original date), the page's metadata, the article's own dateline or date
    line, else the day it arrived (a guess the front ends tell the user about)."""
    if stated:
        return Publication(stated, stated_by)
    if page:
        return Publication(page, PAGE)
    return publication_date(text, received) or Publication(received, RECEIVED, year_written=False)


def publication_date(text: str, reference: date) -> Publication | None:
    """The publication date the text itself gives, or None. ``reference`` is the latest possible
    day (the day the message arrived): nothing later is accepted."""
    low = strip_accents(text[:20000]).lower()
    years = [int(y) for y in _YEAR.findall(low) if int(y) <= reference.year]
    hint = max(years) if years else None
    for source, finder in (("dateline", _dateline), ("date line", _date_line), ("lead", _lead)):
        found = finder(low, reference, hint)
        if found:
            return Publication(found[0], source, found[1])
    latest = _latest(low, reference, hint)
    return Publication(latest[0], "latest date", latest[1]) if latest else None


def read_date(text: str, reference: date) -> date | None:
    """A date the user typed ("2025-07-01", "1 July 2025", "1er juillet", "01/07/2025"), not after
    ``reference``; a missing year is the latest one that fits. None when there is no date."""
    found = _first_date(strip_accents(text).lower(), reference, None)
    return found[0] if found else None


def _dateline(low: str, reference: date, hint: int | None) -> tuple[date, bool] | None:
    m = _DATELINE.search(low[:600])
    if not m or not m.group("when"):
        return None
    return _first_date(m.group("when"), reference, hint)


def _date_line(low: str, reference: date, hint: int | None) -> tuple[date, bool] | None:
    for line in low.splitlines()[:HEAD_LINES]:
        if len(line) > 90:
            continue
        m = _DATE.search(line)
        if not m:
            continue
        rest = _LABEL.sub(" ", line[: m.start()] + " " + line[m.end() :])
        if len(rest.split()) <= 2:
            return _first_date(line, reference, hint)
    return None


def _lead(low: str, reference: date, hint: int | None) -> tuple[date, bool] | None:
    for m in _LEAD.finditer(low[:1500]):
        d = _DATE.match(low, m.end())
        value = _value(d, reference, hint) if d else None
        if d is not None and value:
            return value, _year_written(d)
    return None


def _latest(low: str, reference: date, hint: int | None) -> tuple[date, bool] | None:
    found = [(v, _year_written(m)) for m in _DATE.finditer(low) if _has_year(m) and (v := _value(m, reference, hint))]
    return max(found) if found else None


def _first_date(text: str, reference: date, hint: int | None) -> tuple[date, bool] | None:
    m = _DATE.search(text)
    value = _value(m, reference, hint) if m else None
    return (value, _year_written(m)) if m is not None and value else None


def _year_written(m: re.Match) -> bool:
    _, _, _, y1, _, _, y2, _, _, yn, yi, _, _ = m.groups()
    return bool(y1 or y2 or yn or yi)


def _has_year(m: re.Match) -> bool:
    wd, d1, _, y1, m2, _, y2, _, _, yn, yi, _, _ = m.groups()
    return bool(y1 or y2 or yn or yi or (wd and (d1 or m2)))


def _value(m: re.Match, reference: date, hint: int | None) -> date | None:
    """The date a match names, or None when it is not a real date or lies after ``reference``."""
    wd, d1, m1, y1, m2, d2, y2, dn, mn, yn, yi, mi, di = m.groups()
    year: int | None
    if yi:
        day, month, year = int(di), int(mi), int(yi)
    elif dn:
        day, month = int(dn), int(mn)
        year = (int(yn) + 2000 if len(yn) == 2 else int(yn)) if yn else None
    else:
        day, month = (int(d1), MONTHS[m1]) if d1 else (int(d2), MONTHS[m2])
        year = int(y1 or y2) if (y1 or y2) else None
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    value = _with_year(day, month, year, WEEKDAYS.get(wd) if wd else None, reference, hint)
    return value if value and value <= reference + timedelta(days=1) else None


def _with_year(
    day: int, month: int, year: int | None, weekday: int | None, reference: date, hint: int | None
) -> date | None:
    """No year given: the latest fitting year not after ``reference``, not before the latest year
    the text mentions (``hint``), on the weekday named if one is."""
    if year:
        return _date(year, month, day)
    last = (
        reference.year
        if (_date(reference.year, month, day) or date.max) <= reference + timedelta(days=1)
        else reference.year - 1
    )
    years = [y for y in range(last, last - 12, -1) if _date(y, month, day) and (hint is None or y >= hint)]
    if weekday is not None:
        years = [y for y in years if date(y, month, day).weekday() == weekday] or years
    return _date(years[0], month, day) if years else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
