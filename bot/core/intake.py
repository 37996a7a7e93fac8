"""Checking what users send before anything is read or stored. Pure functions.

Every refusal is an ``InputError`` whose message is polite and says what to do instead;
nothing is stored for refused input.
"""

from __future__ import annotations

import math
import re
from datetime import date

from bot.understand.published import FORWARDED, STATED  # noqa: F401 - the sources a front end states
from bot.understand.text import detect_language, words

MIN_ARTICLE_WORDS = 12


class InputError(ValueError):
    """Input we will not read, with a message for the user."""


def decode(data: bytes, max_bytes: int) -> str:
    """Bytes of an uploaded file to text: UTF-8 (with or without BOM), else Windows-1252."""
    if len(data) > max_bytes:
        raise InputError(
            f"That file is too large ({len(data) / 1_000_000:.1f} MB); I read files up to "
            f"{max_bytes / 1_000_000:.1f} MB. Send the article itself as text, .txt or .html.")
    if not data.strip():
        raise InputError("That file is empty: there is nothing to read.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows Notepad "Unicode")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("That file says it is UTF-16 but is damaged. Save it as UTF-8 text and send it again.") from None
    if b"\x00" in data[:4096] or _binary_ratio(data[:4096]) > 0.1:
        raise InputError("That looks like a binary file (PDF, image, archive...), not text. "
                         "Send the article as plain text, a .txt or an .html file.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("I could not read that file's text encoding. Save it as UTF-8 text and send it again.")


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
        raise InputError("There is nothing to read: the message is empty.")
    if "\x00" in text or _binary_ratio(text[:4096].encode("utf-8", "replace")) > 0.1:
        raise InputError("That looks like binary data, not an article. Send the article as text.")
    if len(text) > max_chars:
        raise InputError(
            f"That text is too long ({len(text):,} characters); I read articles up to {max_chars:,} "
            "characters. Send one article at a time.")
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError("That is too short to be an article. Paste the whole article, or ask a question "
                         "like \"attacks near Kayes?\".")
    lang = detect_language(text)
    if lang == "unknown":
        raise InputError("I read articles in English and French only, and this one looks like another "
                         "language. Nothing was stored.")
    if not reads_as_prose(text):
        raise InputError("I found no incident: that does not read as an article (no sentences, or the same "
                         "few words over and over). Nothing was stored; paste the article's text.")
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
        raise InputError(f"\"{text}\" is not a date I can read; use YYYY-MM-DD, e.g. 2025-07-01.") from None
