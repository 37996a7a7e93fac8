"""Pictures for answers: a timeline and a map, rendered offline with matplotlib to PNG bytes.

The map draws Natural Earth borders (shipped as ``store/geo/data/basemap.json.gz``), incidents
as points sized by fatalities and coloured by type, and the asked place with its radius.
"""

from __future__ import annotations

import gzip
import io
from collections import Counter
from datetime import date, timedelta
from functools import cache
from importlib import resources

import numpy as np
import orjson

BASEMAP = resources.files("store.geo") / "data" / "basemap.json.gz"
COLORS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#7f7f7f",
}
SHORT = {"Explosions/Remote violence": "Explosions", "Violence against civilians": "Against civilians",
         "Strategic developments": "Strategic dev."}


@cache
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@cache
def basemap() -> list[tuple[str, list[np.ndarray]]]:
    data = orjson.loads(gzip.decompress(BASEMAP.read_bytes()))
    return [(c["name"], [np.asarray(r) for r in c["rings"]]) for c in data["countries"]]


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    _plt().close(fig)
    return buf.getvalue()


def timeline(docs: list[dict], title: str) -> bytes:
    """Stacked bars of incidents per week (or month, for spans over 6 months) by type,
    with reported fatalities as a line."""
    plt = _plt()
    dated = [d for d in docs if d.get("event_date")]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    if not dated:
        ax.text(0.5, 0.5, "No dated incidents", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    days = [date.fromisoformat(d["event_date"]) for d in dated]
    monthly = (max(days) - min(days)).days > 183
    def bucket(d: date) -> date:
        return d.replace(day=1) if monthly else d - timedelta(days=d.weekday())
    keys = [bucket(min(days))]
    while keys[-1] < bucket(max(days)):  # a continuous axis: quiet weeks show as gaps
        nxt = keys[-1] + timedelta(days=32 if monthly else 7)
        keys.append(nxt.replace(day=1) if monthly else nxt)
    idx = {k: i for i, k in enumerate(keys)}
    types = [t for t in COLORS if any(d.get("event_type") == t for d in dated)]
    bottom = np.zeros(len(keys))
    for t in types:
        counts = np.zeros(len(keys))
        for d, day in zip(dated, days, strict=True):
            if d.get("event_type") == t:
                counts[idx[bucket(day)]] += 1
        ax.bar(range(len(keys)), counts, bottom=bottom, color=COLORS[t], label=SHORT.get(t, t), width=0.8)
        bottom += counts
    deaths = Counter()
    seen_groups = set()
    for d, day in zip(dated, days, strict=True):
        if d.get("group_id"):
            if d["group_id"] in seen_groups:
                continue
            seen_groups.add(d["group_id"])
            deaths[idx[bucket(day)]] += d.get("group_fatalities") or 0
        else:
            deaths[idx[bucket(day)]] += d.get("fatalities") or 0
    ax2 = ax.twinx()
    ax2.plot(range(len(keys)), [deaths[i] for i in range(len(keys))], color="black", marker="o", lw=1, ms=3,
             label="fatalities (reported)")
    ax2.set_ylabel("fatalities")
    step = max(1, len(keys) // 8)
    ax.set_xticks(range(0, len(keys), step))
    ax.set_xticklabels([k.strftime("%b %Y" if monthly else "%d %b") for k in keys[::step]], fontsize=7, rotation=30)
    ax.set_ylabel("incidents per " + ("month" if monthly else "week"))
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    return _png(fig)


def incident_map(docs: list[dict], title: str, center: tuple[float, float] | None = None,
                 radius_km: float | None = None, place_label: str | None = None) -> bytes:
    """Incidents over country borders; the asked place and radius drawn when given."""
    plt = _plt()
    pts = [d for d in docs if d.get("latitude") is not None]
    fig, ax = plt.subplots(figsize=(6, 5))
    lats = [d["latitude"] for d in pts] + ([center[0]] if center else [])
    lons = [d["longitude"] for d in pts] + ([center[1]] if center else [])
    if lats:
        pad = max(1.0, (radius_km or 0) / 100 * 1.3)
        south, north = min(lats) - pad, max(lats) + pad
        west, east = min(lons) - pad, max(lons) + pad
    else:
        south, north, west, east = 9.0, 24.0, -17.0, 16.0
    for name, rings in basemap():
        for r in rings:
            if r[:, 0].max() < west - 5 or r[:, 0].min() > east + 5 or r[:, 1].max() < south - 5 or r[:, 1].min() > north + 5:
                continue
            ax.plot(r[:, 0], r[:, 1], color="#888", lw=0.6)
        xs = np.concatenate([r[:, 0] for r in rings])
        ys = np.concatenate([r[:, 1] for r in rings])
        cx, cy = float(np.median(xs)), float(np.median(ys))
        if west < cx < east and south < cy < north:
            ax.text(cx, cy, name, fontsize=7, color="#666", ha="center")
    for t, color in COLORS.items():
        sel = [d for d in pts if d.get("event_type") == t]
        if sel:
            sizes = [20 + 4 * min(d.get("fatalities") or d.get("group_fatalities") or 0, 100) for d in sel]
            ax.scatter([d["longitude"] for d in sel], [d["latitude"] for d in sel], s=sizes, c=color,
                       alpha=0.6, edgecolors="black", linewidths=0.4, label=SHORT.get(t, t), zorder=3)
    if center:
        ax.plot(center[1], center[0], marker="*", color="black", ms=12, zorder=4)
        if place_label:
            ax.annotate(place_label, (center[1], center[0]), xytext=(5, 5), textcoords="offset points", fontsize=8)
        if radius_km:
            theta = np.linspace(0, 2 * np.pi, 90)
            dlat = radius_km / 111.0
            dlon = dlat / max(np.cos(np.radians(center[0])), 0.1)
            ax.plot(center[1] + dlon * np.cos(theta), center[0] + dlat * np.sin(theta), ls="--", color="black", lw=0.8)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(np.cos(np.radians((south + north) / 2)), 0.2))
    ax.set_title(title, fontsize=9)
    if pts:
        ax.legend(loc="lower left", fontsize=7)
    ax.text(0.99, 0.01, "Made with Natural Earth", transform=ax.transAxes, fontsize=6, ha="right", color="#666")
    fig.tight_layout()
    return _png(fig)
