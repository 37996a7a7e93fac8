"""The rule tables of the understanding code (``data/*.toml``), each read and parsed once."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def table(name: str) -> dict:
    """``table("actors")`` is ``data/actors.toml`` as a dict (shared; do not mutate)."""
    return tomllib.loads(resources.files("bot.understand").joinpath(f"data/{name}.toml").read_text("utf-8"))
