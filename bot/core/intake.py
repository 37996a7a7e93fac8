"""Checking what users send before anything is read or stored. Pure functions.

Every refusal is an ``InputError`` whose message is polite and says what to do instead;
nothing is stored for refused input.
"""

from __future__ import annotations

import math
import re
from datetime import date

from bot.present import i18n
from bot.understand.published import FORWARDED, STATED  # noqa: F401 - the sources a front end states
from bot.understand.text import detect_language, words

MIN_ARTICLE_WORDS = 12


class InputError(ValueError):
    """Input we will not read, with a message for the user in their language (``message``).
    Raised with a key of ``i18n.ERRORS`` and its fields; ``str()`` is the English message."""

    def __init__(self, key: str, **fields) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        for key in (f"err.{self.key}", self.key):
            if key in i18n.TEXT["en"]:
                return i18n.tr(lang, key, **self.fields)
        return self.key  # a message written out (the store's own errors)


def decode(data: bytes, max_bytes: int) -> str:
    """Bytes of an uploaded file to text: UTF-8 (with or without BOM), else Windows-1252."""
    if len(data) > max_bytes:
        raise InputError("file_too_large", size=len(data) / 1_000_000, limit=max_bytes / 1_000_000)
    if not data.strip():
        raise InputError("file_empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows Notepad "Unicode")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("utf16_damaged") from None
    if b"\x00" in data[:4096] or _binary_ratio(data[:4096]) > 0.1:
        raise InputError("binary_file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("encoding")


def _binary_ratio(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 13, 12))
    return control / len(chunk)


def html_to_text(markup: str) -> tuple[str, str | None, str | None]:
    """Main text, title and date of an HTML page (trafilatura), falling back to tag stripping."""
    import trafilatura  # imported here: it is heavy and only pages need it

    text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_recall=True)
    meta = trafilatura.extract_metadata(markup)
    title = meta.title if meta else None
    published = meta.date if meta else None
    if not text:
        text = re.sub(r"(?s)<(script|style).*?</\1>", " ", markup)
        text = re.sub(r"<[^>]+>", " ", text)
    return text, title, published


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def check_article(text: str, max_chars: int) -> tuple[str, str]:
    """Validate an article's text; returns (text, language)."""
    if text is None or not text.strip():
        raise InputError("empty")
    if "\x00" in text or _binary_ratio(text[:4096].encode("utf-8", "replace")) > 0.1:
        raise InputError("binary_text")
    if len(text) > max_chars:
        raise InputError("too_long", n=len(text), limit=max_chars)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError("too_short")
    lang = detect_language(text)
    if lang == "unknown":
        raise InputError("language")
    if not reads_as_prose(text):
        raise InputError("not_prose")
    return text, lang


_SENTENCE_END = re.compile(r"[.!?…:;]+(?:[\s\"'»)\]]|$)|\n")
PROSE_MIN_WORDS = 80  # below this, the other checks decide
MAX_WORDS_PER_SENTENCE = 90  # real news sentences average 20-30 words; a list of words has no end
DISTINCT_FACTOR = 2.0  # distinct words >= this x sqrt(words): ~9x in real articles of any length, <1x in salad


def reads_as_prose(text: str) -> bool:
    """False for word salad: many words with no sentence ends, or a handful of words repeated."""
    toks = words(text)
    if len(toks) < PROSE_MIN_WORDS:
        return True
    ends = len(_SENTENCE_END.findall(text.strip())) + 1
    return len(toks) / ends <= MAX_WORDS_PER_SENTENCE and len(set(toks)) >= DISTINCT_FACTOR * math.sqrt(len(toks))


def as_date(value: str | date | None) -> date | None:
    """'2025-07-01' (or a date) -> date; None stays None; anything else is a polite InputError."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError("bad_date", text=text) from None
