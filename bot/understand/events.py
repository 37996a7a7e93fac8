"""ACLED's event taxonomy, and the cues that detect an event and pick its type.

The vocabulary is data (``data/events.toml``): rules run in priority order, the first whose
cue matches (and whose condition holds) wins; every cue also makes a clause an event mention.
Cues match folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.tables import any_of, table

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Looting/property destruction",
        "Arrests",
        "Agreement",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Disrupted weapons use",
        "Change to group/activity",
        "Other",
    ),
}
SUB_TO_TYPE = {sub: t for t, subs in EVENT_TYPES.items() for sub in subs}


def _re(*words: str) -> re.Pattern:
    """A cue list as one pattern, searched for yes or no (``any_of``: a trie of the words)."""
    return re.compile(r"\b" + any_of(words))


@dataclass(frozen=True)
class Rule:
    sub_event: str
    cue: re.Pattern
    # "civilian_victims" | "armed_target" | "state_actor" | "nonstate_actor" | "protest" | "crowd" | "government"
    needs: str | None = None
    cues: tuple[str, ...] = ()
    unless: str | None = None  # a fact that rules this type out ("deaths" for abductions)


def _load() -> tuple[tuple[Rule, ...], re.Pattern, re.Pattern]:
    """Rules, the detection pattern (every rule cue plus the trigger-only words) and the
    speculation pattern, from ``data/events.toml``."""
    vocabulary = table("events")
    rules = tuple(
        Rule(r["sub_event"], _re(*r["cues"]), r.get("needs"), tuple(r["cues"]), r.get("unless"))
        for r in vocabulary["rule"]
    )
    cues = dict.fromkeys(c for r in rules for c in r.cues)
    trigger = _re(*cues, *vocabulary["trigger_only"])
    return rules, trigger, _re(*vocabulary["speculative"])


RULES, TRIGGER, SPECULATIVE = _load()


def cues_of(sub_event: str) -> re.Pattern:
    """One pattern for every cue of a sub-event's rules (the extractor reuses them to tell roles)."""
    return _re(*(c for r in RULES if r.sub_event == sub_event and r.needs in (None, "crowd") for c in r.cues))


# A crowd demonstrating: the cues of the peaceful-protest rule, which the extractor also uses to
# tell protesters from armed actors.
PROTEST = cues_of("Peaceful protest")


NEGATED = re.compile(
    r"\b(?:there (?:was|were) no|no|without|sans|pas eu de|pas de|aucune?|ni)\s+(?:[a-z]+\s+)?"
    r"(?:combats?|fighting|clash(?:es)?|affrontements?|attacks?|attaques?|gunfire|tirs|resistance)\b"
)


def classify(text: str, facts: set[str]) -> tuple[str, str] | None:
    """(event_type, sub_event_type) for an incident's folded text; None when nothing fits.

    ``facts`` says what the extractor knows: "civilian_victims", "armed_target", "state_actor",
    "nonstate_actor", "protest", "rioters", "deaths". A demonstration or a riot is typed among protests
    and riots only ("demonstrators denounced the abduction..." is not an abduction).
    """
    text = NEGATED.sub(" ", text)  # "there was no fighting in the town": not a clash
    crowd = "protest" in facts or "rioters" in facts
    facts = facts | {"crowd"} if crowd else facts
    for rule in RULES:
        if (rule.needs and rule.needs not in facts) or (rule.unless and rule.unless in facts):
            continue
        if crowd and SUB_TO_TYPE[rule.sub_event] not in ("Protests", "Riots"):
            continue
        if rule.cue.search(text):
            return SUB_TO_TYPE[rule.sub_event], rule.sub_event
    if "rioters" in facts:
        return "Riots", "Violent demonstration"
    return ("Protests", "Peaceful protest") if crowd else None


def type_for_sub(sub_event_type: str) -> str | None:
    return SUB_TO_TYPE.get(sub_event_type)
