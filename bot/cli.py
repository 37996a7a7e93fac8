"""The ``analyst`` command line. Every command calls the same core (``bot.core.assistant``).

Exit codes: 0 success, 1 failure (bad input, damaged store...), 2 bad usage.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import orjson
import typer

from bot.config import Settings, load_settings
from bot.core.intake import InputError, decode
from bot.present.ingest import format_ingest, ingest_message

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Analyst assistant for conflict monitoring in the Sahel.",
)
STATE: dict = {}

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Store directory (default: DATA_DIR or ./data).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


class Chart(StrEnum):
    timeline = "timeline"
    map = "map"


class Format(StrEnum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


def _write_file(path: Path, data: bytes) -> None:
    """Write an output file, creating its folder; a refusal is a one-line error, not a traceback."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


@app.callback()
def _main(data_dir: DataDir = None, verbose: Annotated[bool, typer.Option("-v", "--verbose")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    STATE["settings"] = load_settings(data_dir=data_dir)


def settings() -> Settings:
    return STATE.get("settings") or load_settings()


def assistant(load_demo: bool = False):
    from bot.core.assistant import Assistant
    from store.incidents import IncidentStore
    from store.storage import CorruptStoreFile

    s = settings()
    try:
        store = IncidentStore(s.data_dir)
    except CorruptStoreFile as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot open the store in {s.data_dir}: {exc}")
    a = Assistant(store, s)
    if load_demo and s.load_demo:
        from bot.core.demo import load_demo_if_empty

        n = load_demo_if_empty(a)
        if n:
            typer.echo(f"First start: loaded the demo set ({n} incidents from team-written articles).", err=True)
    return a


@app.command("main")
def main_job() -> None:
    """The main job: the Telegram bot when a token is configured, else the console chat."""
    if settings().telegram_token:
        run()
    else:
        typer.echo("No TELEGRAM_TOKEN configured: starting the console chat.", err=True)
        chat()


@app.command()
def run(
    webhook_url: Annotated[
        str | None, typer.Option(help="Serve a webhook at this public URL instead of polling.")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Webhook listening port.")] = None,
) -> None:
    """Run the Telegram bot (long polling, or a webhook with --webhook-url)."""
    s = settings()
    if not s.telegram_token:
        fail("TELEGRAM_TOKEN is not set (see .env.example).")
    from telegram.error import InvalidToken, NetworkError

    from bot.telegram.app import preflight, run_bot

    problem = preflight(s)
    if problem:
        fail(problem)
    a = assistant(load_demo=True)
    try:
        run_bot(a, webhook_url=webhook_url or s.webhook_url, port=port or s.webhook_port)
    except InvalidToken:
        fail("Telegram refused the token (TELEGRAM_TOKEN): check it with @BotFather.")
    except NetworkError as exc:
        fail(f"could not reach Telegram ({exc}). Check the network, or run `analyst chat` to work offline.")


@app.command()
def chat() -> None:
    """Console chat on the local store: ask questions, paste articles."""
    from bot.console import run_console

    a = assistant(load_demo=True)
    run_console(a, settings().data_dir / ".chat_history")
    a.close()


def _read_inputs(files: list[Path], skip_textless: bool = False) -> list[dict]:
    """Articles from .txt/.html files or JSONL lines {"text","published","url","title"}."""
    out = []
    for path in files:
        if not path.is_file():
            fail(f"no file at {path}")
        data = path.read_bytes()
        if path.suffix == ".jsonl":
            for n, line in enumerate(data.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = orjson.loads(line)
                except orjson.JSONDecodeError:
                    fail(f"{path}:{n} is not valid JSON")
                if skip_textless and not (isinstance(row, dict) and "text" in row):
                    continue
                if not isinstance(row, dict) or "text" not in row:
                    fail(f'{path}:{n} needs a "text" field')
                out.append({**row, "source_name": f"{path.name}:{n}"})
        else:
            try:
                out.append({"text": decode(data, settings().max_upload_bytes), "source_name": path.name})
            except InputError as exc:
                fail(f"{path.name}: {exc}")
    return out


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help=".txt, .html or .jsonl files")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (default: from the file, else today)")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Source URL (single file)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Extract incidents from articles and store them (duplicates are recognised)."""
    a = assistant()
    results, failed = [], 0
    shown: list[str] = []  # the text output, one block per file
    for item in _read_inputs(files):
        try:
            r = a.ingest(item["text"], item.get("published") or published, item.get("url") or url, item.get("title"))
        except InputError as exc:
            failed += 1
            results.append({"source": item["source_name"], "status": "rejected", "message": str(exc)})
            shown.append(f"[{item['source_name']}] {exc}")
            continue
        shown.append(f"[{item['source_name']}] {format_ingest(r)}")
        results.append(
            {
                "source": item["source_name"],
                "status": r.status,
                "message": ingest_message(r),
                "new": r.new,
                "merged": [m["id"] for m in r.merged],
                "article_id": r.article["id"] if r.article else None,
                "published": r.published.value.isoformat() if r.published else None,
                "published_source": r.published.source if r.published else None,
            }
        )
    a.close()
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, default=str))
    else:
        for block in shown:
            typer.echo(block)
    if failed and failed == len(results):
        raise typer.Exit(1)


@app.command()
def extract(
    file: Annotated[Path | None, typer.Argument(help="Article file (default: standard input)")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSON lines {id,text,published} on stdin")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Dry run: print the incidents an article reports; nothing is stored."""
    from bot.core.assistant import dry_run
    from bot.core.intake import as_date
    from store.geo.gazetteer import Gazetteer

    s = settings()
    if jsonl:
        from bot.understand.extract import extract as run_extract

        gaz = Gazetteer.default()
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                res = run_extract(row["text"], as_date(row.get("published")) or None, gaz)
            except (json.JSONDecodeError, KeyError, InputError) as exc:
                fail(f"line {n}: {exc}")
            sys.stdout.write(
                json.dumps(
                    {"id": row.get("id"), "published": res["published"], "incidents": res["incidents"]},
                    ensure_ascii=False,
                )
                + "\n"
            )
        return
    try:
        text = decode(_read_file(file), s.max_upload_bytes) if file else sys.stdin.read()
        out = dry_run(text, published, s)
    except InputError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    from bot.present.answer import incident_card

    typer.echo(f"Language: {out['language']}, published {out['published']}, {len(out['incidents'])} incident(s):")
    for d in out["incidents"]:
        typer.echo(incident_card(d, html_mode=False, with_distance=False))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='A question in plain words, e.g. "attacks near Kayes?"')],
    as_json: JsonOpt = False,
    chart: Annotated[Chart | None, typer.Option(help="Also draw a picture")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write the picture (the --chart, else the one the question asks for) to this PNG file"),
    ] = None,
    today: Annotated[str | None, typer.Option(help="Answer as if today were YYYY-MM-DD")] = None,
) -> None:
    """Answer a question from the store."""
    from bot.core.intake import as_date

    if chart and not out:
        raise typer.BadParameter("--chart needs --out FILE.png", param_hint="--out")
    a = assistant()
    try:
        ans = a.ask(question, today=as_date(today))
    except InputError as exc:
        fail(str(exc))
    if out:
        from bot.present.pictures import asked_picture, picture

        kind = chart.value if chart else (asked_picture(ans.query) or "timeline")
        png = picture(a, ans, kind)
        if png is None:
            fail(f"nothing to draw for that question ({ans.kind.replace('_', ' ')}); no picture written")
        _write_file(out, png)
    if as_json:
        d = ans.to_dict()
        listed = ans.all_incidents or ans.incidents  # read-only views: .copy() is the C-level copy
        body = {"query": d["query"], "incidents": [i.copy() for i in listed], "answer": d["answer"]}
        typer.echo(orjson.dumps({**body, "summary": d["summary"]}, default=str).decode())  # 30,000 rows: orjson
    else:
        typer.echo(ans.text())
        if out:
            typer.echo(f"Picture written to {out}")


@app.command("import-acled")
def import_acled(csv_file: Annotated[Path, typer.Argument(help="ACLED CSV export")]) -> None:
    """Import an ACLED CSV export (rows already imported are skipped; unreadable rows are listed)."""
    from store.acled import AcledFormatError, read_export

    if not csv_file.is_file():
        fail(f"no file at {csv_file}")
    try:
        got = read_export(decode(csv_file.read_bytes(), 500_000_000))
    except (AcledFormatError, InputError) as exc:
        fail(f"{csv_file.name}: {exc}")
    for problem in got.skipped[:20]:
        typer.echo(f"{csv_file.name}: skipped {problem}", err=True)
    if len(got.skipped) > 20:
        typer.echo(f"{csv_file.name}: ... and {len(got.skipped) - 20} more rows skipped", err=True)
    a = assistant()
    res = a.import_incidents(got.docs)
    a.close()
    merged = f"; {got.merged} second rows of monadic events joined to their first" if got.merged else ""
    bad = f"; {len(got.skipped)} unreadable rows skipped" if got.skipped else ""
    typer.echo(f"Imported {res['added']} incidents ({res['skipped']} already in the store{merged}{bad}).")


@app.command()
def export(
    fmt: Annotated[Format, typer.Option("--format", help="csv (ACLED columns), geojson or jsonl")] = Format.csv,
    out: Annotated[Path | None, typer.Option(help="Output file (default: standard output)")] = None,
    query: Annotated[str | None, typer.Option(help="Only the incidents answering this question")] = None,
) -> None:
    """Export incidents (all, or those answering --query)."""
    from store.acled import write_csv, write_geojson, write_jsonl

    a = assistant()
    if query:
        ans = a.ask(query)
        docs = ans.all_incidents
        if ans.kind != "results":
            typer.echo(ans.text(), err=True)
    else:
        docs = a.all_incidents()
    data = {
        "csv": lambda: write_csv(docs).encode(),
        "geojson": lambda: write_geojson(docs),
        "jsonl": lambda: write_jsonl(docs),
    }[fmt.value]()
    if out:
        _write_file(out, data)
        typer.echo(f"Wrote {len(docs)} incidents to {out}", err=True)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def stats(as_json: JsonOpt = False) -> None:
    """What the store holds."""
    s = assistant().stats()
    if as_json:
        typer.echo(json.dumps(s))
        return
    typer.echo(
        f"{s['incidents']} incidents from {s['articles']} articles ({s['first_date']} to {s['last_date']}); "
        f"{s['subscriptions']} subscriptions, {s['alerts_pending']} alerts pending."
    )
    for k, v in s["by_country"].items():
        typer.echo(f"  {k}: {v}")
    for k, v in s["by_event_type"].items():
        typer.echo(f"  {k}: {v}")


@app.command("eval")
def evaluate(
    files: Annotated[list[Path], typer.Argument(help="Hand-coded JSONL files (../shared/eval format)")],
    as_json: JsonOpt = False,
    show_misses: Annotated[bool, typer.Option("--misses", help="List every miss")] = False,
) -> None:
    """Score the extractor against hand-coded documents, per file, with the shared scorer's rule."""
    from bot.core.evaluate import FIELDS, score

    results = {}
    for path in files:
        if path.suffix != ".jsonl":
            fail(f"{path.name}: eval reads hand-coded .jsonl files (id, text, published, incidents)")
        docs = [d for d in _read_inputs([path], skip_textless=True) if isinstance(d.get("incidents"), list)]
        if not docs:
            typer.echo(f'{path.name}: no hand-coded documents (lines with "text" and "incidents"), skipped')
            continue
        results[path.name] = score(docs)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    name: {
                        "documents": r.documents,
                        "gold": r.total.gold,
                        "extracted": r.total.extracted,
                        "scores": r.total.table(),
                        "ms_per_doc": r.ms_per_doc,
                        "by": {k: {v: t.table() for v, t in vs.items()} for k, vs in r.by.items()},
                        "misses": r.misses,
                    }
                    for name, r in results.items()
                }
            )
        )
        return
    header = f"{'':<28}" + "".join(f"{f:>11}" for f in FIELDS)
    for name, r in results.items():
        typer.echo(
            f"\n{name}: {r.documents} documents, {r.total.gold} gold incidents, "
            f"{r.total.extracted} extracted, {r.ms_per_doc} ms/doc"
        )
        typer.echo(header)
        typer.echo(_row("all", r.total.table(), FIELDS))
        for kind, values in r.by.items():
            for value, tally in sorted(values.items(), key=lambda kv: -kv[1].gold):
                typer.echo(_row(f"{kind}={value} ({tally.gold})", tally.table(), FIELDS))
        if show_misses:
            for m in r.misses:
                typer.echo("  - " + m)


def _row(label: str, table: dict[str, float], fields: tuple[str, ...]) -> str:
    """One line of the table; precision only for whole files (a slice of gold has no extracted side)."""
    return f"{label[:27]:<28}" + "".join(
        f"{'-':>11}" if f == "precision" and label != "all" else f"{table[f]:>11.1f}" for f in fields
    )


def main() -> None:
    from store.sharing import StoreBusy

    try:
        app()
    except StoreBusy as exc:  # another process kept the store locked: say so, no traceback
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
