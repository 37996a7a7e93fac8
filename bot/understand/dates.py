"""Date expressions in English and French, resolved against a publication date.

Three kinds of expression:
- absolute: "June 2nd", "le 2 juin 2025", "02/06/2025", "June 2025" (month precision)
- deictic: relative to publication: "yesterday", "early Tuesday", "mardi dernier", "last week"
- anaphoric: relative to the date last mentioned: "the day before", "la veille", "two days later"

``time_precision`` follows ACLED: 1 day, 2 week (or a few days), 3 month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.understand.text import fold_keep_length

MONTHS = {
    "january": 1,
    "jan": 1,
    "janvier": 1,
    "february": 2,
    "feb": 2,
    "fevrier": 2,
    "march": 3,
    "mar": 3,
    "mars": 3,
    "april": 4,
    "apr": 4,
    "avril": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "jun": 6,
    "juin": 6,
    "july": 7,
    "jul": 7,
    "juillet": 7,
    "august": 8,
    "aug": 8,
    "aout": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "septembre": 9,
    "october": 10,
    "oct": 10,
    "octobre": 10,
    "november": 11,
    "nov": 11,
    "novembre": 11,
    "december": 12,
    "dec": 12,
    "decembre": 12,
}
WEEKDAYS = {
    "monday": 0,
    "lundi": 0,
    "tuesday": 1,
    "mardi": 1,
    "wednesday": 2,
    "mercredi": 2,
    "thursday": 3,
    "jeudi": 3,
    "friday": 4,
    "vendredi": 4,
    "saturday": 5,
    "samedi": 5,
    "sunday": 6,
    "dimanche": 6,
}
SMALL_NUMBERS = {
    "a": 1,
    "one": 1,
    "un": 1,
    "une": 1,
    "two": 2,
    "deux": 2,
    "three": 3,
    "trois": 3,
    "four": 4,
    "quatre": 4,
    "five": 5,
    "cinq": 5,
    "six": 6,
    "seven": 7,
    "sept": 7,
    "ten": 10,
    "dix": 10,
}

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_N = r"\d{1,2}|" + "|".join(SMALL_NUMBERS)

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy_num", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({_M})\b(?:\s*,?\s*(\d{{4}}))?")),
    (
        "month_day",
        re.compile(rf"\b({_M})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:km|kilomet|mile))(?:\s*,?\s*(\d{{4}}))?"),
    ),
    ("month_year", re.compile(rf"\b(?:early |mid |late |debut |fin |mi )?({_M})\s+(\d{{4}})\b")),
    # "the attack on Ogossagou in March": the latest such month, known to the month only
    (
        "month",
        re.compile(rf"\b(?:in|en|during|since|depuis|au mois de|early|mid|late|debut|fin|mi)\s+({_M})\b(?![\s,]*\d)"),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:(?:about|around|some|nearly|almost|roughly|over|more than)\s+)?(?:({_N})\s+(days?|weeks?|months?)"
            rf"\s+ago|il y a\s+(?:environ\s+|pres de\s+|quelque\s+|plus d\s?(?:e\s+)?|moins d\s?(?:e\s+)?)?"
            rf"({_N})\s+(jours?|semaines?|mois))\b"
        ),
    ),
    ("before_yesterday", re.compile(r"\b(?:the day before yesterday|avant hier)\b")),
    (
        "anaphoric",
        re.compile(
            rf"\b(?:the (?:day|night) before|the previous (?:day|night)|a day (?:earlier|before)|la veille|"
            rf"the (?:next|following) day|a day later|le lendemain|the same day|le meme jour|"
            rf"({_N})\s+(days?|weeks?|months?)\s+(earlier|before|later|after)|"
            rf"({_N})\s+(jours?|semaines?|mois)\s+(plus tot|auparavant|avant|plus tard|apres))\b"
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|hier|last night|overnight|la nuit derniere|dans la nuit d hier)\b")),
    (
        "today",
        re.compile(
            r"\b(?:today|aujourd hui|this morning|ce matin|earlier today|tonight|ce soir|cet apres midi|this "
            r"afternoon)\b"
        ),
    ),
    ("weekday", re.compile(rf"\b(?:(last|past|this|ce)\s+)?({_W})(?:\s+(dernier|passe|soir|matin))?\b")),
    (
        "weekend",
        re.compile(
            r"\b(?:over the weekend|this weekend|last weekend|during the weekend|le week end(?: dernier)?|ce week end|"
            r"pendant le week end)\b"
        ),
    ),
    (
        "last_week",
        re.compile(
            r"\b(?:last week|la semaine derniere|the past week|earlier this week|cette semaine|this week|en debut de "
            r"semaine)\b"
        ),
    ),
    ("last_month", re.compile(r"\b(?:last month|le mois dernier|earlier this month|ce mois ci|this month)\b")),
]


# "said on Tuesday", "a indiqué lundi": the date of the report, not of the event.
REPORTING = re.compile(
    r"\b(?:said|says|told|reported|announced|added|declared|confirmed|stated|claimed|wrote|"
    r"a declare|a indique|ont indique|a annonce|ont annonce|a affirme|ont affirme|a precise|"
    r"a t on appris|a appris|selon|statement|communique|revendique)\W+(?:\w+\W+){0,4}$"
)


# "le 14 janvier, son parquet avait été informé de...": the day the news reached someone
INFORMED_AFTER = re.compile(
    r"\W+(?:\w+\W+){0,5}?(?:(?:was|were|had been|has been|have been|a ete|avait ete|ont ete|"
    r"avaient ete) (?:informed|notified|alerted|told|informee?s?|avisee?s?|alertee?s?|saisie?s?)|"
    r"learned|learnt|a appris|ont appris|apprend)\b"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date
    precision: int  # 1 day, 2 week, 3 month
    kind: str  # absolute | deictic | anaphoric


def _num(token: str | None) -> int:
    if token is None:
        return 1
    return int(token) if token.isdigit() else SMALL_NUMBERS.get(token, 1)


def _year_for(month: int, day: int, published: date) -> int:
    """A day-month without year is the latest such date not after publication (+2 days)."""
    year = published.year
    try:
        if date(year, month, day) > published + timedelta(days=2):
            year -= 1
    except ValueError:
        pass
    return year


def _resolve(kind: str, m: re.Match, published: date, anchor: date) -> tuple[date, int, str] | None:  # noqa: C901 - one branch per date pattern kind, each a line or two
    g = m.groups()
    if kind == "iso":
        return date(int(g[0]), int(g[1]), int(g[2])), 1, "absolute"
    if kind == "dmy_num":
        return date(int(g[2]), int(g[1]), int(g[0])), 1, "absolute"
    if kind == "day_month":
        day, month = int(g[0]), MONTHS[g[1]]
        year = int(g[2]) if g[2] else _year_for(month, day, published)
        return date(year, month, day), 1, "absolute"
    if kind == "month_day":
        month, day = MONTHS[g[0]], int(g[1])
        year = int(g[2]) if g[2] else _year_for(month, day, published)
        return date(year, month, day), 1, "absolute"
    if kind == "month_year":
        return date(int(g[1]), MONTHS[g[0]], 1), 3, "absolute"
    if kind == "month":
        month = MONTHS[g[0]]
        return date(published.year if month <= published.month else published.year - 1, month, 1), 3, "absolute"
    if kind == "ago":
        n = _num(g[0] or g[2])
        unit = g[1] or g[3]
        days = n * (7 if unit.startswith(("week", "semaine")) else 30 if unit.startswith(("month", "mois")) else 1)
        return published - timedelta(days=days), 1 if days < 7 else 2 if days < 28 else 3, "deictic"
    if kind == "before_yesterday":
        return published - timedelta(days=2), 1, "deictic"
    if kind == "anaphoric":
        text = m.group(0)
        if g[0] or g[3]:
            n, unit, direction = (_num(g[0]), g[1], g[2]) if g[0] else (_num(g[3]), g[4], g[5])
        else:
            n, unit, direction = 1, "day", text
        if "same" in text or "meme" in text:
            return anchor, 1, "anaphoric"
        days = n * (7 if unit.startswith(("week", "semaine")) else 30 if unit.startswith(("month", "mois")) else 1)
        later = any(w in direction for w in ("next", "following", "later", "lendemain", "after", "apres", "plus tard"))
        return anchor + timedelta(days=days if later else -days), 1 if days < 7 else 2, "anaphoric"
    if kind == "yesterday":
        return published - timedelta(days=1), 1, "deictic"
    if kind == "today":
        return published, 1, "deictic"
    if kind == "weekday":
        target = WEEKDAYS[g[1]]
        back = (published.weekday() - target) % 7
        if back == 0 and (g[0] in ("last", "past") or g[2] in ("dernier", "passe")):
            back = 7
        return published - timedelta(days=back), 1, "deictic"
    if kind == "weekend":
        back = (published.weekday() - 5) % 7 or (7 if published.weekday() == 5 else 0)
        return published - timedelta(days=back), 2, "deictic"
    if kind == "last_week":
        text = m.group(0)
        past = "last" in text or "derniere" in text or "past" in text
        return published - timedelta(days=7 if past else 0), 2, "deictic"
    if kind == "last_month":
        text = m.group(0)
        if "last" in text or "dernier" in text:
            first = published.replace(day=1) - timedelta(days=1)
            return first.replace(day=1), 3, "deictic"
        return published.replace(day=1), 3, "deictic"
    return None


_ANY = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in PATTERNS))  # one scan for clauses with no date
# "this attack came two days after an ambush": the ambush is two days *before* the anchor
_CAME = re.compile(
    r"\b(?:came|comes|come|survient|intervient|surviennent|interviennent|occurred|took place|happened|"
    r"est survenue?|a eu lieu)\s+(?:just\s+|only\s+|seulement\s+)?$"
)
_DATED_DAY_GAP = re.compile(r"^[\s,]{0,3}(?:the\s+|le\s+)?$")


def _drop_named_days(spans: list, low: str) -> tuple[list, dict[int, int]]:
    """ "Ce mercredi 8 janvier 2025", "Wednesday, January 8": the weekday names the date that follows
    it; it is not "last Wednesday" counted from the publication day. Also returns, by the start of
    each such date, the weekday named (to check the date against)."""
    out, named = [], {}
    for n, span in enumerate(spans):
        nxt = spans[n + 1] if n + 1 < len(spans) else None
        if (
            span[2] in ("weekday", "weekend")
            and nxt
            and nxt[2] not in ("weekday", "weekend")
            and _DATED_DAY_GAP.match(low[span[1] : nxt[0]])
        ):
            if span[2] == "weekday":
                named[nxt[0]] = WEEKDAYS[span[3].group(2)]
            continue
        out.append(span)
    return out, named


def _not_the_event(low: str, start: int, end: int, how: str) -> bool:
    """ "sources said on Tuesday", "on 14 January, the prosecutor was informed of the abduction":
    the day the news came, not the day of the event."""
    return (
        how == "deictic"
        and bool(REPORTING.search(low[max(0, start - 40) : start]))
        or bool(INFORMED_AFTER.match(low, end))
    )


def _contradicted(kind: str, m: re.Match, value: date, weekday: int | None) -> bool:
    """ "le jeudi 21 novembre" in a July article: no recent 21 November was a Thursday; a caption's
    slip, not a date to trust (a written year is trusted over the weekday)."""
    return weekday is not None and kind in ("day_month", "month_day") and not m.group(3) and value.weekday() != weekday


def find_dates(text: str, published: date, anchor: date | None = None, invert_lead: bool = False) -> list[DateMention]:
    """All date expressions in ``text`` (non-overlapping, in order), resolved.

    ``anchor`` is the date "the day before" refers to; when None, the first absolute or
    deictic date found earlier in the same text serves, else the publication date.
    ``invert_lead``: the text is the tail of "X came two weeks after [this]", so a leading
    "two weeks after" puts this event two weeks *before* the anchor.
    """
    low = fold_keep_length(text)
    if re.search(r"\d[/-]\d", text):  # keep "12/03/2025" and "2025-03-12" whole
        chars = list(low)
        for m in re.finditer(r"[/-]", text):
            chars[m.start()] = m.group(0)
        low = "".join(chars)
    if not _ANY.search(low):
        return []
    spans: list[tuple[int, int, str, re.Match]] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in PATTERNS:
        for m in pat.finditer(low):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            spans.append((m.start(), m.end(), kind, m))
    spans.sort()
    spans, weekdays = _drop_named_days(spans, low)
    out: list[DateMention] = []
    current = anchor
    for start, end, kind, m in spans:
        try:
            resolved = _resolve(kind, m, published, current or published)
        except ValueError:
            continue  # "31 June": not a date
        if resolved is None:
            continue
        value, precision, how = resolved
        if how == "anaphoric" and (invert_lead and start <= 2 or _CAME.search(low[max(0, start - 30) : start])):
            base = current or published
            value = base - (value - base)
        if value > published + timedelta(days=2) or value.year < 1990:
            continue
        if _not_the_event(low, start, end, how) or _contradicted(kind, m, value, weekdays.get(start)):
            continue
        out.append(DateMention(start, end, value, precision, how))
        if how != "anaphoric":
            current = value
    return out


# "les 12 et 13 janvier", "on 12 and 13 March": a first day written only as a number before the second
DAY_PAIR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|er)?\s*(?:et|and|&)\s*(?=\d{1,2}(?:st|nd|rd|th|er)?\s+(?:of\s+)?"
    rf"(?:{_M})\b)"
)


def with_first_days(text: str, dates: list[DateMention]) -> list[DateMention]:
    """The clause's dates with the first day of each "12 et 13 janvier" put back before the second
    (find_dates keeps the last day, the end of the event; "respectively" needs both)."""
    low = fold_keep_length(text)
    out = list(dates)
    for m in DAY_PAIR.finditer(low):
        second = next((d for d in dates if d.start == m.end() and d.precision == 1), None)
        day = int(m.group(1))
        if second is not None and day < second.value.day:
            out.insert(
                out.index(second), DateMention(m.start(), m.end(), second.value.replace(day=day), 1, second.kind)
            )
    return out
