"""Django-free record linkage for people named in case files (officers, informants, analysts).

``person_link(records)`` deduplicates person records with Splink (Fellegi-Sunter) on DuckDB, or on
Spark with ``LinkSettings(backend="spark")``. Input columns, any of which may be null except
``record_id``: record_id, source, first_name, middle_name, last_name, full_name (split when
first/last are missing), dob, badge, agency, role. Output: scored pairs with their reasons in
words, clusters at ``merge_threshold``, and a review list that is never merged automatically.
Human decisions (``must_link`` / ``cannot_link``) always win over the model."""

from habeas.domain.linkage.constraints import ConflictingDecisionsError
from habeas.domain.linkage.engine import (
    LinkageBackendError,
    LinkResult,
    LinkSettings,
    PairPrediction,
    person_link,
)
from habeas.domain.linkage.prepare import SkippedRecord

__all__ = [
    "ConflictingDecisionsError",
    "LinkResult",
    "LinkSettings",
    "LinkageBackendError",
    "PairPrediction",
    "SkippedRecord",
    "person_link",
]
