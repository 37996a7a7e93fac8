"""Actors of Sahel conflict news, normalised to ACLED-style names.

The alias table is the maintained part: add spellings here when analysts meet new ones.
Names with ``{country}`` are resolved with the country of the incident ("the army" in an
article about Burkina Faso is "Military Forces of Burkina Faso").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.tables import table
from bot.understand.text import fold_keep_length
from store.actors import MEMBER_OF
from store.geo.countries import NAME_TO_CODE, country_name

JNIM = "JNIM: Group for Support of Islam and Muslims"
IS_SAHEL = "Islamic State (Sahel)"
ISWAP = "Islamic State West Africa Province"
BOKO_HARAM = "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
FLA = "FLA: Azawad Liberation Front"
CSP = "CSP-DPA: Permanent Strategic Framework for the Defense of the People of Azawad"
MILITARY = "Military Forces of {country}"
POLICE = "Police Forces of {country}"
CIVILIANS = "Civilians ({country})"
UNIDENTIFIED = "Unidentified Armed Group ({country})"
PROTESTERS = "Protesters ({country})"
RIOTERS = "Rioters ({country})"


_TABLE = table("actors")
# canonical name -> (kind, aliases as folded words). kind: rebel | state | militia | civilian | ext
ACTORS: dict[str, tuple[str, tuple[str, ...]]] = {a["name"]: (a["kind"], tuple(a["aliases"])) for a in _TABLE["actor"]}
# "Katiba Macina" -> JNIM: the group ACLED writes as the associated actor (the store's family table)
ASSOCIATED: dict[str, str] = MEMBER_OF
# Country-specific forces named by their acronyms or demonyms.
COUNTRY_HINTS: dict[str, str] = dict(_TABLE["alias_country"])
# alias -> {country name: the actor it means there}
BY_COUNTRY: dict[str, dict[str, str]] = _TABLE["alias_by_country"]
_UPPER_ONLY = frozenset(_TABLE["upper_only"])
ETHNIC_MILITIA = "{group} Ethnic Militia ({{country}})"
COMMUNAL_MILITIA = "{place} Communal Militia ({{country}})"
ETHNIC: dict[str, str] = dict(_TABLE["ethnic"])
# canonical name -> ISO codes of the countries the group operates in, most active first
HOME_COUNTRIES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _TABLE["home_countries"].items()}
# canonical name -> admin1 regions where it mostly operates (a prior among a village's namesakes)
HOME_REGIONS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _TABLE["home_regions"].items()}


def _ethnic_actors() -> None:
    """ "Soninke militiamen", "armed Tuareg": one militia entry per community, unless the table
    already names it (Fulani, Dogon), with the usual ways of writing its armed members."""
    taken = {a for _, aliases in ACTORS.values() for a in aliases}
    for word, group in ETHNIC.items():
        name = ETHNIC_MILITIA.format(group=group)
        forms = [
            f"{word} militia",
            f"{word} militias",
            f"{word} militiamen",
            f"armed {word}",
            f"{word} armed men",
            f"milice {word}",
            f"milices {word}",
            f"{word} fighters",
            f"{word} hunters",
        ]
        kind, aliases = ACTORS.get(name, ("militia", ()))
        ACTORS[name] = (kind, tuple(dict.fromkeys((*aliases, *(f for f in forms if f not in taken)))))


_ethnic_actors()


@dataclass(frozen=True)
class ActorMention:
    name: str  # canonical, maybe with {country}
    kind: str
    start: int
    end: int
    alias: str
    country: str | None = None  # named beside the alias: "Burkinabe air force", "l'aviation nigérienne"

    def resolve(self, country: str | None) -> str:
        c = self.country or COUNTRY_HINTS.get(self.alias) or country or "Mali"
        return BY_COUNTRY.get(self.alias, {}).get(c) or self.name.format(country=c)


def _build() -> re.Pattern:
    alias_to: dict[str, tuple[str, str]] = {}
    for name, (kind, aliases) in ACTORS.items():
        for a in aliases:
            alias_to.setdefault(a, (name, kind))
    _build.alias_to = alias_to  # type: ignore[attr-defined]
    return re.compile(rf"\b(?:{_trie_pattern(alias_to)})\b")


def _trie_pattern(words) -> str:
    """One regex for many aliases, shared prefixes factored ("fulani(?:\\s+militia)?"): the longest
    alias still wins (greedy), and matching no longer tries every alias at every position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(trie)


_PATTERN = _build()
_ALIAS_TO: dict[str, tuple[str, str]] = _build.alias_to  # type: ignore[attr-defined]


def find_actors(text: str) -> list[ActorMention]:
    """Actor mentions in order of appearance (longest alias wins)."""
    low = fold_keep_length(text)
    out = []
    for m in _PATTERN.finditer(low):
        alias = re.sub(r"\s+", " ", m.group(0))
        if alias in _UPPER_ONLY and not text[m.start() : m.end()].isupper():
            continue
        name, kind = _ALIAS_TO[alias]
        out.append(
            ActorMention(name, kind, m.start(), m.end(), alias, _demonym(low, m) if "{country}" in name else None)
        )
    return out


_WORD_BEFORE = re.compile(r"([a-z]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)")


def _demonym(low: str, m: re.Match) -> str | None:
    """The country a demonym right beside a forces' alias names ("Burkinabe warplanes", "armée malienne")."""
    for found in (_WORD_BEFORE.search(low, max(0, m.start() - 20), m.start()), _WORD_AFTER.match(low, m.end())):
        code = NAME_TO_CODE.get(found.group(1)) if found else None
        if code:
            return country_name(code)
    return None


_GROUPS = "|".join(sorted(ETHNIC, key=len, reverse=True))
# "members of the Lobi and Dogosse communities clashed", "a group of Soninke ethnicity ... wounded"
_COMMUNITY_SUBJECT = re.compile(
    rf"(?<!killed )(?<!killing )(?<!abducted )(?<!against )(?<!attacked )\b(?:(?:members?|people|youths?|men|group) "
    rf"(?:of|from) )?(?:the )?({_GROUPS})(?: and ({_GROUPS}))? (?:communit(?:y|ies)|ethnicity|ethnic group)\b"
    rf"(?=[^.]{{0,80}}\b(?:clashed|attacked|killed|wounded|fought|burned|raided|opened fire|abducted|armed with|"
    rf"se sont affrontes|ont attaque|ont tue))"
)
# "armed villagers from Nando killed...": a village's armed men, ACLED's communal militia
_VILLAGERS_FROM = re.compile(
    r"\b(?:armed )?(?:villagers|residents|youths|men|hunters) (?:from|of) (?:the village of )?"
    r"([A-Z][\w'-]+)(?=[^.]{0,60}\b(?:killed|attacked|clashed|raided|abducted|burned|wounded))"
)


def community_actors(text: str, folded: str) -> list[str]:
    """Militias a text names by community, as the ones acting ("Soninke ... clashed", "armed
    villagers from Nando killed"), in order; names keep "{country}" to fill in."""
    out = []
    for m in _COMMUNITY_SUBJECT.finditer(folded):
        out += [ETHNIC_MILITIA.format(group=ETHNIC[g]) for g in m.groups() if g]
    out += [COMMUNAL_MILITIA.format(place=m.group(1)) for m in _VILLAGERS_FROM.finditer(text)]
    return list(dict.fromkeys(out))


def short_actor(name: str) -> str:
    """'JNIM: Group for Support of Islam and Muslims' -> 'JNIM'."""
    return name.split(":")[0] if ":" in name else name
