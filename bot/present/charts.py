"""Pictures for answers: a timeline and a map, rendered offline with matplotlib to PNG bytes.

The map draws Natural Earth borders (shipped as ``store/geo/data/basemap.json.gz``), incidents
as points sized by fatalities and coloured by type, and the asked place with its radius.
"""

from __future__ import annotations

import gzip
import io
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from importlib import resources

import numpy as np
import orjson

from store.incident import IncidentLike

BASEMAP = resources.files("store.geo") / "data" / "basemap.json.gz"
COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#7f7f7f",
}
SHORT = {
    "Explosions/Remote violence": "Explosions",
    "Violence against civilians": "Against civilians",
    "Strategic developments": "Strategic dev.",
}


def _figure(width: float, height: float):
    """A figure of matplotlib's object API: no pyplot state, safe in worker threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


@cache
def basemap() -> list[tuple[str, list[np.ndarray]]]:
    data = orjson.loads(gzip.decompress(BASEMAP.read_bytes()))
    return [(c["name"], [np.asarray(r) for r in c["rings"]]) for c in data["countries"]]


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def _source_line(docs: Sequence[IncidentLike]) -> str:
    articles = {s.get("article_id") for d in docs for s in d.get("sources") or [] if s.get("article_id")}
    imported = sum(1 for d in docs if not d.get("sources"))
    parts = [f"{len(docs)} incident{'s' if len(docs) != 1 else ''}"]
    if articles:
        parts.append(f"from {len(articles)} article{'s' if len(articles) != 1 else ''}")
    if imported:
        parts.append(f"{imported} imported")
    return "Source: " + ", ".join(parts) + "; fatalities as reported"


def timeline(docs: Sequence[IncidentLike], title: str) -> bytes:
    """Stacked bars of incidents per week (or month, for spans over 6 months) by type, with
    reported fatalities on their own axis; every period shown, empty ones too."""
    from matplotlib.ticker import MaxNLocator

    dated = [d for d in docs if d.get("event_date")]
    fig = _figure(7.5, 4.2)
    ax = fig.add_subplot()
    if not dated:
        ax.text(0.5, 0.5, "No dated incidents", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    days = [date.fromisoformat(d["event_date"]) for d in dated]
    monthly = (max(days) - min(days)).days > 183

    def bucket(d: date) -> date:
        return d.replace(day=1) if monthly else d - timedelta(days=d.weekday())

    keys = [bucket(min(days))]
    while keys[-1] < bucket(max(days)):  # a continuous axis: quiet periods show as gaps
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
        ax.bar(range(len(keys)), counts, bottom=bottom, color=COLORS[t], label=SHORT.get(t, t), width=0.8, zorder=2)
        bottom += counts
    ax.set_ylim(0, max(bottom.max() * 1.15, bottom.max() + 0.6))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#ddd", lw=0.6, zorder=0)
    deaths = _deaths_per_period(dated, days, bucket, idx)
    ax2 = ax.twinx()
    ax2.plot(
        range(len(keys)),
        [deaths[i] for i in range(len(keys))],
        color="black",
        marker="o",
        lw=1,
        ms=3,
        label="fatalities (reported)",
    )
    ax2.set_ylim(0, max(max(deaths.values(), default=0) * 1.15, 1))
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_ylabel("fatalities (reported)")
    step = max(1, -(-len(keys) // 10))
    ax.set_xticks(range(0, len(keys), step))
    ax.set_xticklabels(
        [k.strftime("%b %Y" if monthly else "%d %b %Y") for k in keys[::step]], fontsize=7, rotation=30, ha="right"
    )
    ax.set_xlim(-0.6, len(keys) - 0.4)
    ax.set_ylabel("incidents per " + ("month" if monthly else "week"))
    ax.set_title(title, fontsize=9)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.03),
        ncol=min(len(labels), 6),
        fontsize=7,
        frameon=False,
    )
    fig.text(0.99, 0.005, _source_line(docs), fontsize=6, ha="right", va="bottom", color="#555")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return _png(fig)


def _deaths_per_period(dated: Sequence[IncidentLike], days: list[date], bucket, idx: dict) -> Counter:
    """Reported deaths per period; a coordinated attack's toll once, not once per town."""
    deaths: Counter = Counter()
    seen_groups = set()
    for d, day in zip(dated, days, strict=True):
        if d.get("group_id"):
            if d["group_id"] in seen_groups:
                continue
            seen_groups.add(d["group_id"])
            deaths[idx[bucket(day)]] += d.get("group_fatalities") or 0
        else:
            deaths[idx[bucket(day)]] += d.get("fatalities") or 0
    return deaths


def _frame(pts: Sequence[IncidentLike], center, radius_km, country: str | None) -> tuple[float, float, float, float]:
    """(south, north, west, east): the incidents and the asked circle with a margin, and the whole
    country asked about."""
    lats = [d["latitude"] for d in pts]
    lons = [d["longitude"] for d in pts]
    if center:
        r = (radius_km or 0) / 111.0
        lats += [center[0] - r, center[0] + r]
        lons += [center[1] - r, center[1] + r]
    for name, rings in basemap():
        if country and name == country:
            lats += [float(min(r[:, 1].min() for r in rings)), float(max(r[:, 1].max() for r in rings))]
            lons += [float(min(r[:, 0].min() for r in rings)), float(max(r[:, 0].max() for r in rings))]
    if not lats:
        return 9.0, 24.0, -17.0, 16.0
    pad = max(0.5, 0.08 * max(max(lats) - min(lats), max(lons) - min(lons)))
    return min(lats) - pad, max(lats) + pad, min(lons) - pad, max(lons) + pad


def incident_map(
    docs: Sequence[IncidentLike],
    title: str,
    center: tuple[float, float] | None = None,
    radius_km: float | None = None,
    place_label: str | None = None,
    country: str | None = None,
    frame_country: bool = True,
) -> bytes:
    """Incidents over country borders, sized by fatalities and coloured by type; the main places
    and their regions named, the asked place and radius drawn, a scale bar, a legend outside the points."""
    pts = [d for d in docs if d.get("latitude") is not None]
    fig = _figure(7, 6)
    ax = fig.add_subplot()
    south, north, west, east = _frame(pts, center, radius_km, country if frame_country else None)
    country_labels = []
    for name, rings in basemap():
        near = [
            r
            for r in rings
            if not (r[:, 0].max() < west or r[:, 0].min() > east or r[:, 1].max() < south or r[:, 1].min() > north)
        ]
        for r in near:
            ax.fill(r[:, 0], r[:, 1], color="#f4f1ea" if name == country else "#fbfbfb", zorder=0)
            ax.plot(r[:, 0], r[:, 1], color="#999", lw=0.6, zorder=1)
        if near:
            big = max(near, key=len)
            cx, cy = float(np.median(big[:, 0])), float(np.median(big[:, 1]))
            if west < cx < east and south < cy < north:
                country_labels.append(
                    ax.text(cx, cy, name.upper(), fontsize=8, color="#aaa", ha="center", va="center", zorder=1)
                )
    for t, color in COLORS.items():
        sel = [d for d in pts if d.get("event_type") == t]
        if sel:
            sizes = [20 + 4 * min(d.get("fatalities") or d.get("group_fatalities") or 0, 100) for d in sel]
            ax.scatter(
                [d["longitude"] for d in sel],
                [d["latitude"] for d in sel],
                s=sizes,
                c=color,
                alpha=0.65,
                edgecolors="black",
                linewidths=0.4,
                label=SHORT.get(t, t),
                zorder=3,
            )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    _name_main_places(ax, pts, (east - west) / 14)
    _name_regions(ax, pts)
    _drop_covered(ax, country_labels)
    if center:
        ax.plot(center[1], center[0], marker="*", color="black", ms=12, zorder=4)
        if place_label:
            ax.annotate(
                place_label,
                (center[1], center[0]),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=9,
                weight="bold",
                zorder=5,
            )
        if radius_km:
            theta = np.linspace(0, 2 * np.pi, 90)
            dlat = radius_km / 111.0
            dlon = dlat / max(np.cos(np.radians(center[0])), 0.1)
            ax.plot(center[1] + dlon * np.cos(theta), center[0] + dlat * np.sin(theta), ls="--", color="black", lw=0.8)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(np.cos(np.radians((south + north) / 2)), 0.2))
    ax.set_xticks([])
    ax.set_yticks([])
    _scale_bar(ax, south, north, west, east)
    ax.set_title(title, fontsize=10)
    if pts:
        legend = fig.legend(
            *ax.get_legend_handles_labels(),
            loc="lower center",
            bbox_to_anchor=(0.5, 0.025),
            ncol=6,
            fontsize=7,
            frameon=False,
            title="point size: reported fatalities",
            title_fontsize=7,
        )
        for handle in legend.legend_handles:
            handle.set_sizes([40])
    fig.text(
        0.99,
        0.005,
        _source_line(docs) + "; borders: Natural Earth; places: GeoNames, OpenStreetMap",
        fontsize=6,
        ha="right",
        va="bottom",
        color="#555",
    )
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return _png(fig)


def _name_regions(ax, pts: Sequence[IncidentLike], most: int = 6) -> None:
    """When the incidents span several admin-1 regions, each region's name in grey italics under
    the middle of its incidents (there are no region borders to draw), the busiest regions first;
    a name that would cover another label is left out (measured on the renderer, not guessed)."""
    by_region: dict[str, list[IncidentLike]] = {}
    for d in pts:
        if d.get("admin1"):
            by_region.setdefault(d["admin1"], []).append(d)
    if len(by_region) < 2:
        return
    renderer = ax.figure.canvas.get_renderer()
    for name, members in sorted(by_region.items(), key=lambda kv: -len(kv[1]))[:most]:
        x = float(np.median([d["longitude"] for d in members]))
        y = float(np.median([d["latitude"] for d in members]))
        label = ax.annotate(
            name,
            (x, y),
            xytext=(0, -14),
            textcoords="offset points",
            fontsize=7,
            color="#8a7f6a",
            style="italic",
            ha="center",
            zorder=2,
        )
        box = label.get_window_extent(renderer).expanded(1.1, 1.2)
        if any(box.overlaps(t.get_window_extent(renderer)) for t in ax.texts if t is not label):
            label.remove()


def _drop_covered(ax, labels: list) -> None:
    """A country's name under a point, a place or a region name gives way to it (the shading still
    says which country is which)."""
    renderer = ax.figure.canvas.get_renderer()
    others = [t for t in ax.texts if t not in labels]
    points = [ax.transData.transform(xy) for c in ax.collections for xy in c.get_offsets()]
    for label in labels:
        box = label.get_window_extent(renderer).expanded(1.15, 1.4)
        if any(box.overlaps(t.get_window_extent(renderer)) for t in others) or any(
            box.contains(x, y) for x, y in points
        ):
            label.remove()


def _name_main_places(ax, pts: Sequence[IncidentLike], min_gap: float, most: int = 8) -> None:
    """Label the places with the most incidents and deaths, skipping any too close to one already
    labelled, so names never pile up."""
    weight: dict[str, float] = {}
    where: dict[str, tuple[float, float]] = {}
    for d in pts:
        name = d.get("location")
        if not name:
            continue
        weight[name] = weight.get(name, 0.0) + 1 + (d.get("fatalities") or 0) / 10
        where[name] = (d["longitude"], d["latitude"])
    placed: list[tuple[float, float]] = []
    for name in sorted(weight, key=lambda k: -weight[k]):
        x, y = where[name]
        if any(abs(x - px) < min_gap and abs(y - py) < min_gap / 2 for px, py in placed):
            continue
        ax.annotate(name, (x, y), xytext=(5, -3), textcoords="offset points", fontsize=7, color="#222", zorder=5)
        placed.append((x, y))
        if len(placed) >= most:
            break


def _scale_bar(ax, south: float, north: float, west: float, east: float) -> None:
    """A bar of a round number of kilometres, about a fifth of the map's width, bottom left."""
    mid = np.radians((south + north) / 2)
    width_km = (east - west) * 111.32 * np.cos(mid)
    km = next((k for k in (1000, 500, 200, 100, 50, 20, 10, 5) if k <= width_km / 4), 5)
    length = km / (111.32 * max(np.cos(mid), 0.1))
    x0, y0 = west + (east - west) * 0.04, south + (north - south) * 0.04
    ax.plot([x0, x0 + length], [y0, y0], color="black", lw=2.5, solid_capstyle="butt", zorder=6)
    ax.text(
        x0 + length / 2,
        y0 + (north - south) * 0.015,
        f"{km} km",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=6,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
    )
