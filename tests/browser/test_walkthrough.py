"""A CIU attorney walks a case shaped like the news story from intake to resolution in a real browser
(Debian's chromium through Playwright), with three committee members voting in their own sessions."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.accounts.models import Organization
from habeas.accounts.services import organization_create, user_create
from habeas.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "walkthrough-password-2024"


@pytest.fixture
def unit() -> Organization:
    org = organization_create(
        name="Example County DA Conviction Integrity Unit", code="exda", kind="ciu"
    )
    for username, role in (("atty", "attorney"), ("rev1", "reviewer"), ("rev2", "reviewer")):
        user_create(
            username=username, password=PASSWORD, organization=org, role=role, check_password=False
        )
    return org


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Log in')")
    page.wait_for_url(f"{base}/cases/**")


def logout(page: Any) -> None:
    with page.expect_navigation():
        page.click("header button:has-text('Log out')")


def open_tab(page: Any, tab: str) -> None:
    """Switch tabs the way a user does (htmx swaps the panel in place) and wait for the swap; a
    tab kept under "More" is a link that opens the page on that tab."""
    if page.locator(f"#tab-{tab}").count() == 0:
        page.click(".tabs-more > summary")
        with page.expect_navigation():
            page.click(f".tabs-more a[href$='?tab={tab}']")
    else:
        with page.expect_response(lambda r: f"/tab/{tab}/" in r.url):
            page.click(f"#tab-{tab}")
    page.wait_for_selector(f"#tab-{tab}[aria-selected=true]")
    page.wait_for_load_state("networkidle")


def submit(page: Any, button: str) -> None:
    """Forms post and redirect: wait for the new page, not for a message the old page already had."""
    with page.expect_navigation():
        page.click(button)


def move(page: Any, target: str, reason: str, code: str = "") -> None:
    open_tab(page, "workflow")
    page.select_option("#transition-target", target)
    if code:
        page.select_option("#transition-code", code)
    page.fill("#transition-reason", reason)
    submit(page, "button:has-text('Move case')")
    label = target.replace("_", " ").capitalize()
    assert page.locator(f".messages >> text=Moved to {label}.").is_visible(), page.locator(
        ".messages"
    ).inner_text()


def add_record(
    page: Any, tab: str, slug: str, fields: dict[str, str], selects: dict[str, str] | None = None
) -> None:
    open_tab(page, tab)
    section = page.locator(f"#section-{slug}")
    section.locator("details.add summary").click()
    for name, value in fields.items():
        section.locator(f"#{slug}-new-{name}").fill(value)
    for name, value in (selects or {}).items():
        section.locator(f"#{slug}-new-{name}").select_option(value)
    # htmx posts the form and swaps in the re-rendered section (no page load).
    with page.expect_response(
        lambda r: f"/records/{slug}/" in r.url and r.request.method == "POST"
    ):
        section.locator("details.add button:has-text('Add')").click()
    page.locator(f"#section-{slug} .messages >> text=Added to").wait_for()


def test_case_from_intake_to_resolution(page: Any, live_server: Any, unit: Organization) -> None:
    base = live_server.url
    login(page, base, "atty")

    # Intake, with one impossible date first: the form keeps the input and names the problem.
    page.click("nav >> text=New intake")
    page.fill("#id_case-title", "People v. Marlowe")
    page.fill("#id_case-received_on", "2019-03-04")
    page.fill("#id_case-county", "Los Angeles")
    page.fill("#id_applicant-first_name", "Dorian")
    page.fill("#id_applicant-last_name", "Marlowe")
    page.select_option("#id_applicant-custody_status", "in_custody")
    page.fill("#id_incident-occurred_on", "2000-12-31")
    page.fill("#id_incident-place", "Compton")
    page.fill("#id_conviction-court", "Los Angeles Superior Court")
    page.fill("#id_conviction-docket_number", "TA0581XX")
    page.fill("#id_conviction-convicted_on", "2000-06-12")
    page.select_option("#id_conviction-form", "jury")
    page.fill(
        "#id_claim-basis",
        "Single eyewitness, cross-racial identification; alibi witnesses never called.",
    )
    page.check("input[name=claim-nre_factors][value=MWID]")
    submit(page, "button:has-text('Open case')")
    assert page.locator("text=Conviction cannot precede the crime.").first.is_visible()
    page.fill("#id_conviction-convicted_on", "2001-06-12")
    submit(page, "button:has-text('Open case')")
    page.wait_for_selector("h1:has-text('People v. Marlowe')")
    ref = Case.objects.get(title="People v. Marlowe").ref
    case_url = f"{base}/cases/{ref}/"

    # Screening: the checklist must be complete before the case can be accepted.
    move(page, "screening", "Application and consent received")
    open_tab(page, "workflow")
    for select in page.locator("select[name^=answer-]").all():
        select.select_option("yes")
    submit(page, "button:has-text('Save checklist')")
    assert page.locator("text=Screening checklist saved.").is_visible()
    move(page, "record_gathering", "Meets every criterion", code="meets_criteria")
    add_record(
        page,
        "evidence",
        "evidence",
        {"description": "Victim's shirt (blood)"},
        {"preservation_status": "preserved"},
    )
    move(page, "reinvestigation", "Trial file and police reports collected")
    add_record(
        page, "leads", "leads", {"description": "Getaway driver named another man as the shooter"}
    )
    move(page, "decision", "Reinvestigation complete; ready for committee")

    # Team: the reviewers join, then each votes in their own session.
    open_tab(page, "team")
    for username in ("rev1", "rev2"):
        page.fill("#team-username", username)
        submit(page, "button:has-text('Add to team')")
        assert page.locator(f"text={username} added.").is_visible()
    open_tab(page, "workflow")
    page.select_option("#vote-choice", "support_relief")
    page.fill("#vote-rationale", "Identification unreliable; alibi credible.")
    submit(page, "button:has-text('Record vote')")
    assert page.locator("text=Vote recorded.").is_visible()
    logout(page)
    for reviewer in ("rev1", "rev2"):
        login(page, base, reviewer)
        page.goto(case_url + "?tab=workflow")
        page.select_option("#vote-choice", "support_relief")
        submit(page, "button:has-text('Record vote')")
        assert page.locator("text=Vote recorded.").is_visible()
        logout(page)

    # Resolution: vacatur, release and a factual-innocence finding, each a dated event.
    login(page, base, "atty")
    page.goto(case_url)
    move(page, "resolution", "Committee supports a joint motion to vacate")
    for kind, day in (
        ("vacated", "2021-10-19"),
        ("released", "2021-10-19"),
        ("factual_innocence", "2022-04-15"),
    ):
        fields = {"occurred_on": day, "court": "Los Angeles Superior Court"}
        if kind == "factual_innocence":
            fields.update(
                statute="Cal. Penal Code 1485.55", standard_of_proof="preponderance of the evidence"
            )
        add_record(page, "workflow", "resolutions", fields, {"kind": kind})
    move(page, "closed", "Vacated, released and found factually innocent")
    open_tab(page, "leads")
    assert page.locator("#section-leads >> text=Open").first.is_visible()

    case = Case.objects.get(ref=ref)
    assert case.stage == "closed"
    assert list(case.resolution_events.values_list("kind", flat=True)) == [
        "vacated",
        "released",
        "factual_innocence",
    ]
    assert case.votes.count() == 3 and case.leads.get().status == "open"
