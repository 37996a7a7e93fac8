"""Articles to incidents: the heart of the product. Pure: text in, ACLED-shaped dicts out.

How an article becomes incidents:
1. Sentences are cut into clauses where the text turns to another event ("..., along with
   a raid ..."). A clause with an event word (attack, raid, tués, embuscade...) is a *mention*;
   warnings and analysis with no date, place or toll are not.
2. Mentions are grouped into *drafts*: a mention with a new explicit date opens a new draft
   ("a June 2nd attack"); an undated one continues the draft it follows unless it names new
   places without being part of a coordinated attack.
3. Each draft's actors are sorted into roles (``roles.roles_of``), its type classified, and it
   becomes one incident per place it names (a coordinated attack on three towns
   gives three incidents sharing a ``group_id``; its death toll is kept once, as
   ``group_fatalities``, never multiplied). Dates, places, actors, type and deaths are
   resolved from the draft's own mentions only.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from text_to_num import text2num

from bot.understand import actors as A
from bot.understand import containers
from bot.understand.actors import ActorMention, find_actors, short_actor
from bot.understand.dates import DateMention, find_dates, with_first_days
from bot.understand.events import SPECULATIVE, TRIGGER, classify
from bot.understand.fatalities import Deaths, by_category, conservative, find_deaths, total_deaths
from bot.understand.locations import event_places, location, seat_of_government
from bot.understand.numbers import digits
from bot.understand.places import (
    PlaceMention,
    border_countries,
    country_mentions,
    direction_regions,
    find_places,
    place_key,
)
from bot.understand.published import STATED, publication
from bot.understand.roles import roles_of, taker_first
from bot.understand.text import (
    clauses,
    clean_text,
    detect_language,
    fold_keep_length,
    sentences,
    strip_dateline,
)
from store.geo.countries import CORE, country_name
from store.geo.gazetteer import Gazetteer
from store.geo.textnorm import fold
from store.incident import Incident
from store.notes import group_sentence

COORDINATED = re.compile(
    r"\b(?:coordinated|simultaneous|series of|several towns|multiple (?:attacks|assaults|towns|"
    r"villages|locations|positions|localities)|wave of|simultane|"
    r"coordonne|serie d attaques|plusieurs localites|several localities|various towns)"
)
SEPARATE = re.compile(
    r"\b(?:separate|another (?:[a-z]+ )?(?:attacks?|assaults?|ambush|raids?|incidents?|strikes?|clash|"
    r"villages?|towns?|localit(?:y|ies)|events?)|also|meanwhile|elsewhere|par ailleurs|dans une autre|autre attaque|"
    r"de son cote|en outre|egalement|earlier|plus tot|previous|precedente|similar|similaire|deja)\b"
)
# Background: the long war, not an event ("since 2012", "have killed thousands").
BACKGROUND = re.compile(
    r"\b(?:since (?:19|20)\d\d|depuis (?:19|20)\d\d|since then|depuis lors|over the (?:past|last) "
    r"(?:decade|years)|for (?:more than )?(?:a|two) decades?|depuis (?:plus d )?une decennie|"
    r"in recent years|ces dernieres annees|thousands of (?:people|civilians|deaths|lives)|"
    r"des milliers de (?:morts|personnes|civils)|millions? of (?:people|displaced)|"
    # yearly tallies: "attacks left nearly 4,000 people dead last year"
    r"(?:last|this|past) year|l an dernier|l annee (?:derniere|passee)|depuis le debut de l annee|"
    r"since the (?:start|beginning) of the year|(?:un|acled) (?:figures|data))"
)
# the pluperfect, after the event is told, tells what happened before it
PLUPERFECT = re.compile(
    r"\b(?:had (?:been |already |just |also )?(?!informed|told|reported|said|announced|notified)[a-z]+(?:ed|en|t)|"
    r"(?:avait|avaient) (?:ete |deja )?(?!informe|avise|saisi|annonce|dit|declare|indique)[a-z]+(?:e|es|is|u|us))\b"
)
SINCE_DATE = re.compile(r"\b(?:since|depuis)\s+(?:le\s+|the\s+)?(?:\d|early|mid|late|debut|mi)")
# "(coded separately)": the coder says this part is another record, never part of this incident
ELSEWHERE_CODED = re.compile(r"\b(?:coded|reported|recorded) separately\b")
REL_LEAD = re.compile(
    r"^\s*(?:a|one|two|three|four|five|six|ten|\d{1,2}|une?|deux|trois|quatre|cinq|dix)\s+"
    r"(?:days?|weeks?|months?|jours?|semaines?|mois)\s+(?:after|before|apres|avant)\b"
)
# "the device was likely planted by JNIM": who the text says did it, in a clause of its own
ATTRIBUTION = re.compile(
    r"\b(?:planted|carried out|perpetrated|committed|laid|placed) by\b|\b(?:blamed on|attributed to)\b|"
    r"\bcarried out (?:the|these|this|those) (?:attacks?|operations?|assaults?|raids?)\b|"
    r"\b(?:was|were) behind (?:the|these|this)\b"
)
CLAIM = re.compile(r"\b(?:claim|claimed|responsibility|attributed|blamed|revendiqu|attribue|imput)")


@dataclass
class Mention:
    text: str
    folded: str
    dates: list[DateMention]
    places: list[PlaceMention]
    actors: list[ActorMention]
    deaths: list[Deaths]
    coordinated: bool
    separate: bool
    claim: bool

    def folded_after(self, a: ActorMention, width: int = 60) -> str:
        """The folded words just after an actor mention ("militiamen reportedly routed")."""
        return " " + " ".join(fold_keep_length(self.text[a.end : a.end + width]).split())

    def folded_before(self, a: ActorMention, width: int = 40) -> str:
        """The folded words just before an actor mention ("attacked a", "children of a")."""
        return fold_keep_length(self.text[max(0, a.start - width) : a.start])


@dataclass
class Draft:
    mentions: list[Mention] = field(default_factory=list)
    date: DateMention | None = None

    @property
    def places(self) -> list[PlaceMention]:
        return [p for m in self.mentions for p in m.places]

    @property
    def coordinated(self) -> bool:
        return any(m.coordinated for m in self.mentions)

    def place_keys(self) -> set[str]:
        return {place_key(p) for p in self.places if not p.area and not p.origin}


@dataclass
class Article:
    text: str
    published: date
    language: str
    countries: tuple[str, ...]
    main_country: str | None
    main_group: str | None
    borders: list[str]
    regions: set[str] = field(default_factory=set)  # admin1 names hinted by "central Mali" etc.
    shares: int = 1  # "fatalities split across 3 events": the events a note's toll is divided among


def extract(text: str, published: date | None = None, gazetteer: Gazetteer | None = None) -> dict:
    """Extract the incidents an article reports.

    Returns ``{"language", "published", "countries", "incidents": [ACLED-shaped dicts]}``.
    Without ``published``, the date the text itself gives (``published.publication``), else today.
    """
    gaz = gazetteer or Gazetteer.default()
    text = clean_text(text)
    if published is None:  # the article's own dateline or date line, else today
        published = publication(text, None, STATED, None, date.today()).value
    text = strip_dateline(text)
    lang = detect_language(text)
    art = _article(text, published, lang, gaz)
    mentions = _mentions(art, gaz)
    if art.main_country is None:  # no country named: let the unambiguous places decide, else the groups
        ranked = _countries_of_places(mentions, gaz) or _home_countries(mentions)
        if ranked and ranked[0] != art.countries[0]:
            art.countries = tuple(ranked) + tuple(c for c in art.countries if c not in ranked)
            mentions = _mentions(art, gaz)
    art.main_group = _main_group(mentions)
    drafts = _drafts(mentions)
    incidents: list[Incident] = []
    group_seed = hashlib.sha1(text.encode()).hexdigest()[:8]
    for n, draft in enumerate(drafts):
        incidents.extend(_finalise(draft, art, gaz, f"{group_seed}-{n}"))
    incidents = _without_unplaced_asides(_one_per_place_and_day(incidents))
    return {
        "language": lang,
        "published": published.isoformat(),
        "countries": [country_name(c) for c in art.countries],
        "incidents": incidents,
    }


def _one_per_place_and_day(incidents: list[Incident]) -> list[Incident]:
    """One event per type, day and place within an article, as ACLED codes it: a later mention at
    the same place ("31 killed ... the latest attack on Ogossagou") or only at the region of an
    incident already placed in it (a quote: "there was an attack recently in Borno") tells more about
    that incident; its toll fills a missing one. Members of one coordinated attack stay apart."""
    kept: list[Incident] = []
    for inc in incidents:
        same = next((k for k in kept if _same_event(k, inc)), None)
        if same is None:
            kept.append(inc)
        elif same.get("fatalities") is None and inc.get("fatalities") is not None:
            same["fatalities"] = inc["fatalities"]
            same["fatalities_detail"] = inc.get("fatalities_detail") or {}
    return kept


def _without_unplaced_asides(incidents: list[Incident]) -> list[Incident]:
    """An incident with no place at all, in an article whose other incidents are placed, is told
    apart from them only by its date: background or a retelling, not an event an analyst can map
    or count. Alone, it stays (the article's one event, even unplaced)."""
    placed = [i for i in incidents if i.get("latitude") is not None or i.get("location")]
    return placed if placed else incidents


def _same_event(a: Incident, b: Incident) -> bool:
    if (a["event_date"], a["event_type"], a.get("country")) != (b["event_date"], b["event_type"], b.get("country")):
        return False
    if a.get("group_id") and a.get("group_id") == b.get("group_id"):
        return False
    if a.get("location") and a.get("location") == b.get("location"):
        return True
    region = a.get("admin1")
    return (
        bool(region)
        and not _region_only(a)
        and (b.get("location") == region or (b.get("admin1") == region and _region_only(b)))
    )


def _region_only(inc: Incident) -> bool:
    """Placed only by its region: no place name, or the region's own name."""
    return not inc.get("location") or inc.get("location") == inc.get("admin1")


# -- article-level context ------------------------------------------------------------
def _article(text: str, published: date, lang: str, gaz: Gazetteer) -> Article:
    borders = border_countries(text)
    counts = Counter(country_mentions(text) + containers.countries_in(text, gaz))
    counts.subtract(borders)  # "near the border with Burkina Faso": a neighbour, not the place
    counts = +counts
    countries = tuple(c for c, _ in counts.most_common()) or CORE
    return Article(
        text,
        published,
        lang,
        countries,
        countries[0] if counts else None,
        None,
        borders,
        direction_regions(text),
        _stated_shares(text, lang),
    )


def _countries_of_places(mentions: list[Mention], gaz: Gazetteer) -> list[str]:
    """Countries of the article's places, a name found in one country only weighing most
    ("Boni ... Hombori": Hombori is only in Mali, so Boni is Mali's Boni). A name found in a
    core Sahel country counts only for the core countries; ties go to the core, in order."""
    weight: dict[str, float] = defaultdict(float)
    for m in mentions:
        for p in m.places:
            if p.area or p.place is None:
                continue
            ccs = sorted({c.cc for c in gaz.lookup(p.surface, CORE, limit=10)} or {p.place.cc})
            ccs = [c for c in ccs if c in CORE] or ccs
            for cc in ccs:
                weight[cc] += 1 / len(ccs)
    return sorted(weight, key=lambda c: (-weight[c], CORE.index(c) if c in CORE else len(CORE), c))


def _home_countries(mentions: list[Mention]) -> list[str]:
    """Countries where the named groups operate (ISWAP: Niger, Nigeria, Chad), first named first."""
    out: list[str] = []
    for m in mentions:
        for a in m.actors:
            out += [c for c in A.HOME_COUNTRIES.get(a.name, ()) if c not in out]
    return out


def _main_group(mentions: list[Mention]) -> str | None:
    """The armed group the article's events are about ("the group claimed..." refers to it)."""
    groups = Counter(a.name for m in mentions for a in m.actors if a.kind == "rebel" and a.name != A.UNIDENTIFIED)
    return groups.most_common(1)[0][0] if groups else None


def _mentions(art: Article, gaz: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    anchor: date | None = None
    frame: Mention | None = None  # a dated clause naming who and where, but no event word (see _frame)
    for _, sent in sentences(art.text):
        before: list[PlaceMention] = []  # the places of the sentence's previous clause
        for c_no, clause in enumerate(_event_clauses(sent)):
            low = fold_keep_length(clause)
            claim = bool(CLAIM.search(low))  # per clause: "The attack, blamed on X, | comes after attacks in Y"
            # "X came two weeks after [Y]": Y is two weeks *before* X, not after
            dates = find_dates(clause, art.published, anchor, invert_lead=c_no > 0 and bool(REL_LEAD.match(low)))
            for d in dates:
                if d.kind != "anaphoric":
                    anchor = d.value
            folded = " ".join(low.split())
            triggered = bool(TRIGGER.search(folded))
            if not (triggered or claim or ATTRIBUTION.search(folded)):
                # a later clause without an event word ("..., as well as X and Y") keeps its sentence's setting
                frame = _frame(clause, folded, dates, art, gaz) or (frame if c_no > 0 else None)
                continue  # (actors are looked for only where an event or a claim may be)
            acts = find_actors(clause)
            if not (triggered or any(a.kind == "rebel" and a.name != A.UNIDENTIFIED for a in acts)):
                continue
            places = _places_in(clause, acts, art, gaz) or (before[-1:] if WHERE.match(low) else [])
            before = places
            deaths = find_deaths(clause, art.language)
            if SPECULATIVE.search(folded) and not (places or deaths):
                continue  # "warned on Monday that groups could attack...": a statement, not an event
            if BACKGROUND.search(folded) and not any(d.precision == 1 for d in dates) or ELSEWHERE_CODED.search(folded):
                continue
            if out and not places and PLUPERFECT.search(folded) and not claim:
                continue  # "21 had been killed, a provisional tally said": told earlier, no place of its own
            if dates and len(SINCE_DATE.findall(folded)) >= len(dates):
                continue  # "JNIM has imposed a blockade on Kayes since 3 September": a state of affairs
            m = Mention(
                clause,
                folded,
                dates,
                places,
                acts,
                deaths,
                bool(COORDINATED.search(folded)),
                bool(SEPARATE.search(folded)),
                claim,
            )
            if frame is not None and not places and not any(d.kind != "anaphoric" for d in dates):
                out.append(frame)  # "Militiamen took eleven men off a bus in X on 3 May. One was killed."
            frame = None
            out.extend(_respectively(m))
    return out


# "..., où l'armée a subi de lourdes pertes": a clause about the place the previous one named
WHERE = re.compile(r"^\s*(?:ou|where)\s")


def _event_clauses(sentence: str) -> list[str]:
    """The sentence's clauses; a "where" clause stays with the one before unless that one tells an
    event of its own ("terrorists entered Bamako, where they attacked..." is one event)."""
    out: list[str] = []
    for clause in clauses(sentence):
        if (
            out
            and WHERE.match(fold_keep_length(clause))
            and not TRIGGER.search(" ".join(fold_keep_length(out[-1]).split()))
        ):
            out[-1] = f"{out[-1]} {clause}"
        else:
            out.append(clause)
    return out


RESPECTIVELY = re.compile(r"\b(?:respectively|respectivement)\b")


def _respectively(m: Mention) -> list[Mention]:
    """ "on 12 and 13 January respectively in Liki and Sirigni": one mention per day and place, in order
    (a place left without its day, when the text names fewer days, stays out)."""
    if not RESPECTIVELY.search(m.folded):
        return [m]
    days = [d for d in with_first_days(m.text, m.dates) if d.precision == 1]
    towns = [p for p in m.places if not (p.area or p.origin or p.container)]
    if len(days) < 2 or not towns:
        return [m]
    return [
        Mention(m.text, m.folded, [d], [p], m.actors, [], m.coordinated, True, m.claim)
        for d, p in zip(days, towns, strict=False)
    ]


def _places_in(clause: str, acts: list[ActorMention], art: Article, gaz: Gazetteer) -> list[PlaceMention]:
    """The places a clause names, its actors' words masked, read in the article's countries."""
    return find_places(clause, gaz, art.countries, [(a.start, a.end) for a in acts], named=art.main_country is not None)


def _frame(clause: str, folded: str, dates: list[DateMention], art: Article, gaz: Gazetteer) -> Mention | None:
    """A clause with a day, an armed actor and a place, but no event word ("militiamen took eleven men
    off a bus in Bonguel on 3 May"): the setting of the event the next clause reports, if it names
    neither place nor date of its own."""
    if not any(d.kind != "anaphoric" and d.precision == 1 for d in dates):
        return None
    acts = [a for a in find_actors(clause) if a.kind in ("rebel", "militia", "state", "ext")]
    if not acts:
        return None
    places = _places_in(clause, acts, art, gaz)
    if not places:
        return None
    return Mention(clause, folded, dates, places, acts, [], False, False, False)


# -- grouping mentions into incidents -------------------------------------------------
def _compatible(m: Mention, d: Draft) -> bool:
    keys = {place_key(p) for p in m.places if not p.area and not p.origin}  # "withdrew toward X": not a new place
    return not keys or not d.place_keys() or keys <= d.place_keys() or bool(keys & d.place_keys())


def _drafts(mentions: list[Mention]) -> list[Draft]:
    drafts: list[Draft] = []
    for m in mentions:
        # "two days after an ambush that killed two soldiers on Saturday": the named day, not the relative one
        when = next((x for x in m.dates if x.kind != "anaphoric" and x.precision == 1), m.dates[0] if m.dates else None)
        if (
            drafts and m.claim and when is None
        ):  # "JNIM claimed responsibility ... in attacks near Kaya": the same story
            drafts[-1].mentions.append(m)
            continue
        if when is None:
            target = drafts[-1] if drafts else None
            if target is None:
                drafts.append(Draft([m]))
            elif (
                _compatible(m, target)
                and not (m.separate and m.places and target.place_keys())
                or target.coordinated
                and not m.separate
            ):
                target.mentions.append(m)
            else:
                drafts.append(Draft([m], None))
            continue
        if all(x.precision >= 3 for x in m.dates) and any(
            dr.date and (dr.date.value - when.value).days > 31 for dr in drafts
        ):
            continue  # "in the attack on Ogossagou in March [last year]": background, months before the story
        same = next((d for d in drafts if d.date and d.date.value == when.value and _compatible(m, d)), None)
        # a draft with no date, or only a vague one ("this month"), that a precise date may complete
        vague = next(
            (
                d
                for d in reversed(drafts)
                if (d.date is None or d.date.precision > when.precision) and _compatible(m, d)
            ),
            None,
        )
        if same:
            same.mentions.append(m)
        elif vague is not None and (not m.places or vague.date is None and vague is drafts[-1]):
            # "...a massacre in Solenzo this month. [...] A source said they killed 58 on March 10": its date
            vague.mentions.append(m)
            vague.date = when
        elif drafts and _follow_up(m):  # "the driver was released the following day": the same story
            drafts[-1].mentions.append(m)
        elif drafts and all(x.precision >= 3 for x in m.dates):
            continue  # "a month ago, the rebels had killed...": background to the story, dated to the month only
        else:
            drafts.append(Draft([m], when))
    for n, d in enumerate(drafts):  # undated follow-ups take the date of the incident they follow
        if d.date is None and n:
            d.date = drafts[n - 1].date
    return drafts


def _follow_up(m: Mention) -> bool:
    """A later clause with no place and no toll of its own, dated only relative to the story ("the
    following day") or by a claim, tells more about the incident before it (a release, the group's
    version, a state of emergency "the previous day"): it starts no new incident."""
    told_apart = m.separate or any(d.kind != "anaphoric" for d in m.dates) and not m.claim
    return not m.places and not any(x.count for x in m.deaths) and not told_apart


# -- one draft to ACLED incidents ------------------------------------------------------
def _finalise(d: Draft, art: Article, gaz: Gazetteer, group: str) -> list[Incident]:
    deaths = _reported_deaths(d)
    if not (any(m.dates for m in d.mentions) or d.places or deaths):
        return []  # talk about violence, not a located, dated or counted event
    text = " ".join(m.folded for m in d.mentions)
    places = event_places(d, gaz, art)
    country = places[0][1] if places and places[0][1] else art.main_country or art.countries[0]
    actor1, actor2, facts = roles_of(d, art, country_name(country) or "Mali", deaths)
    coded = [x for m in d.mentions for x in m.deaths if x.coded]
    total = coded[-1].count if coded else _with_bomber(total_deaths(deaths), text)  # the coder's figure stands
    typed = classify(text, facts | ({"deaths"} if total else set()))
    if typed is None:
        return []
    cname = country_name(country) or "Mali"
    if typed[1] == "Air/drone strike" and actor1 in (None, A.UNIDENTIFIED.format(country=cname)):
        # "six civilians killed by drone strikes": only states fly them here, unless a group is named
        actor1, actor2 = A.MILITARY.format(country=cname), actor2 if actor2 != actor1 else None
    if typed[1] == "Non-violent transfer of territory":
        actor1, actor2 = taker_first(actor1, actor2, text)
    if typed[0] in ("Protests", "Riots"):  # "demonstrated after the murder of a youth": the cause, not a toll
        deaths = [x for x in deaths if not PROTEST_CAUSE.match(x.text)]
        total = total_deaths(deaths)
    if typed[0] == "Riots" and actor1 == A.PROTESTERS.format(country=country_name(country) or "Mali"):
        actor1 = A.RIOTERS.format(country=country_name(country) or "Mali")
    when = d.date.value if d.date else art.published
    precision = d.date.precision if d.date else 2
    rows = places or [(None, country)]
    seat = seat_of_government(actor1, places, country, gaz)
    split = len(rows) > 1
    if art.shares > len(rows) and total is not None:  # "fatalities split across 3 events": these rows are some
        total = total // art.shares * len(rows)  # the conservative share each: which event got the remainder is unsaid
    base: dict[str, Any] = {
        "event_date": when.isoformat(),
        "time_precision": precision,
        "event_type": typed[0],
        "sub_event_type": typed[1],
        "actor1": actor1,
        "assoc_actor_1": A.ASSOCIATED.get(actor1 or ""),
        "actor2": actor2,
        "fatalities": None if split else total,
        "fatalities_detail": by_category(deaths),
        "source_text": " … ".join(dict.fromkeys(m.text for m in d.mentions))[:700],
        "language": art.language,
    }
    if split:
        base["group_id"] = group
        base["group_size"] = max(len(rows), _stated_places(d, art.language))  # as the text says
        base["group_named"] = len(rows)  # the towns coded as incidents
        base["group_fatalities"] = total
    out = []
    for n, (pm, cc) in enumerate(rows):
        inc = {**base, **(seat or location(pm, cc, d, gaz, art.borders))}
        if split and total is not None:  # ACLED divides a total among the places it covers, never copies it
            inc["fatalities"] = total // len(rows) + (1 if n < total % len(rows) else 0)
        inc["notes"] = _notes(inc, base.get("group_size", 1), len(rows))
        out.append(cast(Incident, inc))
    return out


# ACLED's notes: "Fatalities are split across 3 events", "fatalities split between 2 events"
SPLIT_ACROSS = re.compile(r"\bfatalities (?:are |were )?(?:split|divided) (?:across|between|among) (\d{1,2}) events\b")


def _stated_shares(text: str, lang: str) -> int:
    """How many events a note says its toll is divided among (1 when it says nothing); read once per
    article."""
    if "split" not in text and "divided" not in text:
        return 1
    m = SPLIT_ACROSS.search(digits(text, lang))
    return int(m.group(1)) if m else 1


SELF_KILLED = re.compile(
    r"\b(?:suicide bomber|kamikaze|blew (?:himself|herself|themselves) up|"
    r"(?:s est|se sont) fait exploser)"
)
BOMBER_SPARED = re.compile(
    r"\b(?:arrested|intercepted|foiled|thwarted|neutrali[sz]ed before|before (?:he|she|they) could|"
    r"including the (?:suicide )?(?:bomber|attacker|kamikaze)|y compris le kamikaze|arrete)"
)


def _with_bomber(total: int | None, text: str) -> int | None:
    """ACLED counts a suicide bomber among the dead ("killing one civilian" is 2 with the bomber),
    unless the bomber is already counted or was stopped."""
    if not SELF_KILLED.search(text) or BOMBER_SPARED.search(text):
        return total
    return (total or 0) + 1


PROTEST_CAUSE = re.compile(r"(?:the )?(?:murders?|assassinations?|killings?|deaths?|meurtres?|assassinats?) (?:of|d)")
# "the toll rose to 20": a later figure that replaces the earlier ones
TOLL_UPDATE = re.compile(
    r"\b(?:rose|risen|climbed|increased|grew|jumped|passe|grimpe|alourdi|s est alourdi|revu a la hausse)\b"
)
# "earlier said 21 had been killed, according to a provisional tally": replaced by a later figure
SUPERSEDED = re.compile(
    r"\b(?:earlier|initially|provisional|preliminary|initial|premier bilan|bilan provisoire|"
    r"auparavant|plus tot)\b"
)
SELF_CLAIM = re.compile(
    r"\b(?:the group|the militants|the jihadists|the rebels|jnim|gsim|is sahel|eigs|fla|"
    r"le groupe|les jihadistes|les rebelles)\b[^.]{0,40}\b(?:said|says|claimed|affirme|a affirme|revendique|"
    r"boasted|announced|a annonce)\b|\bpropaganda\b"
)


def _reported_deaths(d: Draft) -> list[Deaths]:
    """Death figures of a draft; an armed group's own claims only when no other source gives one
    (ACLED keeps the most conservative, independent figure)."""
    independent = [m for m in d.mentions if not SELF_CLAIM.search(m.folded) and m.deaths]
    chosen = independent or [m for m in d.mentions if m.deaths]
    final = [m for m in chosen if not SUPERSEDED.search(m.folded)] or chosen
    return conservative([m.deaths for m in final], [bool(TOLL_UPDATE.search(m.folded)) for m in final])


# "attacks on seven towns", "sept localités": how many places a coordinated attack hit, named or not
PLACE_UNITS = re.compile(
    r"\b(?:towns|villages|localities|locations|positions|sites|bases|camps|garrisons|localites|"
    r"villes|emprises|postes|casernes|communes)\b"
)


def _stated_places(d: Draft, lang: str) -> int:
    """The number of places the text says a coordinated attack hit: a figure a word or two before
    "towns" ("seven towns", "sept localités", "7 military positions"), never a vague word ("several
    towns" says nothing about how many); 0 when it does not say."""
    counts = []
    for mt in d.mentions:
        low = fold(mt.text)
        for m in PLACE_UNITS.finditer(low):
            for word in reversed(low[: m.start()].split()[-2:]):
                with contextlib.suppress(ValueError):
                    counts.append(
                        int(word) if word.isdigit() else text2num(word, lang if lang in ("en", "fr") else "en")
                    )
                    break
    return max((n for n in counts if 2 <= n <= 30), default=0)


def _notes(inc: dict, group_size: int, named: int | None = None) -> str:
    """A one-line ACLED-style summary, built from the coded fields (never invented)."""
    when = date.fromisoformat(inc["event_date"])
    where = inc["location"] or "an unnamed location"
    if inc.get("admin1") and inc["admin1"] != inc["location"]:
        where += f" ({inc['admin1']}, {inc['country']})"
    else:
        where += f" ({inc['country']})"
    a1 = short_actor(inc["actor1"]) if inc["actor1"] else "Unidentified actors"
    a2 = short_actor(inc["actor2"]) if inc["actor2"] else None
    sub = inc["sub_event_type"]
    what = {
        "Battles": f"{a1} clashed with {a2 or 'an unidentified group'}",
        "Explosions/Remote violence": f"{a1}: {sub.lower()}" + (f" hitting {a2}" if a2 else ""),
        "Violence against civilians": f"{a1} {'abducted' if 'Abduction' in sub else 'attacked'} {a2 or 'civilians'}",
        "Protests": f"{a1} demonstrated" + (f", met by {a2}" if a2 else ""),
        "Riots": f"{a1} rioted" + (f" against {a2}" if a2 else ""),
        "Strategic developments": f"{sub}: {a1}" + (f" and {a2}" if a2 else ""),
    }[inc["event_type"]]
    note = f"On {when.day} {when:%B %Y}, {what} in {where} ({sub.lower()})."
    if group_size > 1:
        note += group_sentence(group_size, named, inc.get("group_fatalities"))
    elif inc.get("fatalities"):
        detail = ", ".join(f"{n} {cat}" for cat, n in inc["fatalities_detail"].items() if cat != "unspecified")
        note += f" {inc['fatalities']} reported killed" + (f" ({detail})." if detail else ".")
    return note
