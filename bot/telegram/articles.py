"""Articles: pasted, forwarded, linked or sent as a file; their cards, re-dating and undo."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from datetime import date

import httpx
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    ContextTypes,
)

from bot.core.assistant import IngestResult
from bot.core.intake import STATED, InputError, decode
from bot.present.answer import incident_card
from bot.present.i18n import tr
from bot.present.ingest import ingest_message
from bot.telegram.common import (
    core,
    reply_lang,
    user_lang,
)
from bot.telegram.jobs import deliver_alerts
from bot.telegram.keyboards import incident_buttons, redate_button
from store.incident import IncidentLike

log = logging.getLogger(__name__)


URL = re.compile(r"https?://\S+")


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
        ingest_message(r),
        reply_markup=redate_button(r.article["id"], r.language) if r.date_assumed and r.article else None,
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


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    text = msg.text.partition(" ")[2] if msg.text else ""
    if not text and msg.reply_to_message:
        text = msg.reply_to_message.text or msg.reply_to_message.caption or ""
    if not text.strip():
        await msg.reply_text(tr(user_lang(update), "add_usage"))
        return
    await do_ingest(update, context, text)


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
    await update.effective_message.reply_text(ingest_message(r))
    await send_cards(update, r.new + r.merged, r.language or "en")


async def on_undo_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """undo:ARTICLE: remove the article and its new incidents."""
    q = update.callback_query
    a = core(context)
    article_id = int(q.data.partition(":")[2])
    lang = a.article_language(article_id)
    res = await asyncio.to_thread(a.undo, article_id)
    await q.answer(tr(lang, "undone"))
    await q.edit_message_text(tr(lang, "undo_done", n=len(res["removed"]), k=len(res["kept"])))
