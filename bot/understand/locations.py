"""Where an incident is coded: from the places a draft names, the ones the event happened at (towns
before reference points and regions; a list split only when it is one), each resolved to ACLED's
location fields — a gazetteer row, a village the gazetteer lacks placed at the unit it lies in
(``geo_precision`` 2) or its region (3), a government measure at the capital. ``extract`` calls
``event_places``, ``location`` and ``seat_of_government``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set
from typing import TYPE_CHECKING

from bot.understand import actors as A
from bot.understand.places import (
    PlaceMention,
    place_key,
)
from store.geo.countries import CAPITALS, country_name
from store.geo.distance import km_between
from store.geo.gazetteer import Gazetteer, Place

if TYPE_CHECKING:
    from bot.understand.extract import Article, Draft


def event_places(d: Draft, gaz: Gazetteer, art: Article) -> list[tuple[PlaceMention | None, str]]:
    """The places where the incident happened: towns first, reference points ("near X") and
    regions only when nothing finer is given. One entry per distinct place."""
    places = d.places  # reporting places are already left out by find_places
    areas = [p for p in places if p.area and p.place]
    towns = (
        [p for p in places if not p.area and not p.quarter and not p.origin]
        or [p for p in places if not p.area and not p.origin]
        or ([] if areas else [p for p in places if not p.area and not p.destination])
    )
    # (an origin only when nothing else; a destination never: "the offensive toward Kidal resumed")
    coded = [p for p in towns if p.coded]
    hinted = [p for p in towns if p.hint is not None and not p.container and _locatable(p)]
    primary = coded or hinted or [p for p in towns if not p.near and not p.container] or towns or areas
    if not any(_locatable(p) for p in primary):  # "Lougou-Mossi, near Lougou": the known reference
        primary = [p for p in towns if p.near and _locatable(p)] or primary
    if primary and primary[0].between and primary[0].siblings:
        primary[0].near = True  # "between Kayes and Diboli": on the road, near the first place
        primary = primary[:1]
    if len(primary) > 1 and not d.coordinated:  # several towns: split only those listed together
        first = primary[0]
        # ("attacked a gendarmerie building and the airport of Bamako": the airport is a target of its own)
        primary = [p for p in primary if p is first or (first.list_id and p.list_id == first.list_id) or p.site]
        if first.area_list:  # "in the areas of Kaloumba and Nara": one event, at the first
            primary = [first]
    # "central Mali"; else the home ground of the groups named ("ISWAP ... Baroua": Diffa's Baroua)
    regions = art.regions or frozenset().union(*(A.HOME_REGIONS.get(a.name, ()) for m in d.mentions for a in m.actors))
    area = areas[0].place if areas else None  # "in the Banwa province": the region the towns lie in
    seen: dict[str, tuple[PlaceMention | None, str]] = {}
    for p in primary:
        if area is not None and p.place and not p.area:
            p.place = _prefer_admin1(gaz, p, {area.admin1 or ""}, art.countries)
            if not _in_area(p.place, area) and p.how != "alias":
                p.place, p.how = None, "unknown"  # "Kourakou, in the Banwa province": not the Kourakou elsewhere
        elif regions and p.place and not p.area and p.how not in ("alias", "hint"):
            p.place = _prefer_admin1(gaz, p, regions, art.countries)
        cc = p.place.cc if p.place else (area.cc if area else art.main_country or art.countries[0])
        seen.setdefault(place_key(p), (p, cc))
    return list(seen.values())


def _locatable(p: PlaceMention) -> bool:
    return p.place is not None or bool(p.hint and p.hint.fallback)


# Mali's regions created in 2016-2023 still carry their old admin1 codes in GeoNames.
SPLIT_REGIONS = {"Ménaka": {"Gao"}, "Taoudénit": {"Tombouctou"}, "Kidal": {"Gao"}}


def _in_area(place: Place, area: Place) -> bool:
    """Is a town plausibly in the region the text names? Same admin1, a region split from it,
    or within 150 km of the region's centre (admin codes lag behind new regions)."""
    if place.admin1 == area.admin1 or place.admin1 in SPLIT_REGIONS.get(area.admin1 or "", set()):
        return True
    return km_between(place, area) <= 150.0


def _prefer_admin1(gaz: Gazetteer, p: PlaceMention, admin1: Set[str], countries: tuple[str, ...]) -> Place:
    """ "Koro, in the Mopti region" / "Dioura, in central Mali": the namesake in that region."""
    assert p.place is not None  # (called on placed mentions only)
    if p.place.admin1 in admin1 or p.how == "unknown" or p.place.fcode in ("PPLC", "PPLA", "PPLA2"):
        return p.place  # (a capital stays itself: "Bamako ... beyond central Mali")
    for cand in gaz.lookup(p.surface, countries, limit=12):
        if cand.admin1 in admin1 and cand.fcode.startswith("PPL"):  # a village, not a wadi of that name
            return cand
    return p.place


def _unplaced(cc: str) -> dict:
    """The location fields of an incident known only by its country."""
    return {
        "country": country_name(cc) or cc,
        "country_code": cc,
        "admin1": None,
        "admin2": None,
        "location": None,
        "latitude": None,
        "longitude": None,
        "geo_precision": 3,
        "location_match": "none",
    }


def _at_place(loc: dict, pl: Place, precision: int, match: str) -> dict:
    """The location fields of an incident at a gazetteer row (a region by its own name)."""
    name = pl.admin1 if pl.fcode == "ADM1" and pl.admin1 else pl.name
    return {
        **loc,
        "admin1": pl.admin1,
        "admin2": pl.admin2,
        "location": name,
        "latitude": pl.lat,
        "longitude": pl.lon,
        "geo_precision": precision,
        "location_match": match,
        **pl.ref,
    }


def location(p: PlaceMention | None, cc: str, d: Draft, gaz: Gazetteer, borders: list[str]) -> dict:
    loc = _unplaced(cc)
    if p is None:
        return loc
    if p.place is None and p.hint and p.hint.fallback:  # a village the gazetteer lacks, at its bracketed unit
        return _at_unit(loc, p, p.hint.fallback, "container")
    if p.place is not None:
        pl = p.place
        precision = pl.geo_precision if not p.near else max(2, pl.geo_precision)
        return _at_place(loc, pl, precision, "area" if p.area else p.how)
    # A name no gazetteer knows: keep it, place it in the commune/cercle the text puts it in, else at
    # the region its neighbours or the text give.
    container = next(
        (q.place for q in d.places if (q.container or q.vicinity) and q.place and q.place.fcode != "ADM1"), None
    )
    if container:
        return _at_unit(loc, p, container, "unknown")
    admin1 = _admin1_for_unknown(p, d, cc, borders)
    area = gaz.admin1_area(cc, admin1) if admin1 else None
    return {
        **loc,
        "location": p.surface,
        "admin1": admin1,
        "location_match": "unknown",
        "latitude": area.lat if area else None,
        "longitude": area.lon if area else None,
    }


def seat_of_government(actor1: str | None, places: list, cc: str, gaz: Gazetteer) -> dict | None:
    """A government measure with no place of its own (a nationwide curfew) is coded at the capital."""
    if places or not (actor1 or "").startswith("Government of") or cc not in CAPITALS:
        return None
    capital = gaz.best(CAPITALS[cc], (cc,))
    return _at_place(_unplaced(cc), capital, 1, "capital") if capital else None


def _at_unit(loc: dict, p: PlaceMention, unit: Place, match: str) -> dict:
    """A place the gazetteer lacks, kept by name at the coordinates of the unit it lies in."""
    return {
        **loc,
        "location": p.surface,
        "admin1": unit.admin1,
        "admin2": unit.admin2,
        "latitude": unit.lat,
        "longitude": unit.lon,
        "geo_precision": 3 if unit.fcode == "ADM1" else 2,
        "location_match": match,
    }


# (country, neighbour whose border the text names) -> the admin1 along that border, when only one
BORDER_REGION = {
    ("ML", "SN"): "Kayes",
    ("ML", "GN"): "Kayes",
    ("ML", "DZ"): "Kidal",
    ("ML", "CI"): "Sikasso",
    ("BF", "ML"): "Sahel",
    ("BF", "NE"): "Est",
    ("BF", "GH"): "Centre-Est",
    ("BF", "CI"): "Cascades",
    ("BF", "BJ"): "Est",
    ("BF", "TG"): "Centre-Est",
    ("NE", "ML"): "Tillabéri",
    ("NE", "BF"): "Tillabéri",
    ("NE", "NG"): "Maradi",
    ("NE", "TD"): "Diffa",
    ("NE", "BJ"): "Dosso",
    ("NE", "DZ"): "Agadez",
}


def _admin1_for_unknown(p: PlaceMention, d: Draft, cc: str, borders: list[str]) -> str | None:
    """The region of a name no gazetteer knows: a region the text names, else that of the towns
    listed with it, else the one along the border the text mentions."""
    areas = [q.place.admin1 for q in d.places if q.area and q.place]
    if areas:
        return areas[0]
    known = [q.place.admin1 for q in d.places if q.place and q.place.admin1 and q is not p]
    common = Counter(known).most_common(1)
    if common:
        return common[0][0]
    return next((BORDER_REGION[(cc, b)] for b in borders if (cc, b) in BORDER_REGION), None)
