"""Which picture an answer gets, drawn from all its incidents (not just the page shown)."""

from __future__ import annotations

from bot.present.answer import Answer
from bot.present.charts import incident_map, timeline
from bot.present.describe import describe

ASKED = {"trend": "timeline", "map": "map"}  # what a question wants -> the picture it gets


def asked_picture(query) -> str | None:
    """'timeline' for "trend of attacks in Mali", 'map' for "map of attacks near Gao", else None."""
    return ASKED.get(query.want)


def picture(assistant, answer: Answer, kind: str) -> bytes | None:
    """PNG bytes of a 'timeline' or 'map' for an answer; None when there is nothing to draw."""
    if answer.kind not in ("results", "empty"):
        return None
    docs = answer.all_incidents or answer.incidents
    title = describe(answer.query)
    if kind == "timeline":
        return timeline(docs, title)
    p = answer.query.place
    town = p if p is not None and p.kind == "town" else None
    center = (town.lat, town.lon) if town and town.lat is not None and town.lon is not None else None
    radius = answer.query.radius_km if town else None
    country = (p.country or p.name) if p else None
    # "in Mali": the whole country in the frame; "near Gao": the circle, Mali only shaded
    return incident_map(docs, title, center, radius, town.name if town else None, country, frame_country=not town)
