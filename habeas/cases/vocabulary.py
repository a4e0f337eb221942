"""The case record's words in the label registry (registered by CasesConfig.ready): people's roles,
parties, custody, resolution events, the record's sections and the names of sourced facts."""

from __future__ import annotations

from habeas.cases.fact_names import FACT_LABELS
from habeas.cases.models import (
    CaseTeamMember,
    Claim,
    Conviction,
    EvidenceItem,
    Lead,
    Party,
    PersonRole,
    ResolutionEvent,
)
from habeas.cases.services.kinds import KINDS
from habeas.core import labels


def vocabulary_install() -> None:
    labels.labels_register(labels.PERSON_ROLE, PersonRole.choices)
    labels.labels_register(labels.PARTY_KIND, Party.Kind.choices)
    labels.labels_register(labels.CUSTODY, Party.Custody.choices)
    labels.labels_register(labels.RESOLUTION, ResolutionEvent.Kind.choices)
    labels.labels_register(labels.FACT, FACT_LABELS)
    labels.labels_register(labels.RECORD_KIND, {slug: kind.label for slug, kind in KINDS.items()})
    labels.labels_register("team_role", CaseTeamMember.Role.choices)
    labels.labels_register("conviction_form", Conviction.Form.choices)
    labels.labels_register("claim_status", Claim.Status.choices)
    labels.labels_register("preservation", EvidenceItem.Preservation.choices)
    labels.labels_register("lead_status", Lead.Status.choices)
