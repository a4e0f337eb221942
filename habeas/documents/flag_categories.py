"""How flag categories are named to reviewers, and the statement every flag view and packet carries."""

from __future__ import annotations

CATEGORY_LABELS: dict[str, str] = {
    "forensic_method": "Discredited or contested forensic method",
    "informant": "Jailhouse informant or incentivised witness",
    "eyewitness": "Eyewitness identification",
    "recantation": "Recantation",
    "brady": "Withheld exculpatory evidence (Brady)",
    "false_confession": "False-confession risk",
    "untested_biology": "Biological evidence never DNA-tested",
}

NO_FLAG_STATEMENT = (
    "Flags point a reviewer at passages to read; they are not findings and do not add up to a score. "
    "The absence of a flag is not evidence of a sound conviction: rules only see what the documents "
    "say in words they recognize, and only in the documents that have been added and processed."
)
