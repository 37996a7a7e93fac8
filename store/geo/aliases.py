"""Hand-kept place aliases: what GeoNames gets wrong or lacks for names in Sahel news.

Each entry maps a folded name to either an existing GeoNames id (the right row among
look-alikes) or a synthetic row (a place missing from GeoNames, coordinates approximate).
Add rows here, with a reason, when an analyst reports a wrong or missing place.
"""

from __future__ import annotations

# folded name -> GeoNames id
PREFERRED: dict[str, int] = {
    "fada": 2360886,  # Fada N'Gourma (BF); "Fada" alone in the news
    "fada n gourma": 2360886,
    "macina": 2455465,  # Ke-Macina (ML), the town, not the cercle or the Kayes hamlet
    "ogossagou": 12232587,  # fuzzy matching lands 26 km away; this is the village
    "moura": 2453345,  # Mali row (GeoNames 'Mora'); a Senegal village wins otherwise
    "arbinda": 2363174,  # GeoNames spells the town Aribinda; "Arbinda" is only the department
    "barsalogho": 2362735,  # GeoNames 'Barsalogo'
    "nioro du sahel": 2452651,
    "banibangou": 2447132,  # GeoNames writes "Bani Bangou"; of its two rows this is the town near the Mali border
    "diabaly": 2458187,  # GeoNames 'Diabali'; fuzzy matching prefers a hamlet 'Diabal' 70 km away
    "kenieba": 2455427,  # the cercle capital (Kayes region); GeoNames has eight Kéniéba
    "lere": 2454104,  # Léré (Niafunké cercle, Tombouctou), the town in the news; a Mopti hamlet shares the name
    "timbuktu": 2449067,
    "tombouctou": 2449067,
}

# Places GeoNames lacks. id < 0; geo_precision 2 because the coordinates are approximate.
SYNTHETIC: list[dict] = [
    {
        "id": -1,
        "name": "Boulkessi",
        "lat": 14.798,
        "lon": -1.303,
        "fcode": "MLTY",
        "cc": "ML",
        "admin1": "04",
        "admin2": "",
        "population": 0,
        "alternates": ["Boulkessy", "Boulikessi"],
        "note": "army camp near the Burkina border, Douentza area; GeoNames has only a BF namesake. "
        "Position of the village as OpenStreetMap maps it (node 4542686622); the first guess was 47 km off",
    },
]
