"""Answers for people reading on a phone: short, sourced, with dates and places.

One ``Answer`` renders as plain text (console, CLI) or Telegram HTML (escaped, split under
Telegram's 4096-character limit). Fatality totals count a coordinated attack's toll once.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.present import i18n
from bot.present.describe import describe, period_label, place_label, suggested
from bot.present.help import HELP, HELP_FR
from bot.questions.parse import Query
from bot.understand.actors import short_actor
from store.acled import victim_toll
from store.incident import IncidentLike

PAGE = 10
TELEGRAM_LIMIT = 4096


@dataclass
class Answer:
    query: Query
    incidents: Sequence[IncidentLike]  # the page shown
    total: int
    all_incidents: Sequence[IncidentLike] = field(default_factory=list)
    kind: str = "results"  # results | empty | help | unknown_place
    notice: str = ""  # what to say instead of results: not_question | unknown_place | thats_all | none_found
    nearest: list[dict] = field(default_factory=list)  # for none_found: {relax, r?, n, latest} per wider query
    digest: dict | None = None  # the summary, when the store worked it out from its columns

    @property
    def message(self) -> str:
        """The notice, worded in the question's language."""
        q, lang = self.query, self.query.lang
        if self.notice == "not_question":
            return i18n.tr(lang, "not_question") + "\n\n" + (HELP_FR if lang == "fr" else HELP)
        if self.notice == "unknown_place":
            return i18n.tr(lang, "unknown_place", name=q.unknown_place)
        if self.notice == "thats_all":
            return i18n.tr(lang, "thats_all", n=self.total, s=i18n.plural(self.total), what=describe(q))
        if self.notice == "none_found":
            msg = i18n.tr(lang, "none_found", what=describe(q))
            if q.suggestion:
                msg += f" ({suggested(q, lang)})"
            return msg + i18n.tr(lang, "nearest" if self.nearest else "nothing_close")
        return ""

    @property
    def alternatives(self) -> list[str]:
        """The nearest results, one line each ("at any date: 2 incidents, the latest 3 May 2025 in Boni")."""
        lang = self.query.lang
        return [
            i18n.tr(
                lang,
                "alt",
                label=i18n.tr(lang, f"alt_{x['relax']}", r=x.get("r")),
                n=x["n"],
                s=i18n.plural(x["n"]),
                d=fmt_date(x["latest"]["event_date"], lang),
                place=x["latest"].get("location") or x["latest"].get("country"),
            )
            for x in self.nearest
        ]

    @property
    def has_more(self) -> bool:
        return self.query.offset + len(self.incidents) < self.total

    def summary(self) -> dict:
        if self.digest is not None and not self.query.victims:
            return self.digest
        docs = self.all_incidents
        dates = [d["event_date"] for d in docs if d.get("event_date")]
        tolls = fatality_totals(docs, self.query.victims)
        return {
            "count": self.total,
            "first_date": min(dates) if dates else None,
            "last_date": max(dates) if dates else None,
            "fatalities": tolls[0],
            "fatalities_partial_groups": tolls[1],
            "fatalities_unsplit": unsplit_tolls(docs, self.query.victims),
            "top_actors": top_actors(docs),
        }

    def text(self) -> str:
        return render(self, html_mode=False)

    def html(self) -> str:
        return render(self, html_mode=True)

    def shown(self, html_mode: bool) -> int:
        """How many cards the rendered answer shows (the front end tells the core, for "show more")."""
        return render_counted(self, html_mode)[1]

    def _query_dict(self) -> dict:
        """The query as data, with its period and its near-spelling place worded as before (a stable
        output: ``analyst ask --json``)."""
        q = self.query
        out = {**q.to_dict(), "period": period_label(q)}
        if q.suggestion and q.place:
            out["suggestion"] = place_label(q.place, "en")
        return out

    def to_dict(self) -> dict:
        return {
            "query": self._query_dict(),
            "incidents": self.incidents,
            "total": self.total,
            "summary": self.summary() if self.kind == "results" else None,
            "answer": self.text(),
        }


def _toll_of(d: IncidentLike, victims: str | None, key: str) -> int:
    if not victims:
        return d.get(key) or 0
    if key == "group_fatalities":
        return (d.get("fatalities_detail") or {}).get(victims, 0)
    return victim_toll(d, victims)[0]


def unsplit_tolls(docs: Sequence[IncidentLike], victims: str | None) -> int:
    """Incidents counted whole for "soldiers/militants killed" because the source (ACLED) does not
    say which side died."""
    return sum(1 for d in docs if victims and not d.get("group_id") and not victim_toll(d, victims)[1])


def fatality_totals(docs: Sequence[IncidentLike], victims: str | None = None) -> tuple[int, int]:
    """(deaths in these incidents, deaths of coordinated attacks only partly among them).

    A coordinated attack's toll is counted once, and only when all its towns are in the
    selection: "near Kayes" must not claim the dead of the same night's attack on Nioro.
    """
    total = partial = 0
    groups: dict[str, list[IncidentLike]] = {}
    for d in docs:
        if d.get("group_id"):
            groups.setdefault(d["group_id"], []).append(d)
        else:
            total += _toll_of(d, victims, "fatalities")
    for members in groups.values():
        toll = _toll_of(members[0], victims, "group_fatalities")
        coded = members[0].get("group_named") or members[0].get("group_size") or len(members)
        if len(members) >= coded:  # every coded town is here (unnamed ones cannot be elsewhere)
            total += toll
        else:
            partial += toll
    return total, partial


def top_actors(docs: Sequence[IncidentLike], n: int = 3) -> list[tuple[str, int]]:
    counts = Counter(d.get("actor1") for d in docs)
    counts.update(d.get("actor2") for d in docs)
    return [(a, c) for a, c in counts.most_common(n + 3) if a and not a.startswith("Civilians")][:n]


def fmt_date(iso: str | None, lang: str = "en") -> str:
    return i18n.day(iso, lang) if iso else "?"


def place_line(d: IncidentLike, lang: str = "en") -> str:
    loc = d.get("location") or i18n.tr(lang, "unnamed")
    parts = [p for p in (d.get("admin1"), i18n.country(d.get("country"), lang)) if p and p != loc]
    out = f"{loc} ({', '.join(parts)})" if parts else loc
    if d.get("location") and d.get("geo_precision") == 2:
        return i18n.tr(lang, "near", place=out)
    if d.get("location") and d.get("geo_precision") == 3:
        return out.replace(loc, i18n.tr(lang, "area", place=loc), 1)
    return out


def incident_card(d: IncidentLike, html_mode: bool, with_distance: bool = True, lang: str = "en") -> str:
    """One incident as 2-4 lines: when/where/distance, type/actors/toll, notes, source."""
    esc = html.escape if html_mode else (lambda s: s)
    indent = "" if html_mode else "  "
    head = f"{fmt_date(d.get('event_date'), lang)} — {place_line(d, lang)}"
    if with_distance and d.get("distance_km") is not None:
        head += f", {d['distance_km']:.0f} km"
    kind = d.get("sub_event_type") or d.get("event_type") or "?"
    who = " vs ".join(short_actor(a) for a in (d.get("actor1"), d.get("actor2")) if a)
    line2 = " · ".join(x for x in (kind, who, _toll(d, lang)) if x)
    lines = [f"<b>{esc(head)}</b>" if html_mode else head, indent + esc(line2)]
    if d.get("notes"):
        note = d["notes"] if len(d["notes"]) <= 220 else d["notes"][:217] + "…"
        lines.append(indent + esc(note))
    lines.append(indent + _source(d, html_mode, lang))
    return "\n".join(lines)


def _toll(d: IncidentLike, lang: str) -> str:
    """ "80 militants killed across 3 coordinated attacks", "7 civilians killed", "toll not reported":
    who died when the text says, and never 0 for a toll nobody reported."""
    who = _who_died(d, lang)
    if d.get("group_fatalities"):  # the text's figure for all the places, not this place's share
        return i18n.tr(lang, "group_killed", n=d["group_fatalities"], k=d.get("group_size", "?"), who=who)
    if d.get("fatalities") is not None:
        toll = i18n.tr(lang, "killed", n=d["fatalities"], who=who if d["fatalities"] else "")
        figures = sorted({t["fatalities"] for t in d.get("tolls") or []})
        return toll + (i18n.tr(lang, "tolls_differ", figures=", ".join(map(str, figures))) if len(figures) > 1 else "")
    return i18n.tr(lang, "no_toll")


def _who_died(d: IncidentLike, lang: str) -> str:
    """The one kind of dead the text names ("soldiers "), else nothing."""
    kinds = [
        k for k, n in (d.get("fatalities_detail") or {}).items() if n and k in ("soldiers", "civilians", "militants")
    ]
    return i18n.tr(lang, f"victims.{kinds[0]}") if len(kinds) == 1 else ""


def _source(d: IncidentLike, html_mode: bool, lang: str) -> str:
    esc = html.escape if html_mode else (lambda s: s)
    srcs = d.get("sources") or []
    if not srcs:
        return esc(i18n.tr(lang, "source", s=d.get("source") or i18n.tr(lang, "imported")))
    s = srcs[0]
    title = (s.get("title") or s.get("url") or f"article #{s.get('article_id')}")[:80]
    extra = i18n.tr(lang, "more_sources", n=len(srcs) - 1) if len(srcs) > 1 else ""
    if html_mode and s.get("url"):
        link = f'<a href="{html.escape(s["url"], quote=True)}">{html.escape(title)}</a>'
        return i18n.tr(lang, "source", s=link) + extra
    url = f" <{s['url']}>" if s.get("url") and s.get("title") and not html_mode else ""
    return esc(i18n.tr(lang, "source", s=title + url) + extra)


def summary_line(a: Answer) -> str:
    lang = a.query.lang
    s = a.summary()
    n = s["count"]
    first = i18n.tr(lang, "summary_n", n=n, s=i18n.plural(n))
    if s["first_date"]:
        span = fmt_date(s["first_date"], lang)
        if s["last_date"] != s["first_date"]:
            span += f"–{fmt_date(s['last_date'], lang)}"
        first += f", {span}"
    victims = i18n.tr(lang, f"victims.{a.query.victims}") if a.query.victims else ""
    killed = i18n.tr(lang, "killed_total", k=s["fatalities"], victims=victims)
    if s["fatalities_partial_groups"]:
        killed = i18n.tr(lang, "killed_partial", k=s["fatalities"], victims=victims, p=s["fatalities_partial_groups"])
    if s["fatalities_unsplit"]:
        killed += i18n.tr(lang, "killed_unsplit", u=s["fatalities_unsplit"], s=i18n.plural(s["fatalities_unsplit"]))
    parts = [first, killed]
    if s["top_actors"]:
        parts.append(
            i18n.tr(lang, "main_actors", actors=", ".join(f"{short_actor(n)} ({c})" for n, c in s["top_actors"]))
        )
    return " · ".join(parts)


def render(a: Answer, html_mode: bool) -> str:
    return render_counted(a, html_mode)[0]


def render_counted(a: Answer, html_mode: bool) -> tuple[str, int]:
    """The answer's text and how many incident cards it shows (fewer than the page when Telegram's
    message limit is reached); nothing is changed, the query included."""
    esc = html.escape if html_mode else (lambda s: s)
    if a.kind in ("help", "unknown_place", "empty"):
        body = esc(a.message)
        if a.alternatives:
            body += "\n" + "\n".join("• " + esc(x) for x in a.alternatives)
        return body, 0
    q = a.query
    lang = q.lang
    head = describe(q) + (" :" if lang == "fr" else ":")
    lines = [f"<b>{esc(head)}</b>" if html_mode else head]
    if q.suggestion:
        sugg = suggested(q, lang)
        lines.append(esc(i18n.tr(lang, "used_that", suggestion=sugg)))
    lines.append(esc(summary_line(a)))
    if q.want == "actors":
        actors = "; ".join(
            f"{short_actor(n)}: {i18n.tr(lang, 'n_incidents', n=c, s=i18n.plural(c))}"
            for n, c in top_actors(a.all_incidents, 6)
        )
        lines.append(esc(i18n.tr(lang, "most_active", actors=actors)))
    if q.want == "trend":
        lines.append(esc(trend_line(a.all_incidents, lang)))
    lines.append("")
    page = a.incidents
    if q.want in ("count", "fatalities") and q.offset == 0:
        lines.append(esc(i18n.tr(lang, "latest")))
        page = page[:3]
    out = "\n".join(lines)
    shown = 0
    for d in page:
        card = incident_card(d, html_mode, lang=lang)
        if html_mode and len(out) + len(card) + 120 > TELEGRAM_LIMIT:
            break
        out += "\n" + card + "\n"
        shown += 1
    end = q.offset + shown
    if a.total > shown:
        more = i18n.tr(lang, "say_more") if end < a.total else ""
        out += esc("\n" + i18n.tr(lang, "showing", a=q.offset + 1, b=end, n=a.total) + more)
    return out.strip(), shown


def trend_line(docs: Sequence[IncidentLike], lang: str = "en") -> str:
    months: Counter[str] = Counter(d["event_date"][:7] for d in docs if d.get("event_date"))
    if not months:
        return i18n.tr(lang, "no_dated")
    keys = sorted(months)[-6:]
    labels = ", ".join(f"{i18n.day(k + '-01', lang).split(' ', 1)[1]}: {months[k]}" for k in keys)
    return i18n.tr(lang, "per_month", months=labels)


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split on blank lines so no part exceeds Telegram's limit (never inside a card)."""
    parts, cur = [], ""
    for block in text.split("\n\n"):
        if len(block) > limit:
            block = block[: limit - 1] + "…"
        if cur and len(cur) + 2 + len(block) > limit:
            parts.append(cur)
            cur = block
        else:
            cur = f"{cur}\n\n{block}" if cur else block
    if cur:
        parts.append(cur)
    return parts
