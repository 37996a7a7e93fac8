"""Administrative units written after a place: "in Gomboro (Gomboro, Sourou)", "Tonou [Tondo]".

ACLED's notes, and many analysts' reports, follow a village with its commune/cercle and its
province/region in brackets. Those names are *containers*: they pick the right namesake of the
village, place a village the gazetteer lacks at its commune or province, and tell which country
a note is about. They are never extra towns. A square bracket gives another spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from store.geo.countries import CORE, COUNTRIES
from store.geo.distance import km_between
from store.geo.gazetteer import Gazetteer, Place, region_key
from store.geo.textnorm import fold

_NAME = r"[A-ZÀ-Ý][^()\[\],.;]{0,40}?"
BRACKET = re.compile(rf"\(\s*({_NAME})\s*(?:,\s*({_NAME})\s*)?\)")
ALTERNATE = re.compile(rf"\[\s*({_NAME})\s*\]")
LONE = re.compile(rf"[\[(]\s*({_NAME})\s*[\])]")
# what may stand between a place and its bracket: another spelling, ", N'Tillit Commune"
_BETWEEN = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:,\s*(?P<commune>[\w'’ -]{1,30}?)\s+"
    r"(?:commune|municipality|subdivision|arrondissement|sub-?prefecture|department|cercle|province)\s*)?$",
    re.IGNORECASE,
)
COVERED = tuple(COUNTRIES)
COUNTRY_WORDS = {w for _, names in COUNTRIES.values() for w in names} | {n.casefold() for n, _ in COUNTRIES.values()}
UNIT_WORD = re.compile(
    r"\s+(?:LGA|Local Government Area|Commune|commune|Cercle|cercle|Department|Prefecture|District)$"
)
UNIT_NEAR_KM = 120.0  # a unit of another region this close to the wider unit may still be it
MAX_KM_FROM_UNIT = 150.0  # a village farther than this from its commune/cercle seat is a namesake...
MAX_KM_LONE = 300.0  # ...unless it is the region's only one (a Saharan cercle is that wide)
FUZZY_KM_FROM_UNIT = 120.0  # a loose spelling (below CLOSE_SPELLING) counts only this close to the commune seat
CLOSE_SPELLING = 88.0
LOOSE_SPELLING = 75.0  # below this a fuzzy hit shares a word, not the name, however close it lies


@dataclass(frozen=True)
class AdminHint:
    """What a bracket says about the place before it."""

    cc: str
    admin1: str | None
    unit: Place | None  # the finer unit (commune seat, cercle, province), for distances and fallback
    area: Place | None  # the wider unit (province, region)

    @property
    def admin2(self) -> str | None:
        """The province/cercle key the bracket names, when its wider unit is one."""
        return region_key(self.area.admin2 or self.area.name) if self.area and self.area.fcode == "ADM2" else None

    @property
    def fallback(self) -> Place | None:
        return self.unit or self.area


def spans(text: str) -> list[tuple[int, int]]:
    """Spans of brackets that name administrative units (never places of their own)."""
    return [m.span() for m in (*BRACKET.finditer(text), *ALTERNATE.finditer(text))]


def hint_after(text: str, end: int, gaz: Gazetteer) -> AdminHint | None:
    """The bracket that follows a place ending at ``end``, resolved; None when there is none."""
    m = BRACKET.search(text, end, min(len(text), end + 90))
    between = _BETWEEN.match(text[end : m.start()]) if m else None
    if m is None or between is None:
        return None
    if between["commune"]:  # "Dossorola, Boron Commune (Banamba, Koulikoro)": the commune is the finer unit
        finer = resolve(gaz, between["commune"].strip(), (m.group(2) or m.group(1)).strip())
        if finer is not None and finer.unit is not None:
            return finer
    return _resolve_match(gaz, m)


def alternate_after(text: str, end: int, parens: bool = False) -> str | None:
    """ "Tonou [Tondo Erkokoni]": the other spelling of the place ending at ``end``; with ``parens``,
    also a lone name in round brackets ("Galadi (Garin Galadima)")."""
    pattern = LONE if parens else ALTERNATE
    m = pattern.match(text, end) or pattern.match(text, end + 1)
    return m.group(1).strip() if m else None


def countries_in(text: str, gaz: Gazetteer) -> list[str]:
    """Countries of the units a text names in brackets, in order."""
    hints = (_resolve_match(gaz, m) for m in BRACKET.finditer(text))
    return [h.cc for h in hints if h]


def _resolve_match(gaz: Gazetteer, m: re.Match) -> AdminHint | None:
    return resolve(gaz, m.group(1).strip(), (m.group(2) or "").strip())


@lru_cache(maxsize=4096)
def resolve(gaz: Gazetteer, first: str, second: str) -> AdminHint | None:
    """(commune/cercle, province/region) names to an AdminHint, or None when they are not units.
    A pair may name a region of any covered country ("Damboa LGA, Borno"); a lone name only the
    core's ("(Niger)" after Tillabéri is the country, not Nigeria's Niger State)."""
    first = UNIT_WORD.sub("", first).strip() or first
    wide = (
        _unit(gaz, second, COVERED if second.casefold() not in COUNTRY_WORDS else CORE, area_only=True)
        if second
        else None
    )
    cc_scope = (wide.cc,) if wide else CORE
    fine = _unit(gaz, first, cc_scope, area_only=not second, within=wide)
    if wide is None and fine is None:
        return None
    ref = wide or fine
    if ref is None:
        return None
    if ref.fcode.startswith("PCL"):  # "(Niger)": the country only, no unit to place or measure by
        return AdminHint(ref.cc, None, None, None)
    return AdminHint(ref.cc, ref.admin1, fine, wide)


def _unit(
    gaz: Gazetteer, name: str, countries: tuple[str, ...], area_only: bool, within: Place | None = None
) -> Place | None:
    """A commune seat or an admin area by name, inside ``within`` when given."""
    cands = [p for p in gaz.lookup(name, countries, limit=12) if p.cc in countries]
    area = gaz.region(name, countries)
    if area and area not in cands:
        cands.append(area)
    if within is not None:  # a namesake in the same region, else a near one (regions were redrawn: Ménaka, Taoudénit)
        cands = [p for p in cands if p.admin1 == within.admin1] or [
            p for p in cands if km_between(p, within) <= UNIT_NEAR_KM
        ]
        if within.fcode == "ADM2":  # "(Banh, Loroum)": the commune of that province, not its namesake next door
            key = region_key(within.admin2 or within.name)
            cands = [p for p in cands if p.admin2 and region_key(p.admin2) == key] or cands
    if area_only:
        cands = [p for p in cands if p.is_area]
    towns = [p for p in cands if p.fcode.startswith("PPL")]
    found = towns or cands
    return found[0] if found else None


def pick(gaz: Gazetteer, name: str, hint: AdminHint) -> Place | None:
    """The namesake of ``name`` that lies in the hinted units, by exact name then by spelling. A
    compound village that lists ``name`` among its other names comes last ("Boron" is not "Boron
    Cisse", though GeoNames gives that village "Boron" as an alternate name)."""
    found = gaz.lookup(name, (hint.cc,), limit=40)
    key = fold(name)
    compound = [p for p in found if fold(p.name).startswith(key + " ") or fold(p.name).endswith(" " + key)]
    exact = _inside([p for p in found if p not in compound], hint) or _inside(compound, hint)
    unit = hint.unit
    if (
        exact
        and hint.admin2
        and unit
        and region_key(unit.name) == key
        and unit.admin2
        and region_key(unit.admin2) == hint.admin2
        and region_key(exact.admin2 or "") != hint.admin2
    ):
        return unit  # the village gives its name to its commune: the commune's seat, not a namesake outside
    if exact:
        return exact
    # a loose spelling must lie close to the bracket's commune: far off, it is another village
    seat = hint.unit if hint.unit and not hint.unit.is_area else None
    near = [
        p
        for p in gaz.fuzzy(name, (hint.cc,), min_score=80.0, limit=8)
        if seat is None
        or _spelling(key, p) >= CLOSE_SPELLING
        or _spelling(key, p) >= LOOSE_SPELLING
        and km_between(p, seat) <= FUZZY_KM_FROM_UNIT
    ]
    return _inside(near, hint) or _inside(gaz.by_sound(name, hint.cc, hint.admin1) if hint.admin1 else [], hint)


def _spelling(key: str, p: Place) -> float:
    """How close two whole names are spelt ("Bonguel"/"Bounguel" 93; "Bouyagui Were"/"Kakoro-Were"
    50: a shared word is not a shared name). Names of as many words are as close as their least
    alike pair of words ("Bouyagui Were"/"Boua-Were": 67, the first words differ)."""
    name = fold(p.name)
    whole = fuzz.ratio(key, name)
    words, others = key.split(), name.split()
    if len(words) > 1 and len(words) == len(others):
        return min(whole, *(fuzz.ratio(a, b) for a, b in zip(words, others, strict=True)))
    return whole


WATER = frozenset({"WLL", "WLLS", "LK", "RSV", "WAD", "STMI"})  # named after the village beside them


def _inside(cands: list[Place], hint: AdminHint) -> Place | None:
    towns = [p for p in cands if p.cc == hint.cc and not p.is_area]
    cands = [p for p in towns if hint.admin1 is None or p.admin1 in (None, hint.admin1)]
    ref = hint.unit or hint.area
    if ref is None:
        return cands[0] if cands else None
    near = sorted((km_between(p, ref), n, p) for n, p in enumerate(cands))
    if ref.is_area and hint.admin1:  # "(Diffa)": inside the region is enough; its centroid is no seat to measure by
        settled = [x for x in near if x[2].fcode.startswith("PPL")] or near  # the town, not its airport
        return settled[0][2] if settled else None
    # several inside the unit: a village before a well or a lake of its name, one OpenStreetMap also maps
    # as a village before one nobody else records, then the nearest
    close = sorted(
        (x for x in near if x[0] <= MAX_KM_FROM_UNIT), key=lambda x: (x[2].fcode in WATER, not x[2].mapped, x[0])
    )
    if close:
        return close[0][2]
    # a Saharan cercle is larger than that: the region's only namesake stands, if not absurdly far
    lone = [x for x in near if x[0] <= MAX_KM_LONE] if hint.admin1 and len(near) == 1 else []
    if lone:
        return lone[0][2]
    # a note can misname the region, and regions were redrawn: the one namesake just across the line
    across = [p for p in towns if p not in cands and km_between(p, ref) <= UNIT_NEAR_KM]
    return across[0] if len(across) == 1 and not cands else None
