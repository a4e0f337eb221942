"""The Giglio disclosure letter of a case: the case's listed officials and their findings in the
organization's "Disclosure of impeachment material" template. Producing it marks the case's alerts
disclosed (today, by whom) and writes one audit row.

Extension point for the disclosure ledger (issue 12, built separately): a ledger registers a
recorder with ``disclosure_recorder_register``; each recorder is called inside the same
transaction with the case, the alerts disclosed and the letter, so the ledger entry and the
alerts' disclosure stand or fall together. Until one is registered the audit log is the record."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.selectors import case_get
from habeas.core.errors import ConflictError, PermissionDeniedError
from habeas.credibility.models import CredibilityAlert, Official
from habeas.credibility.permissions import can_change_list_status
from habeas.credibility.selectors import case_alerts
from habeas.domain.credibility.vocabulary import FINDING_TYPES, KINDS
from habeas.letters.models import LetterTemplate
from habeas.letters.rendering import letter_document
from habeas.letters.selectors import letter_address, letter_values
from habeas.letters.services import LetterFile, letter_pdf, letter_templates_for

Recorder = Callable[[User, Case, Sequence[CredibilityAlert], LetterFile], None]
_recorders: list[Recorder] = []


def disclosure_recorder_register(recorder: Recorder) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)


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
        today = timezone.localdate()
        fresh = [a.pk for a in alerts if a.disclosed_on is None]
        CredibilityAlert.objects.filter(pk__in=fresh).update(disclosed_on=today, disclosed_by=actor)
        audit_record(
            actor=actor,
            action="credibility.disclose",
            obj=template,
            case=case,
            detail={
                "officials": sorted({a.official.full_name for a in alerts}),
                "alerts_disclosed": len(fresh),
                "format": fmt,
            },
        )
        for recorder in _recorders:
            recorder(actor, case, alerts, letter)
    return letter
