"""ACLED's event taxonomy, and the cues that pick a type from an incident's sentences.

Rules run in priority order: the first whose cue matches (and whose condition holds) wins.
Cues match folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb", "Grenade"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Looting/property destruction", "Arrests", "Agreement",
                               "Headquarters or base established", "Non-violent transfer of territory",
                               "Disrupted weapons use", "Change to group/activity", "Other"),
}
SUB_TO_TYPE = {sub: t for t, subs in EVENT_TYPES.items() for sub in subs}


def _re(*words: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(words) + r")")


# Words that make a clause report an event at all.
TRIGGER = _re(
    r"attack", r"assault", r"raid", r"ambush", r"clash", r"fight", r"fought", r"offensive", r"strike",
    r"airstrike", r"bomb", r"explos", r"ied\b", r"landmine", r"mines?\b", r"killed", r"killing", r"kill\b",
    r"massacre", r"executed", r"abduct", r"kidnap", r"hostage", r"loot", r"torched", r"burn(?:ed|t) down",
    r"protest", r"demonstrat", r"riot", r"seized", r"took control", r"taken control", r"overr[au]n",
    r"captured", r"shell", r"mortar", r"repell?ed", r"neutrali[sz]", r"deaths? of", r"confrontation",
    r"battle", r"raided", r"besieg", r"shot dead", r"gunfire", r"drone", r"marched", r"rall(?:y|ies)\b",
    r"sit in", r"rassembl", r"perdu la vie", r"lost their lives", r"\bdied\b", r"succomb",
    r"attaqu", r"assaut", r"embuscade", r"affrontement", r"combats?\b", r"accrochage", r"frappe",
    r"bombard", r"engin explosif", r"eei\b", r"tues?\b", r"tuees?\b", r"tuant", r"morts?\b",
    r"massacr", r"enlev", r"rapt", r"otage", r"pill", r"incendi", r"manifest", r"emeute", r"repouss",
    r"prise de controle", r"empare", r"incursion", r"tirs?\b", r"kamikaze", r"arrested", r"arrete",
    r"interpell", r"lynch", r"dispersed", r"casualt", r"death toll", r"\btoll\b", r"bilan", r"victims", r"victimes", r"affront", r"targeted", r"vise\b", r"visant", r"cible", r"struck", r"tear gas", r"gaz lacrymogene", r"mutiny", r"coup\b",
)
# Clauses that only speculate or warn: no event unless they also carry a date, place or toll.
SPECULATIVE = _re(r"warn", r"concern", r"fear", r"threat", r"could\b", r"would\b", r"might\b", r"may\b",
                  r"risk", r"plan(?:s|ned)? to", r"ambition", r"pourrai", r"craint", r"menace",
                  r"risque", r"mise en garde", r"avert", r"capable", r"capabilit", r"aim to", r"seek")


@dataclass(frozen=True)
class Rule:
    sub_event: str
    cue: re.Pattern
    needs: str | None = None  # "civilian_victims" | "armed_target" | "state_actor" | "nonstate_actor"


RULES: tuple[Rule, ...] = (
    Rule("Disrupted weapons use", _re(r"shot down an? (?:army |military )?drone", r"downed an? (?:army |military )?drone",
                                      r"abattu un drone", r"abattre un drone", r"drone abattu")),
    Rule("Suicide bomb", _re(r"suicide (?:bomb|attack|car)", r"kamikaze", r"attentat suicide", r"vbied")),
    Rule("Air/drone strike", _re(r"drone strike", r"drone attack", r"airstrike", r"air strike", r"air raid",
                                 r"aerial (?:bombard|strike)", r"frappes? (?:de drone|aerienne|par drone)",
                                 r"frappe aerienne", r"bombardement aerien", r"drone", r"helicopter gunship",
                                 r"helicoptere", r"air force", r"armee de l air", r"aviation militaire", r"vecteurs aeriens")),
    Rule("Remote explosive/landmine/IED", _re(r"ied\b", r"improvised explosive", r"landmine", r"land mine",
                                              r"roadside bomb", r"explosive device", r"engin explosif",
                                              r"eei\b", r"mine artisanale", r"struck a mine", r"sauter sur une mine",
                                              r"hit a mine", r"(?:anti.?personnel|anti.?tank|antichar) mine", r"explosion")),
    Rule("Shelling/artillery/missile attack", _re(r"shell(?:ing|ed)", r"mortar", r"rocket", r"artillery",
                                                  r"obus", r"roquette", r"tirs indirects")),
    Rule("Grenade", _re(r"grenade")),
    Rule("Abduction/forced disappearance", _re(r"abduct", r"kidnap", r"hostage", r"enlev", r"rapt\b",
                                               r"otage", r"forced disappearance", r"disparition forcee")),
    Rule("Sexual violence", _re(r"\brape", r"sexual violence", r"viol(?:ee|ees|s)?\b", r"violences sexuelles")),
    Rule("Excessive force against protesters", _re(r"(?:fired|shot|opened fire) (?:on|at) (?:the )?(?:protest|demonstr)",
                                                   r"(?:protesters|demonstrators|manifestants) (?:were |ont ete )?(?:killed|tues)",
                                                   r"tire sur (?:les )?manifestants")),
    Rule("Protest with intervention", _re(r"tear gas", r"gaz lacrymogene", r"dispersed", r"disperse",
                                          r"protesters (?:were )?arrested", r"manifestants (?:ont ete )?interpelle"),
         needs="protest"),
    Rule("Mob violence", _re(r"\bmob\b", r"lynch", r"vindicte populaire", r"foule en colere")),
    Rule("Violent demonstration", _re(r"\briot", r"emeute", r"rioters", r"saccag", r"vandali")),
    Rule("Peaceful protest", _re(r"protest", r"demonstrat", r"rally", r"sit in", r"manifest", r"marche pacifique",
                                 r"marched")),
    Rule("Non-state actor overtakes territory", _re(r"(?:took|taken|seized|captured) (?:control of )?(?:the )?(?:town|city|village|locality|commune)",
                                                    r"overr[au]n (?:the )?(?:town|city|village)", r"prise de controle de la (?:ville|localite|commune)",
                                                    r"s (?:est|sont) empare(?:s)? de la (?:ville|localite|commune)",
                                                    r"occupied the town", r"control of the town"),
         needs="nonstate_actor"),
    Rule("Government regains territory", _re(r"(?:retook|recaptured|regained control|retaken|reprise de|repris le controle|reconquis)")),
    Rule("Attack", _re(r"massacre", r"executed", r"execution", r"massacr", r"summary execution",
                       r"executions sommaires"), needs="civilian_victims"),
    Rule("Armed clash", _re(r"clash", r"fight", r"fought", r"battle", r"ambush", r"repell?ed", r"confrontation",
                            r"affrontement", r"combats?\b", r"accrochage", r"embuscade", r"repouss",
                            r"neutrali[sz]", r"exchange of fire", r"echange de tirs", r"gunfight"),
         needs="armed_target"),
    Rule("Armed clash", _re(r"attack", r"assault", r"raid", r"attaqu", r"assaut", r"incursion", r"offensive",
                            r"killed", r"tues?\b", r"deaths? of", r"targeted", r"vise\b", r"visant", r"cible",
                            r"struck", r"overr[au]n", r"seized", r"gunfire", r"tirs?\b"), needs="armed_target"),
    Rule("Attack", _re(r"attack", r"raid", r"killed", r"killing", r"shot dead", r"attaqu", r"tues?\b",
                       r"tuees?\b", r"tuant", r"assassin", r"abattu", r"morts?\b", r"deaths? of"),
         needs="civilian_victims"),
    Rule("Armed clash", _re(r"clash", r"fight", r"ambush", r"affrontement", r"combats?\b", r"embuscade",
                            r"accrochage")),
    Rule("Looting/property destruction", _re(r"loot", r"torched", r"burn(?:ed|t)", r"set (?:fire|ablaze)",
                                             r"pill", r"incendi", r"destroyed", r"detruit")),
    Rule("Arrests", _re(r"arrested", r"detained", r"arrete", r"interpell", r"apprehended")),
    Rule("Disrupted weapons use", _re(r"defused", r"dismantled", r"desamorce", r"neutralised an? (?:ied|explosive)",
                                      r"seized (?:weapons|arms)", r"saisie d armes")),
    Rule("Agreement", _re(r"agreement", r"ceasefire", r"cease fire", r"accords?\b", r"cessez le feu", r"truce")),
    Rule("Headquarters or base established", _re(r"established a base", r"set up a base", r"installe une base")),
    Rule("Non-violent transfer of territory", _re(r"withdr[ae]w", r"retreat", r"handed over", r"retrait")),
    Rule("Attack", _re(r"attack", r"raid", r"attaqu", r"killed", r"tues?\b")),
)


def classify(text: str, facts: set[str]) -> tuple[str, str] | None:
    """(event_type, sub_event_type) for an incident's folded text; None when nothing fits.

    ``facts`` says what the extractor knows: "civilian_victims", "armed_target",
    "state_actor", "nonstate_actor", "protest".
    """
    for rule in RULES:
        if rule.needs and rule.needs not in facts:
            continue
        if rule.cue.search(text):
            return SUB_TO_TYPE[rule.sub_event], rule.sub_event
    return None


def type_for_sub(sub_event_type: str) -> str | None:
    return SUB_TO_TYPE.get(sub_event_type)
