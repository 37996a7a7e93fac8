"""What the user is told after sending an article: stored, merged, a duplicate, nothing found, and
the publication day its dates were read against (``IngestResult`` is the core's data; this is the
wording, in the article's language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.present import i18n
from bot.present.answer import incident_card

if TYPE_CHECKING:
    from bot.core.assistant import IngestResult
    from bot.understand.published import Publication


def ingest_message(r: IngestResult) -> str:
    lang = r.language or "en"
    if r.status == "duplicate":
        n = len((r.article or {}).get("incident_ids") or [])
        return i18n.tr(lang, "duplicate", when=(r.article or {}).get("submitted_at", "")[:10], n=n, s=i18n.plural(n))
    if r.redated is not None:
        n = len(r.new) + len(r.merged)
        return i18n.tr(lang, "redated", d=i18n.day(r.redated, lang), n=n, s=i18n.plural(n))
    if r.status == "no_incidents":
        return i18n.tr(lang, "no_incident_found")
    n_new, n_merged = len(r.new), len(r.merged)
    msg = i18n.tr(lang, "stored", n=n_new, s=i18n.plural(n_new))
    if n_merged:
        msg += i18n.tr(lang, "merged", n=n_merged)
    msg += "."
    return msg + " " + dating_note(r.published, lang) if r.published else msg


def format_ingest(r: IngestResult) -> str:
    """The message, then a card per new incident and per incident it was merged into (plain text)."""
    lines = [ingest_message(r)]
    lines += [incident_card(d, html_mode=False, with_distance=False) for d in r.new]
    lines += ["(already known) " + incident_card(d, html_mode=False, with_distance=False) for d in r.merged]
    return "\n".join(lines)


def dating_note(pub: Publication, lang: str) -> str:
    """ "Published 1 Jul 2025 (from its dateline)." or, for a guess, what was assumed and why."""
    key = "dated_from" if pub.sure else "assumed_date"
    return i18n.tr(lang, key, d=i18n.day(pub.value, lang), how=i18n.tr(lang, f"how.{pub.source}"))
