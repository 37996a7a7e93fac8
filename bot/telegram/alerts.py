"""Alerts: subscriptions (with the namesake and near-spelling questions) and the daily digest."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.ext import (
    ContextTypes,
)

from bot.present.alerts import confirm_text, problem_text, subscribed_text, which_place_text
from bot.present.describe import place_label
from bot.present.i18n import tr
from bot.telegram.common import (
    core,
    user_lang,
)

log = logging.getLogger(__name__)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = " ".join(context.args or [])
    a = core(context)
    if not text:
        await update.effective_message.reply_text(tr(user_lang(update), "sub_what"))
        return
    q, problem = await asyncio.to_thread(a.subscription_request, text)
    if problem:
        await update.effective_message.reply_text(problem_text(q, problem))
    elif q.alternatives:  # namesakes: one button per place, nothing stored until the user picks one
        choices = a.which_place(q)
        question = which_place_text(q, choices)
        refs = [await asyncio.to_thread(a.keep, update.effective_chat.id, c) for c in choices]
        rows = [
            [InlineKeyboardButton(place_label(c.place, q.lang) if c.place else q.text, callback_data=f"sub:{ref}")]
            for c, ref in zip(choices, refs, strict=True)
        ]
        rows.append([InlineKeyboardButton(tr(q.lang, "btn.no"), callback_data=f"subno:{refs[0]}")])
        await update.effective_message.reply_text(question, reply_markup=InlineKeyboardMarkup(rows))
    elif q.suggestion:  # a place found only by a near spelling: nothing stored until the user says yes
        ref = await asyncio.to_thread(a.keep, update.effective_chat.id, q)
        await update.effective_message.reply_text(
            confirm_text(q),
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
        sub = await asyncio.to_thread(a.subscribe_query, update.effective_chat.id, update.effective_user.id, q)
        await update.effective_message.reply_text(subscribed_text(q, sub))


async def on_subscribe_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """subno:REF: the user declined the place the bot guessed."""
    q = update.callback_query
    arg = q.data.partition(":")[2]
    query = await asyncio.to_thread(core(context).kept, int(arg)) if arg.isdigit() else None
    await q.answer()
    await q.edit_message_text(tr(query.lang if query else "en", "sub_cancelled"))


async def on_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = user_lang(update)
    subs = await asyncio.to_thread(core(context).subscriptions, update.effective_chat.id)
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
    ok = await asyncio.to_thread(core(context).remove_subscription, update.effective_chat.id, int(arg))
    await update.effective_message.reply_text(tr(lang, "unsub_done" if ok else "unsub_none", id=arg))


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    arg = (context.args or [""])[0].lower()
    a = core(context)
    chat_id = update.effective_chat.id
    if arg == "off":
        await asyncio.to_thread(a.set_chat_settings, chat_id, digest_hour=None)
        await update.effective_message.reply_text(tr(user_lang(update), "digest_off"))
    elif arg.isdigit() and 0 <= int(arg) <= 23:
        await asyncio.to_thread(a.set_chat_settings, chat_id, digest_hour=int(arg))
        await update.effective_message.reply_text(
            tr(user_lang(update), "digest_on", hour=int(arg), tz=a.settings.timezone)
        )
    else:
        await update.effective_message.reply_text(tr(user_lang(update), "digest_usage"))
