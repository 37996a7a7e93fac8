"""Telegram jobs: alert delivery from the store's outbox and daily digests."""

from __future__ import annotations

import asyncio
import html
import logging
import os
import socket
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes

from bot.present.answer import incident_card, split_message
from bot.telegram.common import core
from store.filter import Filter

log = logging.getLogger(__name__)


SENDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"  # this process, in alert claims


async def deliver_alerts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send due alerts from the outbox; a 429 or an outage only postpones them.

    The repeating job and the run-once after an article may overlap: one delivery at a time per
    process (an asyncio lock), and each alert is claimed in the store before it is sent, so a
    second bot process on the same store never sends it too. Disk work runs in a thread."""
    lock = context.bot_data.setdefault("alerts_lock", asyncio.Lock())
    if lock.locked():
        return  # the delivery under way will see the new alerts on its next pass
    async with lock:
        a = core(context)
        while batch := await asyncio.to_thread(a.claim_alerts, SENDER):
            for n, alert in enumerate(batch):
                if not await _deliver(context, a, alert):
                    for rest in batch[n + 1 :]:  # Telegram is refusing for now: hand the rest back
                        await asyncio.to_thread(a.alert_failed, rest["id"], 1.0)
                    return


async def _deliver(context: ContextTypes.DEFAULT_TYPE, a, alert: dict) -> bool:
    """Send one claimed alert; False when Telegram asks to wait (rate limit, outage)."""
    inc = await asyncio.to_thread(a.incident, alert["incident_id"])
    if inc is None:
        await asyncio.to_thread(a.alert_failed, alert["id"], 0, True)
        return True
    subs = await asyncio.to_thread(a.subscriptions, alert["chat_id"])
    sub = next((s for s in subs if s["id"] == alert["sub_id"]), None)
    head = f"🔔 New incident — {html.escape(sub['label'])}" if sub else "🔔 New incident"
    try:
        await context.bot.send_message(
            alert["chat_id"],
            f"{head}\n{incident_card(inc, True)}",
            parse_mode=ParseMode.HTML,
            disable_web_page_preview=True,
        )
    except RetryAfter as exc:
        ra = exc.retry_after
        wait = ra.total_seconds() if hasattr(ra, "total_seconds") else float(ra)
        await asyncio.to_thread(a.alert_failed, alert["id"], wait)
        log.warning("alerts: rate limited, retrying in %.0fs", wait)
        return False
    except (Forbidden, BadRequest) as exc:
        log.warning("alerts: dropping alert %s for chat %s: %s", alert["id"], alert["chat_id"], exc)
        await asyncio.to_thread(a.alert_failed, alert["id"], 0, True)
    except (TimedOut, NetworkError) as exc:
        await asyncio.to_thread(a.alert_failed, alert["id"], min(60.0, 2.0 * (alert["attempts"] + 1)))
        log.warning("alerts: Telegram unreachable (%s), will retry", exc)
        return False
    else:
        await asyncio.to_thread(a.alert_sent, alert["id"])
    return True


async def send_digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hourly: chats whose digest hour it is get the last day's incidents for their subscriptions."""
    a = core(context)
    now = datetime.now(ZoneInfo(a.settings.timezone))
    today = a.today().isoformat()
    for chat in await asyncio.to_thread(a.all_chat_settings):
        if chat.get("digest_hour") != now.hour or chat.get("digest_sent") == today:
            continue
        hits = await asyncio.to_thread(_digest_hits, a, chat["chat_id"])
        text = (
            (
                f"<b>Daily digest</b>: {len(hits)} incident(s) since yesterday for your subscriptions.\n\n"
                + "\n\n".join(incident_card(d, True) for d in hits[:10])
            )
            if hits
            else "Daily digest: nothing new for your subscriptions."
        )
        try:
            for part in split_message(text):
                await context.bot.send_message(
                    chat["chat_id"], part, parse_mode=ParseMode.HTML, disable_web_page_preview=True
                )
            await asyncio.to_thread(a.set_chat_settings, chat["chat_id"], digest_sent=today)
        except (NetworkError, Forbidden, BadRequest) as exc:
            log.warning("digest for %s failed: %s", chat["chat_id"], exc)


def _digest_hits(a, chat_id: int) -> list[dict]:
    """The last day's incidents matching any of the chat's subscriptions, newest first (off the event loop)."""
    since = date.fromordinal(a.today().toordinal() - 1)
    found: dict[int, dict] = {}
    for sub in a.subscriptions(chat_id):  # each subscription asked of the index
        f = Filter.from_dict({**sub["filter"], "date_from": since.isoformat(), "limit": None})
        found.update((d["id"], d) for d in a.query(f)[0])
    return sorted(found.values(), key=lambda d: (d.get("event_date") or "", d["id"]), reverse=True)
