"""The demo set: team-written articles loaded into an empty store on first start."""

from __future__ import annotations

from pathlib import Path

import orjson

from bot.core.assistant import Assistant

DEMO_FILE = Path(__file__).parent / "data" / "demo_articles.jsonl"


def demo_articles() -> list[dict]:
    return [orjson.loads(line) for line in DEMO_FILE.read_bytes().splitlines() if line.strip()]


def load_demo_if_empty(assistant: Assistant) -> int:
    """Ingest the demo articles when the store has no article yet; returns incidents stored."""
    if assistant.store.articles or len(assistant.store):
        return 0
    n = 0
    for a in demo_articles():
        r = assistant.ingest(a["text"], a.get("published"), a.get("url"), a.get("title"))
        n += len(r.new)
    return n
