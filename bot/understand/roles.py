"""Who did what to whom in one incident: the actors a draft names, sorted into actor1 (who acted),
actor2 (the target) and the facts the type rules need (civilian victims, an armed target, the state
acting, a crowd). Pure, like the rest of the understanding code; ``extract`` calls ``roles_of``.

The rules, in order: communities' militias, rioters and protesters (``_crowd_roles``); the state when
it clearly acted first or alone, the government for its measures (``_state_roles``); else the named
armed group against another group, the state or civilians (``_armed_roles``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.understand import actors as A
from bot.understand.actors import ActorMention
from bot.understand.events import PROTEST, cues_of
from bot.understand.fatalities import Deaths
from bot.understand.text import (
    fold_keep_length,
)

if TYPE_CHECKING:
    from bot.understand.extract import Article, Draft, Mention


STATE_INITIATIVE = re.compile(
    r"\b(?:discovered|defused|dismantled|desamorce|arrested|detained|arrete|interpell|apprehended|retook|recaptured|"
    r"regained|repris le controle|reprise de|airstrike|air strike|drone strike|frappe|military operation|army "
    r"operation|operation militaire|counter.?terrorism operation|sweep|(?:conducted|launched|carried out|mounted) "
    r"(?:an? )?(?:[a-z]+ ){0,2}operations?|operations? against|raid on (?:a |the )?(?:jihadist|militant|terrorist)|"
    r"searched|search(?:ed|ing)? operations?|fouill|combed|"
    r"bombard|bombed|bombing of|neutralised in|neutralise lors|ratissage|patrol killed)"
)


_SERVICE = r"(?:soldiers?|gendarmes?|police(?:man|men|officers?)?|officers?|militaires?|soldats?|policiers?)"


OFF_DUTY = re.compile(
    # (or at home, in the office: "shot an army officer in his office" is a killing, not a battle)
    rf"\b{_SERVICE}(?:\s+[a-z]+){{0,12}}?\s+(?:in|at) (?:his|her|their) (?:home|house|office|residence|shop)\b|"
    rf"\b(?:off duty|retired|unarmed|former|ancien|non arme)\s+(?:[a-z]+\s+)?{_SERVICE}\b|"
    rf"\b{_SERVICE}\s+(?:off duty|en permission|en conge|a la retraite|retraites?|non armes?)\b"
)


ATTACK_ON_STATE = re.compile(
    r"\b(?:attacks? (?:on|against)|assaults? on|ambush(?:ed)?|attaque (?:contre|d un|de la|du)|"
    r"attacked|embuscade|raid (?:on|against) (?:an? |the )?(?:army|military)|"
    r"(?:attack|assault|attaque|assaut|offensive)\w*\b[^.]{0,80}\b(?:army|military|soldiers|troops|"
    r"armee|militaires?|soldats|fama|positions|camps?|barracks|caserne))"
)


STATE_NAMES = ("Military Forces of", "Police Forces of")


# "the army withdrew from the town", "les FAMa se sont retirés": the state gives ground
STATE_LEFT = re.compile(
    r"\b(?:army|troops|soldiers|military|forces|fama|armee|militaires|soldats)\b(?:\s+[a-z]+){0,3}?\s+"
    r"(?:withdr[ae]w|pulled out|retreated|left|handed over|se sont retires|s est retiree?|ont quitte|"
    r"ont evacue|evacuated)\b"
)


def taker_first(actor1: str | None, actor2: str | None, text: str) -> tuple[str | None, str | None]:
    """A town changing hands without a fight: actor1 is who takes it ("the rebels left Kidal and the
    army took position there": the army), the state unless the text has the state leaving."""
    if not (actor1 and actor2) or actor1.startswith(STATE_NAMES) == actor2.startswith(STATE_NAMES):
        return actor1, actor2
    state, other = (actor1, actor2) if actor1.startswith(STATE_NAMES) else (actor2, actor1)
    return (other, state) if STATE_LEFT.search(text) else (state, other)


# "soldiers ... killed at least 12 civilians": the state as the one doing the killing
STATE_KILLS = re.compile(
    r"\b(?:soldiers|troops|army|military|fama|vdp|auxiliaries|police|gendarmes|forces|uniforms?|"
    r"militaires|soldats|armee|suppletifs)\b[^.]{0,60}?(?<!were )(?<!was )(?<!been )(?<!ete )(?<!sont )\b(?:killed|"
    r"killing|shot|executed|"
    r"opened fire|massacred|tue|tues|tuant|ont tue|abattu|execute|massacre)"
)


# "FAMa soldiers looted motorcycles", "troops discovered two IEDs": the state as the subject of the act
STATE_ACTS = re.compile(
    r"\b(?:soldiers|troops|army|military|fama|forces|gendarmes|police|policemen|vdp|wagner|armee|"
    r"militaires|soldats|fds)\b(?:\s+\w+){0,3}?\s+(?:looted|seized|destroyed|discovered|defused|"
    r"dismantled|established|arrested|detained|burned|torched|executed|set up|imposed|occupied|"
    r"searched|pillaged|confiscated|assaulted|beat|whipped|ont pille|ont saisi|ont detruit|ont arrete)\b"
)


DENOUNCE = re.compile(
    r"\b(?:denounc|protest(?:ed|ing)? against|to protest|demand|called for|calling for|denonc|"
    r"reclam|exig|contre l|against the)"
)


GOV_ACTS = re.compile(
    r"\b(?:imposed|declared|decreed|banned|suspended|dissolved|lifted|extended|ordered|closed|"
    r"decided|put|announced|introduced|annonce|instaure|decrete|interdit|suspendu|dissous|leve|prolonge|ferme|decide)\b"
)


INTERVENTION = re.compile(
    r"\b(?:dispers|tear gas|gaz lacrymogene|fired|opened fire|tire sur|arrested|interpell|charged|beat)"
)


# A crowd doing what rioters do: the violent-demonstration cues; or townspeople clashing with the police.
RIOT = cues_of("Violent demonstration")


CROWD = re.compile(
    r"\b(?:residents|locals|inhabitants|population|youths?|young people|students|merchants|traders|"
    r"vendors|drivers|motorcyclists|women|villagers|crowd|people|habitants|jeunes|eleves|etudiants|"
    r"commercants|chauffeurs|femmes|manifestants|protesters|demonstrators)\b"
)


CROWD_CLASH = re.compile(
    r"\b(?:clashed|clash(?:es)? with|affrontement|se sont affrontes|pelted|stoned|jets? de pierres)"
)


ABDUCTION = re.compile(r"\b(?:abduct|kidnap|hostage|enlev|rapt\b|otage)")


Roles = tuple[str | None, str | None, set[str]]  # (actor1, actor2, facts for the classifier)


@dataclass
class Cast:
    """Who a draft names, sorted by kind, with what the text says about them (see ``_cast``)."""

    text: str
    lead: str  # the main clause, not "four were arrested later"
    country: str
    mentions: list[ActorMention]
    states: list[str]
    rebels: list[str]
    generic: list[ActorMention]
    civilians: list[ActorMention]
    government: list[str]
    communities: list[str]
    victims: set[str]
    claimed_only: set[str]
    attacker: str | None
    either: str | None  # "ISGS or JNIM militants": one perpetrator, written "X and/or Y"
    state: str | None
    state_subject: bool = False  # "the Nigerien army shelled...": the state is the lead clause's subject
    place_attacked: bool = False  # "attacked Debiro and burnt...": a village, not an armed force, was the target

    @property
    def unidentified(self) -> str:
        return A.UNIDENTIFIED.format(country=self.country)

    @property
    def civ(self) -> str:
        return A.CIVILIANS.format(country=self.country)

    def named(self, name: str) -> list[str]:
        return [a.resolve(self.country) for a in self.mentions if a.name == name]


def roles_of(d: Draft, art: Article, country: str, deaths: list[Deaths]) -> Roles:
    """(actor1, actor2, facts for the classifier) from the draft's actor mentions: crowds and
    communities first, then the state when it clearly acted first or alone, then armed groups.
    The named armed group attacks unless the state clearly acted first (air strikes,
    operations, recapture, only militants killed); Russian forces are the state's allies.
    """
    cast = _cast(d, art, country, deaths)
    return _crowd_roles(cast) or _state_roles(cast) or _armed_roles(cast)


def _cast(d: Draft, art: Article, country: str, deaths: list[Deaths]) -> Cast:
    # "killed two children of a Dozo militiaman": a relative's tie, not a party to the event
    # "troops had pulled out of the area": forces named as absent are no party either
    mentions = [
        a
        for m in d.mentions
        for a in m.actors
        if not RELATION_BEFORE.search(m.folded_before(a))
        and not (a.kind == "state" and ABSENT_AFTER.match(m.folded_after(a)))
    ]
    text = " ".join(m.folded for m in d.mentions)
    states = [a.resolve(country) for a in mentions if a.kind == "state"]
    militias = [a.resolve(country) for a in mentions if a.kind == "militia"]
    armed_kinds = ("rebel",) if states else ("rebel", "militia")
    rebels = [a.resolve(country) for a in mentions if a.kind in armed_kinds and a.name != A.UNIDENTIFIED]
    allies = [a.resolve(country) for a in mentions if a.kind == "ext"] + (militias if states else [])
    generic = [a for a in mentions if a.name == A.UNIDENTIFIED]
    # "gunmen attacked a Ganda Koy checkpoint": a group named as the target is not the attacker;
    # "IS claimed it killed MSA fighters": a group named only in the claim is not the target either
    targeted = {a.resolve(country) for m in d.mentions for a in m.actors if _is_target(m, a)}
    # (a claim clause's first actor is the claimer, kept as a possible target only when it is not an armed
    # group: "ISWAP claimed it", after "ISGS militants killed...", never makes ISWAP the target)
    claimed = {
        a.resolve(country)
        for m in d.mentions
        if m.claim
        for a in m.actors
        if a.resolve(country) != m.actors[0].resolve(country) or a.kind == "rebel"
    }
    claimed_only = claimed - {a.resolve(country) for m in d.mentions if not m.claim for a in m.actors}
    states = [s for s in states if s not in claimed_only]
    either = _either_group(d, country)
    attacker = _subject(d, country) or either or next((r for r in rebels if r not in targeted), None)
    told_again = THE_GROUP.search(text) or (ANOTHER.search(text) and not generic)  # (not "another attack by gunmen")
    if attacker is None and art.main_group and (any(m.claim for m in d.mentions) or told_again):
        attacker = art.main_group
    if attacker is None and generic:
        attacker = A.UNIDENTIFIED.format(country=country)
    return Cast(
        text=text,
        lead=next((m.folded for m in d.mentions if m.actors), text),
        country=country,
        mentions=mentions,
        states=states,
        rebels=rebels,
        generic=generic,
        civilians=[a for a in mentions if a.name == A.CIVILIANS],
        government=[a.resolve(country) for a in mentions if a.kind == "gov"],
        communities=[c.format(country=country) for c in A.community_actors(" ".join(m.text for m in d.mentions), text)],
        victims={x.category for x in deaths if x.count and not x.coded},
        claimed_only=claimed_only,
        attacker=attacker,
        either=either,
        state=states[0] if states else (allies[0] if allies else None),
        state_subject=_state_subject(d),
        place_attacked=_place_attacked(d),
    )


# "the group", "another convoy ... was attacked": the article's group, told of again
THE_GROUP = re.compile(r"\b(?:the group|le groupe)\b")


ANOTHER = re.compile(
    r"\b(?:another (?:convoy|attack|ambush|raid|assault)|un autre (?:convoi|raid|assaut)|une autre (?:attaque|"
    r"embuscade))\b"
)


# "Koglweogo militiamen reportedly routed a group of ISGS militants": the militia named first acts
ACTS_AFTER = re.compile(
    r"^(?:\s+[a-z]+){0,3}?\s+(?:reportedly\s+|allegedly\s+)?(?:routed|attacked|ambushed|raided|"
    r"killed|stormed|repelled|repulsed|chased|established|set up|took control|seized|ont attaque|"
    r"ont tue|ont repousse)\b"
)


# "the army clashed with...", "Nigerien soldiers fired rockets at...": the state as the active subject
# (a passive "soldiers were killed" or a reply "repelled the attack" is not the state acting first)
STATE_ACTS_AFTER = re.compile(
    r"^(?:\s+[a-z]+ly)?\s+(?:attacked|ambushed|raided|stormed|clashed|engaged|"
    r"fired|shelled|targeted|pursued|chased|opened fire|exchanged fire|traded fire|"
    r"bombed|intercepted|ont attaque|ont frappe|ont bombarde|ont intercepte|ont pris en chasse)\b"
)


def _state_subject(d: Draft) -> bool:
    lead = next((m for m in d.mentions if m.actors), None)
    return bool(lead and lead.actors[0].kind == "state" and STATE_ACTS_AFTER.match(lead.folded_after(lead.actors[0])))


ATTACKED_BEFORE = re.compile(
    r"\b(?:attacked|stormed|attaque|ont attaque|ont pris d assaut)\s+(?:the |a |le |la )?"
    r"(?:(?:village|hamlet|town|locality|localite|hameau|ville)\s+(?:of |de |d )?)?$"
)


def _place_attacked(d: Draft) -> bool:
    """Is a village or town itself the object of the attack ("attacked Debiro", "attacked the village of X")?
    (A raid that loots, with no one hurt, stays a strategic development.)"""
    return any(
        ATTACKED_BEFORE.search(fold_keep_length(m.text[max(0, p.start - 40) : p.start]))
        for m in d.mentions
        for p in m.places
        if not p.area
    )


def _subject(d: Draft, country: str) -> str | None:
    """A militia or a foreign force written as the subject of the main clause's act, before any
    armed group: it is actor1 even when an armed group is named after it (as its target)."""
    lead = next((m for m in d.mentions if m.actors), None)
    if lead is None or lead.actors[0].kind not in ("militia", "ext"):
        return None
    first = lead.actors[0]
    return first.resolve(country) if ACTS_AFTER.match(lead.folded_after(first)) else None


def _crowd_roles(c: Cast) -> Roles | None:
    """Communities' militias, rioters and protesters: people who are not standing armed forces."""
    if c.communities and c.attacker in (None, c.unidentified) and not c.states:
        # "members of the Lobi and Dogosse communities clashed": two ethnic militias, not rioters
        if len(c.communities) > 1:
            return c.communities[0], c.communities[1], {"nonstate_actor", "armed_target"}
        if _civilian_victims(c.victims, c.civilians):
            return c.communities[0], c.civ, {"nonstate_actor", "civilian_victims"}
        return c.communities[0], None, {"nonstate_actor"}
    rioters = A.RIOTERS.format(country=c.country)
    rioting = bool(RIOT.search(c.text) or (CROWD.search(c.text) and CROWD_CLASH.search(c.text)))
    if c.named(A.RIOTERS) or (rioting and CROWD.search(c.text) and not (c.rebels or c.generic or c.attacker)):
        # "angry youths ransacked...", "residents burned tyres and barricaded the road": rioters
        police = c.named(A.POLICE) or c.states
        return rioters, police[0] if police else None, {"rioters"}
    intervened = INTERVENTION.search(c.text)
    if (
        PROTEST.search(c.text)
        and not c.victims - {"civilians"}
        and (not c.rebels or intervened or DENOUNCE.search(c.text))
    ):
        # "CSMAK dispersed the demonstrators", "they denounced a killing by Donso militiamen": still a protest
        police = c.named(A.POLICE) or c.states or (c.rebels if intervened else [])
        if RIOT.search(c.text):  # "the demonstrators burned the police station": they are rioters now
            return rioters, police[0] if police else None, {"rioters"}
        return A.PROTESTERS.format(country=c.country), police[0] if police and intervened else None, {"protest"}
    return None


def _civilian_targets(c: Cast) -> bool:
    """Civilians died or were named as targets, were abducted, or their village was attacked
    while no armed force is named as the target."""
    return (
        _civilian_victims(c.victims, c.civilians)
        or bool(ABDUCTION.search(c.text) and not c.states)
        or c.place_attacked
        and not c.states
        and not c.victims - {"civilians", "people", "unspecified"}
    )


def _state_roles(c: Cast) -> Roles | None:
    """The state when it clearly acted first, or is the only one acting; the government for measures."""
    civilian_victims = _civilian_targets(c)
    state_first = bool(c.state) and (
        _state_led(c.lead)
        or c.state_subject
        or (c.victims == {"militants"} and not ATTACK_ON_STATE.search(c.text))
        or (civilian_victims and not (c.rebels or c.generic or c.attacker) and STATE_KILLS.search(c.text))
    )
    if state_first:
        if civilian_victims and "militants" not in c.victims:
            return c.state, c.civ, {"state_actor", "civilian_victims"}
        target = next((r for r in c.rebels if r != c.state), c.attacker or c.unidentified)
        return c.state, target, {"state_actor", "armed_target"}
    if c.attacker is None and c.state is not None and STATE_ACTS.search(c.text) and not ATTACK_ON_STATE.search(c.text):
        # "FAMa soldiers looted shops": the state is the only actor, and not the target
        if civilian_victims:
            return c.state, c.civ, {"state_actor", "civilian_victims"}
        return c.state, None, {"state_actor"}
    if c.attacker is None and c.government and GOV_ACTS.search(c.text):  # "the government imposed a curfew"
        return c.government[0], None, {"government"}
    return None


def _state_led(lead: str) -> bool:
    """The lead clause tells of a state initiative (a strike, an operation), not after an attack on the
    state ("17 soldiers killed in an ambush ... a hundred terrorists neutralised in a sweep": the ambush)."""
    initiative = STATE_INITIATIVE.search(lead)
    attacked = ATTACK_ON_STATE.search(lead)
    return initiative is not None and (attacked is None or initiative.start() < attacked.start())


def _armed_roles(c: Cast) -> Roles:
    """An armed group (or unknown gunmen) against another group, the state, or civilians."""
    facts = {"nonstate_actor"} if c.attacker else set()
    if OFF_DUTY.search(c.text):  # "executed an off-duty soldier": ACLED codes a lone unarmed target as civilian
        return c.attacker or c.unidentified, c.civ, facts | {"civilian_victims"}
    others = [r for r in c.rebels if r != c.attacker and r not in (c.attacker or "") and r not in c.claimed_only]
    if c.either and c.either != c.attacker:  # "Koglweogo routed ISGS or JNIM militants": the pair is the target
        others = [c.either]
    if others and not c.states:  # "dozos clashed with JNIM": two armed groups
        return c.attacker, others[0], facts | {"armed_target"}
    state = c.state if c.state != c.attacker else None  # "Russian troops set up a base": no target
    if state or "soldiers" in c.victims or "militants" in c.victims:
        return c.attacker or c.unidentified, state or A.MILITARY.format(country=c.country), facts | {"armed_target"}
    if _civilian_targets(c) or c.victims <= {"unspecified", "people"} and c.victims:
        return c.attacker or c.unidentified, c.civ, facts | {"civilian_victims"}
    return c.attacker, None, facts


ABSENT_AFTER = re.compile(
    r"^(?:\s+[a-z]+){0,5}?\s+(?:had (?:pulled out|left|withdrawn)|pulled out|left (?:their|its) base|"
    r"had been stationed|were stationed|for failing|failed to|failing to|s etaient retires|"
    r"avaient quitte)\b"
)


RELATION_BEFORE = re.compile(
    r"\b(?:child|children|son|sons|wife|wives|daughters?|family|families|relatives?|brothers?|"
    r"father|mother|parents?|home|house|widow|enfants?|fils|epouse|femme|fille|famille|parents|"
    r"domicile|maison) of (?:a|an|the|two|one|un|une|d un|d une)?\s*$|\b(?:enfants?|fils|epouse|"
    r"fille|famille|domicile|maison) d (?:un|une)?\s*$"
)


TARGET_BEFORE = re.compile(
    r"\b(?:against|attacked|ambushed|targeting|targeted|raided|on|attaque\w*|contre|visant|"
    r"ciblant)\s+(?:an?|the|two|three|four|several|some|\d+|le|la|les|des|un|une|deux|trois)?\s*"
    r"(?:(?!by\b|par\b)[a-z]+\s+)?$"
)  # "attacked by JNIM": the attacker


def _is_target(m: Mention, a: ActorMention) -> bool:
    """Is the actor written as the object of the attack ("attacked a Ganda Koy checkpoint")?"""
    return a.kind in ("rebel", "militia") and bool(TARGET_BEFORE.search(m.folded_before(a)))


EITHER = re.compile(r"^\s*(?:or|and/or|ou|et/ou|/)\s*$|^\s*and\s*$")  # "Boko Haram/IS": either of the two


COALITION = re.compile(r"\b(?:coalition|alliance|joint|conjointe?)\b")


def _civilian_victims(victims: set[str], civilians: list) -> bool:
    """Were the dead (or the named targets) civilians?"""
    return (
        "civilians" in victims
        or bool(civilians and not victims)
        or ("people" in victims and not victims & {"soldiers", "militants"})
    )


def _either_group(d: Draft, country: str) -> str | None:
    """ "ISGS or JNIM militants", "a coalition of IS and Ansaroul Islam": one perpetrator,
    written the ACLED way ("X and/or Y"), never a clash between the two."""
    for m in d.mentions:
        groups = [a for a in m.actors if a.kind == "rebel" and a.name != A.UNIDENTIFIED]
        for a, b in zip(groups, groups[1:], strict=False):
            between = m.text[a.end : b.start]
            if (
                a.name != b.name
                and EITHER.match(between)
                and (" and" not in between or COALITION.search(m.folded[max(0, a.start - 40) : a.start]))
            ):
                return f"{a.resolve(country)} and/or {b.resolve(country)}"
    return None
