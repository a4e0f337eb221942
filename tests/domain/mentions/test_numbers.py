import pytest

from habeas.domain.mentions import MentionKind, mentions_find
from tests.domain.mentions.snippets import LAB_REPORT, OPINION


def numbers(text: str) -> list[tuple[MentionKind, str]]:
    return [
        (m.kind, m.value)
        for m in mentions_find(text)
        if m.kind in (MentionKind.DOCKET, MentionKind.REPORT_NUMBER)
    ]


D, R = MentionKind.DOCKET, MentionKind.REPORT_NUMBER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Case No. BA123456", [(D, "BA123456")]),
        ("the LA 012345 matter", [(D, "LA 012345")]),
        ("Case No. LA  012345", [(D, "LA 012345")]),
        ("Case No. 2001-CR-00123.", [(D, "2001-CR-00123")]),
        ("Court of Appeal No. B154321", [(D, "B154321")]),
        ("habeas petition 2:05-cv-01234-ABC was stayed", [(D, "2:05-cv-01234-ABC")]),
        ("Superior Court No. SCD123456", [(D, "SCD123456")]),
        ("DR# 00-1234567", [(R, "00-1234567")]),
        ("DR No. 001234567", [(R, "001234567")]),
        ("Incident # 2000-0455", [(R, "2000-0455")]),
        ("Report No.: 00-R-5512", [(R, "00-R-5512")]),
        ("Laboratory Number: 01-L-0099", [(R, "01-L-0099")]),
        ("Lab No. 2001-04417", [(R, "2001-04417")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[MentionKind, str]]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Supplemental Report No. 2 follows.",
        "No. of shots fired: 3",
        "Case number unknown at this time.",
        "He lives at 1234 Main St.",
        "Report No. pending",
    ],
)
def test_not_numbers(text: str) -> None:
    assert numbers(text) == []


def test_opinion_and_lab_numbers() -> None:
    assert (D, "B154321") in numbers(OPINION)
    assert (D, "BA123456") in numbers(OPINION)
    assert numbers(LAB_REPORT) == [(R, "01-L-0099"), (R, "2001-04417")]


def test_labelled_and_bare_docket_are_one_mention() -> None:
    assert numbers("Case No. BA123456") == [(D, "BA123456")]
