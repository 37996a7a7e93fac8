"""The bot's commands and routing: one handler family per module (questions, articles, corrections,
alerts, admin, messages); this module lists the commands, routes buttons by pattern, and answers
what no family handles."""

from __future__ import annotations

import logging

from telegram import (
    Update,
)
from telegram.constants import ChatType
from telegram.ext import (
    ContextTypes,
)

from bot.present.help import HELP, HELP_FR
from bot.present.i18n import tr
from bot.telegram.alerts import on_subscribe_no
from bot.telegram.articles import on_redate_cb, on_undo_cb
from bot.telegram.common import (
    user_lang,
)
from bot.telegram.corrections import on_incident_cb
from bot.telegram.questions import on_answer_cb

log = logging.getLogger(__name__)

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


# -- handlers ---------------------------------------------------------------------------
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(HELP_TEXT_FR if user_lang(update) == "fr" else HELP_TEXT)


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
