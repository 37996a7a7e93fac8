"""Analysts' corrections of an extracted incident ("place: Nioro", "fatalities: 12"). Pure.

One ``field: value`` per line (or separated by ';'). Fields: place, date, type, actor1,
actor2, fatalities, notes. Values are checked and normalised the same way extraction does.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

from bot.core.intake import InputError
from bot.understand.actors import ACTORS
from bot.understand.dates import find_dates
from bot.understand.events import EVENT_TYPES, SUB_TO_TYPE
from store.geo.gazetteer import Gazetteer
from store.geo.textnorm import fold
from store.incident import Incident, IncidentLike

FIELDS = {
    "place": "place",
    "location": "place",
    "lieu": "place",
    "date": "date",
    "type": "type",
    "event": "type",
    "actor1": "actor1",
    "actor 1": "actor1",
    "acteur1": "actor1",
    "actor2": "actor2",
    "actor 2": "actor2",
    "acteur2": "actor2",
    "fatalities": "fatalities",
    "deaths": "fatalities",
    "killed": "fatalities",
    "morts": "fatalities",
    "notes": "notes",
}


class CorrectionError(InputError):
    """A correction we cannot apply: a key of ``i18n.ERRORS`` (fix_*) and its fields, worded in the
    user's language by ``message``."""


def parse_correction(text: str, incident: Incident, gaz: Gazetteer, published: date) -> dict:
    """Changes to apply to ``incident``; raises ``CorrectionError`` with a helpful message."""
    changes: dict = {}
    for part in re.split(r"[\n;]+", text):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        name = FIELDS.get(fold(key))
        if not sep or not name or not value.strip():
            raise CorrectionError("fix_unclear", part=part.strip())
        changes.update(_apply(name, value.strip(), incident, gaz, published))
    if not changes:
        raise CorrectionError("fix_help")
    changes["status"] = "corrected"
    return changes


def _apply(name: str, value: str, incident: IncidentLike, gaz: Gazetteer, published: date) -> dict:
    if name == "place":
        countries = (incident["country_code"],) if incident.get("country_code") else ()
        p = gaz.best(value, countries) or next(iter(gaz.fuzzy(value, countries, min_score=80)), None)
        if p is None:
            raise CorrectionError("fix_place", value=value)
        return {
            "location": p.name,
            "latitude": p.lat,
            "longitude": p.lon,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "country": p.country,
            "country_code": p.cc,
            "geo_precision": p.geo_precision,
            "location_match": "corrected",
        }
    if name == "date":
        found = find_dates(value, published)
        if not found:
            raise CorrectionError("fix_date", value=value)
        return {"event_date": found[0].value.isoformat(), "time_precision": found[0].precision}
    if name == "type":
        subs = list(SUB_TO_TYPE) + list(EVENT_TYPES)
        hit = process.extractOne(value, subs, scorer=fuzz.WRatio, score_cutoff=70)
        if not hit:
            raise CorrectionError("fix_type", types="; ".join(EVENT_TYPES))
        if hit[0] in EVENT_TYPES:
            return {"event_type": hit[0], "sub_event_type": EVENT_TYPES[hit[0]][0]}
        return {"event_type": SUB_TO_TYPE[hit[0]], "sub_event_type": hit[0]}
    if name in ("actor1", "actor2"):
        return {name: _actor(value, incident.get("country") or "Mali")}
    if name == "fatalities":
        if not re.fullmatch(r"\d{1,5}", value):
            raise CorrectionError("fix_fatalities")
        return {"fatalities": int(value)}
    return {"notes": value[:1000]}


def _actor(value: str, country: str) -> str:
    key = fold(value)
    for name, (_, aliases) in ACTORS.items():
        if key == fold(name.format(country=country)) or key in aliases:
            return name.format(country=country)
    return value.strip()[:120]
