"""Disclosure's words in the label registry (registered by DisclosureConfig.ready)."""

from __future__ import annotations

from habeas.core.labels import AUDIT_ACTION, labels_register
from habeas.disclosure.models import (
    DeliveryMethod,
    Obligation,
    PrivilegeGround,
    ProductionStatus,
    RecipientKind,
    RedactionKind,
    RedactionReason,
    RedactionStatus,
)

VOCABULARIES = {
    "redaction_kind": RedactionKind.choices,
    "redaction_reason": RedactionReason.choices,
    "redaction_status": RedactionStatus.choices,
    "recipient_kind": RecipientKind.choices,
    "obligation": Obligation.choices,
    "production_status": ProductionStatus.choices,
    "privilege_ground": PrivilegeGround.choices,
    "delivery_method": DeliveryMethod.choices,
}

AUDIT_WORDS = {
    "redaction.apply": "Applied a redaction",
    "redaction.propose": "Proposed redactions",
    "redaction.accept": "Accepted proposed redactions",
    "redaction.remove": "Removed a redaction",
    "production.create": "Started a production",
    "production.update": "Changed a production",
    "production.add": "Added documents to a production",
    "production.drop": "Took a document out of a production",
    "production.build": "Asked for a production to be built",
    "production.built": "Built a production",
    "production.fail": "A production failed to build",
    "production.download": "Downloaded a production",
    "production.read": "Opened a production",
    "disclosure.record": "Recorded a disclosure",
    "privilege_log.generate": "Generated the privilege log",
    "privilege_log.update": "Changed a privilege log entry",
    "privilege_log.export": "Exported the privilege log",
}


def vocabulary_install() -> None:
    for kind, choices in VOCABULARIES.items():
        labels_register(kind, choices)
    labels_register(AUDIT_ACTION, AUDIT_WORDS)
