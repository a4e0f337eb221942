"""Names of the sourced facts: the words shown for a stored key, and the key for words typed."""

from __future__ import annotations

# Sourced facts the record knows by name; a key someone typed is shown as its words.
FACT_LABELS: dict[str, str] = {
    "sentence": "Sentence",
    "incident_date": "Date of the incident",
    "arrest_date": "Date of the arrest",
    "conviction_date": "Date of the conviction",
    "release_date": "Date of release",
    "offense": "Offense",
    "docket_number": "Docket number",
    "custody_status": "Custody status",
    "facility": "Facility",
    "corrections_id": "Corrections number",
}


def fact_key_from_words(text: str) -> str:
    """The stored key of a fact named in words ("Date of the arrest" -> arrest_date); a new name
    becomes a key of its own ("Date of the lineup" -> date_of_the_lineup)."""
    wanted = " ".join(text.split()).casefold()
    for key, words in FACT_LABELS.items():
        if wanted in (key, words.casefold()):
            return key
    return "_".join("".join(c if c.isalnum() else " " for c in wanted).split())[:60]
