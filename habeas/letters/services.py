"""Letter templates (per organization) and the letters rendered from them."""

from __future__ import annotations

from dataclasses import dataclass

import weasyprint
from django.db import IntegrityError, transaction
from django.urls import reverse
from weasyprint.urls import URLFetcher

from habeas.accounts.models import Organization, User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, ConflictError
from habeas.letters.defaults import DEFAULT_BODIES, DEFAULT_SUBJECTS
from habeas.letters.models import BODY_MAX_LENGTH, LetterTemplate
from habeas.letters.rendering import (
    SAMPLE_ADDRESS,
    SAMPLE_CONTEXT,
    LetterTemplateError,
    letter_document,
    letter_template_check,
)
from habeas.letters.selectors import (
    letter_address,
    letter_editor_checked,
    letter_fit,
    letter_kind_checked,
    letter_values,
)

FORMATS = ("html", "pdf")


def letter_templates_for(*, organization: Organization) -> dict[str, LetterTemplate]:
    """The organization's templates by kind; missing ones are created from the built-in text."""
    existing = {t.kind: t for t in LetterTemplate.objects.filter(organization=organization)}
    for kind in LetterTemplate.Kind.values:
        if kind not in existing:
            try:
                with transaction.atomic():
                    existing[kind] = LetterTemplate.objects.create(
                        organization=organization,
                        kind=kind,
                        subject=DEFAULT_SUBJECTS[kind],
                        body=DEFAULT_BODIES[kind],
                    )
            except IntegrityError:  # created by a concurrent request
                existing[kind] = LetterTemplate.objects.get(organization=organization, kind=kind)
    return {kind: existing[kind] for kind in LetterTemplate.Kind.values}


@transaction.atomic
def letter_template_save(*, actor: User, kind: str, subject: str, body: str) -> LetterTemplate:
    letter_editor_checked(actor)
    letter_kind_checked(kind)
    subject, body = subject.strip(), body.strip()
    errors: dict[str, list[str]] = {}
    if not subject or len(subject) > 200:
        errors["subject"] = ["Enter a subject of at most 200 characters."]
    if not body or len(body) > BODY_MAX_LENGTH:
        errors["body"] = [f"Enter a body of at most {BODY_MAX_LENGTH} characters."]
    if not errors:
        errors = letter_template_check(subject=subject, body=body)
    if errors:
        raise ApplicationError("The letter template was not saved.", fields=errors)
    assert actor.organization is not None  # noqa: S101  (checked by letter_editor_checked)
    template = letter_templates_for(organization=actor.organization)[kind]
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    template.subject, template.body, template.updated_by = subject, body, actor
    template.save()
    audit_record(actor=actor, action="letter.template_update", obj=template, detail={"kind": kind})
    return template


@dataclass(frozen=True)
class LetterFile:
    content: bytes
    content_type: str
    filename: str


def _letterhead(case: Case) -> dict[str, str]:
    return {
        "organization_name": case.organization.name,
        "jurisdiction": case.organization.jurisdiction,
    }


def letter_pdf(html: str) -> bytes:
    """A rendered letter (``letter_document``) as PDF, for letters other apps produce."""
    return _pdf(html)


def _pdf(html: str) -> bytes:
    # No fetching at all: the layout is self-contained, and nothing in a letter may reach out.
    # No timer here (the layout runs in C and Python without a way to stop it): its time is
    # bounded by its input, which letter_document keeps under rendering.BODY_OUTPUT_MAX.
    pdf: bytes = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf()
    return pdf


def case_letter_export(*, actor: User, case_ref: str, kind: str, fmt: str = "html") -> LetterFile:
    """Render a case's letter (the case's organization's wording) as HTML or PDF; audited."""
    letter_kind_checked(kind)
    if fmt not in FORMATS:
        raise ApplicationError("Unknown format.", fields={"format": ["Choose html or pdf."]})
    case = case_get(user=actor, ref=case_ref)  # the export below is its audit row
    fit = letter_fit(case, kind)
    if not fit.fits:
        raise ConflictError(f"There is no {fit.label.lower()} for this case: {fit.why_not}")
    template = letter_templates_for(organization=case.organization)[kind]
    values = letter_values(case=case, kind=kind, signer=actor, fit=fit)
    toolbar = None
    if fmt == "html":
        url = reverse("letters:case_letter", kwargs={"ref": case.ref, "kind": kind})
        back = reverse("cases:detail", kwargs={"ref": case.ref}) + "?tab=letters"
        toolbar = {"pdf_url": f"{url}?format=pdf", "back_url": back, "case_ref": case.ref}
    try:
        html = letter_document(
            subject=template.subject,
            body=template.body,
            values=values,
            letterhead=_letterhead(case),
            address=letter_address(case),
            letter_date=values["decision_date"],
            toolbar=toolbar,
        )
    except LetterTemplateError as exc:
        # Saved templates are checked, so this means the template predates a rule change.
        label = LetterTemplate.Kind(kind).label.lower()
        raise ApplicationError(
            f"The {label} template cannot be used until it is fixed: {exc.message} "
            "An attorney or administrator can change it under Letter templates."
        ) from exc
    filename = f"{case.ref}-{kind}.{fmt}"
    if fmt == "pdf":
        content, content_type = _pdf(html), "application/pdf"
    else:
        content, content_type = html.encode(), "text/html; charset=utf-8"
    audit_record(
        actor=actor,
        action="letter.export",
        obj=template,
        case=case,
        detail={"kind": kind, "format": fmt},
    )
    return LetterFile(content=content, content_type=content_type, filename=filename)


def letter_preview(*, actor: User, kind: str, subject: str, body: str) -> str:
    """A draft template rendered with fictional sample values, for the edit page."""
    letter_editor_checked(actor)
    letter_kind_checked(kind)
    assert actor.organization is not None  # noqa: S101
    letterhead = {
        "organization_name": actor.organization.name,
        "jurisdiction": actor.organization.jurisdiction,
    }
    values = {
        **SAMPLE_CONTEXT,
        "organization_name": actor.organization.name,
        "signer_name": actor.display_name(),
    }
    errors = letter_template_check(subject=subject, body=body)
    if errors:
        raise ApplicationError("The template has errors.", fields=errors)
    try:
        return letter_document(
            subject=subject,
            body=body,
            values=values,
            letterhead=letterhead,
            address=SAMPLE_ADDRESS,
            letter_date=SAMPLE_CONTEXT["decision_date"],
        )
    except LetterTemplateError as exc:
        raise ApplicationError("The template has errors.", fields={"body": [exc.message]}) from exc
