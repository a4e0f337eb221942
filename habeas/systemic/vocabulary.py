"""The systemic review's words in the label registry (registered by SystemicConfig.ready): the
columns of a bulk conviction-records file, as the data-quality report names them."""

from __future__ import annotations

from habeas.core import labels
from habeas.domain.systemic.schema import CANONICAL

BULK_COLUMN = "bulk_column"

# Lower case: they are written inside sentences ("no offense date", "arrest date: in the future").
BULK_COLUMN_WORDS = {
    "defendant": "defendant",
    "first_name": "first name",
    "last_name": "last name",
    "dob": "date of birth",
    "docket": "docket",
    "court": "court",
    "offense": "offense",
    "offense_date": "offense date",
    "arrest_date": "arrest date",
    "conviction_date": "conviction date",
    "officers": "officers",
    "analysts": "analysts",
    "witnesses": "witnesses",
    "lab_numbers": "lab numbers",
    "lab": "lab",
    "agency": "agency",
}


def vocabulary_install() -> None:
    # A column added to the schema later is still written as words.
    words = {column: labels.code_words(column).lower() for column in CANONICAL}
    labels.labels_register(BULK_COLUMN, words | BULK_COLUMN_WORDS)
