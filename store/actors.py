"""Actor families: one key for every way ACLED has written one actor.

"Military Forces of Mali (2013-2020)", "(2021-)" and the project's "Military Forces of Mali" are
one family; so are "Islamic State (Greater Sahara)", "Islamic State (West Africa) - Greater Sahara
Faction" and "Islamic State (Sahel)". A row's families come from all its actor fields, a pair
written "JNIM and/or Islamic State (Sahel)" counts for both, and a group ACLED codes with a
parent (Katiba Macina, JNIM) counts for the parent too. Questions, subscriptions, alerts and
exports all filter through here (via the index), so they agree on who is who.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from store.geo.textnorm import fold

_TABLE = tomllib.loads((Path(__file__).parent / "data" / "actor_families.toml").read_text(encoding="utf-8"))
_PERIOD = re.compile(r"\s*\(\s*(?:\d{4})?\s*-\s*(?:\d{4})?\s*\)")  # "(2013-2020)", "(2021-)"
_SEVERAL = re.compile(r"\s+and/or\s+|\s*;\s*|\s+or\s+(?=[A-Z])")
RENAMED: dict[str, str] = {fold(k): v for k, v in _TABLE["renamed"].items()}
MEMBER_OF: dict[str, str] = dict(_TABLE["member_of"])
_PARENT = {fold(k): v for k, v in MEMBER_OF.items()}


def _without_period(name: str) -> str:
    """'Military Forces of Mali (2013-2020)' -> 'Military Forces of Mali'."""
    return _PERIOD.split(name.strip(), maxsplit=1)[0].strip()


@cache
def family(name: str) -> str:
    """The family key of one actor name: 'military forces of mali', 'jnim', 'islamic state sahel'."""
    bare = _without_period(name)
    bare = RENAMED.get(fold(bare), bare)
    return fold(bare.split(":")[0])


@cache
def families(label: str | None) -> frozenset[str]:
    """Every family one actor field names (several for "X and/or Y" or "X; Y"), parents included."""
    if not label:
        return frozenset()
    out = set()
    for part in _SEVERAL.split(label):
        if part.strip():
            out.add(family(part))
            parent = _PARENT.get(fold(_without_period(part)))
            if parent:
                out.add(family(parent))
    return frozenset(out)
