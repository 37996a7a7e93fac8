"""Numbers as digits: number words in English and French (text2num: "thirty" -> 30, "vingt-cinq" -> 25),
ACLED's figures for vague quantities ("dozens" 12, "several" 10, "une trentaine" 30, "hundreds" 100;
the table is ``vague_numbers`` in data/words.toml), "two dozen" 24, "1,200" 1200.
"""

from __future__ import annotations

import contextlib
import re

from text_to_num import alpha2digit

from bot.understand.tables import table
from bot.understand.text import fold_keep_length

APPROX: dict[str, int] = dict(table("words")["vague_numbers"])
# (not "how many", "so many", "as many as": no figure there)
_APPROX = re.compile(
    r"(?<!how )(?<!so )(?<!too )(?<!as )\b(" + "|".join(sorted(APPROX, key=len, reverse=True)) + r")(?: of| d| de)?\b"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DOZEN = re.compile(r"\b(\d{1,3}) (?:dozen|douzaines?)\b")


def digits(text: str, lang: str) -> str:
    """The text lower-cased and accent-free, with every number written in digits."""
    low = fold_keep_length(_THOUSANDS.sub("", text))
    low = _APPROX.sub(lambda m: str(APPROX[m.group(1)]), low)
    with contextlib.suppress(Exception):  # text2num is strict on odd input; digits still work
        low = alpha2digit(low, "fr" if lang == "fr" else "en", threshold=0)
    return _DOZEN.sub(lambda m: str(int(m.group(1)) * 12), low)
