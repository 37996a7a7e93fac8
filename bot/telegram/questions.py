"""Questions: a question in a message or /ask, the buttons under an answer, inline mode."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    ContextTypes,
)

from bot.core.assistant import Assistant
from bot.present.alerts import subscribed_text
from bot.present.answer import incident_card, render_counted
from bot.present.i18n import tr
from bot.present.pictures import asked_picture
from bot.telegram.common import (
    core,
    send_html,
    send_picture,
    user_lang,
)
from bot.telegram.keyboards import answer_buttons
from bot.understand.actors import short_actor
from store.filter import Filter

log = logging.getLogger(__name__)


async def do_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    a = core(context)
    ans = await asyncio.to_thread(a.ask, text, update.effective_chat.id)
    await send_answer(update, a, ans)
    kind = asked_picture(ans.query)
    if kind and ans.kind == "results":  # "trend of attacks in Mali", "map of attacks near Gao": show it
        await send_picture(update, a, ans, kind)


async def send_answer(update: Update, a: Assistant, ans) -> None:
    """The answer, with buttons bound to it (its query is kept in the store)."""
    body, shown = render_counted(ans, html_mode=True)  # "Show more" continues after the cards shown
    chat_id = update.effective_chat.id
    ref = await asyncio.to_thread(a.keep, chat_id, ans.query, shown) if ans.kind == "results" else 0
    a.seen(chat_id, ans.query, shown)
    await send_html(update, body, answer_buttons(ans, ref))


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = " ".join(context.args or [])
    if not text:
        await update.effective_message.reply_text(tr(user_lang(update), "ask_usage"))
        return
    await do_ask(update, context, text)


async def on_answer_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """more:REF, pic:KIND:REF, sub:REF: buttons under an answer."""
    action, _, arg = update.callback_query.data.partition(":")
    await on_answer_button(update, context, action, arg)


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
        sub = await asyncio.to_thread(a.subscribe_query, update.effective_chat.id, update.effective_user.id, query)
        await q.answer(tr(lang, "subscribed"))
        await update.effective_message.reply_text(subscribed_text(query, sub))


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    iq = update.inline_query
    a = core(context)
    offset = int(iq.offset) if iq.offset.isdigit() else 0
    if iq.query.strip():
        docs = (await asyncio.to_thread(a.ask, iq.query, None)).all_incidents
    else:  # "@bot" alone: the latest incidents
        docs = (await asyncio.to_thread(a.query, Filter(limit=offset + 51)))[0]
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
