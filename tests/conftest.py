"""Shared fixtures: real stores in temporary directories, the shipped gazetteer, fixed dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from bot.config import Settings
from bot.core.assistant import Assistant
from store.geo.gazetteer import Gazetteer
from store.incidents import IncidentStore

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2025, 11, 24)  # questions in the suite are asked "on" this Monday


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        load_demo=False,
        telegram_token=None,
        allowed_users=[1001, 1002],
        admins=[1000],
        alert_interval_s=0.2,
        timezone="Africa/Bamako",
    )


@pytest.fixture
def store(settings: Settings):
    s = IncidentStore(settings.data_dir)
    yield s
    s.close()


@pytest.fixture
def assistant(store: IncidentStore, settings: Settings, gaz: Gazetteer) -> Assistant:
    return Assistant(store, settings, gaz)


def fixture_incidents() -> list[dict]:
    """Hand-written incidents for the question suite (ids in event_id_cnty: Q01...)."""
    return [orjson.loads(line) for line in (FIXTURES / "incidents.jsonl").read_bytes().splitlines() if line.strip()]


@pytest.fixture
def loaded(assistant: Assistant) -> Assistant:
    assistant.store.import_incidents(fixture_incidents())
    return assistant
