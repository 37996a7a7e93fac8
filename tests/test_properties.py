"""Random and adversarial text never raises, and never stores garbage (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.intake import InputError, check_article
from bot.questions.parse import PlaceFinder, parse
from bot.understand.extract import extract
from bot.understand.published import publication_date, read_date
from store.acled import AcledFormatError, read_csv

TODAY = date(2025, 11, 24)
VOCAB = (
    "attack attacked killed tués soldiers civils JNIM ISWAP near près de in à the le la on mardi Tuesday "
    "yesterday hier 12 June juin 2025 Kayes Gao Ménaka Djibo Boni village drone strike ambush embuscade "
    "; , . ( ) « » - / : ' \" 0 7 100km km since depuis region région Mali Burkina Niger"
).split()
salad = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=120).map(" ".join)
anything = st.text(max_size=400)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.one_of(salad, anything))
def test_the_extractor_never_raises_and_returns_well_formed_incidents(gaz, text):
    out = extract(text, TODAY, gaz)
    for inc in out["incidents"]:
        assert inc["event_type"] and inc["event_date"] <= "2025-11-26"
        assert inc["fatalities"] is None or inc["fatalities"] >= 0
        assert (inc["latitude"] is None) == (inc["longitude"] is None)


@fast
@given(st.one_of(salad, anything))
def test_the_question_parser_never_raises(gaz, text):
    q = parse(text, TODAY, PlaceFinder(gaz))
    assert q.date_from is None or q.date_to is None or q.date_from <= q.date_to or q.is_question


@fast
@given(st.one_of(salad, anything))
def test_intake_accepts_or_refuses_politely(text):
    try:
        check_article(text, 100_000)
    except InputError as exc:
        assert len(str(exc)) < 300 and (len(text) < 100 or text[:100] not in str(exc))


@fast
@given(st.one_of(salad, anything))
def test_dates_in_text_are_never_in_the_future(text):
    found = publication_date(text, TODAY)
    assert found is None or found.value <= date(2025, 11, 25)
    typed = read_date(text, TODAY)
    assert typed is None or typed <= date(2025, 11, 25)


@fast
@given(
    st.lists(
        st.lists(
            st.one_of(anything, st.sampled_from(["2025-06-01", "Mali", "Battles", "12.5", ""])), min_size=1, max_size=6
        ),
        max_size=8,
    )
)
def test_the_csv_reader_reads_or_says_why(rows):
    header = "event_date,event_type,country,latitude,longitude,fatalities\n"
    text = header + "\n".join(",".join(f'"{c}"' for c in r) for r in rows)
    try:
        docs = list(read_csv(text))
    except AcledFormatError:
        return
    for d in docs:
        assert d["event_date"] and len(d["event_date"]) == 10
