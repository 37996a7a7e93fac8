"""Telegram handlers: thin translations between updates and the core (``bot.core.assistant``)."""

from __future__ import annotations

import asyncio
import logging
import re
import warnings
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

import httpx
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.assistant import HELP, HELP_FR, Assistant, IngestResult
from bot.core.corrections import HELP as FIX_HELP
from bot.core.corrections import CorrectionError, parse_correction
from bot.core.intake import FORWARDED, STATED, InputError, decode
from bot.present.answer import incident_card
from bot.present.i18n import country, tr
from bot.present.pictures import asked_picture
from bot.telegram.common import (
    answer_buttons,
    core,
    incident_buttons,
    is_admin,
    mentions_bot,
    replies_to_bot,
    send_html,
    send_picture,
)
from bot.telegram.jobs import deliver_alerts
from bot.understand.actors import short_actor
from bot.understand.text import detect_language
from store.acled import write_csv, write_geojson
from store.filter import Filter
from store.incident import IncidentLike

log = logging.getLogger(__name__)

URL = re.compile(r"https?://\S+")
COMMANDS = [
    ("start", "Start and see what I can do"),
    ("help", "How to use me"),
    ("ask", "Ask a question: /ask attacks near Kayes"),
    ("add", "Add an article: /add <text>"),
    ("subscribe", "Alerts: /subscribe near Kayes 100km"),
    ("subscriptions", "Your alert subscriptions"),
    ("unsubscribe", "Stop alerts: /unsubscribe <id>"),
    ("export", "CSV/GeoJSON of a query: /export JNIM in Mali"),
    ("stats", "What the store holds"),
    ("digest", "Daily digest: /digest 7 (hour) or /digest off"),
    ("cancel", "Stop correcting an incident"),
    ("allow", "Admins: /allow <user id> [admin]"),
    ("revoke", "Admins: /revoke <user id>"),
]
COMMANDS_FR = {
    "start": "Démarrer et voir ce que je sais faire",
    "help": "Mode d'emploi",
    "ask": "Poser une question : /ask attaques près de Kayes",
    "add": "Ajouter un article : /add <texte>",
    "subscribe": "Alertes : /subscribe près de Kayes 100 km",
    "subscriptions": "Vos abonnements",
    "unsubscribe": "Arrêter une alerte : /unsubscribe <n°>",
    "export": "CSV/GeoJSON d'une question : /export JNIM au Mali",
    "stats": "Ce que contient la base",
    "digest": "Résumé quotidien : /digest 7 (heure) ou /digest off",
    "allow": "Admins : /allow <id> [admin]",
    "revoke": "Admins : /revoke <id>",
    "cancel": "Abandonner la correction d'un incident",
}
HELP_TEXT = HELP + "\n\nCommands:\n" + "\n".join(f"/{c} — {d}" for c, d in COMMANDS)
HELP_TEXT_FR = HELP_FR + "\n\nCommandes :\n" + "\n".join(f"/{c} — {COMMANDS_FR[c]}" for c, _ in COMMANDS)


def reply_lang(update: Update, text: str | None) -> str:
    """The language to answer a pasted text in: French for a French text, else the writer's own."""
    return "fr" if text and detect_language(text) == "fr" else user_lang(update)


def user_lang(update: Update) -> str:
    """The language of the person writing, from their Telegram settings: 'fr' or 'en'."""
    code = (update.effective_user.language_code or "") if update.effective_user else ""
    return "fr" if code.lower().startswith("fr") else "en"


async def do_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    a = core(context)
    ans = await asyncio.to_thread(a.ask, text, update.effective_chat.id)
    await send_answer(update, a, ans)
    kind = asked_picture(ans.query)
    if kind and ans.kind == "results":  # "trend of attacks in Mali", "map of attacks near Gao": show it
        await send_picture(update, a, ans, kind)


async def send_answer(update: Update, a: Assistant, ans) -> None:
    """The answer, with buttons bound to it (its query is kept in the store)."""
    body = ans.html()  # renders first: the kept query records how many cards were shown
    ref = await asyncio.to_thread(a.keep, update.effective_chat.id, ans.query) if ans.kind == "results" else 0
    await send_html(update, body, answer_buttons(ans, ref))


async def do_ingest(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    url: str | None = None,
    title: str | None = None,
    published: str | date | None = None,
    published_by: str = STATED,
) -> None:
    a = core(context)
    try:
        r: IngestResult = await asyncio.to_thread(
            a.ingest, text, published, url, title, update.effective_user.id, published_by
        )
    except InputError as exc:
        await update.effective_message.reply_text(exc.message(reply_lang(update, text)))
        return
    await update.effective_message.reply_text(
        r.message, reply_markup=redate_button(r.article["id"], r.language) if r.date_assumed and r.article else None
    )
    lang = r.language or "en"
    await send_cards(update, r.new, lang)
    if r.status != "duplicate" and r.article and (r.new or r.merged):
        await update.effective_message.reply_text(
            tr(lang, "undo_note"),
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(tr(lang, "btn.undo"), callback_data=f"undo:{r.article['id']}")]]
            ),
        )
    if r.alerts:
        context.application.job_queue.run_once(deliver_alerts, 0)


async def send_cards(update: Update, incidents: Sequence[IncidentLike], lang: str) -> None:
    """One card per incident an article gave, with Confirm / Correct / Discard in its language."""
    for inc in incidents:
        await update.effective_message.reply_text(
            incident_card(inc, True, False, lang),
            parse_mode=ParseMode.HTML,
            disable_web_page_preview=True,
            reply_markup=incident_buttons(inc, lang),
        )


async def do_url(update: Update, context: ContextTypes.DEFAULT_TYPE, url: str) -> None:
    a = core(context)
    try:
        text, title, published = await a.fetch(url)
    except InputError as exc:
        await update.effective_message.reply_text(exc.message(user_lang(update)))
        return
    except (httpx.HTTPError, OSError) as exc:
        await update.effective_message.reply_text(tr(user_lang(update), "err.fetch_failed", why=type(exc).__name__))
        return
    published = published[:10] if published else None
    await do_ingest(update, context, text, url=url, title=title, published=published)


# -- handlers ---------------------------------------------------------------------------
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(HELP_TEXT_FR if user_lang(update) == "fr" else HELP_TEXT)


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = " ".join(context.args or [])
    if not text:
        await update.effective_message.reply_text(tr(user_lang(update), "ask_usage"))
        return
    await do_ask(update, context, text)


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    text = msg.text.partition(" ")[2] if msg.text else ""
    if not text and msg.reply_to_message:
        text = msg.reply_to_message.text or msg.reply_to_message.caption or ""
    if not text.strip():
        await msg.reply_text(tr(user_lang(update), "add_usage"))
        return
    await do_ingest(update, context, text)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    chat = update.effective_chat
    text = msg.text or msg.caption or ""
    if chat.type != ChatType.PRIVATE:
        if not (mentions_bot(text, context) or replies_to_bot(msg, context)):
            return
        text = re.sub(rf"@{re.escape(context.bot.username or '')}", "", text, flags=re.IGNORECASE).strip()
    if _media_caption_only(msg):
        await msg.reply_text(tr(user_lang(update), "no_media"))
        return
    if context.chat_data.get("redate") and replies_to_bot(msg, context):
        await apply_redate(update, context, context.chat_data["redate"], text)
        return
    forwarded = msg.forward_origin is not None
    urls = URL.findall(text)
    if urls and len(URL.sub("", text).split()) < 40:  # a link, maybe with its headline: read the page
        await do_url(update, context, urls[0])
    elif forwarded:  # the channel's own posting day is the publication date, the channel the source
        origin_day = msg.forward_origin.date.astimezone(ZoneInfo(core(context).settings.timezone)).date()
        title, link = _forwarded_from(msg.forward_origin)
        await do_ingest(
            update,
            context,
            text,
            url=link or (urls[0] if urls else None),
            title=title,
            published=origin_day,
            published_by=FORWARDED,
        )
    elif not core(context).is_question(text):
        await do_ingest(update, context, text, url=urls[0] if urls else None)
    else:
        await do_ask(update, context, text)


def _forwarded_from(origin) -> tuple[str | None, str | None]:
    """(channel name, t.me link of the post) of a forwarded channel post; (None, None) otherwise."""
    chat = getattr(origin, "chat", None)
    if chat is None:
        return None, None
    username = getattr(chat, "username", None)
    post = getattr(origin, "message_id", None)
    link = f"https://t.me/{username}/{post}" if username and post else None
    return chat.title, link


def _media_caption_only(msg) -> bool:
    """A photo, video or recording with a caption: the caption is not an article or a question,
    unless it is a forwarded channel post whose caption is the whole story."""
    media = msg.photo or msg.video or msg.animation or msg.audio or msg.voice or msg.video_note
    if not media or msg.text:
        return False
    return not (msg.forward_origin and len((msg.caption or "").split()) >= CAPTION_ARTICLE_WORDS)


CAPTION_ARTICLE_WORDS = 40


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    a = core(context)
    doc = update.effective_message.document
    name = (doc.file_name or "").lower()
    if doc.file_size and doc.file_size > a.settings.max_upload_bytes:
        await update.effective_message.reply_text(
            f"That file is too large ({doc.file_size / 1_000_000:.1f} MB); I read files up to "
            f"{a.settings.max_upload_bytes / 1_000_000:.1f} MB."
        )
        return
    if not name.endswith((".txt", ".html", ".htm", ".md")):
        await update.effective_message.reply_text(tr(user_lang(update), "file_kinds"))
        return
    f = await doc.get_file()
    data = bytes(await f.download_as_bytearray())
    try:
        text = decode(data, a.settings.max_upload_bytes)
    except InputError as exc:
        await update.effective_message.reply_text(exc.message(user_lang(update)))
        return
    caption = update.effective_message.caption or ""  # "published 1 July 2025" beside the file
    await do_ingest(update, context, text, title=doc.file_name, published=a.read_date(caption))


async def on_answer_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """more:REF, pic:KIND:REF, sub:REF: buttons under an answer."""
    action, _, arg = update.callback_query.data.partition(":")
    await on_answer_button(update, context, action, arg)


async def on_incident_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ok:ID, fix:ID, del:ID: buttons under an extracted incident."""
    action, _, arg = update.callback_query.data.partition(":")
    await on_incident_button(update, context, action, int(arg))


async def on_subscribe_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """subno:REF: the user declined the place the bot guessed."""
    q = update.callback_query
    arg = q.data.partition(":")[2]
    query = await asyncio.to_thread(core(context).kept, int(arg)) if arg.isdigit() else None
    await q.answer()
    await q.edit_message_text(tr(query.lang if query else "en", "sub_cancelled"))


async def on_redate_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """redate:ARTICLE: ask for the article's publication date."""
    q = update.callback_query
    article_id = int(q.data.partition(":")[2])
    context.chat_data["redate"] = article_id
    await q.answer()
    lang = core(context).article_language(article_id)
    await update.effective_message.reply_text(
        tr(lang, "ask_date"), reply_markup=ForceReply(selective=True, input_field_placeholder="2025-07-01")
    )


async def on_undo_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """undo:ARTICLE: remove the article and its new incidents."""
    q = update.callback_query
    a = core(context)
    article_id = int(q.data.partition(":")[2])
    lang = a.article_language(article_id)
    res = await asyncio.to_thread(a.undo, article_id)
    await q.answer(tr(lang, "undone"))
    await q.edit_message_text(tr(lang, "undo_done", n=len(res["removed"]), k=len(res["kept"])))


async def on_stale_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button (an older version's): answered, so the client stops spinning."""
    await update.callback_query.answer()


# callback_data pattern -> handler, one family of buttons each (registered in this order)
CALLBACKS = [
    (r"^(?:more|sub|pic):", on_answer_cb),  # an unknown or expired reference is told politely
    (r"^(?:ok|del):\d+$", on_incident_cb),  # (fix: opens the correction dialog, see correction_dialog)
    (r"^subno:", on_subscribe_no),
    (r"^redate:\d+$", on_redate_cb),
    (r"^undo:\d+$", on_undo_cb),
    (None, on_stale_cb),
]


async def on_answer_button(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str, arg: str) -> None:
    """Show more / Timeline / Map / Subscribe under an answer act on that answer's kept query."""
    q = update.callback_query
    a = core(context)
    kind, _, ref = arg.rpartition(":") if action == "pic" else ("", "", arg)
    query = await asyncio.to_thread(a.kept, int(ref)) if ref.isdigit() else None
    if query is None:  # expired, or a button from before answers were kept
        await q.answer(tr(user_lang(update), "answer_expired"), show_alert=True)
        return
    lang = query.lang
    if action == "more":
        await q.answer()
        ans = await asyncio.to_thread(a.more, int(ref), update.effective_chat.id)
        await send_answer(update, a, ans)
    elif action == "pic":
        await q.answer(tr(lang, "drawing"))
        await send_picture(update, a, await asyncio.to_thread(a.answer, query), kind)
    else:
        _, msg = await asyncio.to_thread(a.subscribe_query, update.effective_chat.id, update.effective_user.id, query)
        await q.answer(tr(lang, "subscribed"))
        await update.effective_message.reply_text(msg)


async def on_incident_button(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str, iid: int) -> None:
    q = update.callback_query
    a = core(context)
    inc = await asyncio.to_thread(a.store.get, iid)
    if inc is None:
        await q.answer(tr(user_lang(update), "incident_gone"), show_alert=True)
        return
    if action == "ok":
        inc = await asyncio.to_thread(a.store.update_incident, iid, {"status": "confirmed"}) or inc
        await q.answer(tr(user_lang(update), "confirmed"))
        await q.edit_message_text(
            incident_card(inc, True, False) + "\n✅ confirmed", parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )
    elif action == "del":
        await asyncio.to_thread(a.store.delete_incident, iid)
        await q.answer(tr(user_lang(update), "discarded"))
        await q.edit_message_text(tr(user_lang(update), "incident_discarded"))


def redate_button(article_id: int, lang: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr(lang or "en", "other_date"), callback_data=f"redate:{article_id}")]]
    )


async def apply_redate(update: Update, context: ContextTypes.DEFAULT_TYPE, article_id: int, text: str) -> None:
    """The user's reply to "On which date was it published?": re-read the article against it."""
    a = core(context)
    when = a.read_date(text)
    if when is None:
        await update.effective_message.reply_text(
            tr(a.article_language(article_id), "bad_date"), reply_markup=ForceReply(selective=True)
        )
        return
    context.chat_data.pop("redate", None)
    try:
        r = await asyncio.to_thread(a.redate, article_id, when)
    except InputError as exc:
        await update.effective_message.reply_text(exc.message(user_lang(update)))
        return
    await update.effective_message.reply_text(r.message)
    await send_cards(update, r.new + r.merged, r.language or "en")


def _force_reply():
    return ForceReply(selective=True, input_field_placeholder="place: Nioro")


# -- the correction dialog (a ConversationHandler: ✏️ Correct, a reply, /cancel, a timeout) ----------
FIXING = 0
FIX_TIMEOUT_S = 900


async def on_fix_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """fix:ID: ask for the corrected fields as a reply."""
    q = update.callback_query
    iid = int(q.data.partition(":")[2])
    await q.answer()
    if await asyncio.to_thread(core(context).store.get, iid) is None:
        await update.effective_message.reply_text(tr(user_lang(update), "incident_gone"))
        return ConversationHandler.END
    context.chat_data["fix"] = iid
    await update.effective_message.reply_text(f"Correcting incident #{iid}. {FIX_HELP}", reply_markup=_force_reply())
    return FIXING


async def on_fix_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The reply holding the corrections; a bad one is explained and the dialog stays open."""
    msg = update.effective_message
    if not replies_to_bot(msg, context):
        await on_text(update, context)  # a reply to someone else: an ordinary message
        return FIXING
    a = core(context)
    iid = context.chat_data.get("fix")
    inc = await asyncio.to_thread(a.store.get, iid) if iid is not None else None
    if iid is None or inc is None:
        await msg.reply_text(tr(user_lang(update), "incident_gone"))
        return ConversationHandler.END
    try:
        changes = parse_correction(msg.text or "", inc, a.gaz, a.today())
    except CorrectionError as exc:
        await msg.reply_text(str(exc), reply_markup=_force_reply())
        return FIXING
    new = await asyncio.to_thread(a.store.update_incident, iid, changes) or inc
    context.chat_data.pop("fix", None)
    await msg.reply_text(
        "Corrected:\n" + incident_card(new, True, False), parse_mode=ParseMode.HTML, disable_web_page_preview=True
    )
    return ConversationHandler.END


async def on_fix_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.chat_data.pop("fix", None)
    await update.effective_message.reply_text(tr(user_lang(update), "fix_cancelled"))
    return ConversationHandler.END


async def on_fix_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.chat_data.pop("fix", None)
    if update.effective_message:
        await update.effective_message.reply_text(tr(user_lang(update), "fix_timeout"))


def correction_dialog() -> ConversationHandler:
    """✏️ Correct under an incident card opens it; the reply applies it; /cancel or 15 minutes close it."""
    with warnings.catch_warnings():  # per_message=False on purpose: the dialog is per user and chat, not per card
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        return _correction_conversation()


def _correction_conversation() -> ConversationHandler:
    return ConversationHandler(
        entry_points=[CallbackQueryHandler(on_fix_start, pattern=r"^fix:\d+$")],
        states={
            FIXING: [
                MessageHandler(
                    filters.UpdateType.MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND, on_fix_reply
                )
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_fix_timeout)],
        },
        fallbacks=[CommandHandler("cancel", on_fix_cancel)],
        conversation_timeout=FIX_TIMEOUT_S,
        per_message=False,
        allow_reentry=True,
        name="correction",
    )


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = " ".join(context.args or [])
    a = core(context)
    if not text:
        await update.effective_message.reply_text(tr(user_lang(update), "sub_what"))
        return
    q, problem = await asyncio.to_thread(a.subscription_request, text)
    if problem:
        await update.effective_message.reply_text(problem)
    elif q.alternatives:  # namesakes: one button per place, nothing stored until the user picks one
        choices, question = a.which_place(q)
        refs = [await asyncio.to_thread(a.keep, update.effective_chat.id, c) for c in choices]
        rows = [
            [InlineKeyboardButton(c.place.label(q.lang), callback_data=f"sub:{ref}")]
            for c, ref in zip(choices, refs, strict=True)
        ]
        rows.append([InlineKeyboardButton(tr(q.lang, "btn.no"), callback_data=f"subno:{refs[0]}")])
        await update.effective_message.reply_text(question, reply_markup=InlineKeyboardMarkup(rows))
    elif q.suggestion:  # a place found only by a near spelling: nothing stored until the user says yes
        ref = await asyncio.to_thread(a.keep, update.effective_chat.id, q)
        await update.effective_message.reply_text(
            tr(q.lang, "sub_confirm", what=q.describe(with_period=False)),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(tr(q.lang, "btn.yes_subscribe"), callback_data=f"sub:{ref}"),
                        InlineKeyboardButton(tr(q.lang, "btn.no"), callback_data=f"subno:{ref}"),
                    ]
                ]
            ),
        )
    else:
        _, msg = await asyncio.to_thread(a.subscribe_query, update.effective_chat.id, update.effective_user.id, q)
        await update.effective_message.reply_text(msg)


async def on_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = user_lang(update)
    subs = await asyncio.to_thread(core(context).store.subscriptions, update.effective_chat.id)
    if not subs:
        await update.effective_message.reply_text(tr(lang, "subs_none"))
        return
    lines = [f"#{s['id']}: {s['label']}" for s in subs]
    await update.effective_message.reply_text(tr(lang, "subs_list", lines="\n".join(lines)))


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = user_lang(update)
    arg = (context.args or [""])[0].lstrip("#")
    if not arg.isdigit():
        await update.effective_message.reply_text(tr(lang, "unsub_which"))
        return
    ok = await asyncio.to_thread(core(context).store.remove_subscription, update.effective_chat.id, int(arg))
    await update.effective_message.reply_text(tr(lang, "unsub_done" if ok else "unsub_none", id=arg))


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    a = core(context)
    text = " ".join(context.args or [])
    if text:
        ans = await asyncio.to_thread(a.ask, text, None)
        docs, label = ans.all_incidents, ans.query.describe()
    else:
        docs, label = await asyncio.to_thread(a.store.all_incidents), "all incidents"
    if not docs:
        await update.effective_message.reply_text(tr(user_lang(update), "nothing_to_export", label=label))
        return
    csv_bytes, geojson = await asyncio.to_thread(lambda: (write_csv(docs).encode(), write_geojson(docs)))
    await update.effective_message.reply_document(
        csv_bytes, filename="incidents.csv", caption=f"{len(docs)} incidents (ACLED columns): {label}"[:1000]
    )
    await update.effective_message.reply_document(geojson, filename="incidents.geojson")


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = await asyncio.to_thread(core(context).store.stats)
    lang = user_lang(update)
    lines = [tr(lang, "stats_head", n=s["incidents"], a=s["articles"], first=s["first_date"], last=s["last_date"])]
    lines += [f"{country(k, lang) or k}: {v}" for k, v in list(s["by_country"].items())[:8]]
    await update.effective_message.reply_text("\n".join(lines))


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    arg = (context.args or [""])[0].lower()
    a = core(context)
    chat_id = update.effective_chat.id
    if arg == "off":
        await asyncio.to_thread(a.store.set_chat_settings, chat_id, digest_hour=None)
        await update.effective_message.reply_text(tr(user_lang(update), "digest_off"))
    elif arg.isdigit() and 0 <= int(arg) <= 23:
        await asyncio.to_thread(a.store.set_chat_settings, chat_id, digest_hour=int(arg))
        await update.effective_message.reply_text(
            tr(user_lang(update), "digest_on", hour=int(arg), tz=a.settings.timezone)
        )
    else:
        await update.effective_message.reply_text(tr(user_lang(update), "digest_usage"))


async def _admin_target(
    update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str
) -> tuple[Assistant, list[str]] | None:
    """(core, args) when an admin gave a user id; otherwise says why not and returns None."""
    a = core(context)
    if not await asyncio.to_thread(is_admin, a, update.effective_user.id):
        await update.effective_message.reply_text(tr(user_lang(update), "admins_only"))
        return None
    args = context.args or []
    if not args or not args[0].isdigit():
        await update.effective_message.reply_text(tr(user_lang(update), "usage", usage=usage))
        return None
    return a, args


async def on_allow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _admin_target(update, context, "/allow <user id> [admin]")
    if target:
        a, args = target
        role = "admin" if len(args) > 1 and args[1].lower() == "admin" else "user"
        await asyncio.to_thread(a.store.set_user, int(args[0]), role)
        await update.effective_message.reply_text(tr(user_lang(update), "allowed", user=args[0], role=role))


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _admin_target(update, context, "/revoke <user id>")
    if target:
        a, args = target
        await asyncio.to_thread(a.store.set_user, int(args[0]), None)
        note = tr(user_lang(update), "still_allowed") if int(args[0]) in a.settings.allowed_users else ""
        await update.effective_message.reply_text(tr(user_lang(update), "revoked", user=args[0], note=note))


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    iq = update.inline_query
    a = core(context)
    offset = int(iq.offset) if iq.offset.isdigit() else 0
    if iq.query.strip():
        docs = (await asyncio.to_thread(a.ask, iq.query, None)).all_incidents
    else:  # "@bot" alone: the latest incidents
        docs = (await asyncio.to_thread(a.store.query, Filter(limit=offset + 51)))[0]
    page = docs[offset : offset + 50]
    results = [
        InlineQueryResultArticle(
            id=str(d["id"]),
            title=f"{d['event_date']} · {d.get('location') or d.get('country')} · {d.get('sub_event_type')}"[:120],
            description=(
                " vs ".join(short_actor(x) for x in (d.get("actor1"), d.get("actor2")) if x)
                + (f" · {d['fatalities']} killed" if d.get("fatalities") is not None else "")
            )[:200],
            input_message_content=InputTextMessageContent(
                incident_card(d, True), parse_mode=ParseMode.HTML, link_preview_options=None
            ),
        )
        for d in page
    ]
    nxt = str(offset + 50) if offset + 50 < len(docs) else ""
    await iq.answer(results, cache_time=0, is_personal=True, next_offset=nxt)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Unknown commands, photos, voice notes...: say what the bot reads (private chats only)."""
    if update.effective_chat.type != ChatType.PRIVATE:
        return
    msg = update.effective_message
    if msg.text and msg.text.startswith("/"):
        await msg.reply_text(tr(user_lang(update), "unknown_command", cmd=msg.text.split()[0]))
    else:
        await msg.reply_text(tr(user_lang(update), "what_i_read"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handler error: %s", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(tr(user_lang(update), "went_wrong"))
        except Exception:  # noqa: BLE001 - the error handler must never raise
            log.warning("could not tell the user about the error")


# -- alerts -----------------------------------------------------------------------------
