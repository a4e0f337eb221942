"""The screen-language checker catches every kind of internal text the issue saw in the demo, and
passes the plain language, legal terms and citations that belong on a page."""

from __future__ import annotations

import pytest

from tests.core.screen_text import code_tokens, page_problems, visible_text

# Strings seen on the demo's pages before the label registry (issue 11, "What a reviewer sees").
SEEN_IN_THE_DEMO = [
    "facts.md section 1.2 [V]",
    "facts.md verifies the MWID factor",
    "whether operative UNVERIFIED",
    "Unverified: facts.md has no GSR entry",
    "Source: outcomes.selectors.case_outcome_summary, the same figures as the case page",
    "Nothing exported yet: run `habeas export nre`.",
    "No registry data: use habeas nre import to load the NRE export.",
    "Run habeas link run to find the same person.",
    "Check the files with habeas documents verify.",
    "arrest_date",
    "Role: forensic_analyst",
    "Forensic_method",
    "Report_number",
    "release_from_custody on 2021-03-02",
    "Complete the screening checklist first: jurisdiction, felony, factual_innocence unanswered.",
    "Choose a reason code: meets_criteria, exception.",
    "bd:5510edec767b:2076",
    "ba:01d0f9fa924e1a57",
    "Party to a case · y44",
    "person record · p60",
    "alias 3, bulk_actor 19, bulk_defendant 3,000",
    "Backend duckdb",
    "Match probability 0.930 (weight 3.7).",
    "Recorded: bd:5510edec767b:2076 and y44 are different people.",
    "case.read",
    "auth.login_failed",
    "{'view': 'list', 'filters': {}, 'page': 1}",
    "Confirmed by ciu_attorney",
    "Statutory compensation due (USD) 4264120.00",
    "Compensation: $4264120.00",
]

PLAIN_LANGUAGE = [
    "State habeas petition, Los Angeles Superior Court, BH008812",
    "Federal habeas corpus",
    "Cal. Penal Code 12022.53(d): personal discharge of a firearm",
    "Cal. Penal Code 1485.55, preponderance of the evidence",
    "Statutory compensation due: $4,264,120.00",
    "Abstract of judgment (demo document), p. 1",
    "Crime lab report 01-00412.txt, p. 1",
    "Self-help copies at self-law.org",
    "e.g. sentence, date of the incident",
    "badge 16058 · Los Angeles County Sheriff's Department",
    "Confirmed by Marcus Oyelaran on Mar 2, 2021",
    "Statute text not yet checked against the official code.",
    "Opened the case page of LADACIU-2026-00001",
]


@pytest.mark.parametrize("text", SEEN_IN_THE_DEMO)
def test_catches_what_the_demo_showed(text: str) -> None:
    assert code_tokens(text), text


@pytest.mark.parametrize("text", PLAIN_LANGUAGE)
def test_passes_plain_language(text: str) -> None:
    assert code_tokens(text) == [], text


def test_visible_text_skips_scripts_hidden_inputs_and_reads_labels() -> None:
    html = (
        "<p>Shown</p><script>var snake_case = 1;</script><style>.a_b{}</style>"
        '<input type="hidden" name="reason_code" value="meets_criteria">'
        '<input placeholder="Search by name"><img alt="Chart of cases"><select><option>Jury'
        "</option></select>"
    )
    plain, verbatim = visible_text(html)
    assert plain.split("\n") == ["Shown", "Search by name", "Chart of cases", "Jury"]
    assert verbatim == ""
    assert page_problems(html) == []


def test_verbatim_relaxes_only_the_checks_for_typed_data() -> None:
    typed = "<td data-verbatim>ciu_attorney</td><td data-verbatim><span>{{ case_ref }}</span></td>"
    assert page_problems(typed) == []
    assert page_problems("<td>ciu_attorney</td>")
    # Never legitimate, verbatim or not:
    for bad in ("run habeas export nre", "facts.md [V]", "bd:5510edec767b:2076"):
        assert page_problems(f"<p data-verbatim>{bad}</p>"), bad
    # The verbatim region ends with its element.
    assert page_problems("<div data-verbatim><p>x</p></div><p>case.read</p>")
