"""A small Telegram Bot API emulator (aiohttp) on 127.0.0.1 for end-to-end tests.

It serves the methods the bot uses with Telegram's response and error shapes, validates
HTML like Telegram does (allowed tags, entities, 4096 characters), supports real long
polling with offsets, and offers a control API for tests: inject updates as a user, read
what the bot sent, make the next calls fail (429 with retry_after, 5xx), serve files.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from html.parser import HTMLParser

from aiohttp import web

TEXT_FIELDS = {
    "text",
    "caption",
    "query",
    "inline_query_id",
    "callback_query_id",
    "parse_mode",
    "url",
    "secret_token",
    "next_offset",
    "file_id",
    "switch_pm_text",
    "switch_pm_parameter",
    "message_text",
}
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
BOT_USER = {
    "id": 999,
    "is_bot": True,
    "first_name": "Sahel Analyst",
    "username": "sahel_analyst_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


class BadHtml(ValueError):
    pass


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise BadHtml(f'can\'t parse entities: unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise BadHtml(f'can\'t parse entities: unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user sees; raises BadHtml where Telegram would refuse the message."""
    if (parse_mode or "").upper() != "HTML":
        return text
    if re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        raise BadHtml("can't parse entities: unescaped '&'")
    if re.search(r"<(?!/?(?:" + "|".join(map(re.escape, ALLOWED_TAGS)) + r")\b)", text):
        raise BadHtml("can't parse entities: unsupported start tag")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise BadHtml(f"can't parse entities: can't find end tag corresponding to start tag \"{checker.stack[-1]}\"")
    return html.unescape("".join(checker.text))


class Emulator:
    """State and HTTP server of the fake Bot API."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.updates: list[dict] = []
        self.update_ids = itertools.count(1)
        self.message_ids = itertools.count(1)
        self.sent: list[dict] = []
        self.calls: list[str] = []
        self.failures: dict[str, list[dict]] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.commands: list[dict] = []
        self.new_update = asyncio.Event()
        self.new_sent = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.latency_s = 0.0  # added to every Bot API call, as a real round trip to Telegram

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.api)
        app.router.add_get("/file/bot{token}/{path:.*}", self.file)
        app.router.add_post("/control/update", self.control_update)
        app.router.add_get("/control/sent", self.control_sent)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port or self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started just above

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()
            self.runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- control API (tests call these directly or over HTTP) --------------------------------
    def push(self, update: dict) -> int:
        update = {"update_id": next(self.update_ids), **update}
        self.updates.append(update)
        self.new_update.set()
        return update["update_id"]

    def fail_next(self, method: str, code: int = 429, times: int = 1, retry_after: int = 1) -> None:
        err = {
            "ok": False,
            "error_code": code,
            "description": f"Too Many Requests: retry after {retry_after}" if code == 429 else "Internal Server Error",
        }
        if code == 429:
            err["parameters"] = {"retry_after": retry_after}
        self.failures.setdefault(method, []).extend([err] * times)

    def add_file(self, content: bytes, name: str) -> str:
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = (content, name)
        return file_id

    async def control_update(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "update_id": self.push(await request.json())})

    async def control_sent(self, request: web.Request) -> web.Response:
        """What the bot sent, for tests that drive the emulator over HTTP."""
        rows = [{k: (v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in m.items()} for m in self.sent]
        return web.json_response({"ok": True, "sent": rows})

    async def wait_sent(self, pred, timeout: float = 10.0, start: int = 0) -> dict:
        """The first message sent (from index ``start``) that satisfies ``pred``."""
        deadline = time.monotonic() + timeout
        while True:
            for m in self.sent[start:]:
                if pred(m):
                    return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"nothing matching was sent; sent: {[m.get('text', m['method'])[:80] for m in self.sent[start:]]}"
                )
            self.new_sent.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.new_sent.wait(), min(left, 0.5))

    # -- Bot API ----------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict:
        params: dict = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
            return params
        if request.can_read_body:
            form = await request.post()
            for k, v in form.items():
                if isinstance(v, web.FileField):
                    params[k] = {"filename": v.filename, "content": v.file.read()}
                elif k in TEXT_FIELDS:
                    params[k] = v
                else:
                    try:
                        params[k] = json.loads(v)
                    except (json.JSONDecodeError, TypeError):
                        params[k] = v
        return params

    @staticmethod
    def _error(code: int, description: str, **extra) -> web.Response:
        return web.json_response({"ok": False, "error_code": code, "description": description, **extra}, status=code)

    async def api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(method)
        if self.latency_s and method != "getUpdates":
            await asyncio.sleep(self.latency_s)
        queued = self.failures.get(method)
        if queued:
            err = queued.pop(0)
            return web.json_response(err, status=err["error_code"])
        handler = getattr(self, "m_" + method, None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except BadHtml as exc:
            return self._error(400, f"Bad Request: {exc}")
        except _ApiError as exc:
            return self._error(exc.code, exc.description)
        return web.json_response({"ok": True, "result": result})

    async def m_getMe(self, p):
        return BOT_USER

    async def m_deleteWebhook(self, p):
        return True

    async def m_setWebhook(self, p):
        return True

    async def m_setMyCommands(self, p):
        self.commands = p.get("commands", [])
        return True

    async def m_getMyCommands(self, p):
        return self.commands

    async def m_sendChatAction(self, p):
        return True

    async def m_getUpdates(self, p):
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self.updates and time.monotonic() < deadline:
            self.new_update.clear()
            try:
                await asyncio.wait_for(self.new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        limit = int(p.get("limit") or 100)
        return self.updates[:limit]

    def _message(self, p: dict, **fields) -> dict:
        chat_id = int(p["chat_id"])
        msg = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT_USER,
            **fields,
        }
        if isinstance(p.get("reply_markup"), dict) and "inline_keyboard" in p["reply_markup"]:
            msg["reply_markup"] = p["reply_markup"]  # Telegram echoes inline keyboards only
        return msg

    def _record(self, method: str, p: dict, msg: dict | None, **extra) -> None:
        self.sent.append(
            {
                "method": method,
                "chat_id": int(p["chat_id"]) if "chat_id" in p else None,
                "message": msg,
                "reply_markup": p.get("reply_markup"),
                "at": time.monotonic(),
                **extra,
            }
        )
        self.new_sent.set()

    async def m_sendMessage(self, p):
        text = p.get("text") or ""
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        visible = visible_text(text, p.get("parse_mode"))
        if len(visible) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        msg = self._message(p, text=visible)
        self._record("sendMessage", p, msg, text=visible, raw=text, parse_mode=p.get("parse_mode"))
        return msg

    async def m_editMessageText(self, p):
        visible = visible_text(p.get("text") or "", p.get("parse_mode"))
        if len(visible) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        msg = self._message(p, text=visible)
        msg["message_id"] = int(p.get("message_id") or 0)
        self._record("editMessageText", p, msg, text=visible, raw=p.get("text"))
        return msg

    async def m_editMessageReplyMarkup(self, p):
        return self._message(p)

    async def m_deleteMessage(self, p):
        return True

    async def _media(self, method: str, field: str, p: dict) -> dict:
        media = p.get(field)
        if not isinstance(media, dict) or not media.get("content"):
            raise _ApiError(400, f"Bad Request: there is no {field} in the request")
        caption = visible_text(p.get("caption") or "", p.get("parse_mode"))
        if len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        file_id = self.add_file(media["content"], media.get("filename") or field)
        obj: dict[str, object]
        if field == "photo":
            obj = {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 600, "height": 400}]}
        else:
            obj = {"document": {"file_id": file_id, "file_unique_id": file_id, "file_name": media.get("filename")}}
        msg = self._message(p, caption=caption, **obj)
        self._record(method, p, msg, text=caption, content=media["content"], filename=media.get("filename"))
        return msg

    async def m_sendPhoto(self, p):
        return await self._media("sendPhoto", "photo", p)

    async def m_sendDocument(self, p):
        return await self._media("sendDocument", "document", p)

    async def m_answerInlineQuery(self, p):
        self._record(
            "answerInlineQuery",
            p,
            None,
            inline_query_id=p.get("inline_query_id"),
            results=p.get("results") or [],
            next_offset=p.get("next_offset") or "",
            button=p.get("button"),
        )
        return True

    async def m_answerCallbackQuery(self, p):
        self._record("answerCallbackQuery", p, None, text=p.get("text"), show_alert=p.get("show_alert"))
        return True

    async def m_getFile(self, p):
        file_id = p.get("file_id")
        if file_id not in self.files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        content, name = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(content),
            "file_path": f"documents/{file_id}_{name}",
        }

    async def file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        file_id = path.split("/")[-1].split("_")[0]
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id][0])


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


# -- building updates as a user would send them ---------------------------------------------
class User:
    """Builds updates from one user in one chat."""

    def __init__(
        self,
        emu: Emulator,
        user_id: int,
        chat_id: int | None = None,
        name: str = "Analyst",
        language_code: str | None = None,
    ) -> None:
        self.emu, self.id, self.chat_id, self.name = emu, user_id, chat_id or user_id, name
        self.language_code = language_code
        self.msg_ids = itertools.count(10_000 + user_id * 1000)

    def _user(self) -> dict:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.name,
            **({"language_code": self.language_code} if self.language_code else {}),
        }

    def _chat(self) -> dict:
        return {
            "id": self.chat_id,
            "type": "private" if self.chat_id > 0 else "group",
            **({"first_name": self.name} if self.chat_id > 0 else {"title": "Analysts"}),
        }

    def message(self, text: str | None = None, **extra) -> int:
        msg = {
            "message_id": next(self.msg_ids),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self._user(),
            **extra,
        }
        if text is not None:
            msg["text"] = text
            if text.startswith("/"):
                cmd = text.split()[0]
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
        return self.emu.push({"message": msg})

    def forward(self, text: str, original_date: int | None = None) -> int:
        """A channel post forwarded to the bot; ``original_date`` (Unix time) is when the channel posted it."""
        return self.message(
            text,
            forward_origin={
                "type": "channel",
                "date": original_date or int(time.time()),
                "chat": {"id": -100123, "type": "channel", "title": "Sahel News"},
                "message_id": 55,
            },
        )

    def document(self, content: bytes, name: str, caption: str | None = None) -> int:
        file_id = self.emu.add_file(content, name)
        return self.message(
            None,
            document={"file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": len(content)},
            **({"caption": caption} if caption else {}),
        )

    def reply(self, text: str, to: dict) -> int:
        return self.message(text, reply_to_message=to)

    def press(self, data: str, message: dict) -> int:
        return self.emu.push(
            {
                "callback_query": {
                    "id": str(next(self.msg_ids)),
                    "from": self._user(),
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    def inline(self, query: str, offset: str = "") -> int:
        return self.emu.push(
            {"inline_query": {"id": str(next(self.msg_ids)), "from": self._user(), "query": query, "offset": offset}}
        )
