"""Actors of Sahel conflict news, normalised to ACLED-style names.

The alias table is the maintained part: add spellings here when analysts meet new ones.
Names with ``{country}`` are resolved with the country of the incident ("the army" in an
article about Burkina Faso is "Military Forces of Burkina Faso").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understand.text import fold_keep_length

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

# canonical name -> (kind, aliases as folded words). kind: rebel | state | militia | civilian | ext
ACTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    JNIM: ("rebel", ("jnim", "gsim", "jama at nusrat al islam wal muslimin", "jamaat nusrat al islam wal muslimin",
                     "jama a nusrat al islam wal muslimin", "group for the support of islam and muslims",
                     "group for support of islam and muslims", "support group for islam and muslims",
                     "groupe de soutien a l islam et aux musulmans", "al qaeda affiliate", "affiliate of al qaeda",
                     "al qaida affiliate", "affilie a al qaida", "lie a al qaida", "liee a al qaida",
                     "katiba macina", "katiba serma", "ansar dine", "al qaeda linked", "al qaida")),
    IS_SAHEL: ("rebel", ("islamic state sahel", "islamic state in the sahel", "is sahel", "issp", "isgs",
                         "eigs", "islamic state in the greater sahara", "etat islamique au grand sahara",
                         "etat islamique au sahel", "etat islamique dans le grand sahara", "ei sahel",
                         "islamic state sahel province", "islamic state", "etat islamique")),
    ISWAP: ("rebel", ("iswap", "islamic state west africa province", "islamic state west africa",
                      "etat islamique en afrique de l ouest", "iswa")),
    BOKO_HARAM: ("rebel", ("boko haram", "jas", "shekau faction")),
    FLA: ("rebel", ("fla", "azawad liberation front", "front de liberation de l azawad", "separatists",
                    "separatistes", "separatist rebels", "rebelles separatistes", "azawad rebels",
                    "rebelles de l azawad", "tuareg rebels", "rebelles touareg")),
    CSP: ("rebel", ("csp dpa", "csp psd", "permanent strategic framework", "cadre strategique permanent")),
    "Wagner Group": ("ext", ("wagner", "wagner group", "groupe wagner", "russian mercenaries",
                             "mercenaires russes", "russian paramilitaries", "paramilitaires russes")),
    "Africa Corps": ("ext", ("africa corps", "africa korps", "russian troops", "russian soldiers",
                             "soldats russes", "militaires russes", "russian forces", "forces russes",
                             "russian instructors", "instructeurs russes")),
    "Dan Na Ambassagou": ("militia", ("dan na ambassagou", "dan nan ambassagou")),
    "Dozo Communal Militia ({country})": ("militia", ("dozo", "dozos", "donso", "donsos", "dozo hunters",
                                                      "chasseurs dozos", "chasseurs traditionnels",
                                                      "traditional hunters")),
    "VDP: Volunteers for the Defense of the Homeland": ("militia", (
        "vdp", "volunteers for the defense of the homeland", "volunteers for the defence of the homeland",
        "volontaires pour la defense de la patrie", "army auxiliaries", "suppletifs")),
    "Koglweogo Militia": ("militia", ("koglweogo", "koglweogos")),
    MILITARY: ("state", ("fama", "malian armed forces", "army", "armed forces", "military", "soldiers",
                         "troops", "the military", "armee", "l armee", "forces armees", "militaires",
                         "soldats", "fds", "defence and security forces", "defense and security forces",
                         "forces de defense et de securite", "security forces", "forces de securite",
                         "army camp", "military camp", "military base", "army base", "military post",
                         "army post", "barracks", "military installations", "camp militaire",
                         "base militaire", "poste militaire", "caserne", "garrison", "air force",
                         "armee de l air", "fanci", "fds burkinabe", "bir", "national guard",
                         "garde nationale", "government forces", "forces gouvernementales",
                         "military convoy", "convoi militaire", "army positions", "military positions", "positions militaires", "positions", "drone of the army", "fdsn",
                         "gendarmerie", "gendarmes")),
    POLICE: ("state", ("police", "policemen", "police officers", "police station", "policiers",
                       "commissariat", "police forces")),
    CIVILIANS: ("civilian", ("civilians", "villagers", "residents", "worshippers", "passengers",
                             "herders", "traders", "farmers", "civils", "villageois", "habitants",
                             "fideles", "passagers", "eleveurs", "commercants", "cultivateurs",
                             "orpailleurs", "gold miners", "students", "teachers", "women and children",
                             "local population", "population",
                             "displaced people", "deplaces", "pilgrims", "mayor", "maire", "village chief",
                             "chef de village", "imam", "pupils", "eleves", "enseignants", "aides")),
    UNIDENTIFIED: ("rebel", ("gunmen", "armed men", "unidentified gunmen", "unidentified assailants",
                             "unknown gunmen", "hommes armes", "individus armes", "hommes armes non identifies",
                             "assaillants", "assailants", "attackers", "bandits", "armed bandits",
                             "terroristes", "terrorists", "jihadists", "djihadistes", "jihadistes",
                             "islamists", "islamistes", "militants", "insurgents", "jihadist fighters",
                             "hommes armes non identifies", "groupes armes", "armed groups",
                             "armed group", "groupe arme", "gang", "motorcyclists")),
    PROTESTERS: ("civilian", ("protesters", "demonstrators", "manifestants", "protestors")),
    RIOTERS: ("civilian", ("rioters", "emeutiers", "mob", "angry crowd", "foule en colere")),
}
# Country-specific forces named by their acronyms.
COUNTRY_HINTS = {"fama": "Mali", "fanci": "Ivory Coast", "fdsn": "Niger", "bir": "Burkina Faso"}


@dataclass(frozen=True)
class ActorMention:
    name: str  # canonical, maybe with {country}
    kind: str
    start: int
    end: int
    alias: str

    def resolve(self, country: str | None) -> str:
        c = COUNTRY_HINTS.get(self.alias) or country or "Mali"
        return self.name.format(country=c)


def _build() -> re.Pattern:
    alias_to = {}
    for name, (kind, aliases) in ACTORS.items():
        for a in aliases:
            alias_to.setdefault(a, (name, kind))
    _build.alias_to = alias_to  # type: ignore[attr-defined]
    alts = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(alias_to, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b")


_PATTERN = _build()
_ALIAS_TO: dict[str, tuple[str, str]] = _build.alias_to  # type: ignore[attr-defined]
# Case-sensitive short acronyms: "FLA", "JAS", "BIR" only in capitals.
_UPPER_ONLY = {"fla", "jas", "bir", "fds", "vdp", "csp dpa", "iswa", "eigs", "issp", "isgs", "gsim", "jnim", "fama"}


def find_actors(text: str) -> list[ActorMention]:
    """Actor mentions in order of appearance (longest alias wins)."""
    low = fold_keep_length(text)
    out = []
    for m in _PATTERN.finditer(low):
        alias = re.sub(r"\s+", " ", m.group(0))
        if alias in _UPPER_ONLY and not text[m.start():m.end()].isupper() and alias not in ("jnim", "fama", "vdp", "gsim"):
            continue
        name, kind = _ALIAS_TO[alias]
        out.append(ActorMention(name, kind, m.start(), m.end(), alias))
    return out


def short_actor(name: str) -> str:
    """'JNIM: Group for Support of Islam and Muslims' -> 'JNIM'."""
    return name.split(":")[0] if ":" in name else name
