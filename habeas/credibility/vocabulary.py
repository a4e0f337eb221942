"""The registry's words in the label registry (registered by CredibilityConfig.ready)."""

from __future__ import annotations

from habeas.core import labels
from habeas.domain.credibility.vocabulary import (
    ALERT_SOURCES,
    ALERT_STATUSES,
    FINDING_TYPES,
    KINDS,
    STATUSES,
)

OFFICIAL_KIND = "official_kind"
FINDING_TYPE = "finding_type"
LIST_STATUS = "list_status"
ALERT_STATUS = "alert_status"
ALERT_SOURCE = "alert_source"


def vocabulary_install() -> None:
    labels.labels_register(OFFICIAL_KIND, KINDS)
    labels.labels_register(FINDING_TYPE, FINDING_TYPES)
    labels.labels_register(LIST_STATUS, STATUSES)
    labels.labels_register(ALERT_STATUS, ALERT_STATUSES)
    labels.labels_register(ALERT_SOURCE, ALERT_SOURCES)
