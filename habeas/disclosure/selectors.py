"""Reads of disclosure records, always through the case the reader may see (``case_get``).

Who sees what on a case they can see: the owning organization's users see every production,
redaction, privilege log entry and ledger row. A partner organization's users (the case is shared
with them) see only productions delivered to their organization (recipient kind "partner
organization" naming it, with a ledger row), those productions' ledger rows and the privilege log
entries of what was withheld from them; never the owner's redactions (what and why the owner
removes is its work product), drafts or productions for anyone else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.permissions import is_partner
from habeas.cases.selectors import case_get
from habeas.core.errors import NotFoundError
from habeas.disclosure.models import (
    DisclosureEntry,
    PrivilegeLogEntry,
    Production,
    ProductionItem,
    RecipientKind,
    Redaction,
)
from habeas.documents.models import Document


def _partner_productions_q(user: User) -> Q:
    return Q(
        recipient_kind=RecipientKind.PARTNER,
        recipient_organization_id=user.organization_id,
        deliveries__isnull=False,
    )


def production_queryset(*, user: User, case: Case) -> QuerySet[Production]:
    """The productions of a case (already fetched for ``user``) that ``user`` may see."""
    qs = Production.objects.filter(case=case)
    if is_partner(user, case):
        qs = qs.filter(_partner_productions_q(user)).distinct()
    return qs.select_related("created_by", "recipient_organization")


def production_list(*, user: User, case_ref: str) -> tuple[Case, QuerySet[Production]]:
    case = case_get(user=user, ref=case_ref)
    return case, production_queryset(user=user, case=case)


def production_get(
    *, user: User, case_ref: str, production_id: int, write: bool = False
) -> Production:
    case = case_get(user=user, ref=case_ref, write=write)
    production = production_queryset(user=user, case=case).filter(pk=production_id).first()
    if production is None:
        raise NotFoundError("Production not found.", kind="production")
    production.case = case
    return production


def production_items(production: Production) -> QuerySet[ProductionItem]:
    return production.items.select_related("document").order_by("order", "id")


def redaction_queryset(*, user: User, case: Case) -> QuerySet[Redaction]:
    if is_partner(user, case):
        return Redaction.objects.none()
    return Redaction.objects.filter(case=case).select_related(
        "document", "created_by", "applied_by", "removed_by"
    )


def redaction_list(
    *, user: User, case_ref: str, document_id: int | None = None, status: str = ""
) -> tuple[Case, QuerySet[Redaction]]:
    case = case_get(user=user, ref=case_ref)
    qs = redaction_queryset(user=user, case=case)
    if document_id is not None:
        qs = qs.filter(document_id=document_id)
    if status:
        qs = qs.filter(status=status)
    return case, qs


def redaction_get(
    *, user: User, case_ref: str, redaction_id: int, write: bool = False
) -> Redaction:
    case = case_get(user=user, ref=case_ref, write=write)
    redaction = redaction_queryset(user=user, case=case).filter(pk=redaction_id).first()
    if redaction is None:
        raise NotFoundError("Redaction not found.", kind="redaction")
    return redaction


def case_document(*, case: Case, document_id: int) -> Document:
    """A document of a case already fetched for the user (unknown ids answer 404)."""
    document = Document.objects.filter(case=case, pk=document_id, parent__isnull=True).first()
    if document is None:
        document = Document.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise NotFoundError("Document not found.", kind="document")
    return document


def case_documents(*, case: Case) -> QuerySet[Document]:
    """The documents of a case already fetched for the user, to choose for a production."""
    return Document.objects.filter(case=case).order_by("name", "id")


def privilege_log_queryset(*, user: User, case: Case) -> QuerySet[PrivilegeLogEntry]:
    qs = PrivilegeLogEntry.objects.filter(case=case)
    if is_partner(user, case):
        delivered = production_queryset(user=user, case=case).values_list("pk", flat=True)
        qs = qs.filter(
            Q(item__production_id__in=delivered)
            | Q(redaction__document__production_items__production_id__in=delivered)
        ).distinct()
    return qs.select_related("document", "redaction", "item").order_by("date", "id")


def privilege_log(*, user: User, case_ref: str) -> tuple[Case, QuerySet[PrivilegeLogEntry]]:
    case = case_get(user=user, ref=case_ref)
    return case, privilege_log_queryset(user=user, case=case)


def ledger_queryset(*, user: User, case: Case) -> QuerySet[DisclosureEntry]:
    qs = DisclosureEntry.objects.filter(case=case)
    if is_partner(user, case):
        qs = qs.filter(production__in=production_queryset(user=user, case=case))
    return qs.select_related("production", "disclosed_by")


def ledger(*, user: User, case_ref: str) -> tuple[Case, QuerySet[DisclosureEntry]]:
    case = case_get(user=user, ref=case_ref)
    return case, ledger_queryset(user=user, case=case)


def document_production_history(*, user: User, document: Document) -> QuerySet[ProductionItem]:
    """Where a document (already fetched for ``user``) went: the built productions it is in."""
    productions = production_queryset(user=user, case=document.case).filter(
        status__in=("built", "superseded")
    )
    return (
        ProductionItem.objects.filter(document=document, production__in=productions)
        .select_related("production")
        .order_by("-production__built_at")
    )
