"""The Telegram front end: an application factory and thin async handlers over ``Assistant``.

Handlers only translate between Telegram and the core: access checks, message splitting,
buttons. Alerts are delivered from the store's outbox by a JobQueue job, so a crash or a
Telegram outage delays them but loses none.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx

os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as a timedelta (PTB 22.2+)
from telegram import (  # noqa: E402
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.actors import short_actor
from bot.answer import Answer, incident_card, split_message
from bot.corrections import HELP as FIX_HELP
from bot.corrections import CorrectionError, parse_correction
from bot.intake import InputError, decode, html_to_text
from bot.pictures import picture
from bot.service import HELP, Assistant, IngestResult
from store.acled import write_csv, write_geojson
from store.query import Filter

log = logging.getLogger(__name__)
URL = re.compile(r"https?://\S+")
COMMANDS = [
    ("start", "Start and see what I can do"), ("help", "How to use me"),
    ("ask", "Ask a question: /ask attacks near Kayes"), ("add", "Add an article: /add <text>"),
    ("subscribe", "Alerts: /subscribe near Kayes 100km"), ("subscriptions", "Your alert subscriptions"),
    ("unsubscribe", "Stop alerts: /unsubscribe <id>"), ("export", "CSV/GeoJSON of a query: /export JNIM in Mali"),
    ("stats", "What the store holds"), ("digest", "Daily digest: /digest 7 (hour) or /digest off"),
    ("allow", "Admins: /allow <user id> [admin]"), ("revoke", "Admins: /revoke <user id>"),
]
HELP_TEXT = HELP + "\n\nCommands:\n" + "\n".join(f"/{c} — {d}" for c, d in COMMANDS)
REFUSAL = "Sorry, this bot is private. Ask an administrator to add your user id ({uid})."


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter (which waits out 429s), plus a few retries on 5xx and dropped connections,
    so a passing Telegram outage delays a reply instead of losing it."""

    ATTEMPTS = 3

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for attempt in range(self.ATTEMPTS):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if type(exc) is not NetworkError or endpoint == "getUpdates" or attempt == self.ATTEMPTS - 1:
                    raise  # BadRequest, Forbidden, TimedOut... are not worth repeating; the updater retries itself
                log.warning("Telegram %s failed (%s); retrying", endpoint, exc)
                await asyncio.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")


class TokenFilter(logging.Filter):
    """Never let the bot token reach a log line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        return True


# -- access -----------------------------------------------------------------------------
def _core(context: ContextTypes.DEFAULT_TYPE) -> Assistant:
    return context.application.bot_data["assistant"]


def allowed(a: Assistant, user_id: int | None) -> bool:
    if user_id is None:
        return False
    s = a.settings
    return user_id in s.allowed_users or user_id in s.admins or user_id in a.store.users()


def is_admin(a: Assistant, user_id: int | None) -> bool:
    return user_id in a.settings.admins or a.store.users().get(user_id) == "admin"


async def _guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the user may use the bot; otherwise answers politely and shows no data."""
    user = update.effective_user
    if allowed(_core(context), user.id if user else None):
        return True
    uid = user.id if user else "?"
    if update.callback_query:
        await update.callback_query.answer(REFUSAL.format(uid=uid), show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer([], cache_time=0, is_personal=True,
                                         button=InlineQueryResultsButton("Not authorised", start_parameter="access"))
    elif update.effective_message:
        await update.effective_message.reply_text(REFUSAL.format(uid=uid))
    return False


# -- sending ------------------------------------------------------------------------------
async def send_html(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    parts = split_message(text)
    for n, part in enumerate(parts):
        await update.effective_message.reply_text(
            part, parse_mode=ParseMode.HTML, disable_web_page_preview=True,
            reply_markup=markup if n == len(parts) - 1 else None)


def answer_buttons(ans: Answer) -> InlineKeyboardMarkup | None:
    if ans.kind != "results":
        return None
    row = [InlineKeyboardButton("Timeline", callback_data="pic:timeline"),
           InlineKeyboardButton("Map", callback_data="pic:map"),
           InlineKeyboardButton("Subscribe", callback_data="sub")]
    rows = [[InlineKeyboardButton("Show more", callback_data="more")]] if ans.has_more else []
    return InlineKeyboardMarkup([*rows, row])


def incident_buttons(inc: dict) -> InlineKeyboardMarkup:
    i = inc["id"]
    return InlineKeyboardMarkup([[InlineKeyboardButton("✅ Confirm", callback_data=f"ok:{i}"),
                                  InlineKeyboardButton("✏️ Correct", callback_data=f"fix:{i}"),
                                  InlineKeyboardButton("🗑 Discard", callback_data=f"del:{i}")]])


# -- questions --------------------------------------------------------------------------
async def do_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    a = _core(context)
    ans = await asyncio.to_thread(a.ask, text, update.effective_chat.id)
    await send_html(update, ans.html(), answer_buttons(ans))
    kind = {"trend": "timeline", "map": "map"}.get(ans.query.want)
    if kind and ans.kind == "results":  # "trend of attacks in Mali", "map of attacks near Gao": show it
        await send_picture(update, a, ans, kind)


async def send_picture(update: Update, a: Assistant, ans: Answer, kind: str) -> None:
    png = await asyncio.to_thread(picture, a, ans, kind)
    if png:
        await update.effective_message.reply_photo(png, caption=ans.query.describe()[:1000])


# -- articles ---------------------------------------------------------------------------
async def do_ingest(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, url: str | None = None,
                    title: str | None = None, published: str | None = None) -> None:
    a = _core(context)
    try:
        r: IngestResult = await asyncio.to_thread(a.ingest, text, published, url, title, update.effective_user.id)
    except InputError as exc:
        await update.effective_message.reply_text(str(exc))
        return
    await update.effective_message.reply_text(r.message)
    for inc in r.new:
        await update.effective_message.reply_text(incident_card(inc, True, False, r.language or "en"), parse_mode=ParseMode.HTML,
                                                  disable_web_page_preview=True, reply_markup=incident_buttons(inc))
    if r.status != "duplicate" and r.article and (r.new or r.merged):
        await update.effective_message.reply_text(
            "Undo removes this article and its new incidents.",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("↩️ Undo article", callback_data=f"undo:{r.article['id']}")]]))
    if r.alerts:
        context.application.job_queue.run_once(deliver_alerts, 0)


async def fetch_url(url: str, a: Assistant) -> tuple[str, str | None, str | None]:
    """Download a page (time and size limits) and extract its main text."""
    limit = a.settings.max_upload_bytes
    async with httpx.AsyncClient(timeout=a.settings.fetch_timeout_s, follow_redirects=True) as client, \
            client.stream("GET", url, headers={"User-Agent": "sahel-analyst/0.1"}) as resp:
        resp.raise_for_status()
        body = bytearray()
        async for chunk in resp.aiter_bytes():
            body.extend(chunk)
            if len(body) > limit:
                raise InputError(f"That page is larger than {limit // 1_000_000} MB; I stopped reading it.")
    text = decode(bytes(body), limit)
    return await asyncio.to_thread(html_to_text, text) if "<" in text[:2000] else (text, None, None)


async def do_url(update: Update, context: ContextTypes.DEFAULT_TYPE, url: str) -> None:
    a = _core(context)
    try:
        text, title, published = await fetch_url(url, a)
    except InputError as exc:
        await update.effective_message.reply_text(str(exc))
        return
    except (httpx.HTTPError, OSError) as exc:
        await update.effective_message.reply_text(
            f"I could not fetch that page ({type(exc).__name__}). Paste the article text instead.")
        return
    published = published[:10] if published else None
    await do_ingest(update, context, text, url=url, title=title, published=published)


# -- handlers ---------------------------------------------------------------------------
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await _guard(update, context):
        await update.effective_message.reply_text(HELP_TEXT)


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    text = " ".join(context.args or [])
    if not text:
        await update.effective_message.reply_text("Ask after the command, e.g. /ask attacks near Kayes since June")
        return
    await do_ask(update, context, text)


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    msg = update.effective_message
    text = msg.text.partition(" ")[2] if msg.text else ""
    if not text and msg.reply_to_message:
        text = msg.reply_to_message.text or msg.reply_to_message.caption or ""
    if not text.strip():
        await msg.reply_text("Send the article after /add, or reply /add to a message that holds it.")
        return
    await do_ingest(update, context, text)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    chat = update.effective_chat
    text = msg.text or msg.caption or ""
    if chat.type != ChatType.PRIVATE:
        me = context.bot.username
        mentioned = me and f"@{me}".lower() in text.lower()
        replied = msg.reply_to_message and msg.reply_to_message.from_user and msg.reply_to_message.from_user.id == context.bot.id
        if not (mentioned or replied):
            return
        text = re.sub(rf"@{re.escape(me or '')}", "", text, flags=re.IGNORECASE).strip()
    if not await _guard(update, context):
        return
    pending = context.chat_data.get("fix")
    if pending and msg.reply_to_message and msg.reply_to_message.from_user.id == context.bot.id:
        await apply_fix(update, context, pending, text)
        return
    forwarded = msg.forward_origin is not None
    urls = URL.findall(text)
    if urls and len(URL.sub("", text).split()) < 40:  # a link, maybe with its headline: read the page
        await do_url(update, context, urls[0])
    elif forwarded or not _core(context).is_question(text):
        await do_ingest(update, context, text, url=urls[0] if urls else None)
    else:
        await do_ask(update, context, text)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    a = _core(context)
    doc = update.effective_message.document
    name = (doc.file_name or "").lower()
    if doc.file_size and doc.file_size > a.settings.max_upload_bytes:
        await update.effective_message.reply_text(
            f"That file is too large ({doc.file_size / 1_000_000:.1f} MB); I read files up to "
            f"{a.settings.max_upload_bytes / 1_000_000:.1f} MB.")
        return
    if not name.endswith((".txt", ".html", ".htm", ".md")):
        await update.effective_message.reply_text("I read .txt and .html files. Send the article as text or one of those.")
        return
    f = await doc.get_file()
    data = bytes(await f.download_as_bytearray())
    try:
        text = decode(data, a.settings.max_upload_bytes)
    except InputError as exc:
        await update.effective_message.reply_text(str(exc))
        return
    await do_ingest(update, context, text, title=doc.file_name)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    q = update.callback_query
    a = _core(context)
    action, _, arg = (q.data or "").partition(":")
    chat_id = update.effective_chat.id
    if action == "more":
        await q.answer()
        await do_ask(update, context, "show more")
    elif action == "pic":
        last = a.last_query(chat_id)
        if not last:
            await q.answer("Ask a question first.", show_alert=True)
            return
        await q.answer("Drawing…")
        await send_picture(update, a, await asyncio.to_thread(a.answer, last), arg)
    elif action == "sub":
        last = a.last_query(chat_id)
        if not last:
            await q.answer("Ask a question first.", show_alert=True)
            return
        _, msg = await asyncio.to_thread(a.subscribe_query, chat_id, update.effective_user.id, last)
        await q.answer("Subscribed")
        await update.effective_message.reply_text(msg)
    elif action in ("ok", "del", "fix"):
        await on_incident_button(update, context, action, int(arg))
    elif action == "undo":
        res = await asyncio.to_thread(a.undo, int(arg))
        await q.answer("Undone")
        await q.edit_message_text(f"Article removed: {len(res['removed'])} incident(s) deleted, "
                                  f"{len(res['kept'])} kept (reported by other articles too).")
    else:
        await q.answer()


async def on_incident_button(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str, iid: int) -> None:
    q = update.callback_query
    a = _core(context)
    inc = a.store.get(iid)
    if inc is None:
        await q.answer("That incident is no longer in the store.", show_alert=True)
        return
    if action == "ok":
        inc = await asyncio.to_thread(a.store.update_incident, iid, {"status": "confirmed"})
        await q.answer("Confirmed")
        await q.edit_message_text(incident_card(inc, True, False) + "\n✅ confirmed", parse_mode=ParseMode.HTML,
                                  disable_web_page_preview=True)
    elif action == "del":
        await asyncio.to_thread(a.store.delete_incident, iid)
        await q.answer("Discarded")
        await q.edit_message_text("🗑 Incident discarded.")
    else:
        context.chat_data["fix"] = iid
        await q.answer()
        await update.effective_message.reply_text(f"Correcting incident #{iid}. {FIX_HELP}",
                                                  reply_markup=_force_reply())


def _force_reply():
    from telegram import ForceReply

    return ForceReply(selective=True, input_field_placeholder="place: Nioro")


async def apply_fix(update: Update, context: ContextTypes.DEFAULT_TYPE, iid: int, text: str) -> None:
    a = _core(context)
    inc = a.store.get(iid)
    if inc is None:
        context.chat_data.pop("fix", None)
        await update.effective_message.reply_text("That incident is no longer in the store.")
        return
    published = a.today()
    try:
        changes = parse_correction(text, inc, a.gaz, published)
    except CorrectionError as exc:
        await update.effective_message.reply_text(str(exc), reply_markup=_force_reply())
        return
    new = await asyncio.to_thread(a.store.update_incident, iid, changes)
    context.chat_data.pop("fix", None)
    await update.effective_message.reply_text("Corrected:\n" + incident_card(new, True, False),
                                              parse_mode=ParseMode.HTML, disable_web_page_preview=True)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    text = " ".join(context.args or [])
    if not text:
        await update.effective_message.reply_text("What should I watch? e.g. /subscribe near Kayes 100km, "
                                                  "/subscribe JNIM, /subscribe attacks in Mopti region")
        return
    _, msg = await asyncio.to_thread(_core(context).subscribe, update.effective_chat.id, update.effective_user.id, text)
    await update.effective_message.reply_text(msg)


async def on_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    subs = _core(context).store.subscriptions(update.effective_chat.id)
    if not subs:
        await update.effective_message.reply_text("No subscriptions in this chat. Try /subscribe near Kayes 100km")
        return
    lines = [f"#{s['id']}: {s['label']}" for s in subs]
    await update.effective_message.reply_text("Alerts in this chat:\n" + "\n".join(lines) + "\n\nStop one with /unsubscribe <id>.")


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    arg = (context.args or [""])[0].lstrip("#")
    if not arg.isdigit():
        await update.effective_message.reply_text("Which one? /unsubscribe <id> (see /subscriptions).")
        return
    ok = _core(context).store.remove_subscription(update.effective_chat.id, int(arg))
    await update.effective_message.reply_text(f"Subscription #{arg} removed." if ok else f"No subscription #{arg} in this chat.")


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    a = _core(context)
    text = " ".join(context.args or [])
    if text:
        ans = await asyncio.to_thread(a.ask, text, None)
        docs, label = ans.all_incidents, ans.query.describe()
    else:
        docs, label = a.store.all_incidents(), "all incidents"
    if not docs:
        await update.effective_message.reply_text(f"Nothing to export for: {label}.")
        return
    await update.effective_message.reply_document(write_csv(docs).encode(), filename="incidents.csv",
                                                  caption=f"{len(docs)} incidents (ACLED columns): {label}"[:1000])
    await update.effective_message.reply_document(write_geojson(docs), filename="incidents.geojson")


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    s = _core(context).store.stats()
    lines = [f"{s['incidents']} incidents from {s['articles']} articles ({s['first_date']} to {s['last_date']})."]
    lines += [f"{k}: {v}" for k, v in list(s["by_country"].items())[:8]]
    await update.effective_message.reply_text("\n".join(lines))


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    arg = (context.args or [""])[0].lower()
    a = _core(context)
    chat_id = update.effective_chat.id
    if arg == "off":
        a.store.set_chat_settings(chat_id, digest_hour=None)
        await update.effective_message.reply_text("Daily digest off.")
    elif arg.isdigit() and 0 <= int(arg) <= 23:
        a.store.set_chat_settings(chat_id, digest_hour=int(arg))
        await update.effective_message.reply_text(f"Daily digest at {int(arg):02d}:00 ({a.settings.timezone}) "
                                                  "with the incidents matching this chat's subscriptions.")
    else:
        await update.effective_message.reply_text("Use /digest <hour 0-23> or /digest off.")


async def _admin_target(update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str) -> tuple[Assistant, list[str]] | None:
    """(core, args) when an admin gave a user id; otherwise says why not and returns None."""
    a = _core(context)
    if not is_admin(a, update.effective_user.id):
        await update.effective_message.reply_text("Only administrators can do that.")
        return None
    args = context.args or []
    if not args or not args[0].isdigit():
        await update.effective_message.reply_text(f"Use {usage}.")
        return None
    return a, args


async def on_allow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _admin_target(update, context, "/allow <user id> [admin]")
    if target:
        a, args = target
        role = "admin" if len(args) > 1 and args[1].lower() == "admin" else "user"
        a.store.set_user(int(args[0]), role)
        await update.effective_message.reply_text(f"User {args[0]} can now use the bot ({role}).")


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _admin_target(update, context, "/revoke <user id>")
    if target:
        a, args = target
        a.store.set_user(int(args[0]), None)
        note = " (still allowed by the settings file)" if int(args[0]) in a.settings.allowed_users else ""
        await update.effective_message.reply_text(f"User {args[0]} revoked{note}.")


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _guard(update, context):
        return
    iq = update.inline_query
    a = _core(context)
    offset = int(iq.offset) if iq.offset.isdigit() else 0
    if iq.query.strip():
        docs = (await asyncio.to_thread(a.ask, iq.query, None)).all_incidents
    else:  # "@bot" alone: the latest incidents
        docs = (await asyncio.to_thread(a.store.query, Filter(limit=offset + 51)))[0]
    page = docs[offset:offset + 50]
    results = [
        InlineQueryResultArticle(
            id=str(d["id"]),
            title=f"{d['event_date']} · {d.get('location') or d.get('country')} · {d.get('sub_event_type')}"[:120],
            description=(" vs ".join(short_actor(x) for x in (d.get("actor1"), d.get("actor2")) if x)
                         + (f" · {d['fatalities']} killed" if d.get("fatalities") is not None else ""))[:200],
            input_message_content=InputTextMessageContent(incident_card(d, True), parse_mode=ParseMode.HTML,
                                                          link_preview_options=None),
        ) for d in page
    ]
    nxt = str(offset + 50) if offset + 50 < len(docs) else ""
    await iq.answer(results, cache_time=0, is_personal=True, next_offset=nxt)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Unknown commands, photos, voice notes...: say what the bot reads (private chats only)."""
    if update.effective_chat.type != ChatType.PRIVATE or not await _guard(update, context):
        return
    msg = update.effective_message
    if msg.text and msg.text.startswith("/"):
        await msg.reply_text(f"I don't know the command {msg.text.split()[0]}. Send /help for the list.")
    else:
        await msg.reply_text("I read text messages, .txt and .html files, and links. For a PDF or a photo, "
                             "send the article's text instead.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handler error: %s", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong on my side; nothing was lost. Please try again.")
        except Exception:  # noqa: BLE001 - the error handler must never raise
            log.warning("could not tell the user about the error")


# -- alerts -----------------------------------------------------------------------------
async def deliver_alerts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send due alerts from the outbox; a 429 or an outage only postpones them."""
    a = _core(context)
    for alert in a.store.pending_alerts():
        inc = a.store.get(alert["incident_id"])
        if inc is None:
            a.store.alert_failed(alert["id"], 0, drop=True)
            continue
        sub = next((s for s in a.store.subscriptions(alert["chat_id"]) if s["id"] == alert["sub_id"]), None)
        head = f"🔔 New incident — {html.escape(sub['label'])}" if sub else "🔔 New incident"
        try:
            await context.bot.send_message(alert["chat_id"], f"{head}\n{incident_card(inc, True)}",
                                           parse_mode=ParseMode.HTML, disable_web_page_preview=True)
        except RetryAfter as exc:
            ra = exc.retry_after
            wait = ra.total_seconds() if hasattr(ra, "total_seconds") else float(ra)
            a.store.alert_failed(alert["id"], wait)
            log.warning("alerts: rate limited, retrying in %.0fs", wait)
            return
        except (Forbidden, BadRequest) as exc:
            log.warning("alerts: dropping alert %s for chat %s: %s", alert["id"], alert["chat_id"], exc)
            a.store.alert_failed(alert["id"], 0, drop=True)
        except (TimedOut, NetworkError) as exc:
            a.store.alert_failed(alert["id"], min(60.0, 2.0 * (alert["attempts"] + 1)))
            log.warning("alerts: Telegram unreachable (%s), will retry", exc)
            return
        else:
            a.store.alert_sent(alert["id"])


async def send_digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hourly: chats whose digest hour it is get the last day's incidents for their subscriptions."""
    from bot.service import matches

    a = _core(context)
    now = datetime.now(ZoneInfo(a.settings.timezone))
    today = a.today().isoformat()
    for chat in a.store.all_chat_settings():
        if chat.get("digest_hour") != now.hour or chat.get("digest_sent") == today:
            continue
        subs = a.store.subscriptions(chat["chat_id"])
        since = date.fromordinal(a.today().toordinal() - 1)
        recent, _ = a.store.query(Filter(date_from=since))
        hits = [d for d in recent if any(matches(Filter.from_dict(s["filter"]), d) for s in subs)]
        text = (f"<b>Daily digest</b>: {len(hits)} incident(s) since yesterday for your subscriptions.\n\n"
                + "\n\n".join(incident_card(d, True) for d in hits[:10])) if hits else "Daily digest: nothing new for your subscriptions."
        try:
            for part in split_message(text):
                await context.bot.send_message(chat["chat_id"], part, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
            a.store.set_chat_settings(chat["chat_id"], digest_sent=today)
        except (NetworkError, Forbidden, BadRequest) as exc:
            log.warning("digest for %s failed: %s", chat["chat_id"], exc)


# -- the application ----------------------------------------------------------------------
async def _post_init(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    a: Assistant = app.bot_data["assistant"]
    app.job_queue.run_repeating(deliver_alerts, interval=a.settings.alert_interval_s, first=0.5, name="alerts")
    app.job_queue.run_repeating(send_digests, interval=3600, first=60, name="digests")


def build_application(a: Assistant, token: str | None = None) -> Application:
    """The PTB application, wired to the core. ``TELEGRAM_BASE_URL`` points it at another server."""
    s = a.settings
    token = token or s.telegram_token
    redact = TokenFilter(token)
    for name in ("", "httpx", "telegram", "apscheduler"):
        logging.getLogger(name).addFilter(redact)
    for h in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) and f.token == token for f in h.filters):
            h.addFilter(redact)
    builder = (ApplicationBuilder().token(token).rate_limiter(RetryingRateLimiter(max_retries=3))
               .post_init(_post_init).concurrent_updates(8))
    if s.telegram_base_url:
        builder = builder.base_url(s.telegram_base_url).base_file_url(s.telegram_base_file_url or s.telegram_base_url.replace("/bot", "/file/bot"))
    app = builder.build()
    app.bot_data["assistant"] = a
    app.add_handler(CommandHandler(["start", "help"], on_start))
    app.add_handler(CommandHandler("ask", on_ask))
    app.add_handler(CommandHandler("add", on_add))
    app.add_handler(CommandHandler("subscribe", on_subscribe))
    app.add_handler(CommandHandler("subscriptions", on_subscriptions))
    app.add_handler(CommandHandler("unsubscribe", on_unsubscribe))
    app.add_handler(CommandHandler("export", on_export))
    app.add_handler(CommandHandler("stats", on_stats))
    app.add_handler(CommandHandler("digest", on_digest))
    app.add_handler(CommandHandler("allow", on_allow))
    app.add_handler(CommandHandler("revoke", on_revoke))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(MessageHandler((filters.TEXT | filters.CAPTION) & ~filters.COMMAND, on_text))
    app.add_handler(MessageHandler(filters.ALL, on_other))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_error_handler(on_error)
    return app


def preflight(settings) -> str | None:
    """A plain getMe before starting, so an operator gets one clear line instead of PTB's retry
    tracebacks when the token is wrong or Telegram is unreachable. None when all is well."""
    base = settings.telegram_base_url or "https://api.telegram.org/bot"
    try:
        resp = httpx.get(f"{base}{settings.telegram_token}/getMe", timeout=15)
    except httpx.HTTPError as exc:
        return f"could not reach Telegram ({type(exc).__name__}). Check the network, or run `analyst chat` to work offline."
    if resp.status_code in (401, 404):
        return "Telegram refused the token (TELEGRAM_TOKEN): check it with @BotFather."
    return None


def webhook_options(a: Assistant, webhook_url: str, port: int, listen: str | None = None) -> dict:
    """Arguments of PTB's webhook server; Telegram must send WEBHOOK_SECRET on every call."""
    return {"listen": listen or a.settings.webhook_listen, "port": port, "url_path": "telegram",
            "webhook_url": webhook_url.rstrip("/") + "/telegram", "secret_token": a.settings.webhook_secret,
            "allowed_updates": Update.ALL_TYPES}


def run_bot(a: Assistant, webhook_url: str | None = None, port: int = 8443) -> None:
    app = build_application(a)
    if webhook_url:
        app.run_webhook(**webhook_options(a, webhook_url, port))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    a.store.close()
