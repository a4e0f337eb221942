from habeas.cases.models.case import Case, CaseShare, CaseTeamMember
from habeas.cases.models.people import CasePerson, Person, PersonRole
from habeas.cases.models.record import (
    Charge,
    Conviction,
    Incident,
    Party,
    PostConvictionFiling,
    Sentence,
)
from habeas.cases.models.saved_filter import SavedCaseFilter
from habeas.cases.models.work import (
    Claim,
    CustodyEvent,
    EvidenceItem,
    FactAssertion,
    Lead,
    Note,
    Task,
)
from habeas.cases.models.workflow import (
    CommitteeVote,
    Recusal,
    ResolutionEvent,
    ScreeningAnswer,
    ScreeningCriterion,
    StageTransition,
)

__all__ = [
    "Case",
    "CasePerson",
    "CaseShare",
    "CaseTeamMember",
    "Charge",
    "Claim",
    "CommitteeVote",
    "Conviction",
    "CustodyEvent",
    "EvidenceItem",
    "FactAssertion",
    "Incident",
    "Lead",
    "Note",
    "Party",
    "Person",
    "PersonRole",
    "PostConvictionFiling",
    "Recusal",
    "ResolutionEvent",
    "SavedCaseFilter",
    "ScreeningAnswer",
    "ScreeningCriterion",
    "Sentence",
    "StageTransition",
    "Task",
]
