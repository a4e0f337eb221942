"""The disclosure ledger: a built production marked as delivered (to whom, when, how, by whom,
under which obligation, with the produced hashes), or a disclosure letter Habeas produced.
Append-only, and in the audit chain too."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.permissions import Action
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError
from habeas.disclosure.models import DeliveryMethod, DisclosureEntry, Production, ProductionStatus
from habeas.disclosure.services.access import case_for_disclosure


@transaction.atomic
def disclosure_record(
    *,
    actor: User,
    case_ref: str,
    production_id: int,
    method: str,
    disclosed_at: dt.datetime | None = None,
    note: str = "",
) -> DisclosureEntry:
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.DELIVER)
    production = Production.objects.select_for_update().filter(case=case, pk=production_id).first()
    if production is None:
        raise NotFoundError("Production not found.", kind="production")
    if production.status != ProductionStatus.BUILT:
        raise ConflictError("Only a built production (not superseded) can be delivered.")
    if method not in DeliveryMethod.values:
        raise ApplicationError(
            "Say how it was delivered.", fields={"method": ["Choose one of the listed ways."]}
        )
    now = timezone.now()
    when = disclosed_at or now
    if when > now + dt.timedelta(minutes=5) or (production.built_at and when < production.built_at):
        raise ApplicationError(
            "The delivery date must be after the build and not in the future.",
            fields={"disclosed_at": ["Give when it was handed over."]},
        )
    hashes = {
        item.bates_range or item.document.name: item.produced_sha256
        for item in production.items.select_related("document")
        if not item.withheld
    }
    entry = DisclosureEntry.objects.create(
        case=case,
        production=production,
        recipient_name=production.recipient_name,
        recipient_kind=production.recipient_kind,
        obligation=production.obligation,
        disclosed_at=when,
        disclosed_by=actor,
        method=method,
        package_sha256=production.package_sha256,
        document_hashes=hashes,
        note=note.strip()[:2000],
    )
    audit_record(
        actor=actor,
        action="disclosure.record",
        obj=entry,
        case=case,
        detail={
            "production": production.pk,
            "recipient": production.recipient_name,
            "obligation": production.obligation,
            "method": method,
            "package_sha256": production.package_sha256,
        },
    )
    return entry


def disclosure_letter_record(
    *,
    actor: User,
    case: Case,
    what: str,
    recipient_name: str,
    recipient_kind: str,
    obligation: str,
    letter_sha256: str,
) -> DisclosureEntry:
    """A letter Habeas produced (e.g. the Giglio disclosure letter) entered in the ledger. For
    services that have already checked ``case`` for ``actor`` and write their own audit row (which
    names this entry) in the same transaction: one action, one audit row."""
    return DisclosureEntry.objects.create(
        case=case,
        production=None,
        what=what[:300],
        recipient_name=recipient_name[:200],
        recipient_kind=recipient_kind,
        obligation=obligation,
        disclosed_at=timezone.now(),
        disclosed_by=actor,
        method="",
        package_sha256=letter_sha256,
        document_hashes={},
    )
