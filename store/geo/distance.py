"""Great-circle distances (km), for places and for numpy columns of coordinates alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from store.geo.gazetteer import Place


def haversine_km(lat1: float, lon1: float, lat2, lon2):
    """Great-circle distance in km; lat2/lon2 may be numpy arrays."""
    lat1r, lon1r = np.radians(lat1), np.radians(lon1)
    lat2r, lon2r = np.radians(lat2), np.radians(lon2)
    a = np.sin((lat2r - lat1r) / 2) ** 2 + np.cos(lat1r) * np.cos(lat2r) * np.sin((lon2r - lon1r) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places, in km."""
    return float(haversine_km(a.lat, a.lon, b.lat, b.lon))
