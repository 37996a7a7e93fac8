"""Plain-text helpers for articles and questions: language, sentences, clauses, folding.

Pure functions: text in, text out.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from store.geo.textnorm import fold_keep_length  # noqa: F401 - re-exported for the understanding code

EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "have",
        "has",
        "had",
        "were",
        "been",
        "which",
        "their",
        "they",
        "said",
        "after",
        "who",
        "an",
        "it",
        "this",
        "are",
        "not",
        "but",
        "its",
        "two",
        "killed",
        "attack",
        "attacks",
        "near",
        "soldiers",
        "army",
        "people",
        "village",
        "town",
        "region",
        "since",
        "last",
        "week",
        "yesterday",
    ]
)
FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "un",
        "une",
        "est",
        "dans",
        "pour",
        "sur",
        "par",
        "au",
        "aux",
        "qui",
        "que",
        "a",
        "été",
        "ont",
        "sont",
        "avec",
        "ce",
        "cette",
        "il",
        "elle",
        "ses",
        "leur",
        "lors",
        "selon",
        "après",
        "contre",
        "tués",
        "attaque",
        "armée",
        "village",
        "région",
        "hier",
        "semaine",
        "depuis",
        "près",
        "soldats",
        "civils",
        "morts",
    ]
)
# Frequent words of other languages the bot is likely to meet, so it can say "not EN/FR".
OTHER_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "von",
        "den",
        "zu",
        "el",
        "los",
        "las",
        "por",
        "para",
        "con",
        "una",
        "que",
        "del",
        "se",
        "en",
        "il",
        "lo",
        "gli",
        "della",
        "sono",
        "per",
        "che",
        "non",
        "um",
        "uma",
        "os",
        "da",
        "do",
        "em",
    ]
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def detect_language(text: str) -> str:
    """'en', 'fr' or 'unknown'. py3langid (offline, ~0.3 ms) tells English and French from Spanish,
    Italian, German, Hausa...; a few words too short for it to be sure fall back to stop words."""
    toks = words(text[:LANG_SAMPLE])
    if not toks:
        return "unknown"
    lang, _ = _identifier().classify(text[:LANG_SAMPLE])
    if lang in ("en", "fr"):
        return lang
    if len(toks) >= SURE_WORDS:
        return "unknown"
    return _stop_word_language(toks)


# What analysts may paste here, and the languages English and French are mistaken for: a smaller
# candidate set than py3langid's 97 is faster and never answers with a language nobody sends.
LANGUAGES = ("en", "fr", "es", "it", "pt", "de", "nl", "ha", "ar", "fuv", "pcm", "yo", "ig", "wo", "bm")


@cache
def _identifier() -> LanguageIdentifier:
    found = LanguageIdentifier.from_model_file(MODEL_FILE)
    found.set_languages([lang for lang in LANGUAGES if lang in found.labels])
    return found


SURE_WORDS = 12  # from this many words on, py3langid's verdict stands
LANG_SAMPLE = 1000  # characters: an article's first paragraphs say its language


def _stop_word_language(toks: list[str]) -> str:
    """The old stop-word count, for a handful of words."""
    en = sum(t in EN_WORDS for t in toks)
    fr = sum(t in FR_WORDS or t.startswith(("l'", "d'", "qu'", "l’", "d’")) for t in toks)
    other = sum(t in OTHER_WORDS for t in toks)
    best = max(en, fr)
    if best < 2 and len(toks) > 3:
        return "unknown"
    if other > best * 1.2:
        return "unknown"
    if best / len(toks) < 0.08 and len(toks) > 20:
        return "unknown"
    return "fr" if fr > en else "en"


ABBREVIATIONS = frozenset(
    [
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "mr",
        "mrs",
        "dr",
        "m",
        "mme",
        "st",
        "no",
        "maj",
        "cdt",
        "gal",
        "cpl",
        "pte",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_SENT_END = re.compile(r"[.!?…][\"”»']?\s+(?=[\"“«(]?[A-ZÀ-Ý0-9])")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their start offsets. Paragraph breaks always end a sentence."""
    out: list[tuple[int, str]] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk, base, pos = para.group(), para.start(), 0
        for m in _SENT_END.finditer(chunk):
            before = re.search(r"(\w+)$", chunk[pos : m.start()])
            if before and (
                before.group(1).lower() in ABBREVIATIONS or (len(before.group(1)) == 1 and before.group(1).isalpha())
            ):
                continue
            piece = chunk[pos : m.start() + 1]
            if piece.strip():
                out.append((base + pos, piece.strip()))
            pos = m.end()
        if chunk[pos:].strip():
            out.append((base + pos, chunk[pos:].strip()))
    return out


_CLAUSE_SPLIT = re.compile(
    r";|,\s*(?:along with|as well as|while|whereas|ainsi que|ainsi qu['’]|tandis que|tandis qu['’]|alors que|"
    r"in addition to|en plus de|outre|after|following|apres|suite a|suite à|days after|weeks after)\s|"
    r"\s(?:as well as|ainsi que|tandis que)\s|"
    # "The attack, blamed on JNIM, comes after several attacks in...": what follows is another event
    r"\s(?=(?:intervient|survient|interviennent|surviennent|comes|came)\s+(?:just\s+|only\s+|juste\s+)?"
    r"(?:apres|après|after)\s)|"
    # "...à Tin Zaouatine, une localité où l'armée a subi de lourdes pertes samedi": the place's other event
    r",?\s(?=(?:où|where)\s)|"
    # "...came two weeks after militants killed 12 people in Y": the rest is an earlier event
    r"\s(?=(?:a|one|two|three|four|five|six|ten|\d{1,2}|une?|deux|trois|quatre|cinq|dix)\s+"
    r"(?:days?|weeks?|months?|jours?|semaines?|mois)\s+(?:after|before|apres|avant)\s)",
    re.IGNORECASE,
)


def clauses(sentence: str) -> list[str]:
    """Split a sentence where it turns to another event ("..., along with a raid ...")."""
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(sentence)]
    return [p for p in parts if p]


_DATELINE_DATE = r"(?:,\s*(?:[A-Za-zéû]{3,9}\.?\s+\d{1,2}|\d{1,2}(?:er)?\s+[A-Za-zéûè]{3,9}\.?)(?:,?\s*\d{4})?)?\s*"
_AGENCY = r"\((?:[A-Za-z]{2,12}(?:[\s/-][A-Za-z]{2,12})?)\)\s*"
# "BAMAKO, Aug 5 (Reuters) -", "GAO -" (city in capitals, agency optional) or "Niamey, 18 avril 2025 (AFP) -"
DATELINE = re.compile(
    rf"^\s*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ .\-]{{2,40}}{_DATELINE_DATE}(?:{_AGENCY})?"
    rf"|[A-ZÀ-Ý][A-Za-zÀ-ÿ'’ .\-]{{2,40}}{_DATELINE_DATE}{_AGENCY})[-–—:]\s+"
)


def strip_dateline(text: str) -> str:
    """'BAMAKO, Aug 5 (Reuters) - ...': the dateline names where the report was filed, not where
    the event happened, and its date is the report's; drop it (also after a kicker line such as
    "News Flash" or a headline: at the start of one of the first three lines)."""
    lines = text.split("\n")
    for n, line in enumerate(lines[:3]):
        stripped = DATELINE.sub("", line, count=1)
        if stripped != line:
            lines[n] = stripped
            return "\n".join(lines)
    return text


def clean_text(text: str) -> str:
    """Normalise white space and typographic quotes, keep paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()
