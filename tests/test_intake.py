"""Bad input gets a clear, polite message and stores nothing."""

from __future__ import annotations

import pytest

from bot.core.intake import InputError, decode

GOOD = (
    "Gunmen attacked the village of Diallassagou in the Mopti region on Saturday, killing "
    "at least twelve civilians, according to local officials."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("Kayes attack", "too short"),
        (
            "Der Angriff auf das Dorf war nicht mit den Soldaten von der Armee und die Leute sind nicht da gewesen "
            "heute.",
            "English and French",
        ),
        ("x\x00y" * 50, "binary"),
    ],
)
def test_refused_text_stores_nothing(assistant, text, message):
    with pytest.raises(InputError) as err:
        assistant.ingest(text)
    assert message in str(err.value)
    assert len(assistant.store) == 0 and not assistant.store.articles


def test_huge_text_and_huge_file(assistant):
    with pytest.raises(InputError) as err:
        assistant.ingest(GOOD + " word" * 50_000)
    assert "too long" in str(err.value)
    with pytest.raises(InputError) as err:
        decode(b"a" * 50_000_000, assistant.settings.max_upload_bytes)
    assert "too large (50.0 MB)" in str(err.value)
    assert len(assistant.store) == 0


def test_file_encodings(assistant):
    assert decode(GOOD.encode("utf-8-sig"), 10**6) == GOOD
    assert decode(GOOD.encode("utf-16"), 10**6) == GOOD
    with pytest.raises(InputError) as err:
        decode(b"\x81\x8d\x8f\x90\x9d not text in any encoding we read " * 3, 10**6)
    assert "encoding" in str(err.value)
    latin = "Des hommes armés ont tué douze civils à Ségou mardi, selon les élus locaux de la région."
    assert decode(latin.encode("cp1252"), 10**6) == latin
    with pytest.raises(InputError) as err:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 10**6)
    assert "binary" in str(err.value)


def test_malformed_published_date(assistant):
    with pytest.raises(InputError) as err:
        assistant.ingest(GOOD, published="31/02/2025")
    assert "not a date" in str(err.value)
    assert len(assistant.store) == 0


def test_html_article_is_read_as_text(assistant):
    page = (
        "<!doctype html><html><head><title>Attack in Mopti</title></head><body><nav>Home | World</nav>"
        f"<article><p>{GOOD}</p></article><footer>© News</footer></body></html>"
    )
    r = assistant.ingest(page, published="2025-06-09")
    assert r.status == "stored" and r.article["title"] == "Attack in Mopti"
    assert "Home | World" not in assistant.store.article_text(r.article["id"])


def test_no_incident_is_stored_and_recognised_again(assistant):
    text = (
        "The finance minister presented the national budget to parliament on Tuesday, promising more "
        "money for schools and roads in the coming year."
    )
    assert assistant.ingest(text).status == "no_incidents"
    assert assistant.ingest(text).status == "duplicate"


@pytest.mark.parametrize(
    "text",
    [
        "Los hombres armados atacaron el pueblo de Ménaka y mataron a cinco personas ayer por la noche, según fuentes "
        "locales.",
        "Uomini armati hanno attaccato il villaggio di Ménaka e ucciso cinque persone ieri sera, secondo fonti locali.",
        "Bewaffnete Männer griffen gestern Abend das Dorf Ménaka an und töteten fünf Menschen, sagten örtliche "
        "Quellen.",
        "Yan bindiga sun kai hari kauyen Menaka kuma sun kashe mutane biyar jiya da dare, in ji majiyoyin yankin.",
    ],
)
def test_other_languages_are_told_apart(text):
    from bot.understand.text import detect_language

    assert detect_language(text) == "unknown"
