"""How flag categories are named to reviewers, and the statement every flag view and packet carries."""

from __future__ import annotations

CATEGORY_LABELS: dict[str, str] = {
    "forensic_method": "Discredited or contested forensic method",
    "firearm_toolmark": "Firearm or toolmark identification",
    "gunshot_residue": "Gunshot residue said to show who fired",
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

# How the sentence around a passage speaks of the element, in the reviewer's words.
CONTEXT_LABELS: dict[str, str] = {
    "affirmed": "Stated about this case",
    "negated": "Said not to have happened",
    "hypothetical": "Only as a possibility",
    "citation": "In another case the document cites",
    "rejected_claim": "A claim the court rejected",
    "law": "The law or the method in general",
    "not_criminal": "A civil, records or immigration matter",
}
