"""Opening a case: the intake form, the API's POST /cases and bulk CSV import all come through here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone

from habeas.accounts.models import Organization, User
from habeas.audit.services import audit_record
from habeas.cases import forms
from habeas.cases.models import Case, CaseTeamMember, Conviction, Party, StageTransition
from habeas.cases.permissions import Action, can_open_intake, may
from habeas.cases.selectors import case_get
from habeas.cases.services.validation import (
    form_errors_dict,
    form_errors_raise,
    with_model_defaults,
)
from habeas.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from habeas.domain.chronology import chronology_errors
from habeas.domain.workflow import Stage

# Sections of an intake submission, each validated by its form; keys are prefixed in errors.
SECTIONS: tuple[tuple[str, type[forms.CaseChildForm]], ...] = (
    ("applicant", forms.PartyForm),
    ("incident", forms.IncidentForm),
    ("conviction", forms.ConvictionForm),
    ("claim", forms.ClaimForm),
)


def _next_ref(organization: Organization) -> str:
    Organization.objects.filter(pk=organization.pk).update(case_counter=F("case_counter") + 1)
    number = Organization.objects.values_list("case_counter", flat=True).get(pk=organization.pk)
    return f"{organization.code.upper()}-{timezone.localdate().year}-{number:05d}"


def _section_present(data: Mapping[str, Any] | None) -> bool:
    return bool(data) and any(v not in (None, "", [], False) for v in (data or {}).values())


@transaction.atomic
def case_intake(
    *, actor: User, case: Mapping[str, Any], sections: Mapping[str, Mapping[str, Any] | None]
) -> Case:
    """Create a case with its applicant and, optionally, incident, conviction and claim. All or nothing."""
    if not can_open_intake(actor) or actor.organization_id is None:  # (None: for the type checker)
        raise PermissionDeniedError("Your role may not open cases.")
    errors: dict[str, list[str]] = {}
    case_form = forms.CaseForm(data=with_model_defaults(forms.CaseForm, case))
    if not case_form.is_valid():
        errors.update(form_errors_dict(case_form))
    applicant = dict(sections.get("applicant") or {})
    applicant.setdefault("kind", Party.Kind.APPLICANT)
    applicant.setdefault("custody_status", Party.Custody.UNKNOWN)
    section_data = {name: dict(sections.get(name) or {}) for name, _ in SECTIONS}
    section_data["applicant"] = applicant
    section_data["claim"].setdefault("status", "open")
    section_forms: dict[str, forms.CaseChildForm] = {}
    # A pseudo-case gives the sub-forms the dates from sibling sections (crime before conviction…).
    for name, form_class in SECTIONS:
        if name != "applicant" and not _section_present(sections.get(name)):
            continue
        form = form_class(data=with_model_defaults(form_class, section_data[name]), case=None)
        if not form.is_valid():
            errors.update(form_errors_dict(form, prefix=f"{name}."))
        section_forms[name] = form
    errors.update(_cross_section_errors(section_forms, actor.organization_id))
    if errors:
        raise ApplicationError("The intake has errors; nothing was saved.", fields=errors)

    new_case: Case = case_form.save(commit=False)
    new_case.organization_id = actor.organization_id
    new_case.created_by = actor
    new_case.stage = Stage.INTAKE
    # The intake stage began when the application arrived, not when someone typed it in.
    received = datetime.combine(
        new_case.received_on, time.min, tzinfo=timezone.get_current_timezone()
    )
    new_case.stage_changed_at = min(received, timezone.now())
    new_case.ref = _next_ref(actor.organization)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            new_case.save()
            for name, form in section_forms.items():
                obj = form.save(commit=False)
                obj.case = new_case
                if name == "conviction":
                    obj.organization_id_key = new_case.organization_id
                obj.save()
                form.save_m2m()
    except IntegrityError as exc:
        raise ConflictError(
            "The intake conflicts with a stored record (duplicate docket number?)."
        ) from exc
    applicant_party = section_forms["applicant"].instance
    new_case.applicant_name = applicant_party.full_name()
    new_case.save(update_fields=["applicant_name"])
    CaseTeamMember.objects.create(case=new_case, user=actor, role=CaseTeamMember.Role.LEAD)
    StageTransition.objects.create(
        case=new_case,
        from_stage="",
        to_stage=Stage.INTAKE,
        by=actor,
        at=new_case.stage_changed_at,
        reason=f"Case opened (application received {new_case.received_on.isoformat()})",
    )
    audit_record(
        actor=actor,
        action="case.create",
        obj=new_case,
        case=new_case,
        detail={"sections": sorted(section_forms)},
    )
    return new_case


def _cross_section_errors(
    section_forms: Mapping[str, forms.CaseChildForm], organization_id: int | None
) -> dict[str, list[str]]:

    def value(section: str, field: str) -> Any:
        form = section_forms.get(section)
        return (
            form.cleaned_data.get(field)
            if form is not None and hasattr(form, "cleaned_data")
            else None
        )

    dates = {
        "date_of_birth": value("applicant", "date_of_birth"),
        "incident_date": value("incident", "occurred_on"),
        "arrest_date": value("conviction", "arrested_on"),
        "conviction_date": value("conviction", "convicted_on"),
    }
    where = {
        "date_of_birth": "applicant.date_of_birth",
        "incident_date": "incident.occurred_on",
        "arrest_date": "conviction.arrested_on",
        "conviction_date": "conviction.convicted_on",
    }
    errors: dict[str, list[str]] = {}
    for rule, messages in chronology_errors(dates).items():
        key = where[rule]
        for message in messages:
            if message not in errors.get(key, []):
                errors.setdefault(key, []).append(message)
    if organization_id is not None and "conviction" in section_forms:
        court, docket = value("conviction", "court"), value("conviction", "docket_number")

        if (
            court
            and docket
            and Conviction.objects.filter(
                organization_id_key=organization_id,
                court__iexact=court.strip(),
                docket_number__iexact=docket.strip(),
            ).exists()
            and "conviction.docket_number" not in errors
        ):
            errors["conviction.docket_number"] = [
                f"Docket {docket} in {court} is already recorded on a case of this organization."
            ]
    return errors


@transaction.atomic
def case_update(*, actor: User, case_ref: str, data: Mapping[str, Any]) -> Case:
    """Partial update of the case's own fields (title, summary, dates, county…)."""

    case = case_get(user=actor, ref=case_ref, write=True)
    if not may(actor, case, Action.CASE_EDIT):
        raise PermissionDeniedError(
            "Only the organization that owns the case may change its own fields."
        )
    current = model_to_dict(case, fields=list(forms.CaseForm.base_fields))
    form = forms.CaseForm(data={**current, **dict(data)}, instance=case)
    form_errors_raise(form)
    changed = sorted(form.changed_data)
    form.save()
    audit_record(actor=actor, action="case.update", obj=case, case=case, detail={"fields": changed})
    return case
