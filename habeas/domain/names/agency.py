"""Agency names compared as keys: "N.Y.P.D." = "NYPD", "Kings County Sheriff's Office" =
"KINGS CO. SHERIFFS OFFICE", "Harbor City Police Dept." = "Harbor City Police Department":
accents and punctuation dropped, lower case, the abbreviations of ``data/agency_words.csv``
read as their full words, spaces removed."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from habeas.domain.names.tables import data_rows


@cache
def _words() -> dict[str, str]:
    return {row["short"].replace("'", ""): row["full"] for row in data_rows("agency_words.csv")}


@lru_cache(maxsize=4096)
def agency_key(agency: str | None) -> str | None:
    if not agency:
        return None
    text = unicodedata.normalize("NFKD", agency).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    # "N.Y.P.D." is one word, "Police Dept." two: dots between single letters join them.
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b)", r"\1", text)
    words = re.split(r"[^a-z0-9]+", text)
    full = _words()
    return "".join(full.get(w, w) for w in words if w) or None
