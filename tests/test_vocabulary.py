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
