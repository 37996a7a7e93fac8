"""The one core every front end calls: ingest articles, answer questions, manage alerts.

Telegram handlers, the console chat and the CLI all hold an ``Assistant``; none of them
parses, extracts or queries on its own.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.intake import InputError, as_date, check_article, html_to_text, looks_like_html
from bot.present.answer import PAGE, Answer
from bot.present.describe import describe
from bot.questions.parse import PlaceFinder, Query, looks_like_question, parse
from bot.understand.published import STATED, Publication, publication, read_date
from store.acled import victim_toll
from store.filter import Filter
from store.geo.gazetteer import Gazetteer
from store.incident import Incident, IncidentLike
from store.incidents import IncidentStore, StoreWriteError
from store.index import IncidentIndex
from store.sharing import StoreBusy

log = logging.getLogger(__name__)


@dataclass
class Subscribing:
    """What a subscription request came to: ``sub`` stored, or a ``problem`` (sub_unknown_place |
    sub_what), or ``choices`` of namesakes, or neither (a near spelling to confirm). Worded by
    ``bot.present.alerts.subscribe_reply``."""

    query: Query
    sub: dict | None = None
    problem: str | None = None
    choices: list[Query] = field(default_factory=list)


@dataclass
class IngestResult:
    """What storing an article did (the user's message is worded by ``bot.present.ingest``)."""

    status: str  # stored | duplicate | no_incidents
    article: dict | None = None
    new: list[dict] = field(default_factory=list)
    merged: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    language: str | None = None
    published: Publication | None = None
    redated: date | None = None  # the day the user gave when re-reading the article

    @property
    def date_assumed(self) -> bool:
        """True when relative dates were read against a guessed publication day: say so, offer a fix."""
        return bool(self.published and not self.published.sure and self.status != "duplicate")


class Deferred(Sequence):
    """A sequence built on first use: every incident of a broad answer is read only by what needs
    them all (a chart, a trend, an export), never to word the answer."""

    def __init__(self, build: Callable[[], Sequence[IncidentLike]]) -> None:
        self._build: Callable[[], Sequence[IncidentLike]] | None = build
        self._items: Sequence[IncidentLike] = ()

    def _all(self) -> Sequence[IncidentLike]:
        if self._build is not None:
            self._items, self._build = self._build(), None
        return self._items

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, i):  # type: ignore[override]  # int or slice, as the list it stands for
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())


class Assistant:
    """Core operations over one store; safe to share across threads and asyncio tasks."""

    def __init__(self, store: IncidentStore, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.store = store
        self.settings = settings
        self.gaz = gazetteer or Gazetteer.default()
        self._sessions: OrderedDict[int, Query] = OrderedDict()
        self._finder: PlaceFinder | None = None
        self._finder_size = -1
        self._lock = threading.Lock()

    # -- time ------------------------------------------------------------------------
    def today(self) -> date:
        return today_in(self.settings.timezone)

    # -- articles ----------------------------------------------------------------------
    def prepare(self, text: str) -> tuple[str, str | None, str | None]:
        """HTML to text when needed; returns (text, title, published)."""
        if looks_like_html(text):
            return html_to_text(text)
        return text, None, None

    def ingest(
        self,
        text: str,
        published: str | date | None = None,
        url: str | None = None,
        title: str | None = None,
        submitted_by: int | None = None,
        published_by: str = STATED,
    ) -> IngestResult:
        """Extract and store one article. Raises ``InputError`` for unreadable input.

        ``published``: the date the user stated (``published_by="stated"``) or the forwarded
        post's original date (``"forwarded"``); without it, the page's metadata, then the text's
        own dateline or date line, then today (see ``intake.publication``)."""
        text, html_title, html_date = self.prepare(text)
        text, lang = check_article(text, self.settings.max_article_chars)
        title = title or html_title or opening_words(text)  # a pasted text is cited by its first words
        pub = publication(text, as_date(published), published_by, _page_date(html_date), self.today())
        dup = self.store.find_article(text, url)
        if dup:
            return IngestResult("duplicate", dup, language=lang)
        from bot.understand.extract import extract  # the rule tables compile on the first article, not at start

        result = extract(text, pub.value, self.gaz)
        article = {
            "text": text,
            "url": url,
            "title": title,
            "published": pub.value.isoformat(),
            "published_source": pub.source,
            "published_sure": pub.sure,
            "language": lang,
            "submitted_by": submitted_by,
        }
        try:
            stored = self.store.add_article(article, result["incidents"], self.match_subscriptions)
        except (StoreWriteError, StoreBusy) as exc:  # every front end shows InputError messages politely
            raise InputError("store_write_failed", why=str(exc)) from exc
        if stored["status"] == "duplicate":
            return IngestResult("duplicate", stored["article"], language=lang)
        status = "stored" if stored["new"] or stored["merged"] else "no_incidents"
        return IngestResult(
            status, stored["article"], stored["new"], stored["merged"], stored.get("alerts", []), lang, pub
        )

    async def fetch(self, url: str) -> tuple[str, str | None, str | None]:
        """(text, title, published) of a linked page, fetched safely (``bot.core.fetch``)."""
        from bot.core.fetch import fetch_page  # httpx: 0.1 s of every CLI start otherwise

        s = self.settings
        return await fetch_page(url, s.max_upload_bytes, s.fetch_timeout_s, s.fetch_allow_private)

    def read_date(self, text: str) -> date | None:
        """A date the user typed ("2025-07-01", "1 July 2025", "1er juillet"), never in the future."""
        return read_date(text, self.today())

    def article_language(self, article_id: int) -> str:
        return (self.store.articles.get(article_id) or {}).get("language") or "en"

    def redate(self, article_id: int, published: str | date) -> IngestResult:
        """Re-read a stored article against the publication date the user gives: its incidents are
        replaced by those read with the right day (corrections made to them are lost)."""
        new_date = as_date(published)
        meta = self.store.articles.get(article_id)
        text = self.store.article_text(article_id) if meta else None
        if not meta or text is None:
            raise InputError("article_gone")
        self.store.remove_article(article_id)
        r = self.ingest(text, new_date, meta.get("url"), meta.get("title"), meta.get("submitted_by"), STATED)
        r.redated = new_date
        return r

    def extract_only(self, text: str, published: str | date | None = None) -> dict:
        """Dry run: what would be extracted, nothing stored."""
        return dry_run(text, published, self.settings, self.gaz)

    # -- the store, for the front ends (they never reach past the core) -----------------
    def incident(self, incident_id: int) -> Incident | None:
        return self.store.get(incident_id)

    def update_incident(self, incident_id: int, changes: dict) -> Incident | None:
        """An analyst's confirmation or correction."""
        return self.store.update_incident(incident_id, changes)

    def delete_incident(self, incident_id: int) -> None:
        self.store.delete_incident(incident_id)

    def query(self, f: Filter) -> tuple[list[Incident], int]:
        return self.store.query(f)

    def all_incidents(self) -> list[Incident]:
        return self.store.all_incidents()

    def import_incidents(self, docs: list[dict]) -> dict:
        return self.store.import_incidents(docs)

    def stats(self) -> dict:
        return self.store.stats()

    def counts(self) -> tuple[int, int]:
        """(incidents, articles) in the store."""
        return len(self.store), len(self.store.articles)

    def users(self) -> dict[int, str]:
        return self.store.users()

    def set_user(self, user_id: int, role: str | None) -> None:
        self.store.set_user(user_id, role)

    def subscriptions(self, chat_id: int) -> list[dict]:
        return self.store.subscriptions(chat_id)

    def remove_subscription(self, chat_id: int, sub_id: int) -> bool:
        return self.store.remove_subscription(chat_id, sub_id)

    def all_chat_settings(self) -> list[dict]:
        return self.store.all_chat_settings()

    def set_chat_settings(self, chat_id: int, **fields: object) -> None:
        self.store.set_chat_settings(chat_id, **fields)

    def claim_alerts(self, sender: str) -> list[dict]:
        """A batch of alerts to send, claimed for ``sender`` (see the store's outbox)."""
        return self.store.claim_alerts(sender)

    def alert_failed(self, alert_id: int, retry_after: float, drop: bool = False) -> None:
        """An alert not delivered: retried after ``retry_after`` seconds, or dropped."""
        self.store.alert_failed(alert_id, retry_after, drop)

    def alert_sent(self, alert_id: int) -> None:
        self.store.alert_sent(alert_id)

    def close(self) -> None:
        self.store.close()

    def undo(self, article_id: int) -> dict:
        return self.store.remove_article(article_id)

    # -- questions ---------------------------------------------------------------------
    def finder(self) -> PlaceFinder:
        """Place matcher over the gazetteer plus the store's own place names (refreshed on growth)."""
        size = len(self.store)
        if self._finder is None or size != self._finder_size:
            self._finder = PlaceFinder(self.gaz, self.store.places())
            self._finder_size = size
        return self._finder

    def parse(self, text: str, chat_id: int | None = None, today: date | None = None) -> Query:
        prev = self._sessions.get(chat_id) if chat_id is not None else None
        return parse(text, today or self.today(), self.finder(), self.settings.default_radius_km, prev)

    def ask(self, text: str, chat_id: int | None = None, today: date | None = None) -> Answer:
        """Answer a question; remembers it per chat for follow-ups ("and near Nioro?")."""
        q = self.parse(text, chat_id, today)
        if not q.is_question:
            return Answer(q, [], 0, kind="help", notice="not_question")
        if q.unknown_place and not q.place:
            return Answer(q, [], 0, kind="unknown_place", notice="unknown_place")
        if chat_id is not None:
            self._remember(chat_id, q)
        return self.answer(q)

    def answer(self, q: Query) -> Answer:
        f = q.to_filter()
        if q.victims:  # "how many soldiers killed": the tolls by kind of victim are in the documents
            return self._answer_from_documents(q, f)
        digest = self.store.digest(f)  # counts, dates, tolls, actors: from the index's columns
        total = digest["count"]
        if total == 0:
            return self._empty(q)
        everything = Deferred(lambda: self.store.query_views(f)[0])  # read only by charts, trends, exports
        if q.offset >= total:
            return Answer(q, [], total, all_incidents=everything, kind="help", notice="thats_all", digest=digest)
        page, _ = self.store.query(replace(f, limit=PAGE, offset=q.offset))
        return Answer(q, page, total, all_incidents=everything, digest=digest)

    def _answer_from_documents(self, q: Query, f: Filter) -> Answer:
        docs, _ = self.store.query_views(f)  # only the page shown is copied
        if q.want == "fatalities" and q.victims:  # "how many soldiers killed": incidents where they died
            docs = [d for d in docs if victim_toll(d, q.victims)[0]]
        total = len(docs)
        page = [dict(d) for d in docs[q.offset : q.offset + PAGE]]
        if total and q.offset >= total:
            return Answer(q, [], total, all_incidents=docs, kind="help", notice="thats_all")
        if total == 0:
            return self._empty(q)
        return Answer(q, page, total, all_incidents=docs)

    def _empty(self, q: Query) -> Answer:
        """Nothing matched: say so, and say where there is something (the nearest results, as data)."""
        nearest = []
        for relax, params, change in self._relaxations(Query(**{**q.__dict__, "offset": 0})):
            docs, n = self.store.query(change.to_filter(limit=1))
            if n:
                nearest.append({"relax": relax, **params, "n": n, "latest": docs[0]})
            if len(nearest) >= 3:
                break
        return Answer(q, [], 0, kind="empty", notice="none_found", nearest=nearest)

    def _relaxations(self, q: Query):
        """Ways to widen a question that found nothing, most informative first:
        (what was relaxed, its parameters, the wider query)."""
        town = q.place and q.place.kind == "town"
        r = q.radius_km or self.settings.default_radius_km
        if town:
            yield "radius", {"r": r * 2}, Query(**{**q.__dict__, "radius_km": r * 2})
        if q.date_from or q.date_to:
            yield "dates", {}, Query(**{**q.__dict__, "date_from": None, "date_to": None})
        if q.actors:
            yield "actor", {}, Query(**{**q.__dict__, "actors": []})
        if q.event_types or q.sub_event_types:
            yield "type", {}, Query(**{**q.__dict__, "event_types": [], "sub_event_types": []})
        if town:
            yield "radius", {"r": r * 4}, Query(**{**q.__dict__, "radius_km": r * 4})

    def _remember(self, chat_id: int, q: Query) -> None:
        with self._lock:
            self._sessions[chat_id] = q
            self._sessions.move_to_end(chat_id)
            while len(self._sessions) > 5000:
                self._sessions.popitem(last=False)

    def keep(self, chat_id: int, q: Query, shown: int | None = None) -> int:
        """A reference to this answer's query for its buttons (Show more, Timeline, Map, Subscribe);
        ``shown``: the cards the user saw, where "Show more" continues."""
        return self.store.keep_answer(chat_id, (q if shown is None else replace(q, shown=shown)).to_dict())

    def seen(self, chat_id: int, q: Query, shown: int) -> None:
        """The chat saw ``shown`` cards of the answer to ``q``: a follow-up "show more" goes on from there."""
        with self._lock:
            if self._sessions.get(chat_id) is q:
                self._sessions[chat_id] = replace(q, shown=shown)

    def kept(self, ref: int) -> Query | None:
        """The query of a kept answer, or None when it has expired."""
        row = self.store.kept_answer(ref)
        return Query.from_dict(row["query"]) if row else None

    def more(self, ref: int, chat_id: int | None = None) -> Answer | None:
        """The next page of a kept answer (None when it has expired); follow-ups continue from it."""
        q = self.kept(ref)
        if q is None:
            return None
        nxt = Query(**{**q.__dict__, "offset": q.offset + max(q.shown, 1), "text": "show more"})
        if chat_id is not None:
            self._remember(chat_id, nxt)
        return self.answer(nxt)

    def is_question(self, text: str) -> bool:
        return looks_like_question(text)

    # -- subscriptions -----------------------------------------------------------------
    def subscribe(self, chat_id: int, user_id: int | None, text: str) -> Subscribing:
        """Subscribe a chat to new incidents matching a question-like text ("near Kayes 100km").
        Nothing is stored when the request has a problem, names a place with namesakes (``choices``)
        or a place matched only by its spelling (``sub`` None: to confirm); see ``subscription_request``."""
        q, problem = self.subscription_request(text)
        if problem:
            return Subscribing(q, problem=problem)
        if q.alternatives:
            return Subscribing(q, choices=self.which_place(q))
        if q.suggestion:
            return Subscribing(q)
        return Subscribing(q, sub=self.subscribe_query(chat_id, user_id, q))

    def subscription_request(self, text: str) -> tuple[Query, str | None]:
        """What a /subscribe text asks for, or why it cannot be subscribed: sub_unknown_place |
        sub_what. A query with ``suggestion`` set names a place only by a near spelling: confirm it."""
        q = parse(text, self.today(), self.finder(), self.settings.default_radius_km)
        if q.unknown_place and not q.place:
            return q, "sub_unknown_place"
        if not (q.place or q.actors or q.event_types or q.sub_event_types):
            return q, "sub_what"
        if q.place and not q.alternatives:
            q.alternatives = self.finder().namesakes(q.place)
        return q, None

    def which_place(self, q: Query) -> list[Query]:
        """The subscriptions a request with namesakes may mean, its own first (the user picks one)."""
        return [
            q,
            *(Query(**{**q.__dict__, "place": p, "alternatives": [], "suggestion": None}) for p in q.alternatives),
        ]

    def subscribe_query(self, chat_id: int, user_id: int | None, q: Query) -> dict:
        """Store the subscription (or find the same one already there: ``existing``)."""
        f = q.to_filter()
        f.date_from = f.date_to = None  # alerts are about new incidents, whatever the period asked
        return self.store.add_subscription(chat_id, user_id, f.to_dict(), describe(q, with_period=False))

    def match_subscriptions(self, incident: dict) -> list[tuple[int, int]]:
        """(chat_id, subscription id) of every subscription a new incident matches."""
        index = one_incident_index(incident)
        return [
            (sub["chat_id"], sub["id"])
            for sub in self.store.subscriptions()
            if len(index.select(Filter.from_dict(sub["filter"]))[0])
        ]


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def dry_run(text: str, published: str | date | None, settings: Settings, gaz: Gazetteer | None = None) -> dict:
    """What an article would give, nothing stored (``analyst extract``)."""
    if looks_like_html(text):
        text, _, html_date = html_to_text(text)
    else:
        html_date = None
    text, _ = check_article(text, settings.max_article_chars)
    pub = publication(text, as_date(published), STATED, _page_date(html_date), today_in(settings.timezone))
    from bot.understand.extract import extract

    out = extract(text, pub.value, gaz or Gazetteer.default())
    return {**out, "published_source": pub.source, "published_sure": pub.sure}


def one_incident_index(d: dict) -> IncidentIndex:
    """An index of a single incident, so a filter means for it exactly what it means for the store."""
    index = IncidentIndex()
    index.put({**d, "id": d.get("id") or 0})
    return index


def opening_words(text: str, words: int = 9) -> str:
    """'“Gunmen attacked the village of Diafarabé on Tuesday, killing…”': how a pasted article is cited.
    A short first line (a headline) is used whole."""
    first = text.strip().split("\n", 1)[0].strip()
    if 3 <= len(first.split()) <= 16 and len(first) <= 110:
        return f"“{first}”"
    cut = text.split()
    return "“" + " ".join(cut[:words]) + ("…" if len(cut) > words else "") + "”"


def _page_date(value: str | None) -> date | None:
    """A page's metadata date, or None when it is missing or unreadable (never the user's fault)."""
    try:
        return as_date(value)
    except InputError:
        return None
