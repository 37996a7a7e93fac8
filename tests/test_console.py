"""The console chat uses the same core: questions answered, articles ingested, commands."""

from __future__ import annotations

from bot.console import Console
from bot.core.demo import demo_articles, load_demo_if_empty


def test_console_session(assistant, tmp_path):
    block = iter(["Militants ambushed a convoy near Boni on Monday,", "killing four soldiers, officials said.", "."])
    c = Console(assistant, lambda: next(block, None))
    out = c.handle(":add")
    assert "Stored 1 new incident" in out and "Boni" in out
    assert "Attacks within 50 km of Boni" in c.handle("attacks near Boni?")
    long_line = ("Gunmen killed eleven villagers in Dinangourou on Friday, residents said, the third attack on "
                 "the village this year according to local officials.")
    assert "Dinang" in c.handle(long_line)  # GeoNames writes the town Dinangorou (alternate: Dinangourou)
    f = tmp_path / "a.txt"
    f.write_text("Des hommes armés ont tué sept civils à Bankass jeudi, selon des élus locaux de la région de Mopti.")
    assert "Bankass" in c.handle(f":file {f}")
    assert "Removed the last article" in c.handle(":undo")
    assert "2 incidents" in c.handle(":stats")
    assert "Commands" in c.handle(":help")
    assert "too short" in c.handle(":add hello")


def test_demo_loads_once(assistant):
    n = load_demo_if_empty(assistant)
    assert n >= len(demo_articles()) and len(assistant.store.articles) == len(demo_articles())
    assert load_demo_if_empty(assistant) == 0
