"""Letter templates cannot exhaust the server: widths, tags, output size and render time are
bounded, and a refused template says what to fix (editor, web letter, API)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.template import Context, Engine
from django.test import Client

from habeas.accounts.models import User
from habeas.accounts.services import token_create
from habeas.letters.defaults import DEFAULT_BODIES, DEFAULT_SUBJECTS
from habeas.letters.models import LetterTemplate
from habeas.letters.rendering import (
    BODY_OUTPUT_MAX,
    LETTER_VARIABLES,
    SAMPLE_CONTEXT,
    LetterTemplateError,
    render_plain,
)
from habeas.letters.services import letter_templates_for
from tests.conftest import World
from tests.letters.test_letters import accept, letter_url

# The two probes of the finding.
PREVIEW_PROBE = 'Dear {{ applicant_name|ljust:"200000000" }},'
SAVED_PROBE = 'Dear {{ applicant_name|center:"400000" }},'
# Well above what a refused template needs, far below the ~950 MB the preview probe took.
PEAK_BYTES_MAX = 20_000_000


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _stored(world: World, kind: str, body: str) -> None:
    """A template as a database may hold it from before the rules: written around the save
    service, which would refuse it."""
    template = letter_templates_for(organization=world.org_a)[kind]
    LetterTemplate.objects.filter(pk=template.pk).update(body=body)


def test_preview_probe_is_refused_with_a_clear_error(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.admin)
    # Warm up (first imports, template loading) so the measure is of the refusal alone.
    client.post(
        "/letters/accept/edit/",
        {"subject": "Hello", "body": "Dear {{ applicant_name }},", "preview": "1"},
    )
    with peak_memory() as peak:
        response = client.post(
            "/letters/accept/edit/", {"subject": "Hello", "body": PREVIEW_PROBE, "preview": "1"}
        )
    assert response.status_code == 400
    content = response.content.decode()
    assert "errorlist" in content
    assert "The width after |ljust must be from 0 to 200; 200000000 is not allowed." in content
    assert peak[0] < PEAK_BYTES_MAX
    assert len(response.content) < 100_000


def test_saving_the_probe_is_refused(world: World, client_for: Callable[[User], Client]) -> None:
    response = client_for(world.admin).post(
        "/letters/accept/edit/", {"subject": "Hello", "body": SAVED_PROBE, "save": "1"}
    )
    assert response.status_code == 400
    assert b"400000 is not allowed" in response.content
    assert not LetterTemplate.objects.filter(body=SAVED_PROBE).exists()


def test_saved_probe_pdf_is_refused_on_the_web_and_in_the_api(
    world: World, client_for: Callable[[User], Client]
) -> None:
    accept(world)
    client = client_for(world.owner)
    assert client.get(letter_url(world), {"format": "pdf"}).status_code == 200  # warm-up
    _stored(world, "accept", SAVED_PROBE)
    with peak_memory() as peak:
        web = client.get(letter_url(world), {"format": "pdf"})
    assert web.status_code == 400
    assert b"The acceptance letter template cannot be used until it is fixed" in web.content
    assert b"400000 is not allowed" in web.content
    assert peak[0] < PEAK_BYTES_MAX

    _, token = token_create(user=world.owner)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client().get(f"/api/v1/letters/{world.case.ref}/accept", {"format": "pdf"}, **headers)
    assert api.status_code == 400
    assert "400000 is not allowed" in api.json()["detail"]


def test_editor_of_a_stored_unsafe_template_says_what_to_fix(
    world: World, client_for: Callable[[User], Client]
) -> None:
    _stored(world, "accept", SAVED_PROBE)
    response = client_for(world.admin).get("/letters/accept/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "cannot be used for letters until it is fixed" in content
    assert "The width after |center must be from 0 to 200; 400000 is not allowed." in content
    assert "Preview (fictional sample values)" not in content


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ applicant_name|ljust:docket_number }}", "must be a number written in the template"),
        ('{{ applicant_name|wordwrap:"0" }}', "from 1 to 200"),
        ('{{ decision_reason|truncatechars:"9999999" }}', "9999999 is not allowed"),
        ('{{ applicant_name|rjust:"wide" }}', "must be a whole number"),
        # Refused when the template is read, even in a branch the sample values do not take.
        ('{% if not case_ref %}{{ court|center:"100000" }}{% endif %}', "100000 is not allowed"),
        ('{% with a=court|ljust:"9999" %}{{ a }}{% endwith %}', "9999 is not allowed"),
        ('{% firstof court|rjust:"9999" "x" %}', "9999 is not allowed"),
        ('{% include "base.html" %}', "letters cannot use {% include %}"),
        ('{% extends "base.html" %}', "letters cannot use {% extends %}"),
        ('{% ssi "/etc/passwd" %}', "letters cannot use {% ssi %}"),
        ("{% debug %}", "letters cannot use {% debug %}"),
        ("{% load static %}", "letters cannot use {% load %}"),
        ("{% for c in case_ref %}{{ c }}{% endfor %}", "letters cannot use {% for %}"),
        ("{% autoescape off %}x{% endautoescape %}", "letters cannot use {% autoescape %}"),
        ("{{ applicant_name|safe }}", "letters cannot use the filter |safe"),
        ('{{ applicant_name|stringformat:"s" }}', "letters cannot use the filter |stringformat"),
        ("{{ case_ref.upper }}", "case_ref.upper is not allowed"),
        ("{{ case_ref|default:court.zfill }}", "court.zfill is not allowed"),
    ],
)
def test_refused_templates(source: str, message: str) -> None:
    with pytest.raises(LetterTemplateError) as refused:
        render_plain(source, SAMPLE_CONTEXT)
    assert message in refused.value.message


def test_output_stops_at_the_limit_before_it_is_built() -> None:
    # No width at all: a long stored value printed many times.
    values = {**SAMPLE_CONTEXT, "decision_reason": "r" * 5_000}
    source = "{{ decision_reason }}" * 900  # 4.5 million characters if it ran to the end
    with peak_memory() as peak, pytest.raises(LetterTemplateError) as refused:
        render_plain(source, values)
    assert f"longer than {BODY_OUTPUT_MAX:,} characters" in refused.value.message
    assert peak[0] < PEAK_BYTES_MAX
    # At the limit it still renders.
    assert len(render_plain("{{ decision_reason }}" * 20, values)) == BODY_OUTPUT_MAX


def test_deeply_nested_tags_are_refused_not_a_crash() -> None:
    with pytest.raises(LetterTemplateError, match="nested too deeply"):
        render_plain("{% if 1 %}" * 1_500 + "x" + "{% endif %}" * 1_500, SAMPLE_CONTEXT)


# Reference: Django's stock engine, every builtin tag and filter, no limits.
_STOCK = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, string_if_invalid="")
NORMAL_TEMPLATES = [
    *DEFAULT_SUBJECTS.values(),
    *DEFAULT_BODIES.values(),
    '{{ applicant_name|upper }} {{ court|default:"the court"|title }} {{ case_ref|ljust:"20" }}|'
    '{{ case_ref|rjust:"20" }}|{{ case_ref|center:"30" }}|{{ facility|truncatechars:"10" }} '
    '{{ decision_reason|truncatewords:"3" }} {{ decision_reason|wordwrap:"20" }} '
    '{% with n=applicant_name|length %}{{ n }}{% endwith %} {% firstof docket_number "none" %} '
    '{{ court|yesno:"a,b" }} {{ case_ref|cut:"-" }} {{ signer_name|lower|capfirst }} '
    "{% if decision_reason and court %}both{% elif court %}court{% else %}neither{% endif %}"
    "{% comment %}note{% endcomment %} {% templatetag openbrace %}",
]


@pytest.mark.parametrize("source", NORMAL_TEMPLATES)
@pytest.mark.parametrize("blank", [(), ("court", "docket_number", "decision_reason")])
def test_normal_templates_render_as_with_django(source: str, blank: tuple[str, ...]) -> None:
    values = {name: ("" if name in blank else SAMPLE_CONTEXT[name]) for name in LETTER_VARIABLES}
    expected = _STOCK.from_string(source).render(Context(values, autoescape=False))
    assert render_plain(source, values) == expected
