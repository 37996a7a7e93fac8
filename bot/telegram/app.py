"""The Telegram front end: an application factory and thin async handlers over ``Assistant``.

Handlers only translate between Telegram and the core: access checks, message splitting,
buttons. Alerts are delivered from the store's outbox by a JobQueue job, so a crash or a
Telegram outage delays them but loses none.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
from telegram import (
    BotCommand,
    Update,
)
from telegram.error import NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.assistant import Assistant
from bot.telegram.admin import on_allow, on_export, on_revoke, on_stats
from bot.telegram.alerts import on_digest, on_subscribe, on_subscriptions, on_unsubscribe
from bot.telegram.articles import on_add, on_document
from bot.telegram.common import gate
from bot.telegram.corrections import correction_dialog
from bot.telegram.handlers import CALLBACKS, COMMANDS, on_error, on_other, on_start
from bot.telegram.jobs import deliver_alerts, send_digests
from bot.telegram.messages import on_text
from bot.telegram.questions import on_ask, on_inline

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter (which waits out 429s), plus a few retries on 5xx and dropped connections,
    so a passing Telegram outage delays a reply instead of losing it."""

    ATTEMPTS = 3

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        for attempt in range(self.ATTEMPTS):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if type(exc) is not NetworkError or endpoint == "getUpdates" or attempt == self.ATTEMPTS - 1:
                    raise  # BadRequest, Forbidden, TimedOut... are not worth repeating; the updater retries itself
                log.warning("Telegram %s failed (%s); retrying", endpoint, exc)
                await asyncio.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")


class TokenFilter(logging.Filter):
    """Never let the bot token reach a log line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        return True


# -- start and stop ---------------------------------------------------------------------
# Handlers hand the store, extraction and pictures to worker threads (``asyncio.to_thread``). Python
# runs one thread at a time: more workers than two only queue for the interpreter lock, and the event
# loop, queueing with them, wakes late (a burst of articles on asyncio's default of cores + 4 workers
# stalled it 60 ms). Two: a long export never holds up a question.
WORKERS = 2
SWITCH_S = 0.001  # how often a busy worker hands the lock over (Python's default, 5 ms, lets three queue 15 ms)


async def _post_init(app: Application) -> None:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(WORKERS, thread_name_prefix="bot-work"))
    sys.setswitchinterval(SWITCH_S)
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    a: Assistant = app.bot_data["assistant"]
    app.job_queue.run_repeating(deliver_alerts, interval=a.settings.alert_interval_s, first=0.5, name="alerts")
    app.job_queue.run_repeating(send_digests, interval=3600, first=60, name="digests")
    log_startup(a, app.bot.username)


def log_startup(a: Assistant, username: str | None) -> None:
    """What an operator needs to see when the bot starts, and the mistake that would lock everyone out."""
    s = a.settings
    allowed = set(s.allowed_users) | set(s.admins) | set(a.users())
    log.warning(
        "bot @%s started: %d incidents from %d articles in %s; %d user(s) allowed, %d admin(s)",
        username or "?",
        *a.counts(),
        s.data_dir,
        len(allowed),
        len(s.admins),
    )
    if not allowed:
        log.warning(
            "ALLOWED_USERS and ADMINS are empty: the bot refuses everyone. Add your Telegram user id "
            "(the bot tells it to you when you write to it) to ADMINS in .env and restart."
        )


async def _post_shutdown(app: Application) -> None:
    """The store is closed once PTB has stopped every handler and job (run_polling / run_webhook)."""
    await asyncio.to_thread(app.bot_data["assistant"].close)


def build_application(a: Assistant, token: str | None = None) -> Application:
    """The PTB application, wired to the core. ``TELEGRAM_BASE_URL`` points it at another server."""
    s = a.settings
    token = token or s.telegram_token
    if not token:
        raise ValueError("no Telegram token: set TELEGRAM_TOKEN, or run `analyst chat` to work offline")
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as a timedelta (PTB 22.2+)
    redact = TokenFilter(token)
    for name in ("", "httpx", "telegram", "apscheduler"):
        logging.getLogger(name).addFilter(redact)
    for h in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) and f.token == token for f in h.filters):
            h.addFilter(redact)
    builder = (
        ApplicationBuilder()
        .token(token)
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(8)
    )
    if s.telegram_base_url:
        builder = builder.base_url(s.telegram_base_url).base_file_url(
            s.telegram_base_file_url or s.telegram_base_url.replace("/bot", "/file/bot")
        )
    app = builder.build()
    app.bot_data["assistant"] = a
    app.add_handler(TypeHandler(Update, gate), group=-1)  # one access check for every kind of update
    app.add_handler(correction_dialog())
    app.add_handler(CommandHandler(["start", "help"], on_start))
    app.add_handler(CommandHandler("ask", on_ask))
    app.add_handler(CommandHandler("add", on_add))
    app.add_handler(CommandHandler("subscribe", on_subscribe))
    app.add_handler(CommandHandler("subscriptions", on_subscriptions))
    app.add_handler(CommandHandler("unsubscribe", on_unsubscribe))
    app.add_handler(CommandHandler("export", on_export))
    app.add_handler(CommandHandler("stats", on_stats))
    app.add_handler(CommandHandler("digest", on_digest))
    app.add_handler(CommandHandler("allow", on_allow))
    app.add_handler(CommandHandler("revoke", on_revoke))
    new = filters.UpdateType.MESSAGE  # an edited message is not a second article or question
    app.add_handler(MessageHandler(new & filters.Document.ALL, on_document))
    app.add_handler(MessageHandler(new & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, on_text))
    app.add_handler(MessageHandler(new, on_other))
    for pattern, callback in CALLBACKS:
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_error_handler(on_error)
    return app


def preflight(settings) -> str | None:
    """A plain getMe before starting, so an operator gets one clear line instead of PTB's retry
    tracebacks when the token is wrong or Telegram is unreachable. None when all is well."""
    base = settings.telegram_base_url or "https://api.telegram.org/bot"
    try:
        resp = httpx.get(f"{base}{settings.telegram_token}/getMe", timeout=15)
    except httpx.HTTPError as exc:
        return (
            f"could not reach Telegram ({type(exc).__name__}). Check the network, or run `analyst chat` to work "
            f"offline."
        )
    if resp.status_code in (401, 404):
        return "Telegram refused the token (TELEGRAM_TOKEN): check it with @BotFather."
    return None


def webhook_options(a: Assistant, webhook_url: str, port: int, listen: str | None = None) -> dict:
    """Arguments of PTB's webhook server; Telegram must send WEBHOOK_SECRET on every call."""
    return {
        "listen": listen or a.settings.webhook_listen,
        "port": port,
        "url_path": "telegram",
        "webhook_url": webhook_url.rstrip("/") + "/telegram",
        "secret_token": a.settings.webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def run_bot(a: Assistant, webhook_url: str | None = None, port: int = 8443) -> None:
    app = build_application(a)
    if webhook_url:
        app.run_webhook(**webhook_options(a, webhook_url, port))
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
