"""The sentence of an incident's notes that describes its coordinated attack.

Notes are data (exported as ACLED's ``notes``), written when an article is read. When a later
article grows the group (more towns, a lower toll), the store restates that sentence so the notes
never contradict the group fields beside them.
"""

from __future__ import annotations

import re

_GROUP = re.compile(
    r" One of \d+ coordinated attacks the same day(?: \(\d+ named in the report\))?\."
    r"(?: \d+ reported killed across the attacks\.)?"
)


def group_sentence(size: int, named: int | None, fatalities: int | None) -> str:
    """ " One of 7 coordinated attacks the same day (3 named in the report). 80 reported killed across the attacks." """
    shown = f" ({named} named in the report)" if named and named < size else ""
    out = f" One of {size} coordinated attacks the same day{shown}."
    if fatalities:
        out += f" {fatalities} reported killed across the attacks."
    return out


def restate_group(notes: str | None, size: int | None, named: int | None, fatalities: int | None) -> str | None:
    """``notes`` with its group sentence rewritten for the group as it now stands."""
    if not notes or not size or size < 2 or not _GROUP.search(notes):
        return notes
    return _GROUP.sub(lambda _m: group_sentence(size, named, fatalities), notes, count=1)
