"""The rule tables are consistent: every classification cue is detectable, every alias folds to one actor."""

from __future__ import annotations

import re

from bot.understand import events


def test_every_rule_cue_triggers_detection():
    for rule in events.RULES:
        for cue in rule.cues:
            sample = re.sub(r"\\b|\(\?:|\)|\?|\[.*?\]|\|.*", "", cue).replace("\\", "")
            if events.TRIGGER.search(sample) is None and rule.cue.search(sample):
                raise AssertionError(f"{rule.sub_event}: {cue!r} classifies but never triggers")


def test_every_sub_event_is_acled():
    for rule in events.RULES:
        assert rule.sub_event in events.SUB_TO_TYPE


def test_word_tables_are_folded_and_unambiguous():
    """data/words.toml: vague numbers are counts, a noun names one kind of dead, words are folded."""
    from bot.understand import fatalities, numbers, places
    from store.geo.textnorm import fold

    assert all(isinstance(n, int) and n > 0 for n in numbers.APPROX.values())
    kinds: dict[str, str] = {}
    for kind, nouns in fatalities.CATEGORY.items():
        for noun in nouns:
            assert fold(noun) == noun, noun
            assert kinds.setdefault(noun, kind) == kind, f"{noun!r} is both {kinds[noun]} and {kind}"
    assert set(fatalities.SINGULAR) <= set(kinds)
    assert all(fold(w) == w for w in places.TITLES)
    assert {"islamic", "reuters", "minister"} <= places.STOP


def test_home_grounds_name_known_actors_and_regions():
    """data/actors.toml [home_regions]: each key is an actor of the table, each region an admin1 of the gazetteer."""
    from bot.understand import actors
    from store.geo.gazetteer import Gazetteer

    regions = set(Gazetteer.default().admin1_names.values())
    for name, homes in actors.HOME_REGIONS.items():
        assert name in actors.ACTORS, name
        assert homes <= regions, homes - regions


def test_a_cue_list_as_a_trie_matches_what_the_plain_alternation_matches():
    import re

    from bot.understand.tables import any_of

    cues = ["kill", "killed", "kidnap", "ban(?:ned|s)?\\b", "attacks?", "set fire to", "k", "(?:gun|rifle)men", "a"]
    plain, trie = re.compile(r"\b(?:" + "|".join(cues) + ")"), re.compile(r"\b" + any_of(cues))
    assert trie.pattern.startswith(r"\b(?:k(?:i(?:")  # shared letters once
    texts = ["they killed two", "a ban", "bans", "banner", "gunmen", "the attack", "set fire to", "nothing", "xk"]
    for text in texts:
        assert bool(plain.search(text)) == bool(trie.search(text)), text
