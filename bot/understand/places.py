"""Place names in article text, found by shape and context, resolved with the gazetteer.

A capitalised word becomes a place when the gazetteer knows it *and* the context agrees
("in Kayes", "près de Ménaka", a list beside known towns), or when the town is important
enough to be unambiguous. Unknown names in clearly local context ("the village of Binoli",
or a list "Binoli, Kayes and Sandere") are kept by name, so nothing the article says is lost.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.understand import containers
from bot.understand.containers import AdminHint
from bot.understand.tables import table
from store.geo.countries import CORE, NAME_TO_CODE
from store.geo.distance import km_between
from store.geo.gazetteer import Gazetteer, Place
from store.geo.textnorm import fold

_CAP = r"[A-ZÀ-Ý][\w'\-]*"
_SEQ = re.compile(rf"{_CAP}(?:[ \-](?:(?:de|du|des|el|al|ag|ould|N')\s?)?{_CAP})*")

_WORDS = table("words")["places"]
# Capitalised words that are never places, and titles that make the next name a person's (data/words.toml).
STOP = frozenset(fold(w) for w in _WORDS["stop"])
TITLES = frozenset(_WORDS["titles"])
# Peoples ("a Tuareg chief", "Fulani herders") are never places, not even by a loose spelling
PEOPLES = frozenset(table("actors")["ethnic"])
STRONG_CUE = re.compile(
    r"(?:village|town|city|locality|commune|hamlet|camp|localite|ville|hameau|cercle|department|departement|"
    r"district|municipality|rural commune|area|secteur|zone|site|mine|market|marche)s?\s+(?:of|de|d|du)\s*$"
    r"|\b(?:village|hamlet|hameau|localite)\s+$"
)  # "the Fulani hamlet Samani"
WEAK_CUE = re.compile(
    r"(?:\b(?:in|at|near|around|outside|from|to|towards?|between|and|of|on|including|including in|"
    r"attacked|raided|stormed|overran|attaque|attaquee|attaquent|"
    r"a|au|aux|de|du|d|pres de|vers|dans|entre|sur|et|a l|non loin de|aux environs de|proximity of|"
    r"close to|north of|south of|east of|west of|au nord de|au sud de|a l est de|a l ouest de)|,)\s*(?:the\s+|la\s+|"
    r"le\s+|l\s+)?$"
)
NEAR_CUE = re.compile(
    r"(?:near|close to|outside|around|not far from|on the outskirts of|in the vicinity of|kilometres from|km from|"
    r"miles from|pres d(?:e|u|es)?|non loin d(?:e|u)?|aux environs d(?:e|u)?|a proximite d(?:e|u)?|a la peripherie "
    r"d(?:e|u)?|aux abords d(?:e|u)?|"
    r"north of|south of|east of|west of|au nord de|au sud de|a l est de|a l ouest de|du nord de|du sud de|de l est de|"
    r"de l ouest de|du centre de)\s*(?:the\s+|la\s+|le\s+|l\s+)?"
    r"(?:(?:village|town|city|localite|ville|commune) (?:of|de)\s+)?$"
)
REGION_BEFORE = re.compile(r"(?:region|province|cercle|circle|department|departement|prefecture)\s+(?:of|de|du|d)\s*$")
REGION_AFTER = re.compile(r"^\s+(?:region|province|cercle|circle|department|area|state)\b", re.IGNORECASE)
UNIT_SURFACE = re.compile(r" (?:commune|cercle|department|departement|subdivision|arrondissement|municipality)$")
# "in the areas of Kaloumba and Nara": one area named by its places, one event
AREA_LIST = re.compile(r"\b(?:areas?|forests?|zones?|vicinity|region|secteurs?|environs) (?:of|de|du|des)\s*$")
# "Amassine, Anefif subdivision": a town named as the seat of the unit a village lies in
UNIT_AFTER = re.compile(
    r"^\s+(?:subdivision|arrondissement|commune|municipality|district|local government area|lga)\b", re.IGNORECASE
)
# "in Wajiroko, Borno state": a place followed by the region it lies in
IN_REGION_AFTER = re.compile(
    r"^\s*,\s*(?:in\s+)?(?:the\s+|la\s+|le\s+)?(?:[A-ZÀ-Ý][\w'\-]+\s+){1,2}(?:state|region|province|prefecture)\b"
    r"|^\s*,\s*(?:in|dans)\s+(?:the\s+)?(?:north|south|east|west|northern|southern|eastern|western|central|le nord|le "
    r"sud|l est|l ouest|le centre)"
)
# Countries the gazetteer covers only by their larger places (GeoNames cities500).
PARTIAL_COVERAGE = {"NG", "TD", "DZ", "TG", "BJ"}
_BORDER_WORD = re.compile(r"\b(border|frontier|frontiere)s?\b")
CONTAINER = re.compile(
    r"(?:commune|municipality|rural commune|cercle|department|departement|district|prefecture|"
    r"circle)\s+(?:of|de|du|d)\s*$"
)
# "située dans la zone de Banikoara": the place an unknown name next to it lies by (and maybe the event's own)
VICINITY = re.compile(r"(?:zone|area|secteur|vicinity|environs)\s+(?:of|de|du|d)\s*$")
BETWEEN = re.compile(
    r"\b(?:between|entre|from|de|axe|road|route|axis)\s*(?:the\s+|la\s+|le\s+|les\s+)?"
    r"(?:(?:villages?|towns?|localit(?:y|ies)|localites?|communes?) (?:of|de|d)\s*)?$"
)
# "villagers from Nando killed...", "people from the areas of X clashed in Y": where they came from
# where people or fighters came from or went to ("withdrew toward X", "conduites vers les localités de X")
ORIGIN = re.compile(
    r"\b(?:from|toward|towards|en direction de|vers|(?:fled|retreated|withdrew|taken|led|driven|escaped) to)\s+"
    r"(?:(?:the|les|la|le)\s+)?(?:(?:areas?|villages?|towns?|localit(?:y|ies|es?)|communes?|regions?) "
    r"(?:of|near|de|d)\s+)?$"
)
# "the offensive toward Kidal"; French "vers" means "near" after an event ("une embuscade vers Nampala")
# and "toward" only after a movement
TOWARD = re.compile(
    r"(?:\b(?:toward|towards|en direction de)|\b(?:offensive|avancee|progression|marche|colonnes?|"
    r"dirige\w*|deplace\w*|replie\w*|retire\w*|avance\w*)(?:\s+[a-z]+){0,6}?\s+vers)\s+"
    r"(?:(?:the|les|la|le)\s+)?(?:[a-z]+ (?:of|de|d) )?$"
)
# "a security source in Bamako said", "told AFP from Niamey": where the news came from, not the event
REPORTING_BEFORE = re.compile(
    r"\b(?:sources?|officials?|spokes(?:man|person|woman)|correspondents?|journalists?|reporters?|"
    r"told (?:afp|reuters|ap|rfi|the bbc)|said|says|a declare|a indique|ont indique|a affirme|"
    r"a precise|a rapporte|porte parole|joint)(?:\s+[a-z]+){0,3}?\s+(?:in|a|from|depuis|based in|"
    r"basee? a)\s+$"
)
# "a convoy heading to Bamako", "the wounded were evacuated to Niamey", "the mayor of Bankass": a place the
# sentence names for another reason than the event
# "selon Frissons radio", "Studio Tamani FM", "Sahel News": a medium's name, not where anything happened
MEDIA_AFTER = re.compile(
    r"\s+(?:radio|tv|fm|t[eé]l[eé](?:vision)?|news|infos?|agency|media|m[eé]dias?|press|presse)\b", re.IGNORECASE
)
# "the Timbuktu boat", "the Gao bus": a vehicle named for its route, not where the event happened
VEHICLE_AFTER = re.compile(
    r"[\"”’']?\s+(?:boat|ship|vessel|ferry|barge|bus|coach|flight|train|bateau|navire)\b"
    r"(?!\s+(?:station|terminal|stop|depot|park|garage|gare))",  # "the Gao bus station" is in Gao
    re.IGNORECASE,
)
ELSEWHERE_BEFORE = re.compile(
    r"\b(?:en direction de|a destination de|towards|heading (?:to|for)|bound for|en route (?:to|for)|"
    r"on (?:its|their) way to|evacue(?:e|es|s)? (?:a|vers|sur)|evacuated to|transferred to|taken to|"
    r"(?:tribunal|court|parquet|procureur|prosecutor)(?: [a-z]+){0,4}? (?:of|de|d)\s+|"
    r"(?:mayor|governor|prefect|deputy|imam|maire|gouverneur|prefet|depute|elu) (?:of|de|d)\s+"
    r"(?:the\s+)?(?:nearby|neighbouring|neighboring|voisine?)\s+(?:town|village|commune|ville|localite)"
    r" (?:of|de|d)\s+)\s*$"
)
ROUTE_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,60}\)\s*)?(?:to|towards?|à|vers)\b", re.IGNORECASE
)  # raw text: "à", not the verb "a"
MAJOR_CODES = {"PPLC", "PPLA", "PPLA2", "ADM1"}
QUARTER_AFTER = re.compile(r"\s+(?:quarter|neighbou?rhood|district|area|suburb)\s+(?:of|in)\b", re.IGNORECASE)
QUARTER_BEFORE = re.compile(r"(?:quartier|quarter of|neighbou?rhood of|secteur)\s*(?:de\s+|d\s+)?$")
CODED_BEFORE = re.compile(
    r"\bcoded (?:as|at)\s*(?:(?:an? )?approximate location (?:in the vicinity of|near|at|in)\s+)?(?:the\s+)?$"
)


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place | None
    near: bool = False
    area: bool = False
    how: str = "exact"  # exact | fuzzy | alias | unknown
    between: bool = False  # "between Kayes and Diboli": a road between two places, not two places
    container: bool = False  # "in the commune of Banibangou": the area a smaller place lies in
    siblings: list[int] = field(default_factory=list)  # indexes of mentions in the same list (one clause)
    list_id: int = 0  # mentions listed together ("Diboli, Kayes and Kolokani") share it; 0 when alone
    hint: AdminHint | None = None  # "(Gomboro, Sourou)" after the name: the units it lies in
    vicinity: bool = False  # "in the area of Banikoara": where an unknown place beside it lies
    site: bool = False  # "the airport of Bamako": a site of its own in or beside the town
    quarter: bool = False  # "the Sankore quarter (in the town of Timbuktu)": a part of a town named after it
    coded: bool = False  # "(coded as Douentza ...)": the place the coder chose, in ACLED's notes
    origin: bool = False  # "villagers from Nando": where the actors came from, not where it happened
    destination: bool = False  # "the offensive toward Kidal": where they were heading (an origin too)
    reporting: bool = False  # "a source in Bamako said": where the news came from
    area_list: bool = False  # "the areas of Kaloumba and Nara": one area, not several events
    spelling: str | None = None  # the name looked up when it is not the surface ("Galadi (Garin Galadima)")


def place_key(p: PlaceMention) -> str:
    """One key per distinct place of a text: its gazetteer row, else its name."""
    return str(p.place.id) if p.place else p.surface.lower()


def _before_raw(text: str, start: int, width: int = 45) -> str:
    """Folded text before a span, keeping the trailing boundary (for cue regexes ending in $)."""
    chunk = text[max(0, start - width) : start]
    return " ".join(fold(chunk).split()) + (" " if chunk.endswith((" ", "'")) else "")


def _is_person(text: str, start: int, end: int) -> bool:
    prev = fold(text[max(0, start - 25) : start]).split()
    if prev and prev[-1] in TITLES:
        return True
    if text[end : end + 1] in (",", ";", ":", "."):
        return False  # "à Agadez, a-t-on appris": the sentence moved on
    nxt = fold(text[end : end + 25]).split()
    if nxt[:1] and nxt[0] in ("said", "told", "declared", "explained", "added", "says"):
        return True
    return (
        nxt[:1] == ["a"]
        and len(nxt) > 1
        and nxt[1]
        in (
            "declare",
            "dit",
            "affirme",
            "indique",
            "annonce",
            "precise",
            "explique",
            "souligne",
            "ajoute",
            "confie",
            "assure",
        )
    )


_COUNTRY_NAMES = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in sorted(NAME_TO_CODE, key=len, reverse=True)) + r")\b"
)


def country_mentions(text: str) -> list[str]:
    """ISO codes of the countries the text names (names and demonyms), in order; the longest
    name wins ("burkina faso", "cote d ivoire"), and Lake Chad is no mention of Chad."""
    low = " ".join(re.sub(r"\b(?:lake|lac) (?:chad|tchad)\b", "lake", _folded(text)).split())
    return [NAME_TO_CODE[m.group(0)] for m in _COUNTRY_NAMES.finditer(low) if NAME_TO_CODE[m.group(0)]]


# "central Mali", "le nord du Burkina": the admin1 regions an article's direction words point to.
REGIONS_BY_DIRECTION: dict[tuple[str, str], set[str]] = {
    ("ML", "north"): {"Tombouctou", "Gao", "Kidal", "Ménaka", "Taoudénit"},
    ("ML", "central"): {"Mopti", "Ségou"},
    ("ML", "west"): {"Kayes", "Koulikoro"},
    ("ML", "south"): {"Sikasso", "Koulikoro", "Bamako"},
    ("ML", "east"): {"Gao", "Ménaka"},
    ("BF", "north"): {"Sahel", "Nord", "Centre-Nord"},
    ("BF", "east"): {"Est"},
    ("BF", "west"): {"Boucle du Mouhoun", "Hauts-Bassins", "Cascades"},
    ("BF", "central"): {"Centre", "Plateau-Central", "Centre-Nord", "Centre-Sud", "Centre-Ouest"},
    ("BF", "south"): {"Sud-Ouest", "Centre-Sud", "Centre-Est"},
    ("NE", "west"): {"Tillabéri", "Dosso", "Niamey", "Tahoua"},
    ("NE", "south"): {"Maradi", "Zinder", "Dosso"},
    ("NE", "east"): {"Diffa", "Zinder"},
    ("NE", "north"): {"Agadez"},
}
_DIRECTION_WORDS = {
    "north": "north",
    "northern": "north",
    "nord": "north",
    "south": "south",
    "southern": "south",
    "sud": "south",
    "east": "east",
    "eastern": "east",
    "est": "east",
    "west": "west",
    "western": "west",
    "ouest": "west",
    "central": "central",
    "centre": "central",
    "center": "central",
}
DIRECTION = re.compile(
    r"\b(north|northern|south|southern|east|eastern|west|western|central|centre|center|nord|sud|est|ouest)"
    r"\s+(?:of\s+)?(?:du\s+|de\s+l\s+|of\s+the\s+)?(mali|burkina(?: faso)?|niger)\b"
)


def direction_regions(text: str) -> set[str]:
    """Admin1 names hinted by "in central Mali", "dans le nord du Burkina"..."""
    out: set[str] = set()
    for m in DIRECTION.finditer(_folded(text)):
        code = NAME_TO_CODE.get(m.group(2)) or NAME_TO_CODE.get(m.group(2).split()[0])
        if code:
            out |= REGIONS_BY_DIRECTION.get((code, _DIRECTION_WORDS[m.group(1)]), set())
    return out


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    """The folded article, once for the article-wide passes (countries, borders, directions)."""
    return fold(text)


def border_countries(text: str) -> list[str]:
    """Countries whose border the text places events near ("close to the Senegalese border", "the
    border with Burkina Faso", "la frontière avec le Niger")."""
    out: list[str] = []
    low = _folded(text)
    for m in _BORDER_WORD.finditer(low):
        after = low[m.end() : m.end() + 40].split()
        if after[:1] in (["with"], ["avec"]) or m.group(1) == "frontiere":
            words = after[1:] if after[:1] in (["with"], ["avec"]) else after
            words = words[1:] if words[:1] in (["le"], ["la"], ["l"], ["the"]) else words
            names = [" ".join(words[:2]), *words[:1]]
        else:  # "the Senegalese border": the word before
            names = low[max(0, m.start() - 30) : m.start()].split()[-1:]
        code = next((NAME_TO_CODE[n] for n in names if n in NAME_TO_CODE), None)
        if code:
            out.append(code)
    return out


def find_places(  # noqa: C901 - the pipeline of place passes, each one call
    text: str,
    gaz: Gazetteer,
    countries: tuple[str, ...],
    masked: Sequence[tuple[int, int]] = (),
    named: bool = False,
) -> list[PlaceMention]:
    """Place mentions in ``text``, in order; ``masked`` spans (actors) are never places.

    Known names need a context that agrees (see ``_accept``); unknown names are fuzzy-matched
    to a town of the article's countries, or kept by name (place=None) when the context
    clearly makes them places ("the village of X", a list beside known towns).
    """
    raw: list[PlaceMention] = []
    masked = [*masked, *containers.spans(text), *(m.span() for m in GROUP_NAME.finditer(text))]
    for m in _SEQ.finditer(text):
        # "Gwoza Local Government Area": the name before an actor's word ("Government") is still read
        cut = min((s for s, e in masked if m.start() < e and s < m.end()), default=m.end())
        seq = text[m.start() : cut].rstrip()
        if not seq:
            continue
        whole = _whole_name(text, m.start(), seq, gaz, countries) or _bracketed_name(text, m.start(), seq, gaz)
        raw.extend([whole] if whole else _resolve_sequence(text, m.start(), seq, gaz, countries))
    for p in raw:
        before = _before_raw(text, p.start)
        p.between = p.between or bool(BETWEEN.search(before))
        p.origin = bool(ORIGIN.search(before)) and not ROUTE_AFTER.match(text[p.end :])
        p.destination = p.origin and bool(TOWARD.search(_before_raw(text, p.start, 90)))
        p.reporting = bool(
            REPORTING_BEFORE.search(before)
            or ELSEWHERE_BEFORE.search(before)
            or MEDIA_AFTER.match(text, p.end)
            or VEHICLE_AFTER.match(text, p.end)
        )
        _apply_hint(text, p, gaz)
        p.quarter = bool(QUARTER_AFTER.match(text, p.end)) or bool(QUARTER_BEFORE.search(_before_raw(text, p.start)))
        p.coded = bool(CODED_BEFORE.search(_before_raw(text, p.start, 80)))
        p.vicinity = bool(VICINITY.search(before))
    if named:  # the article names its countries: a namesake in another country is not this place,
        for p in raw:  # unless it lies just across their border (a tri-border village)
            if (
                p.place is not None
                and p.place.cc not in countries
                and p.how not in ("alias", "hint")
                and not (p.place.cc in CORE and gaz.near_country(p.place.lat, p.place.lon, countries, ACROSS_BORDER_KM))
            ):
                p.place, p.how = None, "unknown"
    _link_lists(text, raw)
    for p in raw:
        if UNIT_SURFACE.search(fold(p.surface)):  # "Songho, Doucoumbo Commune (...)": the unit Songho lies in
            p.container = True
        p.area_list = bool(p.siblings) and bool(AREA_LIST.search(_before_raw(text, p.start)))
        if p.origin:  # "people from the areas of Fansane and Diakitela": all of them are origins
            for k in p.siblings:
                raw[k].origin = True
    for p in raw:
        _apply_site(text, p, gaz, countries)
    _share_list_hints(text, raw, gaz)
    _cohere(raw, gaz, countries)
    _near_spelling(raw, gaz, countries)
    for p in raw:
        _apply_direction(text, p, gaz, countries)
    accepted = {n for n, p in enumerate(raw) if p.place is not None and _accept(text, p)}
    for n in list(accepted):  # "Diboli, Kayes and Kolokani": a list beside an accepted town
        accepted |= {k for k in raw[n].siblings if raw[k].place is not None}
    out = []
    for n, p in enumerate(raw):
        if p.reporting:  # "a source in Bamako", "evacuated to Niamey": named, but not where it happened
            continue
        if n in accepted or p.hint is not None or (p.place is None and _unknown(text, p, raw, gaz, countries)):
            out.append(p)
    return out


def _apply_hint(text: str, p: PlaceMention, gaz: Gazetteer, hint: AdminHint | None = None) -> None:
    """ "Gomboro (Gomboro, Sourou)": the namesake inside the bracketed units, by the spelling in
    square brackets (the coder's) or this one; none there means a village the gazetteer lacks
    (placed at its unit). "Galadi (Garin Galadima)": a lone name in brackets is another spelling."""
    p.hint = hint or containers.hint_after(text, p.end, gaz)
    alternate = containers.alternate_after(text, p.end, parens=p.hint is None)
    if p.hint is None:  # "Boborgou Saba (Dogona)": a Sahel village keeps its name; the bracket is its commune
        other = (
            gaz.best(alternate)
            if alternate and gaz.is_known(alternate) and not _known_in_core(p.surface, gaz)
            else None
        )
        if other is not None and not other.is_area:
            p.place, p.how, p.spelling = other, "exact", alternate
        return
    found = (
        (alternate and containers.pick(gaz, alternate, p.hint))
        or containers.pick(gaz, p.surface, p.hint)
        or _first_word_inside(p.surface, p.hint, gaz)
    )
    p.place, p.how = (found, "hint") if found else (None, "unknown")


def _first_word_inside(surface: str, hint: AdminHint, gaz: Gazetteer) -> Place | None:
    """ "Aboulala Bargoumawa (Dogondoutchi, Dosso)": a compound the gazetteer lacks is the village its
    first word names inside the bracket's units (a quarter or hamlet of it), when there is one."""
    first = surface.split()[0] if " " in surface else ""
    if len(first) < 4 or fold(first) in STOP:
        return None
    found = gaz.lookup(first, (hint.cc,), limit=20)
    inside = [p for p in found if not p.is_area and p.admin1 == hint.admin1 and fold(p.name) == fold(first)]
    return inside[0] if len(inside) == 1 else None


# "l'aéroport de Bamako", "Niamey airport", "the airport of Gao": the town's airport, a target of its own
AIRPORT_BEFORE = re.compile(r"\b(?:aeroport|airport|aerodrome|airfield)(?: international)? (?:de|d|of)\s+(?:the\s+)?$")
AIRPORT_AFTER = re.compile(r"\s+(?:international\s+)?(?:airport|airfield|aerodrome)\b", re.IGNORECASE)
AIRPORTS = frozenset({"AIRP", "AIRF"})
AIRPORT_KM = 30.0


def _apply_site(text: str, p: PlaceMention, gaz: Gazetteer, countries: tuple[str, ...]) -> None:
    """ "une zone militaire de l'aéroport de Bamako", "Bamako-Sénou airport": the airport's row, not the
    town's (a name the gazetteer lacks is the airport of the town its first word names)."""
    if p.area or not (AIRPORT_BEFORE.search(_before_raw(text, p.start)) or AIRPORT_AFTER.match(text, p.end)):
        return
    towns = [p.place] if p.place is not None else gaz.lookup(p.surface.split("-")[0], countries, limit=3)
    airport = next((a for t in towns if (a := gaz.nearest_of(t, AIRPORTS, AIRPORT_KM))), None)
    if airport is not None:
        p.place, p.site, p.how = airport, True, "exact"


def _known_in_core(name: str, gaz: Gazetteer) -> bool:
    return any(c.cc in CORE and fold(c.name) == fold(name) for c in gaz.lookup(name, CORE, limit=5))


def _share_list_hints(text: str, mentions: list[PlaceMention], gaz: Gazetteer) -> None:
    """ "between Baye and Pissa (Bankass, Mopti)": the bracket after a list's last name holds for all."""
    for p in mentions:
        if p.hint is not None or not p.siblings:
            continue
        last = mentions[max(p.siblings)]
        if last.hint is not None and last.start > p.start:
            _apply_hint(text, p, gaz, last.hint)


# "Katiba Al Mansour", "la katiba Serma": the name after a unit word is the group's, not a place
GROUP_NAME = re.compile(
    r"\b(?:[Kk]atiba[ht]?|[Kk]ateeba|[Ss]ariy?y?a|[Bb]rigade)\s+(?:(?:[Aa]l|[Ee]l|[Dd]u|de)[\s-]+)?[A-Z][\w'’-]+"
)
ACROSS_BORDER_KM = 30.0  # a namesake this close to a town of a country the text names may be across its border
TIE = 1.0  # namesakes scoring within this of the best are told apart by the places around them
COHERE_KM = 150.0


def _cohere(mentions: list[PlaceMention], gaz: Gazetteer, countries: tuple[str, ...]) -> None:
    """ "between Boni and Douentza": of several namesakes of equal standing, the one nearest the
    other places the clause names for sure (bracketed units, aliases, names with one row)."""
    anchors = [q.place for q in mentions if q.place is not None and q.how in ("hint", "alias")]
    anchors += [q.hint.fallback for q in mentions if q.hint is not None and q.hint.fallback]
    ties = {}
    for n, q in enumerate(mentions):
        if q.place is None or q.how != "exact" or q.area:
            continue
        cands = gaz.lookup(q.spelling or q.surface, countries, limit=12)
        close = [c for c in cands if c.score >= cands[0].score - TIE and not c.is_area]
        if len(close) == 1:
            anchors.append(close[0])
        elif close:
            ties[n] = close
    for n, close in ties.items():
        others = anchors or [c for k, cs in ties.items() if k != n for c in cs]  # else: the closest pair
        others = [a for a in others if all(a.id != c.id for c in close)]
        if not others:
            continue
        dist, best = min((min(km_between(c, a) for a in others), i) for i, c in enumerate(close))
        if dist <= COHERE_KM:
            mentions[n].place = close[best]


NEAR_SPELLING = 75.0  # a spelling this close (rapidfuzz ratio) may be the same village written otherwise


def _near_spelling(mentions: list[PlaceMention], gaz: Gazetteer, countries: tuple[str, ...]) -> None:
    """ "entre Diédiéni et Kolokani": when the only namesake of a listed name lies far from the places
    listed with it, a village spelled nearly alike beside them is the one meant (GeoNames: Didiéni)."""
    for q in mentions:
        if q.place is None or q.how != "exact" or q.area or len(q.siblings) != 1:
            continue  # (a pair, "between X and Y"; a longer list may span a country)
        others = [pl for k in q.siblings if (pl := mentions[k].place) is not None and mentions[k].how != "unknown"]
        if not others or min(km_between(q.place, o) for o in others) <= COHERE_KM:
            continue
        for cand in gaz.fuzzy(q.spelling or q.surface, countries, min_score=NEAR_SPELLING, limit=8):
            if not cand.is_area and min(km_between(cand, o) for o in others) <= COHERE_KM / 2:
                q.place, q.how = cand, "fuzzy"
                break


DIRECTION_AFTER = re.compile(
    r"\s*\(\s*(nord|sud|est|ouest|centre|north|south|east|west|central|center)\s*\)", re.IGNORECASE
)


def _apply_direction(text: str, p: PlaceMention, gaz: Gazetteer, countries: tuple[str, ...]) -> None:
    """ "vers Nampala (centre)": the namesake in that part of the country."""
    m = DIRECTION_AFTER.match(text, p.end)
    if m is None or p.place is None or p.how not in ("exact", "fuzzy"):
        return
    direction = _DIRECTION_WORDS[fold(m.group(1))]
    for cand in gaz.lookup(p.spelling or p.surface, countries, limit=12):
        if cand.admin1 in REGIONS_BY_DIRECTION.get((cand.cc, direction), ()):
            p.place = cand
            return


def _resolve_sequence(
    text: str, start: int, seq: str, gaz: Gazetteer, countries: tuple[str, ...]
) -> list[PlaceMention]:
    tokens = [(t.start(), t.group(0)) for t in re.finditer(r"\S+", seq)]
    out: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        found = None
        for j in range(len(tokens), i, -1):
            s, e = tokens[i][0], tokens[j - 1][0] + len(tokens[j - 1][1])
            surface = seq[s:e]
            key = fold(surface)
            if key in STOP or key in NAME_TO_CODE:
                continue
            if gaz.is_known(surface):
                found = (j, s, e, surface)
                break
        if found:
            j, s, e, surface = found
            out.append(_mention(text, start + s, start + e, surface, gaz, countries))
            i = j
            continue
        tok = tokens[i][1]
        key = fold(tok)
        if tok.endswith(("'s", "’s")):  # "Shekau's fighters": a person's, never a place
            i += 1
            continue
        if (
            key not in STOP
            and key not in NAME_TO_CODE
            and key not in PEOPLES
            and len(key) >= 3
            and not _is_person(text, start + tokens[i][0], start + tokens[i][0] + len(tok))
        ):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.how == "unknown"
                and prev.end == start + tokens[i - 1][0] + len(tokens[i - 1][1])
            ):
                prev.end = start + tokens[i][0] + len(tok)  # "Haguaye Peul": one unknown name, not two
                prev.surface = text[prev.start : prev.end]
            else:
                out.append(
                    PlaceMention(start + tokens[i][0], start + tokens[i][0] + len(tok), tok, None, how="unknown")
                )
        i += 1
    return [p for p in out if not _is_person(text, p.start, p.end)]


def _bracketed_name(text: str, start: int, seq: str, gaz: Gazetteer) -> PlaceMention | None:
    """ "Bouyagui Were (Niono, Segou)": a name of several words followed by its units is one village,
    looked up whole inside them (or placed at them), never cut into a known first word and a rest."""
    end = start + len(seq)
    # "location coded as Boucle du Baoule National Park (Kita, Kayes)": the coder's name is one place,
    # whatever words it holds
    coded = " " in seq and not gaz.is_known(seq) and bool(CODED_BEFORE.search(_before_raw(text, start, 80)))
    if not (coded or _unknown_compound(seq, gaz)) or containers.hint_after(text, end, gaz) is None:
        return None
    return PlaceMention(start, end, seq, None, how="unknown")


def _unknown_compound(seq: str, gaz: Gazetteer) -> bool:
    """A name of several words, none of them a stop word, that the gazetteer lacks as written."""
    return " " in seq and not gaz.is_known(seq) and not any(fold(t) in STOP for t in seq.split())


def _whole_name(text: str, start: int, seq: str, gaz: Gazetteer, countries: tuple[str, ...]) -> PlaceMention | None:
    """ "Dan Kassari" (GeoNames: Dan Kasseri): a name of several words the gazetteer lacks as written is
    matched whole, by spelling, before its first word ("Dan") is taken for a place of its own."""
    if not _unknown_compound(seq, gaz):
        return None
    before = _before_raw(text, start)
    if not (STRONG_CUE.search(before) or WEAK_CUE.search(before)):
        return None
    found = gaz.fuzzy(seq, countries, min_score=88.0, limit=1)
    if not found:
        return None
    return PlaceMention(start, start + len(seq), seq, found[0], how="fuzzy", near=bool(NEAR_CUE.search(before)))


def _mention(text: str, s: int, e: int, surface: str, gaz: Gazetteer, countries: tuple[str, ...]) -> PlaceMention:
    before = _before_raw(text, s)
    area = bool(REGION_BEFORE.search(before) or REGION_AFTER.match(text[e:]))
    place = gaz.region(surface, countries) if area else None
    place = place or gaz.best(surface, countries) or gaz.region(surface, countries)
    how = "alias" if fold(surface) in gaz.preferred else "exact"
    if area and place and not place.is_area:
        area = False
    end = e
    after = REGION_AFTER.match(text[e:])
    if area and after:
        end = e + after.end()
    return PlaceMention(
        s,
        end,
        text[s:end],
        place,
        near=bool(NEAR_CUE.search(before)),
        area=area,
        how=how,
        between=bool(BETWEEN.search(before)),
        container=area or bool(CONTAINER.search(before)) or bool(UNIT_AFTER.match(text[e:])),
    )


_LIST_IDS = itertools.count(1)
# ", ", " and ", " et de ": what separates the members of a list of places
LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+)?|and|et|or|ou)\s*(?:(?<=et )(?:de |d'|d’|du )\s*)?")


def _link_lists(text: str, mentions: list[PlaceMention]) -> None:
    """Mentions separated only by ', ' / ' and ' / ' et ' form a list (siblings)."""
    groups: list[list[int]] = []
    for n, p in enumerate(mentions):
        if n and LIST_SEP.fullmatch(text[mentions[n - 1].end : p.start]):
            groups[-1].append(n)
        else:
            groups.append([n])
    for g in groups:
        list_id = next(_LIST_IDS) if len(g) > 1 else 0
        for n in g:
            mentions[n].siblings = [k for k in g if k != n]
            mentions[n].list_id = list_id


def _accept(text: str, p: PlaceMention) -> bool:
    before = _before_raw(text, p.start)
    sentence_initial = not text[: p.start].strip() or text[: p.start].rstrip()[-1:] in '.!?\n"'
    if STRONG_CUE.search(before) or WEAK_CUE.search(before) or p.area:
        return True
    if p.how == "alias" or p.coded or p.container:  # "(coded as X ...)": the coder's choice; "X Local Government Area"
        return True
    major = p.place is not None and (p.place.fcode in MAJOR_CODES or p.place.population >= 20000)
    return major and not (sentence_initial and fold(p.surface) in STOP)


AXIS_BEFORE = re.compile(r"\b(?:axe|axis|road|route|between|entre)\s*(?:the\s+|l\s+)?$")  # "l'axe Douentza-Hombori"
ROAD_AFTER = re.compile(r"\s+(?:road|highway|axis|route|track)\b", re.IGNORECASE)  # "the Douentza-Hombori road"


def _known_part(surface: str, gaz: Gazetteer, countries: tuple[str, ...]) -> Place | None:
    """The first part of an unknown hyphenated name that names one village only there ("Sokoura-Diallo":
    Sokoura is everywhere, so the name stays unknown)."""
    parts = surface.split("-")
    if len(parts) < 2:
        return None
    for part in parts:
        if len(part) >= 3 and fold(part) not in STOP:
            found = gaz.lookup(part, countries, limit=2)
            if len(found) == 1 and found[0].cc in countries and found[0].fcode.startswith("PPL"):
                return found[0]
    return None


TRANSPOSED_MIN = 70.0  # a swap of two letters far apart scores low on plain similarity


def _transposed(surface: str, gaz: Gazetteer, countries: tuple[str, ...]) -> Place | None:
    """The one village spelt with exactly the same letters in another order (a typo that swaps two
    letters: "Efrakane"/"Ekrafane"), which plain similarity ranks below shorter look-alikes."""
    key = fold(surface)
    if len(key) < 6 or " " in key:
        return None
    letters = sorted(key)
    found = [
        c for c in gaz.fuzzy(surface, countries, min_score=TRANSPOSED_MIN, limit=8) if sorted(fold(c.name)) == letters
    ]
    return found[0] if len(found) == 1 else None


def _unknown(text: str, p: PlaceMention, raw: list[PlaceMention], gaz: Gazetteer, countries: tuple[str, ...]) -> bool:
    """Decide (and fill in) a name the gazetteer lacks; True when it is kept as a place."""
    before = _before_raw(text, p.start)
    in_known_list = any(raw[k].place is not None and _accept(text, raw[k]) for k in p.siblings)
    strong = bool(STRONG_CUE.search(before))
    weak = bool(WEAK_CUE.search(before))
    if not (strong or in_known_list or weak):
        return False
    p.near = bool(NEAR_CUE.search(before))
    fuzzy = gaz.fuzzy(p.surface, countries, min_score=85.0, limit=1)
    if fuzzy and (fuzzy[0].cc in countries or not countries):
        p.place, p.how = fuzzy[0], "fuzzy"
        return True
    swapped = _transposed(p.surface, gaz, countries)
    if swapped is not None:  # "Efrakane" for Ekrafane: the same letters, two of them swapped
        p.place, p.how = swapped, "fuzzy"
        return True
    part = (
        None if ROAD_AFTER.match(text, p.end) or AXIS_BEFORE.search(before) else _known_part(p.surface, gaz, countries)
    )
    if part is not None:  # "Liki-Boukouma": a twin name, placed near its first known part
        p.place, p.how, p.near = part, "fuzzy", True
        return True
    located = bool(IN_REGION_AFTER.match(text[p.end :])) or bool(countries and countries[0] in PARTIAL_COVERAGE)
    return strong or in_known_list or (weak and located)
