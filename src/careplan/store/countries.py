"""A country as people type it ("New Zealand", "nz", "UK", "Deutschland", "usa") -> its code.

Names come from pycountry's ISO 3166 data (English names, official and common
names, two- and three-letter codes) and its translations, so a person may name
their country in their own language. Loaded only by `init`, an answers file and
`sos --country <name>`: never on the daily path.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# What people say that ISO 3166 spells differently.
ALIASES = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "america": "US",
    "united states of america": "US",
    "the us": "US",
    "the usa": "US",
    "aotearoa": "NZ",
    "holland": "NL",
}
# Ways of not answering that happen to be codes ("no" is Norway) or look like one.
NOT_A_COUNTRY = {"no", "none", "n/a", "skip", "-", "not sure", "unsure", "rather not say"}


def _key(text: str) -> str:
    """Case, accents, dots and extra spaces do not matter: 'Côte d’Ivoire' ~ 'cote d'ivoire'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", "")
    return " ".join(text.split())


def find_country(given: str) -> str | None:
    """The ISO 3166 alpha-2 code for a code or a name in any case, or None if unknown."""
    key = _key(given)
    if not key:
        return None
    if key in NOT_A_COUNTRY:
        return None
    if key in ALIASES:
        return ALIASES[key]
    # English first (a few ms); the translations (about a second) only for other names.
    return _english().get(key) or _translated().get(key)


@cache
def _english() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_key(value), country.alpha_2)
    return names


@cache
def _translated() -> dict[str, str]:
    """The same names in every language pycountry has ("Deutschland", "Nouvelle-Zélande")."""
    import gettext
    import os

    import pycountry

    names: dict[str, str] = {}
    countries = list(pycountry.countries)
    for language in sorted(os.listdir(pycountry.LOCALES_DIR)):
        try:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:
            continue
        for country in countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    names.setdefault(_key(translation.gettext(value)), country.alpha_2)
    return names
