import pytest

from habeas.domain.mentions import MentionKind, mentions_find, people_find
from tests.domain.mentions.snippets import LAB_REPORT, POLICE_REPORT, TRANSCRIPT


def people(text: str) -> dict[str, tuple[str, str, str, str]]:
    """value -> (role, role_detail, badge, agency) for every person on the page."""
    return {
        m.value: (m.role, m.role_detail, m.badge, m.agency)
        for m in mentions_find(text)
        if m.kind is MentionKind.PERSON
    }


@pytest.mark.parametrize(
    ("text", "value", "role", "detail", "badge"),
    [
        ("Det. Maria Alvarez #4471 responded.", "Maria Alvarez", "detective", "detective", "4471"),
        (
            "Detective Sgt. John P. O'Neill (Badge 2231) arrived.",
            "John P. O'Neill",
            "detective",
            "sergeant",
            "2231",
        ),
        (
            "Officer D. Kim, Serial No. 39411, took the report.",
            "D. Kim",
            "officer",
            "officer",
            "39411",
        ),
        (
            "Deputy District Attorney Ellen Park argued.",
            "Ellen Park",
            "prosecutor",
            "prosecutor",
            "",
        ),
        ("DDA Park objected.", "Park", "prosecutor", "prosecutor", ""),
        (
            "Criminalist Raymond Choi examined item 4.",
            "Raymond Choi",
            "forensic_analyst",
            "forensic_analyst",
            "",
        ),
        ("before the Honorable Judge Carla Ruiz, presiding", "Carla Ruiz", "judge", "judge", ""),
        ("Judge Ruiz denied the motion.", "Ruiz", "judge", "judge", ""),
        ("witness Tamara Lee stated she ran.", "Tamara Lee", "other_witness", "witness", ""),
        ("Tamara Lee, an eyewitness, said so.", "Tamara Lee", "eyewitness", "eyewitness", ""),
        (
            "The confidential informant Jerome Watts (#88) was paid.",
            "Jerome Watts",
            "informant",
            "informant",
            "88",
        ),
        (
            "Public Defender Samuel Okafor moved to suppress.",
            "Samuel Okafor",
            "defense_counsel",
            "defense_counsel",
            "",
        ),
        (
            "defense attorney Rita Gomez-Hale cross-examined",
            "Rita Gomez-Hale",
            "defense_counsel",
            "defense_counsel",
            "",
        ),
        ("Sgt. Frank McDonald assisted.", "Frank McDonald", "officer", "sergeant", ""),
        ("Lt. Anne Brooks approved.", "Anne Brooks", "officer", "lieutenant", ""),
        ("Deputy Mark Ruiz, Badge #1123, transported", "Mark Ruiz", "officer", "deputy", "1123"),
        ("Officer Paul Grant Jr. arrived.", "Paul Grant Jr.", "officer", "officer", ""),
        (
            "DET. MARIA ALVAREZ INTERVIEWED THE VICTIM",
            "Maria Alvarez",
            "detective",
            "detective",
            "",
        ),
        ("Victim Luis Ortega was transported.", "Luis Ortega", "", "victim", ""),
    ],
)
def test_titled_people(text: str, value: str, role: str, detail: str, badge: str) -> None:
    found = people(text)
    assert value in found, found
    assert found[value][:3] == (role, detail, badge)


def test_role_is_always_a_person_role_value_or_blank() -> None:
    person_roles = {
        "detective",
        "officer",
        "prosecutor",
        "defense_counsel",
        "judge",
        "eyewitness",
        "informant",
        "forensic_analyst",
        "alternate_suspect",
        "other_witness",
        "",
    }
    for doc in (POLICE_REPORT, TRANSCRIPT, LAB_REPORT):
        for m in people_find(doc):
            assert m.role in person_roles, m


@pytest.mark.parametrize(
    "text",
    [
        "Officer Safety: the suspect was believed to be armed.",
        "The Detective Bureau was notified at 0300 hours.",
        "Counsel met in Judge's chambers.",
        "THE WITNESS: Yes, sir.",
        "THE WITNESS: Correct.",
        "Q. Detective, did you show the witness a photo array?",
        "A. The officer stated that he did.",
        "Q.  And then what happened?\nA.  He ran.",
        "The victim was transported to County-USC.",
        "Officer Involved Shooting Team responded.",
        "P.O. Box 4471, Los Angeles",
    ],
)
def test_no_person_false_positives(text: str) -> None:
    assert people(text) == {}


def test_agency_nearby() -> None:
    assert people("Officer D. Kim, Serial No. 39411, LAPD, responded.")["D. Kim"][3] == "LAPD"
    found = people("Los Angeles County Sheriff's Department Deputy Mark Ruiz arrived.")
    assert found["Mark Ruiz"][3] == "Los Angeles County Sheriff's Department"


def test_agency_not_borrowed_from_another_line() -> None:
    assert people("Filed by LAPD\nJudge Carla Ruiz")["Carla Ruiz"][3] == ""


def test_a_title_swallowed_by_a_long_caps_name_is_still_found() -> None:
    found = people("DET. MARIA ALVAREZ INTERVIEWED WITNESS TAMARA LEE")
    assert found["Tamara Lee"][:2] == ("other_witness", "witness")


def test_analyst_label_then_title() -> None:
    found = people("Analyst: Senior Criminalist Priya Natarajan")
    assert list(found) == ["Priya Natarajan"]


def test_police_report_people() -> None:
    found = people(POLICE_REPORT)
    assert {
        "Maria Alvarez",
        "John P. O'Neill",
        "D. Kim",
        "Tamara Lee",
        "Luis Ortega",
        "Alvarez",
    } <= set(found)
    assert "Frank McDonald-Reyes" in found
    assert not any(v in found for v in ("Safety", "Bureau"))


def test_transcript_people() -> None:
    found = people(TRANSCRIPT)
    assert found["Ellen Park"][0] == "prosecutor"
    assert found["Samuel Okafor"][0] == "defense_counsel"
    assert found["Raymond Choi"][0] == "forensic_analyst"
    assert found["Carla Ruiz"][0] == "judge"
    assert not any(v in {"Yes", "Nothing", "Number"} for v in found)


def test_person_text_is_title_through_badge() -> None:
    text = "Investigating officers: Det. Maria Alvarez #4471 and others"
    (m,) = [m for m in mentions_find(text) if m.kind is MentionKind.PERSON]
    assert m.text == "Det. Maria Alvarez #4471"
    assert text[m.start : m.end] == m.text
    assert "Investigating officers" in m.context
