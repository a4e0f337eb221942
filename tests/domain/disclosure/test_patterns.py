from __future__ import annotations

import pytest

from habeas.domain.disclosure import PATTERN_KINDS, ProductionError, pattern_hits

REPORT = """\
SUPPLEMENTAL REPORT  Case No. 19-CR-004512   Bates DA000123-DA000127
Incident date: 03/03/2019 at 2215 hours. Report written 03/05/2019.
Witness: Dolores Whitcombe, DOB: 04/11/1987, SSN 512-44-9021, of 14 Larkspur Lane, Apt 3B,
Fresno, CA 93704, phone (559) 555-0143, cell 559.555.0178, email d.whitcombe@example.org.
Suspect Ramon Ocasio (born on July 9, 1990), CII No. A12345678, FBI# 412345AB9, lives at
2207 W. Orchard Avenue. Booked per Penal Code § 1054.9 and PC 187(a); see Dept. 12 Superior Court.
Court case F12345678 was continued to 6/12/2020. Evidence item 4471 Court Street locker?
Supervisor badge 4471, extension 1054. Lab request 2019-555-0199-B. Count 3 Main Street Robbery.
"""


def _kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for hit in pattern_hits(text, PATTERN_KINDS):
        assert text[hit.start : hit.end] == hit.text
        out.setdefault(hit.kind, []).append(hit.text)
    return out


def test_police_report_hits_exactly_the_personal_data() -> None:
    found = _kinds(REPORT)
    assert found == {
        "date_of_birth": ["04/11/1987", "July 9, 1990"],
        "ssn": ["512-44-9021"],
        "street_address": [
            "14 Larkspur Lane, Apt 3B,\nFresno, CA 93704",
            "2207 W. Orchard Avenue",
        ],
        "phone": ["(559) 555-0143", "559.555.0178"],
        "email": ["d.whitcombe@example.org"],
        "cii_number": ["A12345678"],
        "fbi_number": ["412345AB9"],
    }


@pytest.mark.parametrize(
    "text",
    [
        "Case No. 19-CR-004512 filed 03/03/2019.",
        "Bates DA000123 through DA000127.",
        "Penal Code § 1054.9 and Evidence Code section 1101(b).",
        "Incident on 04/11/1987 at the corner.",  # a date, not a birth date
        "Court case F12345678 and docket A12345678.",  # no CII cue
        "Lab number 2019-555-0199 and invoice 000-12-3456.",
        "See Dept. 12 Superior Court; Count 3 Main Street Robbery.",
        "The 911 call lasted 4 minutes; 12 officers responded.",
    ],
)
def test_near_misses_do_not_hit(text: str) -> None:
    assert pattern_hits(text, PATTERN_KINDS) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("D.O.B. 1987-04-11", "date_of_birth", "1987-04-11"),
        ("date of birth: 11 April 1987", "date_of_birth", "11 April 1987"),
        ("Social Security number 512449021", "ssn", "512449021"),
        ("call 1-559-555-0143 today", "phone", "1-559-555-0143"),
        ("CII # 1234567", "cii_number", "1234567"),
        ("UCN 987654C", "fbi_number", "987654C"),
        ("met at 300 North Blackstone Ave.", "street_address", "300 North Blackstone Ave."),
    ],
)
def test_each_kind(text: str, kind: str, value: str) -> None:
    assert [(h.kind, h.text) for h in pattern_hits(text, [kind])] == [(kind, value)]


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ProductionError, match="unknown"):
        pattern_hits("x", ["passport"])
