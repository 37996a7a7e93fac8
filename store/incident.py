"""The incident record that flows through every layer: extracted (``bot.understand``), stored
(``store.incidents``), imported and exported (``store.acled``), answered (``bot.present``).

Field names are ACLED's where ACLED has the field, so data moves in and out of analysts' tools;
the rest are the project's own. Every key is optional: an extracted incident has no id yet, an
imported ACLED row has no sources, a place the gazetteer lacks has no coordinates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class Source(TypedDict, total=False):
    article_id: int | None
    url: str | None
    title: str | None
    published: str | None


class Incident(TypedDict, total=False):
    # ACLED's fields
    event_id_cnty: str | None
    event_date: str  # ISO date
    year: int | None
    time_precision: int  # 1 day, 2 week, 3 month
    disorder_type: str | None
    event_type: str
    sub_event_type: str | None
    event_type_original: str | None  # a pre-2019 ACLED type, as imported
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | str | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | str | None
    interaction: int | str | None
    civilian_targeting: str | None
    iso: int | None
    region: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None  # 1 the town, 2 near it or a small area, 3 the region
    source: str | None
    source_scale: str | None
    notes: str | None
    fatalities: int | None  # None: no toll reported (never read as 0)
    tags: str | None
    timestamp: int | None
    # the project's own
    id: int
    country_code: str | None
    location_match: str | None  # exact, fuzzy, hint, container, unknown, capital...
    geonameid: int | None
    osm_node_id: int | None
    fatalities_detail: dict[str, int]  # soldiers / civilians / militants / people / unspecified
    group_id: str | None  # one coordinated attack on several places
    group_size: int | None
    group_named: int | None
    group_fatalities: int | None
    source_text: str | None
    language: str | None
    status: str  # extracted, confirmed, imported
    sources: list[Source]
    article_ids: list[int]
    tolls: list[dict]
    created_at: str
    updated_at: str
    distance_km: float  # only in answers "near X"


# What the presentation and the core read: a typed Incident or a row as the store holds it (a plain dict).
IncidentLike = Mapping[str, Any]
