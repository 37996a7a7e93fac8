"""The console chat uses the same core: questions answered, articles ingested, commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console import Console
from bot.core.demo import demo_articles, load_demo_if_empty


def test_console_session(assistant, tmp_path):
    block = iter(["Militants ambushed a convoy near Boni on Monday,", "killing four soldiers, officials said.", "."])
    c = Console(assistant, lambda: next(block, None))
    out = c.handle(":add")
    assert "Stored 1 new incident" in out and "Boni" in out
    assert "Attacks within 50 km of Boni" in c.handle("attacks near Boni?")
    long_line = (
        "Gunmen killed eleven villagers in Dinangourou on Friday, residents said, the third attack on "
        "the village this year according to local officials."
    )
    assert "Dinang" in c.handle(long_line)  # GeoNames writes the town Dinangorou (alternate: Dinangourou)
    f = tmp_path / "a.txt"
    f.write_text("Des hommes armés ont tué sept civils à Bankass jeudi, selon des élus locaux de la région de Mopti.")
    assert "Bankass" in c.handle(f":file {f}")
    assert "Removed the last article" in c.handle(":undo")
    assert "2 incidents" in c.handle(":stats")
    assert "Commands" in c.handle(":help")
    assert "too short" in c.handle(":add hello")


@pytest.fixture
def loaded_console(loaded, settings):
    return Console(loaded, lambda: None), settings


def test_demo_loads_once(assistant):
    n = load_demo_if_empty(assistant)
    assert n >= len(demo_articles()) and len(assistant.store.articles) == len(demo_articles())
    assert load_demo_if_empty(assistant) == 0


def test_piped_console_dates_each_article_by_its_publication_day(tmp_path):
    """`analyst chat` as a real process on piped input: :date, :file --published, a dateline, a guess re-dated."""
    import subprocess
    import sys

    files = {
        "b.txt": "Militants ambushed a gendarmerie patrol near Djibasso on Wednesday, killing three gendarmes, "
        "a security source said.",
        "c.txt": "NIAMEY, 18 avril 2025 (AFP) - Des hommes armés ont tué jeudi cinq civils dans le village de "
        "Sakoira, près de Tillabéri, selon des sources locales.",
        "d.txt": "Gunmen killed four traders on the road between Douentza and Boni on Monday, residents said, "
        "before torching their trucks.",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    script = (
        "\n".join(
            [
                ":date 2025-03-12",
                ":add",
                "Suspected jihadists killed six herders near Téra on Sunday, local sources said,",
                "and drove away about two hundred head of cattle.",
                ".",
                f":file {tmp_path / 'b.txt'} --published 2025-05-02",
                f":file {tmp_path / 'c.txt'}",
                f":file {tmp_path / 'd.txt'}",
                ":redate 2025-02-20",
                ":date yesterday-ish",
            ]
        )
        + "\n"
    )
    r = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--data-dir", str(tmp_path / "data"), "chat"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    out = r.stdout
    assert r.returncode == 0 and "Traceback" not in out + r.stderr
    assert "9 Mar 2025 — near Téra" in out and "Published 12 Mar 2025 (as you said)" in out
    assert "30 Apr 2025 — near Djibasso" in out
    assert (
        "17 Apr 2025 — " in out and "Niamey" not in out and "Publié le 18 avr. 2025 (d'après sa ligne de date)" in out
    )
    assert "I assumed it was published" in out and ":redate YYYY-MM-DD" in out
    assert "Re-dated as published 20 Feb 2025" in out and "17 Feb 2025 — " in out
    assert "is not a date I can read" in out


def test_console_writes_the_picture_a_question_asks_for(loaded_console):
    c, settings = loaded_console
    out = c.handle("map of attacks in Mali")
    path = out.rsplit("written to ", 1)[-1].strip()
    assert "Picture (map) written to" in out and Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Picture (timeline)" in c.handle("trend of incidents in Burkina Faso")
