"""``form_fields_html`` writes what the former ``cases/_form.html`` include wrote (kept as
tests/cases/reference/form_fields.html), for every form of a case's records and for a form with
every widget kind the include knew, unbound, bound with errors and bound valid."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template import Context, Engine

from habeas.cases import forms as case_forms
from habeas.cases.form_fields import form_fields_html
from tests.conftest import World

REFERENCE = (Path(__file__).parent / "reference" / "form_fields.html").read_text()
ENGINE = Engine(libraries={"case_ui": "habeas.cases.templatetags.case_ui"})


def _same_text(html: str) -> str:
    # The include's line breaks and indentation read as one space; so does the newline here.
    return re.sub(r"\s+", " ", html).strip()


def _reference(form: forms.BaseForm) -> str:
    return ENGINE.from_string(REFERENCE).render(Context({"form": form}))


class EveryKind(forms.Form):
    name = forms.CharField(help_text="As the court wrote it <exactly>", max_length=5)
    note = forms.CharField(widget=forms.Textarea, required=False)
    sealed = forms.BooleanField(required=False, help_text="Under seal")
    kinds = forms.MultipleChoiceField(
        choices=[("a", "Alpha & co"), ("b", 'B "quoted"')],
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick any",
    )
    stage = forms.ChoiceField(choices=[("", "—"), ("x", "X <y>")])
    token = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(required=False, label="Decided on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") == "clash":
            raise forms.ValidationError("Name and stage disagree <b>")
        return data


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "far too long", "kinds": ["z"], "stage": "q", "on": "not a date"},
        {"name": "clash", "kinds": ["a"], "stage": "x", "token": "t"},
        {"name": "ok", "kinds": ["a", "b"], "stage": "x", "token": "t", "sealed": "on"},
    ],
)
def test_every_widget_kind_unbound_and_bound(data: dict[str, Any] | None) -> None:
    form = EveryKind(data=data) if data is not None else EveryKind(initial={"name": "Ann <b>"})
    if data is not None:
        form.is_valid()
    assert _same_text(form_fields_html(form)) == _same_text(_reference(form))


def _record_forms() -> list[type[forms.BaseForm]]:
    return [
        value
        for value in vars(case_forms).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == case_forms.__name__
        and value not in (case_forms.CaseChildForm, case_forms.ChronologyMixin)
    ]


@pytest.mark.parametrize("form_class", _record_forms(), ids=lambda c: c.__name__)
def test_the_case_record_forms(world: World, form_class: type[forms.BaseForm]) -> None:
    kwargs: dict[str, Any] = (
        {"case": world.case, "viewer": world.owner}
        if issubclass(form_class, case_forms.CaseChildForm)
        else {}
    )
    unbound = form_class(auto_id="f-%s", **kwargs)
    bound = form_class(data={"no": "such field"}, auto_id="f-%s", **kwargs)
    bound.is_valid()
    for form in (unbound, bound):
        assert _same_text(form_fields_html(form)) == _same_text(_reference(form))


def test_row_actions_are_the_former_include(world: World) -> None:
    """Every record section's rows, writable, with a task open and one done: the actions the
    former ``_row_actions.html`` include wrote (kept in tests/cases/reference/)."""
    from django.utils import timezone

    from habeas.cases.models import Task
    from habeas.cases.views.row_actions import row_actions_html
    from habeas.cases.views.sections import SPECS, build_section

    Task.objects.create(case=world.case, title="Pull the 911 tape <now>")
    Task.objects.create(case=world.case, title="Done one", done_at=timezone.now())
    reference = ENGINE.from_string(
        (Path(__file__).parent / "reference" / "row_actions.html").read_text()
    )
    compared = 0
    for slug in SPECS:
        try:
            section = build_section(slug, world.case, world.owner, tab="overview", can_write=True)
        except KeyError:
            continue
        for row in section.rows:
            for token in ("tok123", None):
                context = {"s": section, "row": row, "case": world.case, "csrf_token": token}
                expected = reference.render(Context(context))
                got = row_actions_html(section, row, world.case.ref, token)
                assert _same_text(got) == _same_text(expected), slug
                compared += 1
    assert compared >= 4
