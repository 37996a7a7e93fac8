"""Questions in plain words (EN/FR, typos welcome) to a structured query. Pure functions.

The parser peels off, in order: follow-up words, time range, radius, actors, event types,
what is wanted (list, count, fatalities, who, trend, map) and victims; what is left is the
place, matched exactly, then fuzzily (rapidfuzz) against the gazetteer and the places
already in the store. An uncertain match is kept *and* reported ("did you mean ...?").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import KeysView
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.questions.timeranges import find_range, prepare
from bot.understand import actors as A
from store.filter import Filter
from store.geo.countries import CORE, COUNTRIES, NAME_TO_CODE, country_name
from store.geo.distance import haversine_km
from store.geo.gazetteer import Gazetteer, region_key
from store.geo.textnorm import fold

IN_TOWN_KM = 10.0  # "in Timbuktu": the town and its immediate surroundings
COMPARABLE = 0.25  # a namesake a quarter as populous as the first choice may be the one meant
NAMESAKE_APART_KM = 50.0  # namesakes closer than this are one place for a question
STORED_NAMESAKE_KM = 25.0  # the store's incidents named X are about the gazetteer's X when this close
VIOLENT = ["Battles", "Explosions/Remote violence", "Violence against civilians"]
TYPE_WORDS: list[tuple[str, dict]] = [
    (
        r"drone strikes?|drone attacks?|air ?strikes?|airstrikes?|air raids?|frappes? (?:de drones?|aeriennes?|par "
        r"drone)|bombardements? aeriens?|drones?",
        {"sub": ["Air/drone strike"], "label": "Drone/air strikes"},
    ),
    (
        r"ieds?|landmines?|mines?|explosive devices?|engins? explosifs?|eei|roadside bombs?",
        {"sub": ["Remote explosive/landmine/IED"], "label": "IED/landmine explosions"},
    ),
    (
        r"suicide (?:bombings?|attacks?|bombers?)|attentats? suicides?|kamikazes?",
        {"sub": ["Suicide bomb"], "label": "Suicide bombings"},
    ),
    (
        r"shelling|mortars?|rockets?|artillery|obus|roquettes?",
        {"sub": ["Shelling/artillery/missile attack"], "label": "Shelling"},
    ),
    (
        r"kidnappings?|kidnapped|abductions?|abducted|hostages?|enlevements?|enleves?|rapts?|otages?",
        {"sub": ["Abduction/forced disappearance"], "label": "Abductions"},
    ),
    (
        r"massacres?|tueries?",
        {"types": ["Violence against civilians"], "label": "Massacres (violence against civilians)"},
    ),
    (
        r"violence against civilians|attacks? on civilians|attacks? against civilians|civilian attacks?|killings? of "
        r"civilians|"
        r"civilian killings?|murders? of civilians|attaques? contre (?:les )?(?:populations )?civil(?:e)?s|violences? "
        r"contre (?:les )?civils|"
        r"(?:meurtres?|assassinats?|tueries?) de civils",
        {"types": ["Violence against civilians"], "label": "Violence against civilians"},
    ),
    (r"ambush(?:es)?|embuscades?", {"types": ["Battles"], "label": "Ambushes and clashes"}),
    (
        r"clash(?:es)?|fighting|battles?|combats?|affrontements?|accrochages?",
        {"types": ["Battles"], "label": "Clashes"},
    ),
    (r"protests?|demonstrations?|manifestations?|rallies|marches?", {"types": ["Protests"], "label": "Protests"}),
    (r"riots?|emeutes?|mob violence|lynching", {"types": ["Riots"], "label": "Riots"}),
    (r"looting|pillages?|lootings?", {"sub": ["Looting/property destruction"], "label": "Looting"}),
    (r"arrests?|arrestations?", {"sub": ["Arrests"], "label": "Arrests"}),
    (
        r"explosions?|bombings?|remote violence",
        {"types": ["Explosions/Remote violence"], "label": "Explosions/remote violence"},
    ),
    (
        r"attacks?|attacked|attaques?|attaque|attentats?|raids?|assaults?|violence|violent events?|killings?",
        {"types": VIOLENT, "label": "Attacks"},
    ),
    (
        r"incidents?|events?|evenements?|anything|quoi|news|nouvelles|what happened|que s est il passe|activity|"
        r"activite",
        {"label": "Incidents"},
    ),
]
WANT_WORDS = [
    (r"\b(?:how many|combien|number of|nombre d|nombre de|count|total)\b", "count"),
    (
        r"\b(?:who|qui|which groups?|quels? groupes?|most active|le plus actif|les plus actifs|responsible|"
        r"responsables?)\b",
        "actors",
    ),
    (
        r"\b(?:trend|tendance|evolution|over time|timeline|chronologie|per month|par mois|per week|par semaine)\b",
        "trend",
    ),
    (r"\b(?:map|carte)\b", "map"),
]
KILLED = re.compile(
    r"\b(?:killed|dead|deaths?|died|fatalities|victims?|casualties|tues?|tuees?|morts?|victimes|deces)\b"
)
VICTIMS = [
    (re.compile(r"\b(?:soldiers?|troops|military personnel|soldats?|militaires)\b"), "soldiers"),
    (re.compile(r"\b(?:civilians?|civils?|villagers|villageois)\b"), "civilians"),
    (re.compile(r"\b(?:militants?|jihadists?|terrorists?|terroristes?|djihadistes?|jihadistes?)\b"), "militants"),
]
NEAR = re.compile(
    r"\b(?:near|around|close to|nearby|vicinity of|pres d[eu]?|pres des|autour d[eu]?|aux environs d[eu]?|vers|proche "
    r"d[eu]?|non loin d[eu]?)\s*$"
)
IN = re.compile(r"\b(?:in|at|inside|a|au|aux|dans|en|sur|of|de|du|d)\s*$")
RADIUS = re.compile(
    r"\b(?:within|in a radius of|dans un rayon de|a moins de|less than|under|moins de|rayon "
    r"de)?\s*(\d+(?:\.\d+)?)\s*(km|kms|kilometers?|kilometres?|mi|miles?)\b(?:\s+(?:of|from|around|de|d|autour de))?"
)
FOLLOW_UP = re.compile(
    r"^(?:and|et|what about|how about|same|pareil|idem|only|seulement|uniquement|just|juste|et pour|and for|and in|et "
    r"a|et en|and near|et pres de)\b"
)
MORE = re.compile(r"^(?:show more|more|next|plus|la suite|suite|suivant|voir plus|encore|more please|next page)\W*$")
FILLER = frozenset(
    """
hello hi hey bonjour salut merci thanks thank ok okay yes no oui non help aide test do does bot what
which where when who is are was were there any the a an of in on at to for from by with and or near
around show me list give tell about latest recent news all some did have has been happened happen
please can you quels quelles quel quelle les le la des du de un une y a t il eu dans sur pour par
avec et ou pres depuis entre donne moi montre liste dernieres derniers recentes recents tous toutes
au aux en est sont ont ete on s se qu que this last since between until before after week month year
ce cette mois semaine annee hier today yesterday how many much count number combien nombre total
killed dead died deaths fatalities victims tues tuees morts victimes soldiers soldats civilians
civils people personnes militaires by par within km kilometres miles rayon region province cercle
circle department area zone town city village ville localite commune district only just same also
again still more encore aussi seulement uniquement et and whose qui who did commis attacked attaque
attaques attacks happened there here ca cela that those these it its operation operations ops activities
lieu eu survenu survenus survenue survenues produit produits passe passes recenses occurred took place
""".split()
)
REGION_WORDS = re.compile(r"\b(?:region|regions|province|cercle|circle|department|departement|area)\b")
# Words that join the parts of one place name ("Boucle du Mouhoun", "Fada N'Gourma", "Ber el Hadj").
CONNECTORS = frozenset({"du", "de", "des", "la", "le", "el", "d", "l", "n", "al", "ag", "ould", "ben"})
_AREAS = tomllib.loads((Path(__file__).parent / "data" / "areas.toml").read_text(encoding="utf-8"))
AREA_WORDS: dict[str, str] = _AREAS.pop("words")
NAMED_AREAS: dict[str, dict] = _AREAS.pop("named")
_NAMED_RE = re.compile(
    r"\b(?:" + "|".join(sorted((w for a in NAMED_AREAS.values() for w in a["words"]), key=len, reverse=True)) + r")\b"
)
_NAMED_BY_WORD = {w: key for key, a in NAMED_AREAS.items() for w in a["words"]}
_DIR = "|".join(sorted(AREA_WORDS, key=len, reverse=True))
_COUNTRY_WORDS = "|".join(
    sorted((k for k, c in NAME_TO_CODE.items() if country_name(c) in _AREAS), key=len, reverse=True)
)
AREA_RE = re.compile(
    rf"\b(?:the\s+|le\s+|l\s+)?(?P<d>{_DIR})(?:\s+part)?\s+(?:of\s+(?:the\s+)?|du\s+|de\s+l\s+|de\s+la\s+|d\s+)?(?P<c>{_COUNTRY_WORDS})\b"
    rf"|\b(?P<c2>{_COUNTRY_WORDS})\s+s\s+(?P<d2>{_DIR})\b"
)
GENERIC_REGION_WORDS = frozenset(AREA_WORDS) | {"sahel", "plateau", "cascades", "hauts", "bassins", "boucle"}


@dataclass
class PlaceRef:
    name: str
    kind: str  # town | admin2 | admin1 | area (several admin1: "central Mali") | country
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    typed: str = ""
    score: float = 100.0
    important: bool = True  # a town, a region or a place already in the store (not a hamlet)
    regions: list[str] = field(default_factory=list)  # an area's admin1 regions
    alternatives: list[PlaceRef] = field(default_factory=list, repr=False)  # near ties of a fuzzy match


@dataclass
class Query:
    """What a question asks, as data (printed back to the user and serialised with --json)."""

    text: str = ""
    place: PlaceRef | None = None
    relation: str | None = None  # near | in
    radius_km: float | None = None
    date_from: date | None = None
    date_to: date | None = None
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    type_label: str = "Incidents"
    actors: list[str] = field(default_factory=list)
    want: str = "list"
    victims: str | None = None
    offset: int = 0
    suggestion: str | None = None  # the place's name when it was read from a near spelling
    alternatives: list[PlaceRef] = field(default_factory=list)  # other places the words may mean (namesakes)
    unknown_place: str | None = None
    is_question: bool = True
    follow_up: bool = False
    lang: str = "en"  # the question's language: answers use it
    shown: int = 10  # cards the last answer showed ("show more" continues after them)

    def to_filter(self, limit: int | None = None) -> Filter:
        f = Filter(
            date_from=self.date_from,
            date_to=self.date_to,
            event_types=list(self.event_types),
            sub_event_types=list(self.sub_event_types),
            actors=list(self.actors),
            limit=limit,
        )
        p = self.place
        if p and p.kind == "country":
            f.countries = [p.name]
        elif p and p.kind in ("admin1", "area"):
            f.admin1, f.countries = p.regions or [p.admin1 or p.name], [p.country] if p.country else []
        elif p and p.kind == "admin2":
            f.admin2, f.countries = [p.name], [p.country] if p.country else []
        elif p and p.lat is not None and p.lon is not None:
            f.center, f.radius_km = (p.lat, p.lon), self.radius_km
        return f

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("date_from", "date_to"):
            d[k] = d[k].isoformat() if d[k] else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Query:
        """The inverse of ``to_dict`` (a stored answer's query, read back days later)."""
        fields = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        place = fields.get("place")
        fields["place"] = PlaceRef(**place) if place else None
        fields["alternatives"] = [PlaceRef(**p) for p in fields.get("alternatives") or []]
        for k in ("date_from", "date_to"):
            fields[k] = date.fromisoformat(fields[k]) if fields.get(k) else None
        return cls(**fields)


# -- actors ---------------------------------------------------------------------------
# Words that name victims or everybody in questions, never an actor filter.
_NOT_ACTOR_IN_QUESTIONS = {
    "soldiers",
    "troops",
    "soldats",
    "militaires",
    "gendarmes",
    "military camp",
    "army camp",
    "barracks",
    "convoy",
    "market",
    "police station",
    "camp militaire",
    "jihadists",
    "jihadistes",
    "djihadistes",
    "terrorists",
    "terroristes",
    "militants",
    "islamists",
    "islamistes",
    "insurgents",
    "assailants",
    "assaillants",
    "attackers",
    "gunmen",
    "armed men",
    "hommes armes",
    "bandits",
    "jihadist fighters",
    "armed group",
    "armed groups",
    "groupe arme",
    "groupes armes",
    "gang",
    "motorcyclists",
    "jas",
}
_ACTOR_ALIASES: dict[str, str] = {}
for _name, (_kind, _aliases) in A.ACTORS.items():
    if _name in (A.CIVILIANS, A.PROTESTERS, A.RIOTERS):
        continue
    for _a in _aliases:
        if len(_a) >= 3 and _a not in _NOT_ACTOR_IN_QUESTIONS:
            _ACTOR_ALIASES.setdefault(_a, _name)
_ACTOR_ALIASES.update(
    {
        "wagner": "Wagner Group",
        "russians": "Africa Corps",
        "russes": "Africa Corps",
        "isis": A.IS_SAHEL,
        "daesh": A.IS_SAHEL,
        "al qaeda": A.JNIM,
        "eis": A.IS_SAHEL,
    }
)
_ACTOR_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(a).replace(r"\ ", " ") for a in sorted(_ACTOR_ALIASES, key=len, reverse=True))
    + r")\b"
)
_TYPO_TARGETS = {
    "jnim": A.JNIM,
    "wagner": "Wagner Group",
    "iswap": A.ISWAP,
    "eigs": A.IS_SAHEL,
    "dozo": "Dozo Communal Militia ({country})",
    "koglweogo": "Koglweogo Militia",
    "fama": A.MILITARY,
    "boko": A.BOKO_HARAM,
}


def _find_actors(q: str, is_place=lambda _w: False) -> tuple[list[str], list[tuple[int, int]]]:
    """ACLED actor names (maybe with {country}) named in the question, typos included. A word
    that is also a place is a place where a place is expected ("near Fada", "à Diafarabé")."""
    out, spans = [], []
    for m in _ACTOR_RE.finditer(q):
        if _relation(q, m.start()) and is_place(m.group(0)):
            continue
        name, end = _ACTOR_ALIASES[m.group(0)], m.end()
        if m.group(0) in A.COUNTRY_HINTS:  # "FAMa", "soldats nigériens"
            name = name.replace("{country}", A.COUNTRY_HINTS[m.group(0)])
        demonym = re.match(r"\s+([a-z]+)\b", q[end:])  # "l'armée malienne", "the army of Niger"
        if "{country}" in name and demonym and demonym[1] in NAME_TO_CODE:
            country = country_name(NAME_TO_CODE[demonym[1]]) or "{country}"
            name, end = name.replace("{country}", country), end + demonym.end()
        out.append(name)
        spans.append((m.start(), end))
    if "Wagner Group" in out:  # analysts still say "Wagner" for the Russian forces now named Africa Corps
        out.append("Africa Corps")
    for tok in re.finditer(r"[a-z]{4,}", q):
        if any(s <= tok.start() < e for s, e in spans) or tok.group(0) in FILLER or is_place(tok.group(0)):
            continue
        hit = process.extractOne(tok.group(0), list(_TYPO_TARGETS), scorer=fuzz.ratio, score_cutoff=75)
        if hit:
            out.append(_TYPO_TARGETS[hit[0]])
            spans.append(tok.span())
    return list(dict.fromkeys(out)), spans


# -- places ---------------------------------------------------------------------------
@cache
def _gazetteer_choices(gaz: Gazetteer) -> list[str]:
    """Names worth fuzzy-matching a question against: towns of some size and regions (once per process)."""
    major = {
        gaz.names[r]
        for r in range(len(gaz.names))
        if gaz.fcodes[r] in ("PPLC", "PPLA", "PPLA2", "ADM1") or gaz.pop[r] >= 5000
    }
    return sorted({fold(n) for n in major | set(gaz.admin1_names.values())} - {""})


@cache
def _admin1_by_key(gaz: Gazetteer) -> dict[str, tuple[str, str]]:
    """Folded admin1 name -> (country code, name), for the covered countries."""
    return {fold(name): (code[:2], name) for code, name in gaz.admin1_names.items() if code[:2] in COUNTRIES}


class PlaceFinder:
    """Resolves the place words of a question against the gazetteer and the store's places."""

    def __init__(self, gaz: Gazetteer, store_places: list[tuple[str, str, float, float, int]] | None = None) -> None:
        """``store_places``: (location, country, lat, lon, incidents) of the store (``IncidentStore.places``)."""
        self.gaz = gaz
        self.stored: dict[str, list[tuple[str, str, float, float, int]]] = {}  # folded name -> its places
        for place in store_places or []:
            self.stored.setdefault(fold(place[0]), []).append(place)

    def choices(self) -> list[str]:
        return _gazetteer_choices(self.gaz)

    def exact(self, phrase: str, region: bool) -> PlaceRef | None:
        key = fold(phrase)
        code = NAME_TO_CODE.get(key)
        if code and not region:
            name = country_name(code) or phrase
            return PlaceRef(name, "country", name, typed=phrase)
        admin1 = _admin1_by_key(self.gaz).get(key)
        generic = key in GENERIC_REGION_WORDS  # "Sahel", "Est": regions only when called so
        unit = self.gaz.region(phrase, CORE) if region else None
        if unit and (as_unit := self._area(unit, key, region)):
            return as_unit
        if admin1 and (region or not generic and not self._town_first(phrase)):
            return self._admin1(admin1[0], admin1[1], phrase)
        best = self.gaz.best(phrase, CORE, area=region)
        if best and (region or not generic or best.fcode not in ("ADM1", "ADM2")):
            area = self._area(best, key, region)
            if area:
                return area
            important = (
                best.fcode in ("PPLC", "PPLA", "PPLA2", "PPLA3", "ADM1", "ADM2", "MLTY")
                or best.population >= 1000
                or key in self.known_keys()
            )
            found = PlaceRef(
                best.name, "town", best.country, best.admin1, best.lat, best.lon, phrase, important=important
            )
            return self._stored(key, phrase, found)
        return self._stored(key, phrase, None)

    def namesakes(self, ref: PlaceRef) -> list[PlaceRef]:
        """Other towns of some size with the same name in the core countries ("Kaya": Burkina's city
        and a Malian town), for a subscription to ask which one is meant."""
        if ref.kind != "town" or not ref.typed:
            return []
        out = []
        for p in self.gaz.lookup(ref.typed, CORE, limit=8):
            far = ref.lat is None or ref.lon is None or haversine_km(ref.lat, ref.lon, p.lat, p.lon) > NAMESAKE_APART_KM
            same = p.cc in CORE and fold(p.name) == fold(ref.name)
            if same and far and not p.is_area and p.population >= COMPARABLE * max(self._population(ref), 1):
                out.append(PlaceRef(p.name, "town", p.country, p.admin1, p.lat, p.lon, ref.typed))
        return out[:2]

    def _population(self, ref: PlaceRef) -> int:
        best = self.gaz.best(ref.typed, CORE)
        return best.population if best and best.name == ref.name else 0

    def _town_first(self, phrase: str) -> bool:
        """A region's name read as a town: when a town of some size bears it ("Mopti", "Kidal"),
        not a hamlet (Nigeria's Borno state, not a Malian village)."""
        town = self.gaz.best(phrase, CORE)
        return (
            town is not None
            and not town.is_area
            and (town.fcode in ("PPLC", "PPLA", "PPLA2") or town.population >= 5000)
        )

    def _stored(self, key: str, phrase: str, found: PlaceRef | None) -> PlaceRef | None:
        """The store's own place of that name when the gazetteer has none, or when the store's
        incidents are all about another namesake than the gazetteer's first choice."""
        places = self.stored.get(key)
        if not places:
            return found
        if (
            found
            and found.lat is not None
            and found.lon is not None
            and any(haversine_km(found.lat, found.lon, lat, lon) <= STORED_NAMESAKE_KM for _, _, lat, lon, _ in places)
        ):
            return found
        name, country, lat, lon, _ = max(places, key=lambda p: p[4])
        return PlaceRef(name, "town", country, None, lat, lon, phrase)

    def known_keys(self) -> KeysView[str]:
        """Folded names of the places the store's incidents name."""
        return self.stored.keys()

    def _area(self, best, key: str, region: bool) -> PlaceRef | None:
        """An admin unit when the best row is one, or when the question says "region" and the
        town gives its name to its unit (Tillabéri, Bandiagara)."""
        if best.fcode == "ADM1" or region and best.admin1 and region_key(best.admin1) == region_key(best.name):
            return self._admin1(best.cc, best.admin1 or best.name, key)
        if best.fcode == "ADM2" or region and best.admin2 and region_key(best.admin2) == region_key(best.name):
            name = best.admin2 or best.name
            return PlaceRef(name, "admin2", best.country, best.admin1, best.lat, best.lon, key)
        return None

    def area(self, q: str) -> tuple[PlaceRef, tuple[int, int]] | None:
        """ "central Mali", "le nord du Burkina", "Niger's west", "the tri-border area": the admin1
        regions of that part."""
        named = _NAMED_RE.search(q)
        if named:
            key = _NAMED_BY_WORD[named.group(0)]
            return PlaceRef(
                key, "area", None, regions=list(NAMED_AREAS[key]["regions"]), typed=named.group(0)
            ), named.span()
        for m in AREA_RE.finditer(q):
            part = AREA_WORDS[m["d"] or m["d2"]]
            name = country_name(NAME_TO_CODE[m["c"] or m["c2"]]) or ""
            regions = _AREAS.get(name, {}).get(part)
            if not regions or self._names_a_region(q, m):
                continue
            return PlaceRef(part, "area", name, regions=list(regions), typed=m.group(0)), m.span()
        return None

    def _names_a_region(self, q: str, m: re.Match) -> bool:
        """ "Centre-Nord du Burkina" is a region, not the north of Burkina."""
        before = q[: m.start("d")].split()[-1:] if m["d"] else []
        key = " ".join([*before, m["d"]]) if m["d"] else ""
        return bool(key) and key in _admin1_by_key(self.gaz)

    def _admin1(self, cc: str, name: str, typed: str) -> PlaceRef:
        area = self.gaz.admin1_area(cc, name)
        return PlaceRef(
            name, "admin1", country_name(cc), name, area.lat if area else None, area.lon if area else None, typed
        )

    def fuzzy(self, phrase: str, region: bool) -> PlaceRef | None:
        """Closest known name (typos: "Kayse", "Tombouctu"); among near-ties the more important
        place wins, and places already in the store count a little more."""
        key = fold(phrase)
        if len(key) < 4:
            return None
        known = self.known_keys()
        hits = process.extract(key, self.choices(), scorer=fuzz.QRatio, score_cutoff=75, limit=8) + process.extract(
            key, sorted(known), scorer=fuzz.QRatio, score_cutoff=75, limit=4
        )
        if not hits:
            return None
        best = max(h[1] + (3 if h[0] in known else 0) for h in hits)
        ranked = []
        for name, sim, _ in hits:
            if sim + (3 if name in known else 0) < best - 3:
                continue
            ref = self.exact(name, region)
            if ref:
                place = self.gaz.best(name, CORE) if ref.kind == "town" else None
                ranked.append(((place.score if place else 10.0) + sim / 10, sim, ref))
        if not ranked:
            return None
        ranked.sort(key=lambda t: -t[0])
        _, sim, ref = ranked[0]
        ref.typed, ref.score = phrase, sim
        seen = {(ref.name, ref.country)}
        for _, other_sim, other in ranked[1:]:  # "did you mean X (Mali) or Y (Niger)?"
            if (other.name, other.country) not in seen and len(ref.alternatives) < 2:
                seen.add((other.name, other.country))
                ref.alternatives.append(replace(other, typed=phrase, score=other_sim))
        return ref


QUESTION_START = re.compile(
    r"^(?:what|which|where|when|who|whom|how|any|anything|is there|are there|show|list|give|tell|find|count|"
    r"combien|quels?|quelles?|ou|qui|quand|comment|y a t il|est ce|montre|liste|donne|trouve|and|et|only|"
    r"attacks?|attaques?|incidents?|clashes|kidnappings?|drone|jnim|eigs)\b"
)


def looks_like_question(text: str) -> bool:
    """Chat input: a question rather than an article to ingest. A '?' or a question word makes
    a question; otherwise only short lines are questions ("attacks near Kayes")."""
    t = text.strip()
    n_words = len(t.split())
    if n_words == 0:
        return False
    if t.endswith("?") and n_words <= 60:
        return True
    if QUESTION_START.match(" ".join(fold(t).split())) and n_words <= 30:
        return True
    return n_words <= 11


FRENCH = re.compile(
    r"\b(?:combien|quels?|quelles?|attaques?|pres|depuis|tues|tuees|qui|dans|au|aux|les|des|du|la|le|"
    r"et|enlevements?|frappes?|affrontements?|manifestations?|semaine|mois|annee|hier|aujourd|"
    r"cette|ce|quoi|neuf|region|entre|bonjour|salut|soldats|civils|morts|ou|y a t il|en)\b"
)
ENGLISH = re.compile(
    r"\b(?:how|many|what|which|who|attacks?|near|since|killed|in|the|this|last|week|month|year|"
    r"and|of|any|anything|show|more|around|within|between|yesterday|today|hello|only)\b"
)


def question_language(text: str) -> str:
    """'fr' when French words (and accents) outnumber English ones ("attaques près de Ménaka")."""
    folded = " ".join(fold(text).split())
    french = len(FRENCH.findall(folded)) + len(re.findall(r"[àâçèêëîôùû]|\bà\b", text.lower()))
    return "fr" if french > len(ENGLISH.findall(folded)) else "en"


def parse(  # noqa: C901 - peels the parts of a question off in a fixed order; each step is one call
    text: str,
    today: date,
    finder: PlaceFinder,
    default_radius: float = 50.0,
    previous: Query | None = None,
) -> Query:
    """Parse a question. ``previous`` is the chat's last query, for follow-ups."""
    q = fold(prepare(text))
    if previous and MORE.match(q):
        want = "list" if previous.want in ("count", "fatalities") else previous.want
        return Query(
            **{
                **previous.__dict__,
                "offset": previous.offset + max(previous.shown, 1),
                "text": text,
                "follow_up": True,
                "want": want,
            }
        )
    follow = bool(previous) and bool(FOLLOW_UP.match(q))
    used: list[tuple[int, int]] = []
    query = Query(text=text, radius_km=default_radius, lang=question_language(text))

    rng, spans = find_range(q, today)
    used += spans
    if rng:
        query.date_from, query.date_to = rng.start, rng.end

    m = RADIUS.search(q)
    if m:
        value = float(m.group(1))
        query.radius_km = value * 1.609 if m.group(2).startswith("mi") else value
        query.relation = "near"
        used.append(m.span())

    country_hint = None
    masked = _mask(q, used)
    actors, spans = _find_actors(masked, finder.gaz.is_known)
    used += spans
    masked = _mask(q, used)
    types: list[dict] = []
    for pattern, spec in TYPE_WORDS:
        for tm in re.finditer(rf"\b(?:{pattern})\b", masked):
            types.append(spec)
            used.append(tm.span())
        masked = _mask(q, used)
    _apply_types(query, types)

    for pattern, want in WANT_WORDS:
        if re.search(pattern, q):
            query.want = want
            break
    if KILLED.search(q):
        query.want = "fatalities" if query.want in ("count", "list") else query.want
        for pat, victim in VICTIMS:
            if pat.search(q):
                query.victims = victim
                break
    if query.want == "fatalities" and not types:
        query.event_types, query.type_label = list(VIOLENT), "Violent incidents"

    area = finder.area(_mask(q, used))
    place: PlaceRef | None
    relation: str | None
    unknown: str | None
    suggestion: str | None
    if area:
        used.append(area[1])
        place, relation, unknown, suggestion = area[0], "in", None, None
    else:
        place, relation, unknown, suggestion = _find_place(q, _mask(q, used), finder)
    query.place, query.suggestion, query.unknown_place = place, suggestion, unknown
    if place and place.alternatives:
        query.alternatives, place.alternatives = place.alternatives, []
    query.relation = query.relation or relation
    if place and place.kind == "town" and query.relation != "near" and not m:
        query.radius_km = IN_TOWN_KM if relation == "in" else default_radius
        query.relation = relation or "near"
    if place and place.kind == "country":
        country_hint = place.name
    query.actors = [a.replace("{country}", country_hint or _country_of(place) or "Mali") for a in actors]

    if follow and previous:
        query = _merge(previous, query)
    query.is_question = bool(types or actors or place or rng or query.want != "list" or unknown or follow)
    return query


def _country_of(place: PlaceRef | None) -> str | None:
    return place.country if place else None


def _mask(q: str, spans: list[tuple[int, int]]) -> str:
    chars = list(q)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _apply_types(query: Query, specs: list[dict]) -> None:
    if not specs:
        return
    specific = [s for s in specs if "sub" in s or "types" in s and s["types"] != VIOLENT]
    chosen = specific or specs
    for s in chosen:
        query.sub_event_types += s.get("sub", [])
        query.event_types += [t for t in s.get("types", []) if t not in query.event_types]
    query.type_label = " and ".join(dict.fromkeys(s["label"] for s in chosen))


def _runs(masked: str) -> list[list[tuple[int, str]]]:
    """Runs of adjacent place words; a connector inside a name joins its parts ("Boucle du Mouhoun")."""
    tokens = [(m.start(), m.group(0)) for m in re.finditer(r"[a-z][a-z'\-]*", masked)]
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for i, (s, w) in enumerate(tokens):
        adjacent = bool(current) and s - (current[-1][0] + len(current[-1][1])) <= 1
        content = w not in FILLER or bool(NAME_TO_CODE.get(w))
        joins = (
            w in CONNECTORS
            and adjacent
            and i + 1 < len(tokens)
            and tokens[i + 1][1] not in FILLER
            and tokens[i + 1][0] - (s + len(w)) <= 1
        )
        if (content or joins) and adjacent:
            current.append((s, w))
            continue
        if current:
            runs.append(current)
        current = [(s, w)] if content else []
    if current:
        runs.append(current)
    return runs


def _find_place(q: str, masked: str, finder: PlaceFinder) -> tuple[PlaceRef | None, str | None, str | None, str | None]:
    """(place, relation, unknown words, suggestion) from the words left after parsing."""
    region = bool(REGION_WORDS.search(q))
    runs = _runs(masked)
    if not runs:
        return None, None, None, None
    for run in runs:
        for size in range(min(len(run), 4), 0, -1):
            for i in range(len(run) - size + 1):
                if size > 1 and (run[i][1] in CONNECTORS or run[i + size - 1][1] in CONNECTORS):
                    continue
                phrase = " ".join(w for _, w in run[i : i + size])
                ref = finder.exact(phrase, region)
                relation = _relation(masked, run[i][0])
                if ref and (ref.important or relation):  # "hello" is a hamlet too: needs "in"/"near"
                    return ref, relation, None, None
    phrase = " ".join(w for _, w in runs[0] if w not in CONNECTORS or len(runs[0]) > 1)
    ref = finder.fuzzy(phrase, region)
    if ref is None and len(runs[0]) > 1:
        for _, w in runs[0]:
            ref = finder.fuzzy(w, region) if w not in CONNECTORS else None
            if ref:
                break
    if ref:
        sugg = None if ref.score >= 95 else ref.name  # a near spelling: the place read, to confirm
        return ref, _relation(masked, runs[0][0][0]), None, sugg
    return None, None, phrase, None


def _relation(q: str, start: int) -> str | None:
    before = q[:start].rstrip()
    before = re.sub(r"\s+", " ", before) + " "
    if NEAR.search(before.rstrip()):
        return "near"
    if IN.search(before.rstrip()):
        return "in"
    return None


def _merge(prev: Query, new: Query) -> Query:
    """A follow-up keeps what it does not restate: "and near Nioro?", "only JNIM"."""
    merged = Query(**{**prev.__dict__})
    merged.text, merged.offset, merged.follow_up = new.text, 0, True
    if new.place:
        merged.place, merged.relation, merged.radius_km = new.place, new.relation, new.radius_km
        merged.suggestion = new.suggestion
    elif new.radius_km != prev.radius_km and new.relation == "near":
        merged.radius_km = new.radius_km
    if new.date_from or new.date_to:
        merged.date_from, merged.date_to = new.date_from, new.date_to
    if new.event_types or new.sub_event_types:
        merged.event_types, merged.sub_event_types, merged.type_label = (
            new.event_types,
            new.sub_event_types,
            new.type_label,
        )
    if new.actors:
        merged.actors = new.actors
    if new.want != "list":
        merged.want, merged.victims = new.want, new.victims
    merged.unknown_place = new.unknown_place
    merged.lang = new.lang
    return merged
