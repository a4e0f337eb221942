from __future__ import annotations

from typing import Any

from django import forms

from habeas.reports.selectors import ReportFilters


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        required=False, label="Received from", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="Received to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return data

    def filters(self) -> ReportFilters:
        """The valid filters; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return ReportFilters()
        return ReportFilters(start=self.cleaned_data.get("start"), end=self.cleaned_data.get("end"))
