"""End to end over HTTP: the real PTB Application against the Bot API emulator on 127.0.0.1."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest
from aiohttp import web

from bot.core.assistant import Assistant
from bot.telegram.app import _post_init, build_application
from bot.testing.emulator import Emulator, User
from bot.testing.lag import LoopLag
from store.incidents import IncidentStore
from tests.conftest import fixture_incidents

ARTICLE = (
    "JNIM fighters ambushed an army patrol near Nioro du Sahel on Tuesday, killing nine soldiers, "
    "security sources said. The militants also burned two trucks before withdrawing towards the "
    "Mauritanian border, according to residents of the town."
)
ARTICLE_FR = (
    "Des hommes armés ont attaqué jeudi le village de Bankass, dans la région de Mopti, tuant "
    "au moins sept civils, selon des élus locaux. Les assaillants ont incendié des greniers."
)


@pytest.fixture
async def emu():
    e = Emulator()
    await e.start()
    yield e
    await e.stop()


async def start_bot(emu: Emulator, settings, gaz, store=None):
    settings.telegram_token = emu.token
    settings.telegram_base_url = emu.base_url
    settings.telegram_base_file_url = emu.base_file_url
    store = store or IncidentStore(settings.data_dir)
    a = Assistant(store, settings, gaz)
    app = build_application(a)
    await app.initialize()
    await _post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    return app, a


async def stop_bot(app) -> None:
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    app.bot_data["assistant"].store.close()


@pytest.fixture
async def running(emu, settings, gaz):
    app, a = await start_bot(emu, settings, gaz)
    a.store.import_incidents(fixture_incidents())
    yield app, a
    await stop_bot(app)


@pytest.fixture
def bot(running):
    return running[1]


def texts(emu: Emulator, start: int = 0) -> list[str]:
    return [m.get("text") or "" for m in emu.sent[start:] if m["method"] in ("sendMessage", "editMessageText")]


async def test_commands_registered_and_question_answered(emu, bot):
    assert {c["command"] for c in emu.commands} >= {"start", "help", "ask", "add", "subscribe", "export", "stats"}
    user = User(emu, 1001)
    user.message("attacks near Djibo?")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "Djibo" in m["text"])
    assert "Attacks within 50 km of Djibo (Burkina Faso)" in m["text"]
    assert "3 incidents" in m["text"]  # Djibo twice, and Boulkessi (Mali) 37 km away
    assert m["parse_mode"] == "HTML"
    buttons = [b["callback_data"] for row in m["reply_markup"]["inline_keyboard"] for b in row]
    ref = buttons[-1].split(":")[-1]
    assert {f"pic:timeline:{ref}", f"pic:map:{ref}", f"sub:{ref}"} <= set(buttons)


async def test_article_ingested_confirmed_corrected_and_undone(emu, bot):
    user = User(emu, 1001)
    user.message(ARTICLE)
    card = await emu.wait_sent(
        lambda m: m["method"] == "sendMessage" and "Nioro" in (m["text"] or "") and m["reply_markup"]
    )
    assert "9 soldiers killed" in card["text"] and "Source: “JNIM fighters ambushed" in card["text"]
    iid = int(card["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split(":")[1])
    assert bot.store.get(iid)["fatalities"] == 9

    user.press(f"ok:{iid}", card["message"])
    await emu.wait_sent(lambda m: m["method"] == "editMessageText" and "confirmed" in m["text"])
    assert bot.store.get(iid)["status"] == "confirmed"

    user.press(f"fix:{iid}", card["message"])
    prompt = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and f"Correcting incident #{iid}" in m["text"])
    user.reply("fatalities: 11\nplace: Diboli", prompt["message"])
    await emu.wait_sent(lambda m: m["method"] == "sendMessage" and m["text"].startswith("Corrected"))
    fixed = bot.store.get(iid)
    assert fixed["fatalities"] == 11 and fixed["location"] == "Diboli"

    start = len(emu.sent)  # the dialog closes on /cancel, the incident unchanged
    user.press(f"fix:{iid}", card["message"])
    prompt = await emu.wait_sent(lambda m: f"Correcting incident #{iid}" in (m.get("text") or ""), start=start)
    user.message("/cancel")
    await emu.wait_sent(lambda m: "Correction cancelled" in (m.get("text") or ""), start=start)
    user.reply("fatalities: 40", prompt["message"])  # after /cancel, a reply is an ordinary message
    await asyncio.sleep(0.5)
    assert bot.store.get(iid)["fatalities"] == 11

    undo = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "Undo" in m["text"])
    data = undo["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    user.press(data, undo["message"])
    await emu.wait_sent(lambda m: m["method"] == "editMessageText" and "Article removed" in m["text"])
    assert bot.store.get(iid) is None


async def test_second_copy_is_recognised(emu, bot):
    user = User(emu, 1001)
    user.forward(ARTICLE_FR)
    await emu.wait_sent(lambda m: "1 nouvel(s) incident(s) enregistré(s)" in (m.get("text") or ""))
    n = len(bot.store)
    start = len(emu.sent)
    user.forward(ARTICLE_FR.replace("  ", " ") + "  ")
    await emu.wait_sent(lambda m: "J'ai déjà cet article" in (m.get("text") or ""), start=start)
    assert len(bot.store) == n


async def test_document_and_url_ingested(emu, bot):
    bot.settings.fetch_allow_private = True  # the test site runs on 127.0.0.1
    user = User(emu, 1002)
    user.document(ARTICLE_FR.encode("utf-8"), "bankass.txt")
    await emu.wait_sent(lambda m: "Bankass" in (m.get("text") or "") and m["reply_markup"])

    page = (
        "<html><head><title>Clash near Ménaka</title></head><body><article><h1>Clash near Ménaka</h1>"
        "<p>Fighters of the Islamic State Sahel attacked an army post in Ménaka on Sunday, killing six "
        "soldiers, local officials said on Monday. The army said it repelled the attack.</p></article></body></html>"
    )
    site_app = web.Application()

    async def serve(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    site_app.router.add_get("/news/menaka", serve)
    runner = web.AppRunner(site_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        user.message(f"http://127.0.0.1:{port}/news/menaka")
        m = await emu.wait_sent(lambda m: "Ménaka" in (m.get("text") or "") and m["reply_markup"], timeout=15)
        assert "6 soldiers killed" in m["text"]
        art = bot.store.find_article(url=f"http://127.0.0.1:{port}/news/menaka")
        assert art and art["title"] == "Clash near Ménaka"
        bot.settings.fetch_allow_private = False  # the default: a link may not reach the server's own network
        start = len(emu.sent)
        user.message(f"http://127.0.0.1:{port}/news/menaka?again")
        m = await emu.wait_sent(lambda m: "local or private network" in (m.get("text") or ""), start=start)
        assert not bot.store.find_article(url=f"http://127.0.0.1:{port}/news/menaka?again")
    finally:
        await runner.cleanup()


async def test_inline_query_paginates(emu, bot):
    user = User(emu, 1001)
    user.inline("mali")
    first = await emu.wait_sent(lambda m: m["method"] == "answerInlineQuery")
    assert len(first["results"]) == sum(d["country"] == "Mali" for d in fixture_incidents())
    assert first["next_offset"] == ""
    for r in first["results"]:
        assert r["type"] == "article" and r["title"] and r["input_message_content"]["message_text"]
    start = len(emu.sent)
    user.inline("")  # "@bot" alone: the latest incidents
    latest = await emu.wait_sent(lambda m: m["method"] == "answerInlineQuery", start=start)
    assert latest["results"][0]["title"].startswith("2025-11-24")

    for i in range(60):  # more than one page
        bot.store.import_incidents(
            [{**fixture_incidents()[0], "event_id_cnty": f"X{i}", "event_date": f"2024-01-{i % 28 + 1:02d}"}]
        )
    start = len(emu.sent)
    user.inline("kayes")
    page1 = await emu.wait_sent(lambda m: m["method"] == "answerInlineQuery", start=start)
    assert len(page1["results"]) == 50 and page1["next_offset"] == "50"
    start = len(emu.sent)
    user.inline("kayes", offset="50")
    page2 = await emu.wait_sent(lambda m: m["method"] == "answerInlineQuery", start=start)
    assert page2["next_offset"] == ""
    ids1 = {r["id"] for r in page1["results"]}
    ids2 = {r["id"] for r in page2["results"]}
    assert not ids1 & ids2 and len(ids1 | ids2) == 50 + len(page2["results"])


async def test_subscription_alert_exactly_once(emu, bot):
    watcher = User(emu, 1001)
    reporter = User(emu, 1002)
    watcher.message("/subscribe near Nioro 100km")
    await emu.wait_sent(lambda m: (m.get("text") or "").startswith("Subscribed to"))
    reporter.message(ARTICLE)
    alert = await emu.wait_sent(lambda m: m["chat_id"] == 1001 and "New incident" in (m.get("text") or ""))
    assert "Nioro" in alert["text"]
    await asyncio.sleep(1.0)
    alerts = [m for m in emu.sent if m["chat_id"] == 1001 and "New incident" in (m.get("text") or "")]
    assert len(alerts) == 1
    assert bot.store.pending_alerts() == []


async def test_alert_survives_429_and_emulator_restart(emu, settings, gaz):
    app, a = await start_bot(emu, settings, gaz)
    try:
        watcher, reporter = User(emu, 1001), User(emu, 1002)
        watcher.message("/subscribe JNIM")
        await emu.wait_sent(lambda m: (m.get("text") or "").startswith("Subscribed to"))
        emu.fail_next("sendMessage", code=429, times=1, retry_after=1)
        # the article is ingested in the core directly, as another front end would
        res = a.ingest(ARTICLE, "2025-11-20", submitted_by=1002)
        assert res.alerts
        await emu.stop()  # Telegram goes away
        await asyncio.sleep(1.5)
        assert a.store.pending_alerts(now=10**12)  # not lost
        await emu.start(emu.port)
        alert = await emu.wait_sent(
            lambda m: m["chat_id"] == 1001 and "New incident" in (m.get("text") or ""), timeout=20
        )
        assert "Nioro" in alert["text"]
        del reporter
    finally:
        await stop_bot(app)
    # a restart of the bot does not send it again
    app, a = await start_bot(emu, settings, gaz)
    try:
        await asyncio.sleep(1.0)
        assert len([m for m in emu.sent if "New incident" in (m.get("text") or "")]) == 1
    finally:
        await stop_bot(app)


async def test_stranger_refused_everywhere(emu, bot):
    stranger = User(emu, 4242)
    stranger.message("attacks near Kayes?")
    m = await emu.wait_sent(lambda m: m["chat_id"] == 4242)
    assert "private" in m["text"] and "Kayes" not in m["text"]
    stranger.message("/export")
    stranger.inline("kayes")
    inline = await emu.wait_sent(lambda m: m["method"] == "answerInlineQuery")
    assert inline["results"] == []
    stranger.press("more", {"message_id": 1, "date": 0, "chat": {"id": 4242, "type": "private"}})
    cb = await emu.wait_sent(lambda m: m["method"] == "answerCallbackQuery")
    assert cb["show_alert"]
    await asyncio.sleep(0.5)
    assert not [m for m in emu.sent if m["method"] == "sendDocument"]


async def test_the_gate_is_silent_in_groups_unless_the_bot_is_addressed(emu, bot):
    """One access check for every update: in a group a stranger's chatter gets no reply; a command or
    a mention gets the refusal, and an allowed member is answered."""
    stranger = User(emu, 4243, chat_id=-5001)
    stranger.message("attacks near Kayes? what do you all think")
    await asyncio.sleep(0.6)
    assert not [m for m in emu.sent if m.get("chat_id") == -5001]
    stranger.message("/stats")
    refusal = await emu.wait_sent(lambda m: m.get("chat_id") == -5001)
    assert "private" in refusal["text"] and "4243" in refusal["text"]
    member = User(emu, 1001, chat_id=-5001)
    start = len(emu.sent)
    member.message("@sahel_analyst_bot attacks near Djibo?")
    answer = await emu.wait_sent(lambda m: m.get("chat_id") == -5001 and "Djibo" in (m.get("text") or ""), start=start)
    assert "incident" in answer["text"]


async def test_long_message_and_binary_document(emu, bot):
    user = User(emu, 1001)
    user.message("x " * 5000)  # over 4096 characters
    m = await emu.wait_sent(lambda m: m["chat_id"] == 1001)
    assert "too short" in m["text"] or "English and French" in m["text"]
    user.document(b"%PDF-1.7\x00\x01\x02binary", "report.txt")
    m = await emu.wait_sent(lambda m: "binary" in (m.get("text") or ""))
    assert "not text" in m["text"]
    for i in range(40):
        bot.store.import_incidents([{**fixture_incidents()[0], "event_id_cnty": f"L{i}", "notes": "Long note. " * 30}])
    start = len(emu.sent)
    user.message("attacks near Kayes?")
    answer = await emu.wait_sent(lambda m: "Kayes" in (m.get("text") or ""), start=start)
    assert len(answer["text"]) <= 4096 and "show more" in answer["text"]


async def test_export_sends_csv_and_geojson(emu, bot):
    user = User(emu, 1000)
    user.message("/export JNIM in Mali")
    doc = await emu.wait_sent(lambda m: m["method"] == "sendDocument" and m["filename"] == "incidents.csv")
    rows = list(csv.DictReader(io.StringIO(doc["content"].decode())))
    assert rows and all("JNIM" in (r["actor1"] + r["actor2"]) and r["country"] == "Mali" for r in rows)
    await emu.wait_sent(lambda m: m["method"] == "sendDocument" and m["filename"] == "incidents.geojson")


def _button(message: dict, prefix: str) -> str:
    return next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith(prefix)
    )


async def test_timeline_and_map_buttons_send_pictures(emu, bot):
    user = User(emu, 1001)
    user.message("incidents in Mali")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and m["reply_markup"])
    user.press(_button(m, "pic:map"), m["message"])
    photo = await emu.wait_sent(lambda m: m["method"] == "sendPhoto")
    assert photo["content"][:8] == b"\x89PNG\r\n\x1a\n"


async def test_buttons_act_on_their_own_answer_even_after_a_restart(emu, settings, gaz):
    """Map and Subscribe under a Timbuktu answer act on Timbuktu after a Burkina question and a restart;
    a button whose answer has expired says so."""
    app, a = await start_bot(emu, settings, gaz)
    a.store.import_incidents(fixture_incidents())
    user = User(emu, 1001)
    try:
        user.message("attacks near Timbuktu")
        first = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and m["reply_markup"])
        assert "Timbuktu" in first["text"]
        user.message("incidents in Burkina Faso")
        await emu.wait_sent(
            lambda m: m["method"] == "sendMessage" and "Burkina" in (m.get("text") or "") and m["reply_markup"]
        )
    finally:
        await stop_bot(app)
    app, a = await start_bot(emu, settings, gaz)  # the bot restarted: no chat memory left
    try:
        start = len(emu.sent)
        user.press(_button(first, "sub:"), first["message"])
        sub = await emu.wait_sent(
            lambda m: m["method"] == "sendMessage" and "ubscribed" in (m.get("text") or ""), start=start
        )
        assert "Timbuktu" in sub["text"] and "Burkina" not in sub["text"]
        user.press(_button(first, "pic:map"), first["message"])
        photo = await emu.wait_sent(lambda m: m["method"] == "sendPhoto", start=start)
        assert "Timbuktu" in photo["text"]
        user.press("pic:map:999999", first["message"])
        expired = await emu.wait_sent(
            lambda m: m["method"] == "answerCallbackQuery" and m.get("show_alert"), start=start
        )
        assert "too old" in expired["text"]
    finally:
        await stop_bot(app)


async def test_admin_allows_and_revokes(emu, bot):
    admin, newcomer = User(emu, 1000), User(emu, 5555)
    admin.message("/allow 5555")
    await emu.wait_sent(lambda m: "5555 can now use" in (m.get("text") or ""))
    newcomer.message("/stats")
    await emu.wait_sent(lambda m: m["chat_id"] == 5555 and "incidents from" in (m.get("text") or ""))
    User(emu, 1001).message("/allow 7777")
    await emu.wait_sent(lambda m: "Only administrators" in (m.get("text") or ""))
    admin.message("/revoke 5555")
    await emu.wait_sent(lambda m: "5555 revoked" in (m.get("text") or ""))
    start = len(emu.sent)
    newcomer.message("/stats")
    m = await emu.wait_sent(lambda m: m["chat_id"] == 5555, start=start)
    assert "private" in m["text"]


async def test_webhook_mode_checks_the_secret(emu, settings, gaz):
    import socket

    import httpx

    from bot.telegram.app import webhook_options

    settings.webhook_secret = "s3cret-token"
    settings.telegram_token = emu.token
    settings.telegram_base_url = emu.base_url
    settings.telegram_base_file_url = emu.base_file_url
    a = Assistant(IncidentStore(settings.data_dir), settings, gaz)
    a.store.import_incidents(fixture_incidents())
    app = build_application(a)
    await app.initialize()
    await app.start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    await app.updater.start_webhook(**webhook_options(a, "https://bot.example.org/", port, listen="127.0.0.1"))
    try:
        assert "setWebhook" in emu.calls
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1001, "type": "private"},
                "from": {"id": 1001, "is_bot": False, "first_name": "A"},
                "text": "attacks near Kayes?",
            },
        }
        async with httpx.AsyncClient() as client:
            bad = await client.post(f"http://127.0.0.1:{port}/telegram", json=update)
            assert bad.status_code == 403
            ok = await client.post(
                f"http://127.0.0.1:{port}/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
            )
            assert ok.status_code == 200
        m = await emu.wait_sent(lambda m: m["method"] == "sendMessage")
        assert m["text"].startswith("Attacks within 50 km of Kayes")
        assert len([x for x in emu.sent if x["method"] == "sendMessage"]) == 1
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        a.store.close()


async def test_group_privacy_commands_and_mentions_only(emu, bot):
    member = User(emu, 1001, chat_id=-500)
    member.message("attacks near Kayes?")  # ordinary group chatter: ignored
    member.message("@sahel_analyst_bot attacks near Djibo?")
    m = await emu.wait_sent(lambda m: m["chat_id"] == -500)
    assert "Djibo" in m["text"]
    await asyncio.sleep(0.5)
    assert not [x for x in emu.sent if x["chat_id"] == -500 and "Kayes" in (x.get("text") or "")]
    member.message("/ask attacks near Kayes")
    await emu.wait_sent(lambda m: m["chat_id"] == -500 and "Kayes" in (m.get("text") or ""))


async def test_daily_digest(emu, running):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from telegram.ext import CallbackContext

    from bot.telegram.jobs import send_digests

    app, bot = running
    user = User(emu, 1001)
    user.message("/subscribe JNIM")
    await emu.wait_sent(lambda m: (m.get("text") or "").startswith("Subscribed"))
    hour = datetime.now(ZoneInfo(bot.settings.timezone)).hour
    user.message(f"/digest {hour}")
    await emu.wait_sent(lambda m: "Daily digest at" in (m.get("text") or ""))
    bot.ingest(
        "JNIM fighters attacked an army post in Nioro du Sahel yesterday, killing four soldiers, officials said.",
        submitted_by=1002,
    )
    await send_digests(CallbackContext(app))
    m = await emu.wait_sent(lambda m: "Daily digest" in (m.get("text") or "") and "since yesterday" in m["text"])
    assert "Nioro" in m["text"]
    start = len(emu.sent)
    await send_digests(CallbackContext(app))  # once a day only
    await asyncio.sleep(0.3)
    assert not [x for x in emu.sent[start:] if "Daily digest" in (x.get("text") or "")]


async def test_reply_survives_a_5xx_and_a_429(emu, bot):
    import httpx

    emu.fail_next("sendMessage", code=500, times=1)
    emu.fail_next("sendMessage", code=429, times=1, retry_after=1)
    User(emu, 1001).message("attacks near Djibo?")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "Djibo" in m["text"], timeout=15)
    assert m["text"].startswith("Attacks within 50 km of Djibo")
    async with httpx.AsyncClient() as client:  # the control API over HTTP shows the same
        sent = (await client.get(f"http://127.0.0.1:{emu.port}/control/sent")).json()["sent"]
    assert [x["text"] for x in sent if x["method"] == "sendMessage"] == [m["text"]]


async def test_trend_question_gets_a_timeline_picture(emu, bot):
    User(emu, 1001).message("trend of attacks in Mali")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "Per month" in m["text"])
    photo = await emu.wait_sent(lambda m: m["method"] == "sendPhoto")
    assert photo["content"][:4] == b"\x89PNG" and photo["text"].startswith("Attacks in Mali")
    assert m["chat_id"] == photo["chat_id"] == 1001


async def test_token_never_reaches_the_logs(emu, settings, gaz, caplog):
    import logging

    caplog.set_level(logging.INFO)
    app, a = await start_bot(emu, settings, gaz)
    try:
        User(emu, 1001).message("attacks near Kayes?")
        await emu.wait_sent(lambda m: m["method"] == "sendMessage")
    finally:
        await stop_bot(app)
    assert any("getUpdates" in r.getMessage() for r in caplog.records)  # httpx logged the calls...
    assert not [r for r in caplog.records if emu.token in r.getMessage()]  # ...without the token


async def test_unknown_commands_and_photos_are_answered(emu, bot):
    user = User(emu, 1001)
    user.message("/frobnicate now")
    m = await emu.wait_sent(lambda m: m["chat_id"] == 1001)
    assert "don't know the command /frobnicate" in m["text"]
    start = len(emu.sent)
    user.message(None, photo=[{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}])
    m = await emu.wait_sent(lambda m: m["chat_id"] == 1001, start=start)
    assert "I read text messages" in m["text"]


async def test_an_edited_message_is_not_ingested_twice(emu, bot):
    user = User(emu, 1001)
    user.message(ARTICLE)
    await emu.wait_sent(lambda m: "Undo" in (m.get("text") or ""))  # the last message of an ingest
    n = len(bot.store.articles)
    start = len(emu.sent)
    emu.push(
        {
            "edited_message": {
                "message_id": 1,
                "date": 0,
                "edit_date": 1,
                "chat": {"id": 1001, "type": "private"},
                "from": {"id": 1001, "is_bot": False, "first_name": "A"},
                "text": ARTICLE + " Updated.",
            }
        }
    )
    await asyncio.sleep(1.0)
    assert len(bot.store.articles) == n and not [m for m in emu.sent[start:] if m["chat_id"] == 1001]


async def test_publication_date_from_forward_caption_and_reply(emu, bot):
    """Forwarded posts take the channel's posting day, a file its caption's date, a guess can be corrected."""
    from datetime import UTC, datetime

    user = User(emu, 1001)
    posted = int(datetime(2025, 7, 1, 9, 30, tzinfo=UTC).timestamp())  # a Tuesday
    user.forward(
        "Des terroristes ont attaqué dimanche le poste de gendarmerie de Diafarabé, tuant quatre "
        "gendarmes, selon une source sécuritaire.",
        original_date=posted,
    )
    m = await emu.wait_sent(lambda m: "Diafarab" in (m.get("text") or "") and m["reply_markup"])
    assert "29 juin 2025" in m["text"] or "29 Jun 2025" in m["text"]
    assert any("date du message transféré" in t for t in texts(emu))
    assert m["reply_markup"]["inline_keyboard"][0][0]["text"] == "✅ Confirmer"  # a French article, French buttons
    await emu.wait_sent(lambda m: "retire cet article" in (m.get("text") or ""))

    start = len(emu.sent)
    user.document(
        b"Militants killed two teachers in Koutougou on Friday, local sources said, and burned the school.",
        "koutougou.txt",
        caption="published 14 March 2025",
    )
    m = await emu.wait_sent(lambda m: "Koutougou" in (m.get("text") or "") and m["reply_markup"], start=start)
    assert "14 Mar 2025" in m["text"]

    start = len(emu.sent)
    user.message(
        "Gunmen on motorbikes killed five villagers in Ouro Nguessa on Saturday, a local official said, "
        "and drove away their livestock."
    )
    note = await emu.wait_sent(lambda m: "I assumed it was published" in (m.get("text") or ""), start=start)
    button = note["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"].startswith("📅") and button["callback_data"].startswith("redate:")
    user.press(button["callback_data"], note["message"])
    ask = await emu.wait_sent(lambda m: "On which date was it published?" in (m.get("text") or ""), start=start)
    user.reply("not a date", ask["message"])
    again = await emu.wait_sent(lambda m: "I could not read a date" in (m.get("text") or ""), start=start)
    user.reply("3 February 2025", again["message"])  # a Monday: "Saturday" is 1 February
    await emu.wait_sent(lambda m: "Re-dated as published 3 Feb 2025" in (m.get("text") or ""), start=start)
    card = await emu.wait_sent(lambda m: "1 Feb 2025" in (m.get("text") or "") and m["reply_markup"], start=start)
    assert "Ouro" in card["text"] or "Nguessa" in card["text"]


async def test_running_bot_sees_rows_another_process_imported(emu, bot, settings, tmp_path):
    """`analyst import-acled` in another shell while the bot runs: the bot answers with those rows, no restart."""
    import subprocess
    import sys

    from store.acled import write_csv

    before = len(bot.store)
    rows = [
        {**d, "event_id_cnty": f"EXT{n}", "event_date": "2019-03-0" + str(n % 9 + 1)}
        for n, d in enumerate(fixture_incidents() * 2)
    ]
    (tmp_path / "ext.csv").write_text(write_csv(rows))
    r = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "bot.cli",
            "--data-dir",
            str(settings.data_dir),
            "import-acled",
            str(tmp_path / "ext.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    user = User(emu, 1001)
    user.message("/stats")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "incidents from" in (m.get("text") or ""))
    assert m["text"].startswith(f"{before + len(rows)} incidents")
    user.message(ARTICLE)  # the bot's own write after the import: ids stay unique
    await emu.wait_sent(lambda m: "Nioro" in (m.get("text") or "") and m["reply_markup"])
    ids = [d["id"] for d in bot.store.all_incidents()]
    assert len(ids) == len(set(ids)) == before + len(rows) + 1


async def test_alerts_exactly_once_with_latency_two_senders_and_a_restart(emu, settings, gaz):
    """150 ms per Bot API call, four articles at once, a second bot process on the same store:
    every (chat, incident) alert arrives once, and a restart sends none again."""
    emu.latency_s = 0.15
    app, a = await start_bot(emu, settings, gaz)
    other = Assistant(IncidentStore(settings.data_dir), settings, gaz)  # a second process's store and jobs
    app2 = build_application(other)
    await app2.initialize()
    await app2.start()  # its alert job runs; it does not poll
    try:
        watchers = [User(emu, 1001), User(emu, 1000)]
        for w in watchers:
            w.message("/subscribe in Mali")
            await emu.wait_sent(
                lambda m, w=w: m["chat_id"] == w.id and (m.get("text") or "").startswith("Subscribed to")
            )
        reporter = User(emu, 1002)
        places = ["Nioro du Sahel", "Diéma", "Kolokani", "Bougouni"]
        for n, place in enumerate(places):
            reporter.message(
                f"/add JNIM militants attacked an army post in {place} on Tuesday, killing {n + 3} soldiers, "
                "security sources said, before withdrawing into the bush."
            )
        want = len(watchers) * len(places)
        for _ in range(100):
            await asyncio.sleep(0.2)
            if len([m for m in emu.sent if "New incident" in (m.get("text") or "")]) >= want:
                break
        await asyncio.sleep(2.5)  # a further pass of both alert jobs
    finally:
        await app2.stop()
        await app2.shutdown()
        other.store.close()
        await stop_bot(app)
    alerts = [(m["chat_id"], m["text"].split("\n")[1]) for m in emu.sent if "New incident" in (m.get("text") or "")]
    assert len(alerts) == want and len(set(alerts)) == want, [m.get("text", "")[:80] for m in emu.sent]
    app, a = await start_bot(emu, settings, gaz)
    try:
        await asyncio.sleep(1.0)
        assert len([m for m in emu.sent if "New incident" in (m.get("text") or "")]) == want
    finally:
        await stop_bot(app)


async def test_photo_caption_is_not_a_place(emu, bot):
    user = User(emu, 1001)
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]
    user.message(None, photo=photo, caption="Kayes")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage")
    assert "send the article's text" in m["text"] and "Kayes" not in m["text"]
    start = len(emu.sent)
    story = (
        "Des hommes armés ont attaqué mardi le poste de gendarmerie de Kolondiéba, dans la région de Sikasso, "
        "tuant deux gendarmes, selon une source sécuritaire locale jointe par téléphone. Les assaillants, arrivés "
        "à moto, ont incendié un véhicule avant de se retirer vers la frontière ivoirienne, a ajouté la source."
    )
    user.message(
        None,
        photo=photo,
        caption=story,
        forward_origin={
            "type": "channel",
            "date": 1751360000,
            "chat": {"id": -1001, "type": "channel", "title": "Sahel Infos"},
            "message_id": 9,
        },
    )
    card = await emu.wait_sent(lambda m: "Kolondi" in (m.get("text") or "") and m["reply_markup"], start=start)
    assert "2 " in card["text"] or "deux" in card["text"]


async def test_subscribe_asks_before_storing_a_guessed_place(emu, bot):
    user = User(emu, 1001)
    user.message("/subscribe near Atlantis 50km")  # two near spellings: one button each, and No
    ask = await emu.wait_sent(lambda m: "Which place do you mean" in (m.get("text") or ""))
    assert "Atlantique region (Benin) or Atani (Nigeria)" in ask["text"] and bot.store.subscriptions(1001) == []
    labels = [b["text"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[:2] == ["Atlantique region (Benin)", "Atani (Nigeria)"] and len(labels) == 3
    user.press(_button(ask, "subno:"), ask["message"])
    await emu.wait_sent(lambda m: m["method"] == "editMessageText" and "Nothing was subscribed" in m["text"])
    start = len(emu.sent)
    user.message("/subscribe near Atlantis 50km")
    ask = await emu.wait_sent(lambda m: "Which place do you mean" in (m.get("text") or ""), start=start)
    second = ask["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    user.press(second, ask["message"])
    done = await emu.wait_sent(lambda m: (m.get("text") or "").startswith("Subscribed to"), start=start)
    assert "Atani (Nigeria)" in done["text"]
    bot.store.remove_subscription(1001, bot.store.subscriptions(1001)[0]["id"])
    start = len(emu.sent)
    user.message("/subscribe near Kayse 80km")
    ask = await emu.wait_sent(lambda m: "Did you mean" in (m.get("text") or ""), start=start)
    assert "Kayes (Mali)" in ask["text"] and bot.store.subscriptions(1001) == []
    user.press(_button(ask, "sub:"), ask["message"])
    done = await emu.wait_sent(lambda m: (m.get("text") or "").startswith("Subscribed to"), start=start)
    assert "80 km of Kayes (Mali)" in done["text"] and len(bot.store.subscriptions(1001)) == 1
    start = len(emu.sent)
    user.message("/subscribe près de Ménaka 30 km")
    fr = await emu.wait_sent(lambda m: m["method"] == "sendMessage", start=start)
    assert fr["text"].startswith("Abonnement") and "Ménaka" in fr["text"]


def test_startup_is_logged_and_an_empty_allow_list_warned(assistant, caplog):
    from bot.telegram.app import log_startup

    assistant.settings.allowed_users, assistant.settings.admins = [], []
    with caplog.at_level("WARNING"):
        log_startup(assistant, "sahel_bot")
    text = caplog.text
    assert "bot @sahel_bot started" in text and "0 user(s) allowed" in text and "refuses everyone" in text


async def test_bot_console_import_and_ingest_all_at_once(emu, bot, settings, tmp_path):
    """The running bot takes articles while a console, an import and an ingest write to its store:
    every acknowledged row is there afterwards, ids unique, and the bot answers with all of them."""
    import subprocess
    import sys

    from store.acled import write_csv
    from store.incidents import IncidentStore

    before = len(bot.store)
    rows = [
        {**d, "event_id_cnty": f"ALL{n}", "event_date": "2018-05-0" + str(n % 9 + 1)}
        for n, d in enumerate(fixture_incidents() * 60)
    ]
    (tmp_path / "rows.csv").write_text(write_csv(rows))
    (tmp_path / "a.txt").write_text(
        "Gunmen killed six herders near Ménaka on Saturday, local officials said, "
        "and drove away hundreds of cattle towards the Niger border."
    )
    cli = [sys.executable, "-m", "bot.cli", "--data-dir", str(settings.data_dir)]
    procs = [
        subprocess.Popen(
            [*cli, "import-acled", str(tmp_path / "rows.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ),
        subprocess.Popen(
            [*cli, "ingest", "--published", "2025-05-05", str(tmp_path / "a.txt")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ),
        subprocess.Popen([*cli, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE),
    ]
    console_input = "Des hommes armés ont tué jeudi quatre civils à Bankass, selon des élus de la région de Mopti.\n"
    console = asyncio.create_task(asyncio.to_thread(procs[2].communicate, console_input.encode(), 300))
    user = User(emu, 1001)
    for place in ("Diéma", "Kolokani"):
        user.message(
            f"/add JNIM militants attacked an army post in {place} on Tuesday, killing four soldiers, "
            "security sources said, before withdrawing into the bush."
        )
    for place in ("Diéma", "Kolokani"):
        await emu.wait_sent(lambda m, p=place: p in (m.get("text") or "") and m["reply_markup"], timeout=60)
    results = [await asyncio.to_thread(p.communicate, None, 300) for p in procs[:2]] + [await console]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0 and b"Traceback" not in out + err, err
    fresh = IncidentStore(settings.data_dir)
    ids = [d["id"] for d in fresh.all_incidents()]
    assert len(ids) == len(set(ids)) == before + len(rows) + 4  # import, ingest, console, two bot articles
    user.message("/stats")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage" and "incidents from" in (m.get("text") or ""))
    assert m["text"].startswith(f"{len(ids)} incidents")


async def test_a_french_speaking_user_gets_french_help_and_lists(emu, bot):
    user = User(emu, 1002, language_code="fr")
    user.message("/start")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage")
    assert "Je tiens une base" in m["text"] and "Commandes :" in m["text"]
    start = len(emu.sent)
    user.message("/subscriptions")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage", start=start)
    assert m["text"].startswith("Aucun abonnement")
    start = len(emu.sent)
    user.message("/unsubscribe x")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage", start=start)
    assert m["text"].startswith("Laquelle")
    start = len(emu.sent)
    user.message("/stats")
    m = await emu.wait_sent(lambda m: m["method"] == "sendMessage", start=start)
    assert "incidents tirés de" in m["text"]
    for send, expected in (
        (lambda: user.document(b"%PDF-1.7\x00\x01\x02binary", "rapport.txt"), "pas à du texte"),
        (lambda: user.message("/frobnicate"), "Je ne connais pas la commande /frobnicate"),
        (lambda: user.message("/digest 99"), "Écrivez /digest"),
        (lambda: user.message("/allow 5"), "Seuls les administrateurs"),
    ):
        start = len(emu.sent)
        send()
        m = await emu.wait_sent(lambda m: m["method"] == "sendMessage", start=start)
        assert expected in m["text"]


async def test_handlers_never_block_the_event_loop(emu, bot):
    """A loop-lag probe during a burst of articles, questions, buttons and an export: every store
    write, extraction and file build runs in a worker thread, so the loop never stalls 50 ms."""
    users = [User(emu, 1001), User(emu, 1002)]
    async with LoopLag() as lag:
        for k, user in enumerate(users * 2):
            user.message(
                ARTICLE.replace("nine", ["two", "three", "four", "five"][k]).replace(
                    "Tuesday", "Monday" if k % 2 else "Tuesday"
                )
            )
            user.message("attacks near Djibo?")
            user.message(ARTICLE_FR)
        users[0].message("/export")
        users[1].message("/stats")
        await emu.wait_sent(lambda m: m["method"] == "sendDocument", timeout=30)
        await asyncio.sleep(1.0)
    assert len(lag.lags_ms) > 50 and max(lag.lags_ms) < 50, f"loop stalled {max(lag.lags_ms):.0f} ms"
