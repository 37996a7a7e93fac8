"""Reported deaths in a clause, in English and French, with who died.

Numbers are read as digits first (``numbers.digits``: number words, ACLED's figures for vague
quantities); then a noun of one person counts 1 ("killed a farmer"), a range its lower figure, and
"over 80" or "at least 80" counts as 80.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.numbers import digits
from bot.understand.tables import table
from bot.understand.text import fold_keep_length

_WORDS = table("words")
# kind of dead -> nouns (singular and plural); SINGULAR: the nouns that name one person
CATEGORY: dict[str, tuple[str, ...]] = {
    cat: (*forms["singular"], *forms["plural"]) for cat, forms in _WORDS["victims"].items()
}
SINGULAR: tuple[str, ...] = tuple(w for forms in _WORDS["victims"].values() for w in forms["singular"])
VICTIM_OF = {w: cat for cat, ws in CATEGORY.items() for w in ws}
_VICTIM = "|".join(sorted(VICTIM_OF, key=len, reverse=True))
# "two terrorist attacks", "a soldier's post": a noun of the dead used for a thing of theirs, not a person
_THING = (
    r"(?!\s+(?:attacks?|assaults?|raids?|groups?|sources?|camps?|bases?|positions?|convoys?|patrols?|posts?|"
    r"strongholds?|cells?|movements?|factions?|insurgency|violence|threat)\b)"
)
_Q = (
    r"(?:at least|over|more than|some|about|around|nearly|almost|up to|as many as|roughly|an estimated|au moins|plus "
    r"de|pres de|environ|quelque|une|pas moins de|officially)"
)
_N = r"(\d{1,5})"
_ADJ = r"(?:[a-z]+\s+){0,3}?"  # "30 Malian soldiers", "a private transport driver"
_KILL_EN = (
    r"(?:killing|killed|kill|kills|left|leaving|assassinated|assassinating|gunned down|beheaded|beheading|lynched|"
    r"lynching|claimed the lives of|(?:the )?(?:murder|assassination|killing)s? of|(?:the )?deaths? of|neutrali[sz]ed|"
    r"neutrali[sz]ing|massacred|massacring|executed|executing|slaughtered|slaughtering|shot dead|shooting dead)"
)
_KILL_FR = (
    r"(?:tuant|tue|tues|faisant|fait|causant|coute la vie a|(?:l )?assassinat d[eu]?|(?:le )?meurtre d[eu]?|"
    r"neutralise|neutralises|neutralisant|massacrant|massacre|executant|execute|abattu|abattant)"
)
_AUX = r"(?:were |was |have been |had been |being |are |reportedly |ont ete |a ete |sont |auraient ete |ont )"
_DIED_WORD = (
    r"(?:killed|dead|died|ont trouve la mort|a trouve la mort|trouve la mort|perished|neutrali[sz]ed|massacred|"
    r"executed|lost their lives|shot dead|succumbed|assassinated|gunned down|beheaded|lynched|tues|tuees|tue|morts|"
    r"mortes|decedes|neutralises|massacres|executes|peri|perdu la vie|abattus|succombe)"
)
_DIED = rf"{_AUX}?{_DIED_WORD}"

PATTERNS = [
    # "killed a (male) farmer": one victim, named by a noun a word or two after the verb
    re.compile(rf"\b(?:{_KILL_EN}|{_KILL_FR})\s+(1)\s+{_ADJ}({_VICTIM})\b"),
    re.compile(rf"\b(?:{_KILL_EN}|{_KILL_FR})\s+(?:{_Q}\s+)?{_N}\s+{_ADJ}({_VICTIM})?"),
    # "3 people were killed", "12 dead"; not "5 gunmen killed 3" (active, with its own object)
    _PASSIVE := re.compile(
        rf"\b{_N}\s+{_ADJ}({_VICTIM})?\s*(?:[a-z]+\s+){{0,1}}(?:{_AUX}{_DIED_WORD}\b|{_DIED_WORD}\b(?!\s+\d))"
    ),
    # "one person from the Fulani community was killed": who they were, then the verb
    re.compile(rf"\b{_N}\s+{_ADJ}({_VICTIM})\s+(?:from|of|de|du|des)\s+(?:[a-z]+\s+){{1,4}}?{_DIED}\b"),
    re.compile(
        rf"\b(?:death toll|toll|bilan(?: provisoire| officiel)?)\s+(?:of|rose to|stands at|at|reached|climbed to|de|d "
        rf"au moins|s eleve a|fait etat de|est de|passe a)\s+(?:{_Q}\s+)?{_N}\b()"
    ),
    re.compile(rf"\b{_N}\s+(?:{_VICTIM}\s+)?(?:dead|morts)\b()"),
    # "five corpses of suspected militants were discovered"
    _BODIES := re.compile(
        rf"\b{_N}\s+(?:[a-z]+\s+)?(?:corpses?|bodies|body|dead bodies|cadavres?|corps sans vie)\b"
        rf"(?:\s+of\s+{_ADJ}({_VICTIM}))?"
    ),
    # ACLED's notes: "unknown fatalities coded as 3", "assessed as low and coded as 3", "4 fatalities coded"
    *(
        _CODED := [
            re.compile(rf"\bfatalities (?:are |were |is )?(?:coded|assessed|estimated) (?:as|at) {_N}\b()"),
            re.compile(
                rf"\bfatalities\b[^.;]{{0,40}}?\band (?:are |were |is )?(?:coded|assessed|estimated) (?:as|at) {_N}\b()"
            ),
            re.compile(rf"\b{_N} fatalit(?:y|ies) (?:are |were |is )?coded\b(?! in| across| for| to)()"),
        ]
    ),
    # "killing 12 people, including five soldiers" / "dont cinq soldats": who the dead were
    _INCLUDING := re.compile(
        rf"\b(?:including|among them|dont|parmi lesquels|parmi eux)\s+(?:{_Q}\s+)?{_N}\s+{_ADJ}({_VICTIM})"
    ),
    # "ont tué vendredi une dizaine de fidèles": a word or two between the verb and the figure
    re.compile(rf"\b(?:{_KILL_EN}|{_KILL_FR})\s+(?:[a-z]+\s+){{1,2}}?(?:{_Q}\s+)?{_N}\s+{_ADJ}({_VICTIM})\b{_THING}"),
]
# "15 soldiers and 7 civilians were killed": the first figure of a pair before the verb
_PAIR_DIED = re.compile(
    rf"\b{_N}\s+{_ADJ}({_VICTIM})\s+(?:and|et|,)\s+(?:{_Q}\s+)?(\d{{1,5}})\s+{_ADJ}({_VICTIM})\s+{_DIED}\b"
)
_GENERIC_VERB = re.compile(r"(?:left|leaving|faisant|fait|causant)\b")
_DEAD_NEXT = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:dead|morts?|victimes?|casualties|deaths|killed|tues?)\b")
_TIME_UNIT = re.compile(
    r"\s+(?:days?|weeks?|months?|years?|hours?|jours?|semaines?|mois|ans|annees|heures|km|"
    r"kilomet\w*|miles?)\b"
)
_OF_GROUP = r"(?:\s+(?:of|from) (?:the )?(?:[a-z]+ ){1,2}(?:community|tribe|ethnicity|village|family))?"
_AND_MORE = re.compile(rf"^{_OF_GROUP}\s*(?:,|and|et)\s+(?:{_Q}\s+)?(\d{{1,5}}|an?)\s+{_ADJ}({_VICTIM})")
NO_DEATHS = re.compile(
    r"\b(?:no (?:one|casualties|deaths|fatalities|victims)|nobody was (?:killed|hurt)|without (?:causing )?casualties|"
    r"sans faire de (?:victimes?|morts?)|aucune victime|pas de victimes?|aucun mort)\b"
)
_HURT_NEXT = re.compile(
    r"\s*(?:(?:were|was|have been|had been|ont ete|a ete|sont)\s+)?(?:wounded|injured|hurt|blesses?|"
    r"missing|disparus?)\b"
)
_HURT_BEFORE = re.compile(
    r"\b(?:wounded|injured|hurt|blesses?|kidnapped|abducted|enleves?|arrested|arretes?|missing)\W*$"
    r"|\b(?:wounded|injured|hurt|blesses?|kidnapped|abducted|arrested|missing)\b(?!.*\b(?:killed|dead|died|tues?|morts?)\b)"
)
# "one soldier was killed and several soldiers and police were injured": the second group was hurt
_HURT_LATER = re.compile(
    r"(?:\s+(?:and|et|or|ou)(?:\s+[a-z]+){1,2})?\s+(?:were|was|are|ont ete|a ete|sont)\s+(?:wounded|injured|hurt|"
    r"blesses?)"
)
NOT_DEATH = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:wounded|injured|blesses|blessés|hurt|kidnapped|abducted|enleves|arrested|arretes|missing|disparus|displaced|deplaces)"
)

# "4 terrorists (suspected JNIM) killed, ...": the verb ends the list's previous item
_LIST_ITEM_BEFORE = re.compile(r"\b(\d{1,5})\s+([a-z]+)\s+(?:[a-z]+\s+){0,4}$")
_NEXT_ITEM = re.compile(
    r"\s+(?!and |et )[a-z]+\s+(?:(?!and |et )[a-z]+\s+)?(?:were |was )?(?:arrested|detained|captured|wounded|injured|"
    r"abducted|kidnapped|seized|destroyed|recovered|arretes|blesses)\b"
)

# Every pattern needs one of these words; a clause without any is skipped before the costly passes.
_DEATH_WORD = re.compile(
    rf"\b(?:{_KILL_EN}|{_KILL_FR}|{_DIED}|dead|death|toll|bilan|morts?|corpses|bodies|cadavres|"
    rf"corpse|body|corps|fatalities|victims|victimes|no one|nobody|sans faire|aucune? (?:victime|mort)|"
    rf"casualties|pas de victime)"
)


@dataclass(frozen=True)
class Deaths:
    count: int
    category: str  # soldiers | civilians | militants | people (anyone) | unspecified
    start: int
    text: str
    coded: bool = False  # the coder's own figure ("4 fatalities coded"): it stands for the whole event


# "killed a (male) farmer" is 1 (ACLED), "a separate attack" is not a toll.
_SINGLE = re.compile(
    r"\b(?:a|an|one|un|une|his|her|their|son|sa|leur)\s+(?=(?:[a-z]+\s+){0,3}?(?:"
    + "|".join(SINGULAR)
    + r")\b"
    + _THING
    + ")"
)
# "the VDP was killed", "the village's Dozo chief was killed": one, named once
_THE_ONE = re.compile(
    r"\b(?:the|le|la)\s+(?=(?:[a-z]+\s+){0,3}?(?:" + "|".join(SINGULAR) + r")\s+(?:was|has been|had been|a ete|est)\s)"
)
# "between 2 and 15 soldiers", "8-10 residents": ACLED keeps the lower figure
_RANGE = re.compile(
    r"\b(?:between\s+|entre\s+)?(\d{1,5})\s*(?:and|to|-|–|or|et|a|ou)\s*\d{1,5}\b(?!\s*(?:h|am|pm|km|%))"
)
# "the corpse was found five days later": one dead
_ONE_BODY = re.compile(
    r"\b(?:the|a|his|her|le|un|son)\s+(?=(?:corpse|dead body|body|cadavre|corps sans vie)\s+"
    r"(?:was|has been|had been|a ete)\s+(?:found|discovered|recovered|retrouve|decouvert))"
)
_BRACKETED = re.compile(r"\s*\([^()]{1,40}\)")  # "three volunteer fighters (VDP) and a councilman"


def normalise_numbers(text: str, lang: str) -> str:
    """Digits for number words and ACLED figures for vague quantities, lower-cased, accent-free:
    "a farmer" is 1, "two dozen" 24, "1,200" 1200."""
    low = digits(_BRACKETED.sub("", text), lang)
    low = _SINGLE.sub("1 ", low)
    low = _THE_ONE.sub("1 ", low)
    low = _ONE_BODY.sub("1 ", low)
    low = _RANGE.sub(lambda m: m.group(1), low)
    return re.sub(r"\s+", " ", low)


def find_deaths(text: str, lang: str) -> list[Deaths]:  # noqa: C901 - the guards of one scan over the toll patterns, each with its example
    """Every figure of dead people in the text, with the category of the dead."""
    if not _DEATH_WORD.search(fold_keep_length(text)):  # most clauses: no death word, nothing to count
        return []
    low = normalise_numbers(text, lang)
    found: list[Deaths] = []
    seen: set[int] = set()
    for pat in (_PAIR_DIED, *PATTERNS):
        for m in pat.finditer(low):
            if m.start(1) in seen or NOT_DEATH.match(low[m.end(1) :]) and pat not in PATTERNS[:2]:
                continue
            item = _LIST_ITEM_BEFORE.search(low, 0, m.start()) if pat is PATTERNS[1] else None
            if item and _NEXT_ITEM.match(low, m.end(1)):  # "4 terrorists killed, 6 suspects arrested": not "killed 6"
                if item.start(1) not in seen:
                    seen.add(item.start(1))
                    category = VICTIM_OF.get(item.group(2), "unspecified")
                    found.append(Deaths(int(item.group(1)), category, item.start(1), item.group(0)))
                continue
            if _HURT_NEXT.match(low, m.end(1)) or m.group(2) and _HURT_LATER.match(low, m.end()):
                continue  # "3 people were killed, 2 wounded": the second figure is the wounded
            if pat is _INCLUDING and _HURT_BEFORE.search(low[max(0, m.start() - 60) : m.start()]):
                continue  # "three people were wounded, including two men": who was hurt, not killed
            n = int(m.group(1))
            if _TIME_UNIT.match(low, m.end(1)):
                continue  # "two weeks after militants killed...": a duration, not the dead
            if n > 5000 or (1900 <= n <= 2100):
                continue  # years and absurd figures are not death counts
            if n == 1 and not m.group(2) and pat not in (_PASSIVE, _BODIES):
                continue  # "abattu un drone": one of something, not a death ("one was killed" is one)
            if not m.group(2) and _GENERIC_VERB.match(m.group(0)) and not _DEAD_NEXT.match(low, m.end(1)):
                continue  # "left several huts burned": "left N" counts the dead only when they are named
            seen.add(m.start(1))
            category = VICTIM_OF.get(m.group(2) or "", "unspecified")
            if pat is _PAIR_DIED and VICTIM_OF.get(m.group(4)) == category:  # "a sergeant and two soldiers"
                seen.add(m.start(3))
                n += int(m.group(3))
            found.append(Deaths(n, category, m.start(1), m.group(0), coded=pat in _CODED))
            tail = low[m.end() :]
            more = _AND_MORE.match(tail)
            if more and not NOT_DEATH.match(tail[more.end(1) :]) and not _HURT_LATER.match(tail[more.end() :]):
                seen.add(m.end() + more.start(1))
                count = 1 if more.group(1) in ("a", "an") else int(more.group(1))
                category = VICTIM_OF.get(more.group(2), "unspecified")
                if category == found[-1].category:  # "a notable and his son": two of one kind
                    found[-1] = Deaths(
                        found[-1].count + count,
                        category,
                        found[-1].start,
                        found[-1].text + more.group(0),
                        found[-1].coded,
                    )
                else:
                    found.append(Deaths(count, category, m.end() + more.start(1), more.group(0)))
    coded = [d for d in found if d.coded]
    if coded:  # the coder's own figure stands for the event, whatever figures the note reports
        return coded[-1:]
    if not found:
        zero = NO_DEATHS.search(low)
        if zero:
            found.append(Deaths(0, "unspecified", zero.start(), zero.group(0)))
    return sorted(found, key=lambda d: d.start)


def conservative(per_clause: list[list[Deaths]], updates: list[bool]) -> list[Deaths]:
    """One incident's figures from several clauses: per category of dead, the lowest figure two
    sources give ("at least 30 soldiers" / "at least 60 soldiers" is 30, as ACLED keeps the most
    conservative), unless a clause updates the toll ("rose to 20"), which then stands."""
    best: dict[str, Deaths] = {}
    alone: set[int] = set()  # ids of general figures whose clause gave no figure by kind
    for figures, update in zip(per_clause, updates, strict=True):
        clause: dict[str, Deaths] = {}
        for x in figures:  # within a clause, the largest figure of a kind ("12 killed ... all 12")
            cat = "unspecified" if x.category == "people" else x.category  # "a dozen people" / "nine dead"
            if cat not in clause or x.count > clause[cat].count:
                clause[cat] = x
        if list(clause) == ["unspecified"] and not update:
            alone.add(id(clause["unspecified"]))
        for cat, x in clause.items():
            if cat not in best or update or (x.count < best[cat].count and x.count > 0):
                best[cat] = x
    # "30 soldiers killed" (one source), "some sixty victims" (another): the general figure of another
    # source is not added on top of the kinds, and the lower reading is kept
    general = best.get("unspecified")
    specific = sum(x.count for cat, x in best.items() if cat != "unspecified")
    if general is not None and id(general) in alone and specific and general.count > specific:
        del best["unspecified"]
    return sorted(best.values(), key=lambda x: x.start)


def by_category(figures: list[Deaths]) -> dict[str, int]:
    """The largest figure given for each category of dead (repeated tolls are not added)."""
    out: dict[str, int] = {}
    for d in figures:
        out[d.category] = max(out.get(d.category, 0), d.count)
    return out


def total_deaths(figures: list[Deaths]) -> int | None:
    """Combine figures of one incident: the largest figure per category, summed; a general
    figure ("killing 40 people") that already covers the specific ones wins."""
    if not figures:
        return None
    by_cat = by_category(figures)
    general = max(by_cat.pop("unspecified", 0), by_cat.pop("people", 0))
    specific = sum(by_cat.values())
    return max(general, specific)
