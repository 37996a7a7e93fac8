"""Incident cards' buttons: confirm, discard, and the correction dialog (a ConversationHandler)."""

from __future__ import annotations

import asyncio
import logging
import warnings

from telegram import (
    Update,
)
from telegram.constants import ParseMode
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

from bot.core.corrections import CorrectionError, parse_correction
from bot.present.answer import incident_card
from bot.present.i18n import tr
from bot.telegram.common import (
    core,
    replies_to_bot,
    user_lang,
)
from bot.telegram.keyboards import correction_reply
from bot.telegram.messages import on_text

log = logging.getLogger(__name__)


async def on_incident_cb(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ok:ID, fix:ID, del:ID: buttons under an extracted incident."""
    action, _, arg = update.callback_query.data.partition(":")
    await on_incident_button(update, context, action, int(arg))


async def on_incident_button(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str, iid: int) -> None:
    q = update.callback_query
    a = core(context)
    inc = await asyncio.to_thread(a.incident, iid)
    if inc is None:
        await q.answer(tr(user_lang(update), "incident_gone"), show_alert=True)
        return
    if action == "ok":
        inc = await asyncio.to_thread(a.update_incident, iid, {"status": "confirmed"}) or inc
        await q.answer(tr(user_lang(update), "confirmed"))
        await q.edit_message_text(
            incident_card(inc, True, False) + "\n✅ confirmed", parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )
    elif action == "del":
        await asyncio.to_thread(a.delete_incident, iid)
        await q.answer(tr(user_lang(update), "discarded"))
        await q.edit_message_text(tr(user_lang(update), "incident_discarded"))


# -- the correction dialog (a ConversationHandler: ✏️ Correct, a reply, /cancel, a timeout) ----------
FIXING = 0


FIX_TIMEOUT_S = 900


async def on_fix_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """fix:ID: ask for the corrected fields as a reply."""
    q = update.callback_query
    iid = int(q.data.partition(":")[2])
    await q.answer()
    if await asyncio.to_thread(core(context).incident, iid) is None:
        await update.effective_message.reply_text(tr(user_lang(update), "incident_gone"))
        return ConversationHandler.END
    context.chat_data["fix"] = iid
    help_text = tr(user_lang(update), "err.fix_help")
    await update.effective_message.reply_text(
        f"Correcting incident #{iid}. {help_text}", reply_markup=correction_reply()
    )
    return FIXING


async def on_fix_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The reply holding the corrections; a bad one is explained and the dialog stays open."""
    msg = update.effective_message
    if not replies_to_bot(msg, context):
        await on_text(update, context)  # a reply to someone else: an ordinary message
        return FIXING
    a = core(context)
    iid = context.chat_data.get("fix")
    inc = await asyncio.to_thread(a.incident, iid) if iid is not None else None
    if iid is None or inc is None:
        await msg.reply_text(tr(user_lang(update), "incident_gone"))
        return ConversationHandler.END
    try:
        changes = parse_correction(msg.text or "", inc, a.gaz, a.today())
    except CorrectionError as exc:
        await msg.reply_text(exc.message(user_lang(update)), reply_markup=correction_reply())
        return FIXING
    new = await asyncio.to_thread(a.update_incident, iid, changes) or inc
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
