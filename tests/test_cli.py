"""The analyst command line, run as a real process on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (
    "Gunmen attacked the village of Diallassagou in the Mopti region on Saturday, killing "
    "at least twelve civilians, according to local officials."
)


def analyst(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=data.parent,
    )


def test_help_on_every_command(tmp_path):
    for cmd in ("run", "chat", "ingest", "extract", "ask", "import-acled", "export", "stats", "eval"):
        r = analyst(tmp_path, cmd, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout, cmd


def test_bad_usage_is_exit_2_and_failures_exit_1_without_traceback(tmp_path):
    r = analyst(tmp_path, "ask")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = analyst(tmp_path, "export", "--format", "xml")
    assert r.returncode == 2
    r = analyst(tmp_path, "ingest", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "no file" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    r = analyst(tmp_path, "import-acled", str(bad))
    assert r.returncode == 1 and "not an ACLED export" in r.stderr


def test_ingest_ask_export_stats(tmp_path):
    data = tmp_path / "d"
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    r = analyst(data, "ingest", str(art), "--published", "2025-06-09", "--json")
    assert r.returncode == 0, r.stderr
    (res,) = json.loads(r.stdout)
    assert res["status"] == "stored" and res["new"][0]["location"] == "Diallassagou"
    r = analyst(data, "ingest", str(art))
    assert "already have this article" in r.stdout

    jl = tmp_path / "batch.jsonl"
    jl.write_text(
        json.dumps(
            {
                "text": "JNIM fighters killed seven soldiers near Léré on Monday, security sources said.",
                "published": "2025-05-07",
                "url": "https://example.org/lere",
            }
        )
        + "\n"
    )
    assert analyst(data, "ingest", str(jl)).returncode == 0

    r = analyst(data, "ask", "--json", "--today", "2025-06-10", "attacks in Mopti region since May")
    out = json.loads(r.stdout)
    assert out["query"]["place"]["kind"] == "admin1" and {i["location"] for i in out["incidents"]} == {"Diallassagou"}
    png = tmp_path / "m.png"
    r = analyst(data, "ask", "incidents in Mali", "--chart", "map", "--out", str(png))
    assert r.returncode == 0 and png.read_bytes()[:4] == b"\x89PNG"

    csv_file = tmp_path / "x.csv"
    assert analyst(data, "export", "--format", "csv", "--out", str(csv_file)).returncode == 0
    assert csv_file.read_text().splitlines()[0].startswith("event_id_cnty,event_date,year")
    other = tmp_path / "other"
    r = analyst(other, "import-acled", str(csv_file))
    assert "Imported 2 incidents" in r.stdout
    r = analyst(other, "export", "--format", "csv")
    assert r.stdout == csv_file.read_text()
    r = analyst(data, "export", "--format", "geojson", "--query", "JNIM")
    assert json.loads(r.stdout)["features"][0]["properties"]["location"] == "Léré"
    r = analyst(data, "stats", "--json")
    assert json.loads(r.stdout)["incidents"] == 2


def test_extract_jsonl_stores_nothing(tmp_path):
    lines = "\n".join(json.dumps({"id": f"d{i}", "text": ARTICLE, "published": "2025-06-09"}) for i in range(3))
    r = analyst(tmp_path, "extract", "--jsonl", stdin=lines)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in rows] == ["d0", "d1", "d2"]
    assert rows[0]["incidents"][0]["event_date"] == "2025-06-07"
    assert set(rows[0]["incidents"][0]) >= {
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "notes",
    }
    assert not (tmp_path / "incidents").exists()


def test_eval_scores_own_documents(tmp_path):
    r = analyst(tmp_path, "eval", str(FIXTURES / "eval_own.jsonl"), "--json")
    out = json.loads(r.stdout)["eval_own.jsonl"]
    assert out["gold"] == 4 and out["scores"]["recall"] == 100.0
    assert out["scores"]["place25"] == 100.0 and out["scores"]["fatalities"] == 100.0
    assert set(out["by"]) == {"language", "country", "event_type"}


def test_eval_takes_null_dates_and_skips_question_files(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps(
            {
                "id": "n1",
                "published": None,
                "incidents": [
                    {
                        "event_date": "2024-03-02",
                        "event_type": "Violence against civilians",
                        "actor1": "Unidentified Armed Group (Mali)",
                        "latitude": 14.44693,
                        "longitude": -11.44448,
                        "fatalities": 2,
                    }
                ],
                "text": "On 2 March 2024, gunmen killed two traders in the town of Kayes.",
            }
        )
        + "\n"
    )
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"q": "attacks near Kayes?", "today": "2025-07-01", "expect": {}}) + "\n")
    r = analyst(tmp_path, "eval", str(docs), str(questions))
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "questions.jsonl: no hand-coded documents" in r.stdout
    assert "all" in r.stdout and "100.0" in r.stdout


def test_corrupt_store_is_a_clear_error(tmp_path):
    data = tmp_path / "d"
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    analyst(data, "ingest", str(art), "--published", "2025-06-09")
    (data / "meta.json").write_text("{broken")
    r = analyst(data, "stats")
    assert r.returncode == 1 and "damaged" in r.stderr and "Traceback" not in r.stderr


def test_run_without_telegram_is_a_clear_error(tmp_path):
    import os

    env = {**os.environ, "TELEGRAM_TOKEN": "123:abc", "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    r = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--data-dir", str(tmp_path), "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert r.returncode == 1 and "could not reach Telegram" in r.stderr and "Traceback" not in r.stderr
    env.pop("TELEGRAM_TOKEN")
    r = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--data-dir", str(tmp_path), "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert r.returncode == 1 and "TELEGRAM_TOKEN is not set" in r.stderr


def test_user_mistakes_are_one_line_errors(tmp_path):
    """An image to extract, a missing output folder, word salad: a short message, never a traceback."""
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    r = analyst(tmp_path, "extract", str(image))
    assert r.returncode == 1 and "binary" in r.stderr and "Traceback" not in r.stderr
    r = analyst(tmp_path, "extract", str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert analyst(tmp_path, "ingest", "--published", "2025-06-09", str(tmp_path / "a.txt")).returncode == 0
    out = tmp_path / "new" / "folder" / "map.png"
    r = analyst(tmp_path, "ask", "map of attacks in Mali", "--out", str(out))  # no --chart: the question says map
    assert r.returncode == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "Picture written" in r.stdout
    r = analyst(tmp_path, "ask", "attacks near Nowhereville", "--out", str(tmp_path / "none.png"))
    assert "Traceback" not in r.stderr and not (tmp_path / "none.png").exists()
    words = "Kayes on militants near killed army soldiers the attack in of Mopti JNIM village civilians".split()
    salad = " ".join(words[(i * 7) % len(words)] for i in range(600))
    (tmp_path / "salad.txt").write_text(salad)
    r = analyst(tmp_path, "ingest", "--json", str(tmp_path / "salad.txt"))
    res = json.loads(r.stdout)[0]
    assert res["status"] == "rejected" and "no incident" in res["message"] and salad[:200] not in res["message"]
