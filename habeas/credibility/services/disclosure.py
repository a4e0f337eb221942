"""The Giglio disclosure letter of a case: the case's listed officials and their findings in the
organization's "Disclosure of impeachment material" template. Producing it marks the case's alerts
disclosed (today, by whom), the officials' findings still "on the list" as "disclosed", enters the
letter in the case's disclosure ledger (with the letter file's SHA-256) and writes one audit row,
all in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get
from habeas.core.errors import ConflictError, PermissionDeniedError
from habeas.credibility.models import CredibilityAlert, Finding, Official
from habeas.credibility.permissions import can_change_list_status
from habeas.credibility.selectors import case_alerts
from habeas.disclosure.models import Obligation, RecipientKind
from habeas.disclosure.services.ledger import disclosure_letter_record
from habeas.domain.credibility.vocabulary import FINDING_TYPES, KINDS
from habeas.letters.models import LetterTemplate
from habeas.letters.rendering import letter_document
from habeas.letters.selectors import letter_address, letter_values
from habeas.letters.services import LetterFile, letter_pdf, letter_templates_for


def official_words(official: Official) -> str:
    """ "Det. Ann Kessler (Harbor City Police Department #4412)"."""
    title = {"detective": "Det. ", "officer": "Officer "}.get(official.kind, "")
    badge = f" #{official.badges[0]}" if official.badges else ""
    where = f" ({official.agency}{badge})" if official.agency or badge else ""
    kind = "" if title else f", {KINDS.get(official.kind, official.kind).lower()}"
    return f"{title}{official.full_name}{where}{kind}"


def finding_words(official: Official) -> str:
    parts = []
    for f in official.findings.all():
        words = FINDING_TYPES.get(f.type, f.type).lower()
        year = f", {f.date.year}" if f.date else ""
        parts.append(f"{words}{year}" + (f" ({f.description[:200]})" if f.description else ""))
    return "; ".join(parts)


def _impeachment(alerts: Sequence[CredibilityAlert]) -> str:
    lines, seen = [], set()
    for alert in alerts:
        if alert.official_id in seen:
            continue
        seen.add(alert.official_id)
        lines.append(f"{official_words(alert.official)}: {finding_words(alert.official)}.")
    return "\n".join(lines)


def giglio_letter(*, actor: User, case_ref: str, fmt: str = "html") -> LetterFile:
    with transaction.atomic():
        case = case_get(user=actor, ref=case_ref, write=True)  # an outsider: 404 before anything
        if not can_change_list_status(actor):
            raise PermissionDeniedError(
                "Only administrators and attorneys produce disclosure letters."
            )
        if case.organization_id != actor.organization_id:
            raise PermissionDeniedError("Disclosure is for the unit that owns the case.")
        alerts = [a for a in case_alerts(user=actor, case=case) if a.status != "not_him"]
        if not alerts:
            raise ConflictError("The case names no official on your unit's credibility list.")
        kind = LetterTemplate.Kind.GIGLIO
        template = letter_templates_for(organization=case.organization)[kind]
        values = letter_values(case=case, kind=kind, signer=actor)
        values["impeachment"] = _impeachment(alerts)
        html = letter_document(
            subject=template.subject,
            body=template.body,
            values=values,
            letterhead={
                "organization_name": case.organization.name,
                "jurisdiction": case.organization.jurisdiction,
            },
            address=letter_address(case),
            letter_date=date_format(timezone.localdate(), "F j, Y"),
        )
        if fmt == "pdf":
            letter = LetterFile(letter_pdf(html), "application/pdf", f"{case.ref}-giglio.pdf")
        else:
            letter = LetterFile(
                html.encode(), "text/html; charset=utf-8", f"{case.ref}-giglio.html"
            )
        now = timezone.now()
        fresh = [a.pk for a in alerts if a.disclosed_on is None]
        CredibilityAlert.objects.filter(pk__in=fresh).update(
            disclosed_on=timezone.localdate(), disclosed_by=actor
        )
        officials = {a.official_id: a.official for a in alerts}
        # "Disclosed" on a finding: its material has gone out at least once (alerts still fire).
        newly_disclosed = Finding.objects.filter(official_id__in=officials, status="listed").update(
            status="disclosed", status_by=actor, status_at=now
        )
        names = sorted(o.full_name for o in officials.values())
        address = letter_address(case)
        entry = disclosure_letter_record(
            actor=actor,
            case=case,
            what=f"Letter: disclosure of impeachment material on {', '.join(names)}",
            recipient_name=case.applicant_name or (address[0] if address else ""),
            recipient_kind=RecipientKind.APPLICANT,
            obligation=Obligation.BRADY,
            letter_sha256=hashlib.sha256(letter.content).hexdigest(),
        )
        audit_record(
            actor=actor,
            action="credibility.disclose",
            obj=template,
            case=case,
            detail={
                "officials": names,
                "alerts_disclosed": len(fresh),
                "findings_marked_disclosed": newly_disclosed,
                "ledger_entry": entry.pk,
                "format": fmt,
            },
        )
    return letter
