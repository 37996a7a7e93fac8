"""The structured filter every front end builds and the index answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class Filter:
    """What to select from the incident store. Empty fields do not filter."""

    center: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    countries: list[str] = field(default_factory=list)  # ACLED country names
    admin1: list[str] = field(default_factory=list)  # any spelling: "Tillabery region" finds "Tillabéri"
    admin2: list[str] = field(default_factory=list)  # "Soum" finds "Province du Soum"
    locations: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # ACLED actor names, actor1 or actor2
    attacker_only: bool = False  # actors must be actor1
    text: str | None = None
    whole_words: bool = False  # text matches whole words only ("ambush", not "ambushed")
    min_fatalities: int | None = None
    sort: str = "date_desc"  # date_desc | date_asc | distance | fatalities
    limit: int | None = None
    offset: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("date_from", "date_to"):
            d[k] = d[k].isoformat() if d[k] else None
        d["center"] = list(self.center) if self.center else None
        d["bbox"] = list(self.bbox) if self.bbox else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Filter:
        d = dict(d)
        for k in ("date_from", "date_to"):
            if d.get(k):
                d[k] = date.fromisoformat(d[k])
        if d.get("center"):
            d["center"] = tuple(d["center"])
        if d.get("bbox"):
            d["bbox"] = tuple(d["bbox"])
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in known})
