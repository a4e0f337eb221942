"""The Python-built widgets produce exactly the markup of Django's own widget templates."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from habeas.core.form_renderer import INPUT_TEMPLATES, FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

# Text with the characters that need escaping, line ends and non-ASCII.
TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\u00e9\u4e2d=")), max_size=12)
ATTR_VALUE = st.one_of(TEXT, st.booleans(), st.none(), st.integers(-5, 5))
ATTRS = st.dictionaries(st.sampled_from(["class", "placeholder", "data-x", "required"]), ATTR_VALUE)


def both(widget: forms.Widget, name: str, value: object, attrs: dict[str, object] | None) -> None:
    django_markup = widget.render(name, value, attrs=attrs, renderer=DJANGO)
    assert widget.render(name, value, attrs=attrs, renderer=OURS) == django_markup


def test_settings_use_it() -> None:
    assert settings.FORM_RENDERER == "habeas.core.form_renderer.FormRenderer"


INPUTS = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.PasswordInput(),
    forms.HiddenInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.FileInput(),
    forms.CheckboxInput(),
]


def test_every_fast_input_template_is_exercised() -> None:
    assert {w.template_name for w in INPUTS} == INPUT_TEMPLATES


@pytest.mark.parametrize("widget", INPUTS, ids=lambda w: type(w).__name__)
@hypothesis_settings(max_examples=40, deadline=None)
@given(name=TEXT, value=st.one_of(TEXT, st.none(), st.booleans(), st.integers()), attrs=ATTRS)
def test_inputs(widget: forms.Widget, name: str, value: object, attrs: dict[str, object]) -> None:
    both(widget, name, value, attrs)


def test_inputs_with_dates_and_safe_text() -> None:
    both(forms.DateInput(), "d", datetime.date(2000, 12, 31), {"id": "id_d"})
    both(forms.TextInput(), "t", mark_safe("<b>kept</b>"), {"title": mark_safe("&amp;")})


CHOICES = st.lists(st.tuples(TEXT, TEXT), max_size=5)
GROUPED = st.lists(
    st.one_of(st.tuples(TEXT, TEXT), st.tuples(TEXT, st.lists(st.tuples(TEXT, TEXT), max_size=3))),
    max_size=4,
)


@hypothesis_settings(max_examples=80, deadline=None)
@given(choices=GROUPED, value=st.one_of(TEXT, st.none()), attrs=ATTRS)
def test_selects(
    choices: list[tuple[str, object]], value: str | None, attrs: dict[str, object]
) -> None:
    both(forms.Select(choices=choices), "s", value, attrs)


@hypothesis_settings(max_examples=40, deadline=None)
@given(choices=CHOICES, value=st.lists(TEXT, max_size=3), attrs=ATTRS)
def test_multiple_selects(
    choices: list[tuple[str, str]], value: list[str], attrs: dict[str, object]
) -> None:
    both(forms.SelectMultiple(choices=choices), "m", value, attrs)


def test_select_kinds() -> None:
    both(forms.NullBooleanSelect(), "n", True, None)
    both(forms.Select(choices=[(1, "One"), (None, "None"), ("", "---")]), "s", 1, {"id": "x"})


@hypothesis_settings(max_examples=40, deadline=None)
@given(value=st.one_of(TEXT, st.none()), attrs=ATTRS)
def test_textareas(value: str | None, attrs: dict[str, object]) -> None:
    both(forms.Textarea(), "t", value, attrs)


def test_other_widgets_go_to_django() -> None:
    """Radio buttons, checkbox lists and multi-widgets are Django's own templates, unchanged."""
    both(forms.RadioSelect(choices=[("a", "A <1>"), ("b", "B")]), "r", "a", {"id": "r"})
    both(forms.CheckboxSelectMultiple(choices=[("a", "A"), ("b", "B")]), "c", ["b"], {"id": "c"})
    both(forms.SplitDateTimeWidget(), "w", datetime.datetime(2000, 1, 2, 3, 4), {"id": "w"})
    both(forms.ClearableFileInput(), "f", None, None)


class OptionWithItsOwnTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_a_select_whose_options_have_another_template_goes_to_django() -> None:
    both(OptionWithItsOwnTemplate(choices=[("a", "A")]), "o", "a", None)


def test_a_form_renders_the_same() -> None:
    class Form(forms.Form):
        name = forms.CharField(help_text="Full name <as written>")
        kind = forms.ChoiceField(choices=[("w", "Witness"), ("v", "Victim & family")])
        notes = forms.CharField(widget=forms.Textarea, required=False)
        agree = forms.BooleanField()

    form = Form(data={"name": "O'Neill <x>", "kind": "v", "notes": "a\nb"})
    assert form.render(renderer=OURS) == form.render(renderer=DJANGO)
