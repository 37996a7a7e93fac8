"""Countries the product covers: ISO codes, ACLED names, names and demonyms in English and French."""

from __future__ import annotations

from store.geo.textnorm import fold

# code: (ACLED country name, other names and demonyms, en and fr, used to spot the country in text)
COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ML": ("Mali", ("mali", "malian", "malians", "malien", "malienne", "maliens", "maliennes")),
    "BF": ("Burkina Faso", ("burkina faso", "burkina", "burkinabe", "burkinabes", "burkinabè", "faso")),
    "NE": ("Niger", ("niger", "nigerien", "nigeriens", "nigérien", "nigérienne", "nigériens")),
    "SN": ("Senegal", ("senegal", "sénégal", "senegalese", "sénégalais", "sénégalaise")),
    "MR": ("Mauritania", ("mauritania", "mauritanie", "mauritanian", "mauritanien", "mauritanienne")),
    "GN": ("Guinea", ("guinea", "guinée", "guinean", "guinéen", "guinéenne")),
    "CI": ("Ivory Coast", ("ivory coast", "côte d'ivoire", "cote d ivoire", "ivorian", "ivoirien", "ivoirienne")),
    "GH": ("Ghana", ("ghana", "ghanaian", "ghanéen", "ghanéenne")),
    "NG": ("Nigeria", ("nigeria", "nigéria", "nigerian", "nigérian", "nigériane")),
    "TD": ("Chad", ("chad", "tchad", "chadian", "tchadien", "tchadienne")),
    "DZ": ("Algeria", ("algeria", "algérie", "algerian", "algérien", "algérienne")),
    "TG": ("Togo", ("togo", "togolese", "togolais", "togolaise")),
    "BJ": ("Benin", ("benin", "bénin", "beninese", "béninois", "béninoise")),
}

# Where ACLED places what a government does nationwide (a curfew, a ban): the capital.
CAPITALS: dict[str, str] = {
    "ML": "Bamako",
    "BF": "Ouagadougou",
    "NE": "Niamey",
    "SN": "Dakar",
    "MR": "Nouakchott",
    "GN": "Conakry",
    "CI": "Abidjan",
    "GH": "Accra",
    "NG": "Abuja",
    "TD": "N'Djamena",
    "DZ": "Algiers",
    "TG": "Lomé",
    "BJ": "Porto-Novo",
}

# Sahel core: ranked first when an article names no country.
CORE = ("ML", "BF", "NE")

NAME_TO_CODE: dict[str, str] = {}
for _code, (_name, _words) in COUNTRIES.items():
    NAME_TO_CODE[fold(_name)] = _code
    for _w in _words:
        NAME_TO_CODE[fold(_w)] = _code
NAME_TO_CODE.pop("faso", None)
NAME_TO_CODE["faso"] = "BF"


def country_name(code: str | None) -> str | None:
    """ACLED country name for an ISO code."""
    return COUNTRIES[code][0] if code in COUNTRIES else None


def country_code(name: str | None) -> str | None:
    """ISO code for a country name, demonym or code, any case or accents."""
    if not name:
        return None
    if name.upper() in COUNTRIES:
        return name.upper()
    return NAME_TO_CODE.get(fold(name))
