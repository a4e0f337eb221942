from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from habeas.accounts.models import Organization, User
from habeas.accounts.services import token_create
from habeas.audit.models import AuditEvent
from habeas.cases.models import Case, ScreeningCriterion
from habeas.cases.services.workflow import case_transition, screening_answers_set, vote_cast
from habeas.letters.models import LetterTemplate
from habeas.letters.rendering import render_plain
from tests.conftest import World


def letter_url(world: World, kind: str = "accept") -> str:
    return f"/letters/case/{world.case.ref}/{kind}/"


def _screened(world: World) -> str:
    ref = world.case.ref
    case_transition(
        actor=world.owner, case_ref=ref, target="screening", reason="Application received"
    )
    keys = ScreeningCriterion.objects.filter(organization=world.org_a, active=True).values_list(
        "key", flat=True
    )
    screening_answers_set(actor=world.owner, case_ref=ref, answers=dict.fromkeys(keys, ("yes", "")))
    return ref


def decline(world: World, reason: str) -> None:
    case_transition(
        actor=world.owner,
        case_ref=_screened(world),
        target="declined",
        reason=reason,
        reason_code="no_new_evidence",
    )


def accept(world: World, reason: str = "Meets every criterion") -> None:
    case_transition(
        actor=world.owner,
        case_ref=_screened(world),
        target="record_gathering",
        reason=reason,
        reason_code="meets_criteria",
    )


def accept_then_decline(world: World) -> None:
    """Accepted at screening, declined after the committee's decision: both letters fit."""
    accept(world)
    Organization.objects.filter(pk=world.org_a.pk).update(committee_quorum=1)
    ref = world.case.ref
    for stage in ("reinvestigation", "decision"):
        case_transition(actor=world.owner, case_ref=ref, target=stage, reason="Next step")
    vote_cast(actor=world.owner, case_ref=ref, vote="deny_relief", rationale="No new evidence")
    case_transition(
        actor=world.owner,
        case_ref=ref,
        target="declined",
        reason="The committee found no basis for relief",
        reason_code="committee_denied",
    )


@pytest.mark.parametrize("persona", ["owner", "member", "auditor", "admin"])
def test_case_letter_html_for_those_who_see_the_case(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    accept(world)
    response = client_for(getattr(world, persona)).get(letter_url(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Tomas Rivera" in response.content and world.case.ref.encode() in response.content
    assert b"Example County CIU" in response.content
    assert b"BA200101" in response.content
    event = AuditEvent.objects.filter(action="letter.export", case_id=world.case.pk).latest("seq")
    assert event.username == persona and event.detail == {"kind": "accept", "format": "html"}


def test_case_letter_pdf(world: World, client_for: Callable[[User], Client]) -> None:
    decline(world, "The affidavits repeat trial testimony.")
    response = client_for(world.owner).get(letter_url(world, "decline"), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="letter.export", detail__format="pdf").exists()


@pytest.mark.parametrize("persona", ["nonmember", "outsider"])
def test_case_letter_404_for_those_who_cannot_see(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(letter_url(world)).status_code == 404
    assert client.get(letter_url(world), {"format": "pdf"}).status_code == 404
    assert not AuditEvent.objects.filter(action="letter.export").exists()


def test_unknown_kind_and_format(world: World, client_for: Callable[[User], Client]) -> None:
    accept(world)
    client = client_for(world.owner)
    assert client.get(letter_url(world, "praise")).status_code == 404
    assert client.get(letter_url(world), {"format": "docx"}).status_code == 400


def test_decline_letter_carries_the_decision_reason(
    world: World, client_for: Callable[[User], Client]
) -> None:
    decline(world, "The affidavits repeat trial testimony.")
    content = client_for(world.owner).get(letter_url(world, "decline")).content.decode()
    assert "No new evidence or lead. The affidavits repeat trial testimony." in content


def test_values_are_escaped(world: World, client_for: Callable[[User], Client]) -> None:
    accept(world)
    Case.objects.filter(pk=world.case.pk).update(
        applicant_name="<script>alert(1)</script>", title="A & B"
    )
    content = client_for(world.owner).get(letter_url(world)).content.decode()
    assert "<script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_restricted_engine() -> None:
    assert render_plain("{{ applicant_name|upper }}", {"applicant_name": "Ann"}) == "ANN"
    assert render_plain("{{ secret }}", {"secret": "x"}) == ""  # only the known names exist
    for source in (
        "{% load static %}",
        '{% include "base.html" %}',
        "{% debug %}",
        "{% for c in case_ref %}{% endfor %}",
        "{{ x|safe }}",
    ):
        with pytest.raises(Exception, match="syntax"):
            render_plain(source, {})


def test_template_list_creates_defaults(world: World, client_for: Callable[[User], Client]) -> None:
    response = client_for(world.owner).get("/letters/")
    assert response.status_code == 200
    assert set(
        LetterTemplate.objects.filter(organization=world.org_a).values_list("kind", flat=True)
    ) == {"accept", "decline", "giglio"}
    assert not LetterTemplate.objects.filter(organization=world.org_b).exists()


@pytest.mark.parametrize("persona", ["member", "auditor"])
def test_template_editing_is_for_attorneys_and_admins(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/letters/").status_code == 403
    assert client.get("/letters/accept/edit/").status_code == 403
    assert client.post("/letters/accept/edit/", {"subject": "x", "body": "y"}).status_code == 403


def test_edit_preview_and_save(world: World, client_for: Callable[[User], Client]) -> None:
    client = client_for(world.admin)
    assert client.get("/letters/accept/edit/").status_code == 200
    body = "Dear {{ applicant_name }},\n\nWelcome to {{ organization_name }}."
    preview = client.post(
        "/letters/accept/edit/", {"subject": "Re {{ case_ref }}", "body": body, "preview": "1"}
    )
    assert preview.status_code == 200 and b"Jordan Example" in preview.content
    assert not LetterTemplate.objects.filter(
        organization=world.org_a, body=body
    ).exists()  # preview does not save
    saved = client.post(
        "/letters/accept/edit/", {"subject": "Re {{ case_ref }}", "body": body, "save": "1"}
    )
    assert saved.status_code == 302
    accept(world)
    template = LetterTemplate.objects.get(organization=world.org_a, kind="accept")
    assert template.body == body and template.updated_by == world.admin
    letter = client_for(world.owner).get(letter_url(world)).content.decode()
    assert "Welcome to Example County CIU." in letter and f"Re {world.case.ref}" in letter
    assert AuditEvent.objects.filter(action="letter.template_update").exists()


@pytest.mark.parametrize(
    "body",
    [
        "Dear {% if %}",
        "{% include 'base.html' %}",
        "{{ applicant_name|nosuchfilter }}",
        "{% load i18n %}",
    ],
)
def test_template_syntax_error_is_a_form_error(
    world: World, client_for: Callable[[User], Client], body: str
) -> None:
    client = client_for(world.owner)
    for button in ("save", "preview"):
        response = client.post(
            "/letters/decline/edit/", {"subject": "Hello", "body": body, button: "1"}
        )
        assert response.status_code == 400
        assert b"errorlist" in response.content and b"syntax" in response.content.lower()
    assert not LetterTemplate.objects.filter(body=body).exists()


def test_letters_api(world: World) -> None:
    accept_then_decline(world)
    _, token = token_create(user=world.owner)
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    html = Client().get(f"/api/v1/letters/{world.case.ref}/accept", **headers)
    assert html.status_code == 200 and b"Tomas Rivera" in html.content
    pdf = Client().get(f"/api/v1/letters/{world.case.ref}/decline", {"format": "pdf"}, **headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="letter.export", source="api").count() == 2
    assert Client().get(f"/api/v1/letters/{world.case.ref}/other", **headers).status_code == 422


def test_letters_api_404_for_outsider(world: World) -> None:
    _, token = token_create(user=world.outsider)
    response = Client().get(
        f"/api/v1/letters/{world.case.ref}/accept", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Case not found."


@pytest.mark.parametrize(
    "path",
    [
        "/letters/",
        "/letters/accept/edit/",
        "/letters/case/EXCIU-2026-00001/accept/",
        "/audit/",
        "/audit/verify/",
        "/accounts/security/",
        "/accounts/organization/",
    ],
)
def test_anonymous_is_sent_to_login(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_a_letter_that_does_not_fit_the_case_is_refused(
    world: World, client_for: Callable[[User], Client]
) -> None:
    accept(world)  # accepted, so no decline letter: the case's history does not have one
    response = client_for(world.owner).get(letter_url(world, "decline"))
    assert response.status_code == 409
    assert "There is no decline letter for this case" in response.content.decode()
    assert not AuditEvent.objects.filter(action="letter.export").exists()
