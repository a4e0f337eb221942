"""Validation for case data. Services run these forms for every interface (UI, API, CLI import),
so a bad date or an oversize field gets the same message everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.fact_names import fact_key_from_words
from habeas.cases.models import (
    Case,
    CasePerson,
    Charge,
    Claim,
    Conviction,
    CustodyEvent,
    EvidenceItem,
    FactAssertion,
    Incident,
    Lead,
    Note,
    Party,
    Person,
    PostConvictionFiling,
    ResolutionEvent,
    Sentence,
    Task,
)
from habeas.cases.selectors import case_people_choices
from habeas.core.labels import FACT, label
from habeas.domain.chronology import chronology_errors
from habeas.domain.nre.schema import FACTORS


def use_date_inputs(form: forms.BaseForm) -> None:
    """Browsers show a date picker for type=date; the value format (ISO) is the same for the API."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"


def _user_name(user: User) -> str:
    return user.display_name()


class CaseChildForm(forms.ModelForm[Any]):
    """A form for a record that belongs to one case; related choices are narrowed to that case."""

    def __init__(
        self, *args: Any, case: Case | None = None, viewer: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        use_date_inputs(self)
        self.case = case
        if case is None:
            return
        # A person id is resolved through the read selector of whoever writes: one they cannot read
        # gets the same "not a valid choice" as an id that does not exist, and never its name.
        people = (
            case_people_choices(user=viewer, case=case)
            if viewer is not None
            else Person.objects.none()
        )
        narrowing = {
            "conviction": Conviction.objects.filter(case=case),
            "item": EvidenceItem.objects.filter(case=case),
            "person": people,
            "assignee": User.objects.filter(case_memberships__case=case, is_active=True),
        }
        for name, queryset in narrowing.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
        assignee = self.fields.get("assignee")
        if isinstance(assignee, forms.ModelChoiceField):
            assignee.label_from_instance = _user_name  # type: ignore[method-assign,assignment]


class ChronologyMixin(CaseChildForm):
    """Maps model date fields onto the chronology rule names and reports impossible orders."""

    chronology_fields: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dates = {rule: data.get(field) for field, rule in self.chronology_fields.items()}
        dates.update(self.context_dates())
        by_rule = {rule: field for field, rule in self.chronology_fields.items()}
        for rule, messages in chronology_errors(dates, today=timezone.localdate()).items():
            field = by_rule.get(rule)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data

    def context_dates(self) -> dict[str, dt.date | None]:
        """Dates from related records the checks also need (e.g. the crime date for a conviction)."""
        return {}


def _case_dates(case: Case | None) -> dict[str, dt.date | None]:
    if case is None or case.pk is None:
        return {}
    incident = case.incidents.exclude(occurred_on=None).order_by("occurred_on").first()
    conviction = case.convictions.exclude(convicted_on=None).order_by("convicted_on").first()
    return {
        "incident_date": incident.occurred_on if incident else None,
        "conviction_date": conviction.convicted_on if conviction else None,
        "arrest_date": conviction.arrested_on if conviction else None,
    }


class CaseForm(forms.ModelForm[Case]):
    class Meta:
        model = Case
        fields = [
            "title",
            "summary",
            "intake_source",
            "received_on",
            "jurisdiction_state",
            "county",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_date_inputs(self)

    def clean_received_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date is in the future.")
        return value


class PartyForm(ChronologyMixin):
    chronology_fields = {"date_of_birth": "date_of_birth"}

    class Meta:
        model = Party
        fields = [
            "kind",
            "first_name",
            "last_name",
            "aliases",
            "date_of_birth",
            "corrections_id",
            "custody_status",
            "facility",
            "mailing_address",
            "notes",
        ]

    def context_dates(self) -> dict[str, dt.date | None]:
        dates = _case_dates(self.case)
        return {"incident_date": dates.get("incident_date")}


class IncidentForm(ChronologyMixin):
    chronology_fields = {"occurred_on": "incident_date"}

    class Meta:
        model = Incident
        fields = ["occurred_on", "place", "county", "agency", "agency_report_number", "description"]

    def context_dates(self) -> dict[str, dt.date | None]:
        dates = _case_dates(self.case)
        return {
            "conviction_date": dates.get("conviction_date"),
            "arrest_date": dates.get("arrest_date"),
        }


class ConvictionForm(ChronologyMixin):
    chronology_fields = {"arrested_on": "arrest_date", "convicted_on": "conviction_date"}

    class Meta:
        model = Conviction
        fields = [
            "court",
            "docket_number",
            "arrested_on",
            "convicted_on",
            "form",
            "offense",
            "statute",
        ]

    def context_dates(self) -> dict[str, dt.date | None]:
        dates = _case_dates(self.case)
        return {"incident_date": dates.get("incident_date")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        court, docket = data.get("court"), data.get("docket_number")
        if self.case is not None and court and docket:
            clash = Conviction.objects.filter(
                organization_id_key=self.case.organization_id,
                court__iexact=court.strip(),
                docket_number__iexact=docket.strip(),
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "docket_number",
                    f"Docket {docket} in {court} is already recorded on a case of this organization.",
                )
        return data


class ChargeForm(CaseChildForm):
    class Meta:
        model = Charge
        fields = ["conviction", "count_number", "statute", "description", "disposition"]


class SentenceForm(CaseChildForm):
    class Meta:
        model = Sentence
        fields = [
            "conviction",
            "sentenced_on",
            "description",
            "min_years",
            "max_years",
            "life",
            "death",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        conviction, sentenced_on = data.get("conviction"), data.get("sentenced_on")
        if (
            conviction
            and sentenced_on
            and conviction.convicted_on
            and sentenced_on < conviction.convicted_on
        ):
            self.add_error("sentenced_on", "Sentencing cannot precede the conviction.")
        lo, hi = data.get("min_years"), data.get("max_years")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("max_years", "Maximum cannot be below the minimum.")
        return data


class FilingForm(ChronologyMixin):
    chronology_fields = {"filed_on": "filed_on", "decided_on": "decided_on"}

    class Meta:
        model = PostConvictionFiling
        fields = ["kind", "court", "docket_number", "filed_on", "decided_on", "outcome", "notes"]


class CasePersonForm(CaseChildForm):
    class Meta:
        model = CasePerson
        fields = ["person", "role", "badge_number", "agency", "notes"]


class ClaimForm(CaseChildForm):
    nre_factors = forms.MultipleChoiceField(
        choices=list(FACTORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="NRE contributing factors",
    )

    class Meta:
        model = Claim
        fields = ["basis", "nre_factors", "status"]


class EvidenceForm(CaseChildForm):
    class Meta:
        model = EvidenceItem
        fields = [
            "item_number",
            "description",
            "custodian",
            "location",
            "is_biological",
            "dna_tested",
            "preservation_status",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dna_tested") and not data.get("is_biological"):
            self.add_error("dna_tested", "Only biological evidence can be DNA-tested.")
        return data


class CustodyEventForm(CaseChildForm):
    class Meta:
        model = CustodyEvent
        fields = ["item", "occurred_on", "action", "from_party", "to_party", "notes"]


class TaskForm(CaseChildForm):
    class Meta:
        model = Task
        fields = ["title", "due_on", "assignee"]


class NoteForm(CaseChildForm):
    class Meta:
        model = Note
        fields = ["body", "privileged"]


class LeadForm(CaseChildForm):
    class Meta:
        model = Lead
        fields = ["person", "description", "status"]


class FactForm(CaseChildForm):
    """The fact is named in words ("Date of the arrest"); it is stored under its key."""

    class Meta:
        model = FactAssertion
        fields = ["key", "value", "source", "source_page"]
        labels = {"key": "Fact"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["key"] = label(FACT, self.instance.key)

    def clean_key(self) -> str:
        key = fact_key_from_words(str(self.cleaned_data.get("key", "")))
        if not key:
            raise forms.ValidationError("Name the fact, e.g. Sentence or Date of the arrest.")
        return key


class ResolutionEventForm(CaseChildForm):
    class Meta:
        model = ResolutionEvent
        fields = ["kind", "occurred_on", "court", "statute", "standard_of_proof", "notes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        occurred = data.get("occurred_on")
        conviction = _case_dates(self.case).get("conviction_date")
        if occurred and conviction and occurred < conviction:
            self.add_error("occurred_on", "A resolution cannot precede the conviction.")
        if occurred and occurred > timezone.localdate():
            self.add_error("occurred_on", "Date is in the future.")
        return data
