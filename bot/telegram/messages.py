"""A plain message: an article to store or a question to answer (groups: only when addressed)."""

from __future__ import annotations

import logging
import re
from zoneinfo import ZoneInfo

from telegram import (
    Update,
)
from telegram.constants import ChatType
from telegram.ext import (
    ContextTypes,
)

from bot.core.intake import FORWARDED
from bot.present.i18n import tr
from bot.telegram.articles import URL, _forwarded_from, _media_caption_only, apply_redate, do_ingest, do_url
from bot.telegram.common import (
    core,
    mentions_bot,
    replies_to_bot,
    user_lang,
)
from bot.telegram.questions import do_ask

log = logging.getLogger(__name__)


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
