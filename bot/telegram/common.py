"""Shared pieces of the Telegram front end: access checks and sending answers."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultsButton,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.assistant import Assistant
from bot.present.answer import Answer, split_message
from bot.present.describe import describe
from bot.present.pictures import picture
from bot.understand.text import detect_language

log = logging.getLogger(__name__)

REFUSAL = "Sorry, this bot is private. Ask an administrator to add your user id ({uid})."


def core(context: ContextTypes.DEFAULT_TYPE) -> Assistant:
    return context.application.bot_data["assistant"]


def allowed(a: Assistant, user_id: int | None) -> bool:
    if user_id is None:
        return False
    s = a.settings
    return user_id in s.allowed_users or user_id in s.admins or user_id in a.users()


def is_admin(a: Assistant, user_id: int | None) -> bool:
    return user_id is not None and (user_id in a.settings.admins or a.users().get(user_id) == "admin")


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one access check, run before every handler (group -1): a stranger who addressed the bot
    (a private message, a command, a mention or reply in a group, a button, an inline query) gets a
    polite refusal; anything else from a stranger is dropped without a word. No data is ever shown."""
    user = update.effective_user
    if user is None or await asyncio.to_thread(allowed, core(context), user.id):  # (may re-read users from disk)
        return
    if update.edited_message is None and _addressed(update, context):
        await refuse(update)
    raise ApplicationHandlerStop


def _addressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    if update.callback_query or update.inline_query:
        return True
    msg = update.effective_message
    if msg is None:
        return False
    if update.effective_chat.type == ChatType.PRIVATE:
        return True
    text = msg.text or msg.caption or ""
    return text.startswith("/") or mentions_bot(text, context) or replies_to_bot(msg, context)


def replies_to_bot(msg, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Is the message a reply to one of the bot's own messages?"""
    to = msg.reply_to_message
    return bool(to and to.from_user and to.from_user.id == context.bot.id)


def mentions_bot(text: str, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Does the text name the bot ("@sahel_analyst_bot ...")?"""
    me = context.bot.username
    return bool(me) and f"@{me}".lower() in text.lower()


async def refuse(update: Update) -> None:
    """A polite refusal that shows no data, in the form the update allows."""
    user = update.effective_user
    uid = user.id if user else "?"
    if update.callback_query:
        await update.callback_query.answer(REFUSAL.format(uid=uid), show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer(
            [],
            cache_time=0,
            is_personal=True,
            button=InlineQueryResultsButton("Not authorised", start_parameter="access"),
        )
    elif update.effective_message:
        await update.effective_message.reply_text(REFUSAL.format(uid=uid))


# -- sending ------------------------------------------------------------------------------
async def send_html(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    parts = split_message(text)
    for n, part in enumerate(parts):
        await update.effective_message.reply_text(
            part,
            parse_mode=ParseMode.HTML,
            disable_web_page_preview=True,
            reply_markup=markup if n == len(parts) - 1 else None,
        )


# -- questions --------------------------------------------------------------------------
async def send_picture(update: Update, a: Assistant, ans: Answer, kind: str) -> None:
    png = await asyncio.to_thread(picture, a, ans, kind)
    if png:
        await update.effective_message.reply_photo(png, caption=describe(ans.query)[:1000])


# -- language -----------------------------------------------------------------------------


def user_lang(update: Update) -> str:
    """The language of the person writing, from their Telegram settings: 'fr' or 'en'."""
    code = (update.effective_user.language_code or "") if update.effective_user else ""
    return "fr" if code.lower().startswith("fr") else "en"


def reply_lang(update: Update, text: str | None) -> str:
    """The language to answer a pasted text in: French for a French text, else the writer's own."""
    return "fr" if text and detect_language(text) == "fr" else user_lang(update)
