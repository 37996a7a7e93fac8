"""Subscriptions in the core: what each form watches, and the outbox it fills."""

from __future__ import annotations

import pytest

from bot.present.alerts import subscribe_reply
from store import migrations
from store.incidents import IncidentStore


def subscribe(assistant, chat_id: int, user_id: int, text: str) -> tuple[dict | None, str]:
    """The core's subscription and the reply a front end words from it."""
    r = assistant.subscribe(chat_id, user_id, text)
    return r.sub, subscribe_reply(r.query, r.sub, r.problem, r.choices)


MOPTI = (
    "Gunmen attacked the village of Diallassagou in the Mopti region on Saturday, killing at least "
    "twelve civilians, according to local officials."
)
KAYES = (
    "JNIM fighters ambushed an army patrol near Nioro du Sahel on Tuesday, killing nine soldiers, "
    "security sources said."
)


@pytest.mark.parametrize(
    ("text", "hits_mopti", "hits_kayes"),
    [
        ("attacks in Mopti region", True, False),
        ("near Kayes 250km", False, True),
        ("JNIM", False, True),
        ("violence against civilians", True, False),
        ("drone strikes in Mali", False, False),
    ],
)
def test_subscription_forms(assistant, text, hits_mopti, hits_kayes):
    sub, msg = subscribe(assistant, 55, 1001, text)
    assert sub and msg.startswith("Subscribed to")
    m = assistant.ingest(MOPTI, published="2025-06-09")
    k = assistant.ingest(KAYES, published="2025-06-12")
    assert bool(m.alerts) is hits_mopti and bool(k.alerts) is hits_kayes


def test_subscription_errors_and_duplicates(assistant):
    assert subscribe(assistant, 55, 1, "near Xyzzyqwop")[0] is None
    assert "Tell me what to watch" in subscribe(assistant, 55, 1, "please")[1]
    first, _ = subscribe(assistant, 55, 1, "JNIM")
    again, msg = subscribe(assistant, 55, 1, "JNIM")
    assert again["id"] == first["id"] and msg.startswith("You were already subscribed")
    assert assistant.store.remove_subscription(55, first["id"])
    assert not assistant.store.remove_subscription(56, first["id"])


def test_schema_migrations_run_once(settings, monkeypatch):
    IncidentStore(settings.data_dir).close()
    ran = []
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda store: ran.append(store))
    s = IncidentStore(settings.data_dir)
    assert len(ran) == 1 and s.meta.table("_meta").get(doc_id=1)["schema_version"] == 2
    s.close()
    IncidentStore(settings.data_dir).close()
    assert len(ran) == 1


def test_a_second_report_of_known_events_adds_sources_not_incidents(assistant):
    """The demo's coordinated attack on Kayes, Nioro and Diboli, then another outlet's report of the
    same morning (Kayes, Diboli and a town the first did not name): one group, the toll counted once."""
    from bot.core.demo import load_demo_if_empty
    from bot.present.answer import fatality_totals

    load_demo_if_empty(assistant)
    before = len(assistant.store)
    r = assistant.ingest(
        "Mali's army said jihadists struck its positions in Kayes, Diboli and Sandaré in "
        "simultaneous attacks on Tuesday, and that about 80 assailants were killed in the fighting.",
        "2025-07-02",
        url="https://example.org/second-report",
    )
    assert len(r.merged) == 2 and len(r.new) == 1 and len(assistant.store) == before + 1
    group = {d["group_id"] for d in assistant.store.all_incidents() if d["event_date"] == "2025-07-01"}
    assert len(group) == 1
    mali_july = [d for d in assistant.store.all_incidents() if d["event_date"] == "2025-07-01"]
    assert fatality_totals(mali_july)[0] <= 80  # not 160
    again = assistant.ingest(
        "Mali's army said jihadists struck its positions in Kayes, Diboli and Sandaré in "
        "simultaneous attacks on Tuesday, and that about 80 assailants were killed in the fighting.",
        "2025-07-02",
    )
    assert again.status == "duplicate" and len(assistant.store) == before + 1


def test_subscribe_asks_which_namesake_before_storing(assistant):
    sub, msg = subscribe(assistant, 56, 1, "near Atlantis 50km")
    assert sub is None and msg.startswith("Which place do you mean: ") and assistant.store.subscriptions(56) == []
