"""What a question was understood to ask, in words: "Attacks within 50 km of Kayes (Mali), 1 Jun–23 Nov
2025", a place's label, a period. The question reader (``bot.questions``) produces data; this words it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.present import i18n
from bot.understand.actors import short_actor

if TYPE_CHECKING:
    from bot.questions.parse import PlaceRef, Query


def place_label(p: PlaceRef, lang: str = "en") -> str:
    country = i18n.country(p.country, lang)
    if p.kind == "country":
        return i18n.country(p.name, lang) or p.name
    if p.kind in ("admin1", "admin2"):
        return i18n.tr(lang, "region", name=p.name, country=country)
    if p.kind == "area":
        return i18n.area(p.name, p.country, lang)
    return f"{p.name} ({country})"


def period_label(q: Query) -> str:
    return i18n.period(q.date_from, q.date_to, q.lang)


def suggested(q: Query, lang: str) -> str:
    """ "Did you mean Kayes (Mali)?" for a place read from a near spelling."""
    return i18n.tr(lang, "did_you_mean", place=place_label(q.place, lang) if q.place else q.suggestion)


def describe(q: Query, with_period: bool = True) -> str:
    """What was understood, e.g. 'Attacks within 50 km of Kayes (Mali), 1 Jun–23 Nov 2025'."""
    lang = q.lang
    what = i18n.type_label(q.type_label, lang)
    if q.actors:
        what += i18n.tr(lang, "involving", actors=", ".join(short_actor(a) for a in q.actors))
    if q.place:
        if q.place.kind == "town":
            what += i18n.tr(lang, "within", r=q.radius_km, place=place_label(q.place, lang))
        else:
            prep = "in"
            if lang == "fr":
                prep = (
                    "dans la"
                    if q.place.kind in ("admin1", "admin2")
                    else ("dans le" if q.place.country else "dans")
                    if q.place.kind == "area"
                    else i18n.COUNTRY_FR.get(q.place.name, ("au",))[0]
                )
            what += f" {prep} {place_label(q.place, lang)}"
    return f"{what}, {period_label(q)}" if with_period else what
