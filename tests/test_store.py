"""The incident store on real files: durability, duplicates, merging, damage, concurrency."""

from __future__ import annotations

import asyncio
import threading
from datetime import date

import orjson
import pytest

from store.acled import read_csv, write_csv, write_geojson
from store.filter import Filter
from store.incidents import IncidentStore
from store.journal import Journal
from store.notes import group_sentence
from store.storage import CorruptStoreFile
from tests.conftest import fixture_incidents


def incident(**over) -> dict:
    base = {
        "event_date": "2025-07-01",
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "JNIM: Group for Support of Islam and Muslims",
        "actor2": "Military Forces of Mali",
        "country": "Mali",
        "country_code": "ML",
        "admin1": "Kayes",
        "location": "Kayes",
        "latitude": 14.44693,
        "longitude": -11.44448,
        "geo_precision": 1,
        "fatalities": 5,
        "notes": "test",
    }
    return {**base, **over}


def article(text: str, **over) -> dict:
    return {"text": text, "published": "2025-07-02", "url": None, "title": "t", **over}


def test_reopen_keeps_everything(settings):
    s = IncidentStore(settings.data_dir)
    r = s.add_article(
        article("first article text"), [incident(), incident(location="Nioro", latitude=15.23, longitude=-9.59)]
    )
    s.close()  # folds the journal into the files
    s2 = IncidentStore(settings.data_dir)
    assert len(s2) == 2 and s2.find_article("first article text")["incident_ids"] == [d["id"] for d in r["new"]]
    files = sorted(p.relative_to(settings.data_dir).as_posix() for p in settings.data_dir.rglob("*.json"))
    assert files == [".snapshot.json", "articles/2025-07.json", "incidents/ML/2025-07.json", "meta.json"]
    assert (settings.data_dir / "journal.jsonl").stat().st_size == 0


def test_same_text_or_url_is_a_duplicate(store):
    store.add_article(article("Gunmen  attacked\nKayes.", url="https://x.org/a"), [incident()])
    assert store.add_article(article("Gunmen attacked Kayes."), [incident()])["status"] == "duplicate"
    assert store.add_article(article("other words", url="http://x.org/a/"), [incident()])["status"] == "duplicate"
    assert len(store) == 1 and len(store.articles) == 1


def test_same_incident_from_two_articles_is_merged(store):
    store.add_article(article("report one", url="https://a.org/1"), [incident(fatalities=12)])
    r = store.add_article(
        article("report two", url="https://b.org/2"),
        [incident(event_date="2025-07-02", latitude=14.46, longitude=-11.43, fatalities=9)],
    )
    assert r["new"] == [] and len(r["merged"]) == 1
    merged = r["merged"][0]
    assert len(merged["sources"]) == 2 and merged["fatalities"] == 9  # the lower, conservative figure
    # a different type or a place 30 km away is another incident
    r = store.add_article(article("report three"), [incident(event_type="Protests", sub_event_type="Peaceful protest")])
    assert len(r["new"]) == 1
    r = store.add_article(article("report four"), [incident(latitude=14.70, longitude=-11.44)])
    assert len(r["new"]) == 1
    assert len(store) == 3


def test_undo_removes_only_what_the_article_added(store):
    a = store.add_article(article("one"), [incident()])
    b = store.add_article(article("two"), [incident(), incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    res = store.remove_article(b["article"]["id"])
    assert len(res["removed"]) == 1 and len(res["kept"]) == 1
    kept = store.get(a["new"][0]["id"])
    assert [s["article_id"] for s in kept["sources"]] == [a["article"]["id"]]
    assert store.find_article("two") is None


def test_index_queries(store):
    store.import_incidents(fixture_incidents())
    docs, n = store.query(Filter(center=(14.44693, -11.44448), radius_km=100, sort="distance"))
    assert [d["event_id_cnty"] for d in docs] == ["Q01", "Q04", "Q03"]  # same distance: newest first
    docs, n = store.query(Filter(countries=["burkina faso"], event_types=["Battles"]))
    assert {d["event_id_cnty"] for d in docs} == {"Q11", "Q14"}
    docs, n = store.query(Filter(actors=["Islamic State (Sahel)"], date_from=date(2025, 10, 1)))
    assert {d["event_id_cnty"] for d in docs} == {"Q16", "Q17"}
    docs, n = store.query(Filter(bbox=(15.0, 0.0, 17.0, 3.0), limit=2))
    assert n == 5 and len(docs) == 2
    docs, _ = store.query(Filter(admin1=["Segou"]))
    assert [d["event_id_cnty"] for d in docs] == ["Q30"]
    docs, _ = store.query(Filter(text="Government regains"))
    assert [d["event_id_cnty"] for d in docs] == ["Q29"]
    docs, _ = store.query(Filter(min_fatalities=30, sort="fatalities"))
    assert [d["event_id_cnty"] for d in docs] == ["Q14", "Q18", "Q07"]


FILTERS = [
    Filter(countries=["Mali"], limit=10),
    Filter(countries=["Burkina Faso"], limit=3, offset=2),
    Filter(event_types=["Battles"], limit=5),
    Filter(actors=["Islamic State (Sahel)"], date_from=date(2025, 10, 1)),
    Filter(center=(14.44693, -11.44448), radius_km=100, sort="distance"),
    Filter(limit=40),
]


def _same_answers(store: IncidentStore) -> None:
    for f in FILTERS:
        docs, total = store.query(f)
        assert store.ids(f) == [d["id"] for d in docs]
        everything = store.query(Filter(**{**f.__dict__, "limit": None, "offset": 0}))[0]
        tolls = [d["fatalities"] for d in everything if d.get("fatalities") is not None]
        assert store.tally(Filter(**{**f.__dict__, "limit": None, "offset": 0})) == (total, sum(tolls), len(tolls))


def test_ids_and_tallies_from_the_columns_match_the_documents(store):
    """The page's ids and the counts come from the index alone (no incident built), and say what the
    documents say: after an import, after new incidents (merged into the newest-first order) and after
    a date changed (re-sorted)."""
    store.import_incidents(fixture_incidents())
    _same_answers(store)
    store.add_article(article("a newer one"), [incident(event_date="2025-12-30", notes="later")])
    store.add_article(article("an older one"), [incident(event_date="2020-01-01", location="Nioro", latitude=15.2)])
    _same_answers(store)
    oldest = store.query(Filter(sort="date_asc", limit=1))[0][0]
    store.update_incident(oldest["id"], {"event_date": "2025-12-31"})
    assert store.ids(Filter(limit=1)) == [oldest["id"]]
    _same_answers(store)


def test_text_as_a_substring_or_as_whole_words(store):
    store.add_article(article("one"), [incident(notes="Gunmen ambushed a convoy near Kayes.")])
    store.add_article(article("two"), [incident(event_date="2025-07-03", notes="An ambush near Kayes.")])
    assert len(store.ids(Filter(text="ambush"))) == 2
    assert [store.get(i)["notes"] for i in store.ids(Filter(text="ambush", whole_words=True))] == [
        "An ambush near Kayes."
    ]


def test_acled_csv_round_trip_and_geojson(store, settings, tmp_path):
    store.import_incidents(fixture_incidents())
    store.add_article(article("an article"), [incident(event_date="2025-11-01")])
    csv_text = write_csv(store.all_incidents())
    again = IncidentStore(tmp_path / "other")
    assert again.import_incidents(read_csv(csv_text))["added"] == 32
    assert write_csv(again.all_incidents()) == csv_text
    assert again.import_incidents(read_csv(csv_text)) == {"added": 0, "skipped": 32}  # re-import adds nothing
    geo = orjson.loads(write_geojson(store.all_incidents()))
    assert len(geo["features"]) == 32 and geo["features"][0]["geometry"]["type"] == "Point"
    assert "actor1" in geo["features"][0]["properties"]


def test_real_acled_export_columns(tmp_path):
    text = (
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
        "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
        "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
        "MLI9999,01 July 2025,2025,1,Political violence,Battles,Armed clash,JNIM: Group for Support of Islam and "
        "Muslims,,"
        "Rebel group,Military Forces of Mali (2021-),,State forces,Rebel group-State forces,,466,Western "
        "Africa,Mali,Kayes,"
        'Kayes,,Kayes,14.4469,-11.4445,1,Reuters,International,"On 1 July 2025, JNIM attacked the army camp in '
        'Kayes.",0,,1751900000\n'
    )
    (doc,) = list(read_csv(text))
    assert doc["event_date"] == "2025-07-01" and doc["latitude"] == 14.4469 and doc["fatalities"] == 0
    assert doc["notes"].startswith("On 1 July") and doc["iso"] == 466 and doc["country_code"] == "ML"


def test_corrupt_file_is_moved_aside_and_reported(settings):
    s = IncidentStore(settings.data_dir)
    s.add_article(article("text"), [incident()])
    s.close()  # folds the journal into the files
    shard = settings.data_dir / "incidents" / "ML" / "2025-07.json"
    shard.write_bytes(shard.read_bytes()[:40])  # truncated, as by a dying disk
    with pytest.raises(CorruptStoreFile) as err:
        IncidentStore(settings.data_dir)
    assert "2025-07.json" in str(err.value) and err.value.moved_to.exists()
    assert not shard.exists()  # moved aside, not replaced by an empty file
    s2 = IncidentStore(settings.data_dir)  # starting again continues without it, knowingly
    assert len(s2) == 0 and len(s2.articles) == 1


def test_threads_and_tasks_lose_nothing(settings):
    s = IncidentStore(settings.data_dir)

    def worker(k: int) -> None:
        for i in range(15):
            s.add_article(article(f"thread {k} article {i}"), [incident(latitude=10 + k, longitude=i * 0.5)])

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()

    async def tasks() -> None:
        async def one(i: int) -> None:
            await asyncio.to_thread(
                s.add_article, article(f"task article {i}"), [incident(latitude=5, longitude=i * 0.5)]
            )

        await asyncio.gather(*(one(i) for i in range(15)))

    asyncio.run(tasks())
    for t in threads:
        t.join()
    s.close()
    s2 = IncidentStore(settings.data_dir)
    assert len(s2.articles) == 45 and len(s2) == 45
    ids = [d["id"] for d in s2.all_incidents()]
    assert len(set(ids)) == 45


def test_interrupted_ingest_leaves_no_orphans(settings):
    s = IncidentStore(settings.data_dir)
    s.add_article(article("kept"), [incident()])
    s.fold()
    # a crash mid-fold (or in a store written before the journal): the incident file written, not the article
    s._new_incident(incident(location="Ghost", latitude=1.0, longitude=1.0), {"article_id": 999}, 999, "now")
    s._dbs["incidents/ML/2025-07.json"].storage.flush()
    s2 = IncidentStore(settings.data_dir)
    assert [d["location"] for d in s2.all_incidents()] == ["Kayes"]


def test_ids_are_never_reused(store):
    r = store.add_article(article("one"), [incident()])
    store.remove_article(r["article"]["id"])
    r2 = store.add_article(article("two"), [incident()])
    assert r2["new"][0]["id"] > r["new"][0]["id"] and r2["article"]["id"] > r["article"]["id"]


def test_alert_outbox_never_twice(store):
    def matcher(inc):
        return [(55, 1)]

    r = store.add_article(article("a1"), [incident()], matcher)
    assert len(r["alerts"]) == 1
    (alert,) = store.pending_alerts()
    store.alert_failed(alert["id"], retry_after=60)
    assert store.pending_alerts() == [] and store.pending_alerts(now=10**12)
    store.alert_sent(alert["id"])
    assert store.pending_alerts(now=10**12) == []
    r = store.add_article(article("a2"), [incident()], matcher)  # merged: no new alert
    assert r["alerts"] == []


def test_disk_refusing_a_write_leaves_memory_as_on_disk(settings, monkeypatch):
    import errno

    from store.incidents import StoreWriteError

    s = IncidentStore(settings.data_dir)
    s.add_article(article("kept"), [incident()])
    real = Journal.append

    def full_disk(self, record):  # half a line lands, then the disk is full
        with open(self.path, "ab") as fh:
            fh.write(b'{"incidents/ML/2025-07.json": {"inc')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Journal, "append", full_disk)
    with pytest.raises(StoreWriteError) as err:
        s.add_article(article("lost"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])
    assert "nothing was stored" in str(err.value)
    assert s.find_article("lost") is None and len(s) == 1  # memory matches the disk
    monkeypatch.setattr(Journal, "append", real)
    assert (
        s.add_article(article("lost"), [incident(location="Nioro", latitude=15.23, longitude=-9.59)])["status"] == "new"
    )
    s.close()
    assert len(IncidentStore(settings.data_dir)) == 2


def test_actor_filter_finds_the_associated_actor(store):
    row = {
        **fixture_incidents()[0],
        "event_id_cnty": "KM1",
        "actor1": "Katiba Macina",
        "assoc_actor_1": "JNIM: Group for Support of Islam and Muslims",
        "actor2": "Civilians (Mali)",
    }
    store.import_incidents([row])
    docs, n = store.query(Filter(actors=["JNIM: Group for Support of Islam and Muslims"]))
    assert "KM1" in {d.get("event_id_cnty") for d in docs}


def test_one_incident_per_event_across_articles(store):
    """A raid 'the day before' with no place and the same raid at Boulkessi; an unknown toll; undo."""
    boulkessi = incident(
        location="Boulkessi",
        admin1="Mopti",
        latitude=14.798,
        longitude=-1.303,
        fatalities=30,
        fatalities_detail={"soldiers": 30},
    )
    placeless = incident(
        location=None,
        admin1=None,
        latitude=None,
        longitude=None,
        geo_precision=None,
        fatalities=60,
        fatalities_detail={"soldiers": 60},
        event_date="2025-07-02",
    )
    a = store.add_article(article("placed report"), [boulkessi])
    b = store.add_article(article("vague report"), [placeless])
    assert b["new"] == [] and len(store) == 1
    one = store.get(a["new"][0]["id"])
    assert (
        one["fatalities"] == 30
        and len(one["sources"]) == 2
        and sorted(t["fatalities"] for t in one["tolls"]) == [30, 60]
    )
    c = store.add_article(article("no toll report"), [{**boulkessi, "fatalities": None, "fatalities_detail": None}])
    assert c["new"] == [] and store.get(one["id"])["fatalities"] == 30  # unknown never overrides known
    store.remove_article(a["article"]["id"])  # the lower figure's article undone: the other figure stands
    assert store.get(one["id"])["fatalities"] == 60
    # a place-less report merges only when one stored incident fits
    store.add_article(
        article("another base"), [{**boulkessi, "location": "Mondoro", "latitude": 14.62, "longitude": -1.95}]
    )
    d = store.add_article(
        article("vague again"), [{**placeless, "actor1": "JNIM: Group for Support of Islam and Muslims"}]
    )
    assert len(d["new"]) == 1


def test_a_placed_report_completes_a_placeless_incident(store):
    vague = incident(location=None, admin1=None, latitude=None, longitude=None, geo_precision=None, fatalities=None)
    a = store.add_article(article("vague first"), [vague])
    b = store.add_article(article("precise later"), [incident(location="Diboli", latitude=14.05, longitude=-11.5)])
    assert b["new"] == [] and store.get(a["new"][0]["id"])["location"] == "Diboli"


def test_coordinated_attacks_seen_by_two_articles_are_one_group(store):
    note = "On 1 July 2025, JNIM clashed with the army in {p}.{g}"
    first = [
        incident(
            location=p,
            latitude=lat,
            longitude=lon,
            group_id="g1",
            group_size=3,
            group_fatalities=80,
            notes=note.format(p=p, g=group_sentence(3, None, 80)),
        )
        for p, lat, lon in (("Kayes", 14.447, -11.444), ("Diboli", 14.05, -11.5), ("Sandaré", 14.7, -10.3))
    ]
    second = [
        incident(
            location=p,
            latitude=lat,
            longitude=lon,
            group_id="g2",
            group_size=7,
            group_fatalities=70,
            notes=note.format(p=p, g=group_sentence(7, 2, 70)),
        )
        for p, lat, lon in (("Kayes", 14.447, -11.444), ("Nioro", 15.23, -9.59))
    ]
    store.add_article(article("three towns"), first)
    r = store.add_article(article("seven towns"), second)
    assert len(r["merged"]) == 1 and len(r["new"]) == 1
    groups = {(d["group_id"], d["group_size"], d["group_fatalities"]) for d in store.all_incidents()}
    assert groups == {("g1", 7, 70)}
    # the notes restate the group as it now stands: never "one of 3" beside a group of 7
    assert {d["notes"].split(".", 1)[1] for d in store.all_incidents()} == {group_sentence(7, 4, 70)}


def test_a_correction_that_duplicates_an_incident_merges_them(store):
    a = store.add_article(
        article("at Diboli"), [incident(location="Diboli", latitude=14.05, longitude=-11.5, fatalities=4)]
    )
    b = store.add_article(
        article("misplaced"), [incident(location="Nioro", latitude=15.23, longitude=-9.59, fatalities=6)]
    )
    survivor = store.update_incident(b["new"][0]["id"], {"location": "Diboli", "latitude": 14.05, "longitude": -11.5})
    assert survivor["id"] == a["new"][0]["id"] and len(store) == 1 and survivor["fatalities"] == 4
    assert sorted(survivor["article_ids"]) == sorted([a["article"]["id"], b["article"]["id"]])
    store.remove_article(b["article"]["id"])
    assert len(store) == 1 and store.get(survivor["id"])["article_ids"] == [a["article"]["id"]]


def test_a_short_date_range_read_from_the_date_order_finds_what_a_full_scan_finds(store, monkeypatch):
    store.import_incidents(fixture_incidents())
    store.add_article(article("late"), [incident(event_date="2025-11-21", location="Diema", latitude=14.54)])
    filters = [
        Filter(date_from=date(2025, 11, 1), date_to=date(2025, 11, 30)),
        Filter(date_from=date(2025, 7, 1), date_to=date(2025, 7, 1), event_types=["Battles"]),
        Filter(date_from=date(2025, 10, 1), date_to=date(2025, 11, 15), center=(14.45, -11.44), radius_km=300),
        Filter(date_from=date(2024, 1, 1), date_to=date(2024, 1, 31)),
    ]
    narrow = [store.ids(f) for f in filters]
    monkeypatch.setattr(type(store.index), "NARROW_DAYS", -1)  # every range scanned in full
    assert narrow == [store.ids(f) for f in filters] and any(narrow)


def test_the_id_to_slot_map_behaves_as_a_dict():
    """Arrays for the ids of a bulk load, a dict for the ones added or dropped since: the same answers
    as a plain dict through every kind of change."""
    import numpy as np

    from store.index import SlotMap

    m, ref = SlotMap(), {}
    ids = np.array([5, 3, 9, 7, 11], dtype=np.int64)
    alive = np.array([True, True, False, True, True])
    m.rebuild(ids, alive)
    ref = {5: 0, 3: 1, 7: 3, 11: 4}
    steps = [("set", 20, 5), ("pop", 3, None), ("set", 3, 6), ("pop", 20, None), ("pop", 99, None), ("set", 7, 7)]
    for op, key, slot in steps:
        if op == "set":
            m[key], ref[key] = slot, slot
        else:
            assert m.pop(key) == ref.pop(key, None)
        assert len(m) == len(ref)
        probe = np.array([3, 5, 7, 9, 11, 20, 99], dtype=np.int64)
        assert m.many(probe).tolist() == [ref.get(k, -1) for k in probe.tolist()]
        assert all(m.get(k) == ref.get(k) for k in probe.tolist())
        assert m.max_key() == max(ref)
    m.compact()
    assert not m.recent and not m.gone and len(m) == len(ref) and all(m.get(k) == v for k, v in ref.items())


def test_the_id_to_slot_map_takes_a_batch_as_a_dict_would(monkeypatch):
    """``set_many`` (an import batch) merges new ids into the arrays and sets ids already held one by one."""
    import numpy as np

    from store.index import SlotMap

    monkeypatch.setattr(SlotMap, "BULK", 2)
    m = SlotMap()
    m.rebuild(np.array([10, 20, 30], dtype=np.int64), np.array([True, True, True]))
    m[40] = 3
    m.pop(20)
    ref = {10: 0, 30: 2, 40: 3}
    batch = {25: 7, 40: 8, 20: 9, 5: 10, 50: 11}  # new ids, one in the dict, one dropped before
    m.set_many(np.array(list(batch), dtype=np.int64), np.array(list(batch.values()), dtype=np.int64))
    ref.update(batch)
    probe = np.array(sorted({*ref, 99}), dtype=np.int64)
    assert m.many(probe).tolist() == [ref.get(k, -1) for k in probe.tolist()]
    assert len(m) == len(ref) and m.max_key() == 50 and all(m.get(k) == v for k, v in ref.items())


def test_kept_answers_are_pruned_and_their_refs_never_reused(settings, monkeypatch):
    monkeypatch.setattr("store.chats.KEPT_ANSWERS", 50)
    s, other = IncidentStore(settings.data_dir), IncidentStore(settings.data_dir)
    refs = [s.keep_answer(7, {"q": f"question {k}"}) for k in range(205)]
    assert refs == list(range(1, 206))
    assert s.kept_answer(150) is None and s.kept_answer(151)["query"] == {"q": "question 150"}
    assert other.kept_answer(205)["query"] == {"q": "question 204"}  # another process, from the journal
    assert other.keep_answer(8, {"q": "from the other"}) == 206
    s.close()
    other.close()
    again = IncidentStore(settings.data_dir)
    assert again.keep_answer(9, {"q": "after a restart"}) == 207 and again.kept_answer(206)["chat_id"] == 8
