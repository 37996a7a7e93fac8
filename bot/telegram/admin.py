"""The store's own commands: export, stats, and admins allowing or revoking users."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    Update,
)
from telegram.ext import (
    ContextTypes,
)

from bot.core.assistant import Assistant
from bot.present.describe import describe
from bot.present.i18n import country, tr
from bot.telegram.common import (
    core,
    is_admin,
    user_lang,
)
from store.acled import write_csv, write_geojson

log = logging.getLogger(__name__)


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    a = core(context)
    text = " ".join(context.args or [])
    if text:
        ans = await asyncio.to_thread(a.ask, text, None)
        docs, label = ans.all_incidents, describe(ans.query)
    else:
        docs, label = await asyncio.to_thread(a.all_incidents), "all incidents"
    if not docs:
        await update.effective_message.reply_text(tr(user_lang(update), "nothing_to_export", label=label))
        return
    csv_bytes, geojson = await asyncio.to_thread(lambda: (write_csv(docs).encode(), write_geojson(docs)))
    await update.effective_message.reply_document(
        csv_bytes, filename="incidents.csv", caption=f"{len(docs)} incidents (ACLED columns): {label}"[:1000]
    )
    await update.effective_message.reply_document(geojson, filename="incidents.geojson")


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = await asyncio.to_thread(core(context).stats)
    lang = user_lang(update)
    lines = [tr(lang, "stats_head", n=s["incidents"], a=s["articles"], first=s["first_date"], last=s["last_date"])]
    lines += [f"{country(k, lang) or k}: {v}" for k, v in list(s["by_country"].items())[:8]]
    await update.effective_message.reply_text("\n".join(lines))


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
        await asyncio.to_thread(a.set_user, int(args[0]), role)
        await update.effective_message.reply_text(tr(user_lang(update), "allowed", user=args[0], role=role))


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _admin_target(update, context, "/revoke <user id>")
    if target:
        a, args = target
        await asyncio.to_thread(a.set_user, int(args[0]), None)
        note = tr(user_lang(update), "still_allowed") if int(args[0]) in a.settings.allowed_users else ""
        await update.effective_message.reply_text(tr(user_lang(update), "revoked", user=args[0], note=note))
