"""Answers for people reading on a phone: short, sourced, with dates and places.

One ``Answer`` renders as plain text (console, CLI) or Telegram HTML (escaped, split under
Telegram's 4096-character limit). Fatality totals count a coordinated attack's toll once.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot.actors import short_actor
from bot.question import Query

PAGE = 10
TELEGRAM_LIMIT = 4096
CAVEAT = "figures as reported"


@dataclass
class Answer:
    query: Query
    incidents: list[dict]  # the page shown
    total: int
    all_incidents: list[dict] = field(default_factory=list)
    kind: str = "results"  # results | empty | help | unknown_place
    message: str = ""  # for help / unknown place / empty
    alternatives: list[str] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.query.offset + len(self.incidents) < self.total

    def summary(self) -> dict:
        docs = self.all_incidents
        dates = sorted(d["event_date"] for d in docs if d.get("event_date"))
        return {
            "count": self.total, "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "fatalities": fatality_total(docs, self.query.victims),
            "top_actors": top_actors(docs),
        }

    def text(self) -> str:
        return render(self, html_mode=False)

    def html(self) -> str:
        return render(self, html_mode=True)

    def to_dict(self) -> dict:
        return {"query": self.query.to_dict(), "incidents": self.incidents, "total": self.total,
                "summary": self.summary() if self.kind == "results" else None, "answer": self.text()}


def fatality_total(docs: list[dict], victims: str | None = None) -> int:
    """Sum of reported deaths; a coordinated attack's group toll counted once."""
    total = 0
    groups: dict[str, dict] = {}
    for d in docs:
        if d.get("group_id"):
            groups.setdefault(d["group_id"], d)
            continue
        if victims:
            total += (d.get("fatalities_detail") or {}).get(victims, 0)
        else:
            total += d.get("fatalities") or 0
    for d in groups.values():
        if victims:
            total += (d.get("fatalities_detail") or {}).get(victims, 0)
        else:
            total += d.get("group_fatalities") or 0
    return total


def top_actors(docs: list[dict], n: int = 3) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for d in docs:
        for key in ("actor1", "actor2"):
            if d.get(key) and not d[key].startswith("Civilians"):
                counts[d[key]] += 1
    return counts.most_common(n)


def fmt_date(iso: str | None) -> str:
    if not iso:
        return "?"
    d = date.fromisoformat(iso[:10])
    return f"{d.day} {d:%b %Y}"


def place_line(d: dict) -> str:
    loc = d.get("location") or "unnamed place"
    parts = [p for p in (d.get("admin1"), d.get("country")) if p and p != loc]
    out = f"{loc} ({', '.join(parts)})" if parts else loc
    if d.get("location") and d.get("geo_precision") == 2:
        return "near " + out
    if d.get("location") and d.get("geo_precision") == 3:
        return out.replace(loc, f"{loc} area", 1)
    return out


def incident_card(d: dict, html_mode: bool, with_distance: bool = True) -> str:
    """One incident as 2-3 lines: when/where/what, who/toll, source."""
    esc = html.escape if html_mode else (lambda s: s)
    head = f"{fmt_date(d.get('event_date'))} — {place_line(d)}"
    if with_distance and d.get("distance_km") is not None:
        head += f", {d['distance_km']:.0f} km"
    kind = d.get("sub_event_type") or d.get("event_type") or "?"
    who = " vs ".join(short_actor(a) for a in (d.get("actor1"), d.get("actor2")) if a)
    toll = _toll(d)
    line2 = " · ".join(x for x in (kind, who, toll) if x)
    src = _source(d, html_mode)
    lines = [f"<b>{esc(head)}</b>", esc(line2)] if html_mode else [head, "  " + line2]
    if d.get("notes"):
        note = d["notes"] if len(d["notes"]) <= 220 else d["notes"][:217] + "…"
        lines.append(("  " if not html_mode else "") + f"{esc(note)}")
    if src:
        lines.append(("  " if not html_mode else "") + src)
    return "\n".join(lines)


def _toll(d: dict) -> str:
    if d.get("fatalities") is not None:
        return f"{d['fatalities']} killed"
    if d.get("group_fatalities"):
        return f"{d['group_fatalities']} killed across {d.get('group_size', '?')} coordinated attacks"
    return "toll not reported"


def _source(d: dict, html_mode: bool) -> str:
    srcs = d.get("sources") or []
    if not srcs:
        return "Source: " + (html.escape(d["source"]) if html_mode and d.get("source") else d.get("source") or "imported")
    s = srcs[0]
    title = s.get("title") or (s.get("url") or f"article #{s.get('article_id')}")
    extra = f" (+{len(srcs) - 1} more)" if len(srcs) > 1 else ""
    if html_mode:
        if s.get("url"):
            return f'Source: <a href="{html.escape(s["url"], quote=True)}">{html.escape(title[:80])}</a>{extra}'
        return f"Source: {html.escape(title[:80])}{extra}"
    return f"Source: {title[:80]}" + (f" <{s['url']}>" if s.get("url") and s.get("title") else "") + extra


def summary_line(a: Answer) -> str:
    s = a.summary()
    n = s["count"]
    parts = [f"{n} incident{'s' if n != 1 else ''}"]
    if s["first_date"]:
        parts[0] += f", {fmt_date(s['first_date'])}–{fmt_date(s['last_date'])}" if s["first_date"] != s["last_date"] else f", {fmt_date(s['first_date'])}"
    who = f"{a.query.victims} " if a.query.victims else ""
    parts.append(f"{s['fatalities']} {who}reported killed ({CAVEAT})")
    if s["top_actors"]:
        parts.append("main actors: " + ", ".join(f"{short_actor(n)} ({c})" for n, c in s["top_actors"]))
    return " · ".join(parts)


def render(a: Answer, html_mode: bool) -> str:
    esc = html.escape if html_mode else (lambda s: s)
    if a.kind in ("help", "unknown_place", "empty"):
        body = esc(a.message)
        if a.alternatives:
            body += "\n" + "\n".join("• " + esc(x) for x in a.alternatives)
        return body
    q = a.query
    head = q.describe() + ":"
    lines = [f"<b>{esc(head)}</b>" if html_mode else head]
    if q.suggestion:
        lines.append(esc(f"({q.suggestion} I used that.)"))
    lines.append(esc(summary_line(a)))
    if q.want == "actors":
        lines.append(esc("Most active: " + "; ".join(f"{short_actor(n)}: {c} incidents" for n, c in top_actors(a.all_incidents, 6))))
    if q.want == "trend":
        lines.append(esc(trend_line(a.all_incidents)))
    if q.want in ("count", "fatalities") and q.offset == 0:
        lines.append("")
        lines.append(esc("Latest:"))
        cards = [incident_card(d, html_mode) for d in a.incidents[:3]]
    else:
        lines.append("")
        cards = [incident_card(d, html_mode) for d in a.incidents]
    out = "\n".join(lines)
    shown = 0
    for card in cards:
        if html_mode and len(out) + len(card) + 120 > TELEGRAM_LIMIT:
            break
        out += "\n" + card + "\n"
        shown += 1
    start = q.offset + 1
    end = q.offset + shown
    if a.total > shown:
        more = " Say \"show more\"." if end < a.total else ""
        out += esc(f"\nShowing {start}–{end} of {a.total}.{more}")
    return out.strip()


def trend_line(docs: list[dict]) -> str:
    months: Counter[str] = Counter(d["event_date"][:7] for d in docs if d.get("event_date"))
    if not months:
        return "No dated incidents."
    keys = sorted(months)[-6:]
    return "Per month: " + ", ".join(f"{date.fromisoformat(k + '-01'):%b %Y}: {months[k]}" for k in keys)


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
