"""The one validator of a custom deadline's values, used by the web form, the API and the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from habeas.deadlines.models import CaseDeadline
from habeas.domain.deadlines import add_years

EARLIEST = dt.date(1950, 1, 1)
MAX_YEARS_AHEAD = 50  # a due date further out is almost certainly a typo in the year


class CaseDeadlineForm(forms.ModelForm[CaseDeadline]):
    class Meta:
        model = CaseDeadline
        fields = ["title", "due_on", "rule", "source"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "rule": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"due_on": "Due on", "rule": "Rule or order"}

    def clean_title(self) -> str:
        title: str = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError("Give the deadline a title, e.g. Reply brief due.")
        return title

    def clean_due_on(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_on"]
        today = timezone.localdate()
        # Past dates are allowed on purpose: a team may record a deadline it has just found was missed.
        if due < EARLIEST:
            raise forms.ValidationError(
                f"A due date before {EARLIEST.isoformat()} is not plausible: check the year."
            )
        if due > add_years(today, MAX_YEARS_AHEAD):
            raise forms.ValidationError(f"More than {MAX_YEARS_AHEAD} years ahead: check the year.")
        return due


class DeadlineAcknowledgementKeyForm(forms.Form):
    """Which computed deadline: its rule and its due date (as computed when acknowledged)."""

    rule_id = forms.CharField(
        max_length=50,
        error_messages={"required": "Say which computed deadline: its rule id, e.g. aedpa_2244d."},
    )
    due_on = forms.DateField(error_messages={"required": "Give the computed due date, YYYY-MM-DD."})


class DeadlineAcknowledgementForm(DeadlineAcknowledgementKeyForm):
    """The deadline and why it needs no more alerts. Whether the case computes that deadline now is
    checked by the service, against the record."""

    reason = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_reason(self) -> str:
        reason: str = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(
                "Give a short reason, e.g. Not applicable: petition filed 2014-03-02."
            )
        return reason
