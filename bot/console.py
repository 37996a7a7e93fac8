"""The console chat (``analyst chat``): the same core as the Telegram bot, in a terminal.

A line that looks like a question is answered; a long line is read as an article;
``:add`` starts a multi-line article ended by a line with a single dot; ``:file PATH``
ingests a file; ``:date YYYY-MM-DD`` gives the next article's publication date and
``:redate YYYY-MM-DD`` re-reads the last one against another. History is kept in the data
directory (readline), Ctrl-D quits.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.core.assistant import Assistant
from bot.core.intake import InputError, as_date, decode
from bot.present.answer import render_counted
from bot.present.help import HELP
from bot.present.ingest import format_ingest
from bot.present.pictures import asked_picture, picture
from bot.understand.text import detect_language

log = logging.getLogger(__name__)
CONSOLE_CHAT_ID = 0
COMMANDS = """Commands:
  :add [TEXT]   read an article (alone on a line: paste, then a line with a single '.')
  :file PATH [--published YYYY-MM-DD]
                read an article from a .txt or .html file
  :date YYYY-MM-DD
                the next article's publication date ("Tuesday", "hier" count from it)
  :redate YYYY-MM-DD
                the last article was published that day: re-read its dates
  :undo         remove the last article you added and its incidents
  :stats        what the store holds
  :help         this help
  Ctrl-D        quit"""


class Console:
    """One chat session; ``handle`` takes a line and returns what to print."""

    def __init__(self, assistant: Assistant, read_more: Callable[[], str | None]) -> None:
        self.a = assistant
        self.read_more = read_more
        self.last_article: int | None = None
        self.next_published: date | None = None  # from :date, for the next article only
        self.pictures = 0

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        try:
            if line.startswith(":"):
                return self._command(line)
            if self.a.is_question(line):
                return self._ask(line)
            return self._ingest(line)
        except InputError as exc:
            return exc.message("fr" if detect_language(line) == "fr" else "en")
        except Exception:  # the session must survive any bug; the log keeps the details
            log.exception("console: failed on %r", line[:200])
            return "Sorry, something went wrong with that; nothing was lost. The error is in the log."

    def _command(self, line: str) -> str:
        cmd, _, rest = line.partition(" ")
        if cmd in (":help", ":h", ":?"):
            return HELP + "\n\n" + COMMANDS
        if cmd == ":add":
            return self._ingest(rest if rest.strip() else self._read_block())
        if cmd == ":file":
            name, _, when = rest.partition("--published")
            path = Path(name.strip()).expanduser()
            if not path.is_file():
                return f"No file at {path}."
            if when.strip():
                self.next_published = as_date(when.strip())
            return self._ingest(decode(path.read_bytes(), self.a.settings.max_upload_bytes))
        if cmd == ":date":
            if not rest.strip():
                return "Give the date: :date 2025-07-01"
            day = self.next_published = as_date(rest.strip())
            return f"The next article is read as published {day.isoformat() if day else rest.strip()}."
        if cmd == ":redate":
            if self.last_article is None:
                return "No article of this session to re-date."
            if not rest.strip():
                return "Give the date: :redate 2025-07-01"
            r = self.a.redate(self.last_article, rest.strip())
            self.last_article = r.article["id"] if r.article else None
            return format_ingest(r)
        if cmd == ":undo":
            if self.last_article is None:
                return "Nothing to undo in this session."
            res = self.a.undo(self.last_article)
            self.last_article = None
            return (
                f"Removed the last article: {len(res['removed'])} incident(s) deleted, {len(res['kept'])} kept (other "
                f"sources)."
            )
        if cmd == ":stats":
            s = self.a.stats()
            return (
                f"{s['incidents']} incidents from {s['articles']} articles, {s['first_date']} to {s['last_date']}.\n"
                + "\n".join(f"  {k}: {v}" for k, v in s["by_country"].items())
            )
        return f"Unknown command {cmd}. Type :help."

    def _ask(self, line: str) -> str:
        """The answer; a "map"/"trend" question also gets its picture, written to a PNG file."""
        ans = self.a.ask(line, CONSOLE_CHAT_ID)
        out, shown = render_counted(ans, html_mode=False)
        self.a.seen(CONSOLE_CHAT_ID, ans.query, shown)
        kind = asked_picture(ans.query)
        if kind and ans.kind == "results":
            png = picture(self.a, ans, kind)
            if png:
                self.pictures += 1
                path = (
                    self.a.settings.data_dir
                    / "pictures"
                    / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{self.pictures}.png"
                )
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(png)
                out += f"\n\nPicture ({kind}) written to {path}"
        return out

    def _read_block(self) -> str:
        lines = []
        while True:
            nxt = self.read_more()
            if nxt is None or nxt.strip() == ".":
                break
            lines.append(nxt)
        return "\n".join(lines)

    def _ingest(self, text: str) -> str:
        published, self.next_published = self.next_published, None
        r = self.a.ingest(text, published, submitted_by=CONSOLE_CHAT_ID)
        if r.status != "duplicate" and r.article:
            self.last_article = r.article["id"]
        out = format_ingest(r)
        if r.date_assumed:
            out += "\nPublished on another day? Type :redate YYYY-MM-DD to re-read its dates."
        return out


def run_console(assistant: Assistant, history: Path | None = None) -> None:
    """Interactive loop on stdin/stdout."""
    with contextlib.suppress(ImportError):
        import readline

        if history:
            with contextlib.suppress(OSError):
                readline.read_history_file(history)

    def read_more() -> str | None:
        try:
            return input("... ")
        except EOFError:
            return None

    console = Console(assistant, read_more)
    print(
        f"Sahel analyst console — {assistant.counts()[0]} incidents in the store.\n"
        'Ask a question ("attacks near Kayes?"), paste a one-paragraph article, or type :add to paste a longer '
        "one (end it with a line holding a single '.'). :help for more, Ctrl-D to quit."
    )
    while True:
        try:
            line = input("> ")
        except EOFError:
            print()
            break
        except KeyboardInterrupt:
            print()
            continue
        out = console.handle(line)
        if out:
            print(out)
    if history:
        with contextlib.suppress(Exception):
            import readline

            readline.write_history_file(history)
