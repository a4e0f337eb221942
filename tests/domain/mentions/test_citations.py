from habeas.domain.mentions import MentionKind, citations_find, mentions_find
from tests.domain.mentions.snippets import OPINION


def cites(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in mentions_find(text) if m.kind is MentionKind.CITATION]


def test_case_citations_use_eyecite_corrected_form() -> None:
    found = cites(
        "(See People v. Kelly (1976) 17 Cal.3d 24, 30; Brady v. Maryland, 373 U.S. 83, 87 (1963).)"
    )
    assert found == [("17 Cal.3d 24", "17 Cal. 3d 24"), ("373 U.S. 83", "373 U.S. 83")]


def test_california_statutes() -> None:
    found = dict(
        cites(
            "Under Penal Code section 1485.55, Cal. Penal Code § 1473.6, PC § 4900, a violation of "
            "187(a) PC, Evid. Code, § 1101, and Code Civ. Proc. § 170.6."
        )
    )
    assert found == {
        "Penal Code section 1485.55": "Cal. Penal Code § 1485.55",
        "Cal. Penal Code § 1473.6": "Cal. Penal Code § 1473.6",
        "PC § 4900": "Cal. Penal Code § 4900",
        "187(a) PC": "Cal. Penal Code § 187(a)",
        "Evid. Code, § 1101": "Cal. Evid. Code § 1101",
        "Code Civ. Proc. § 170.6": "Cal. Code Civ. Proc. § 170.6",
    }


def test_statute_across_a_line_break() -> None:
    assert cites("Under Penal Code\nsection 1485.55 the court")[0][1] == "Cal. Penal Code § 1485.55"


def test_federal_statute_from_eyecite() -> None:
    assert ("28 U.S.C. § 2254", "28 U.S.C. § 2254") in cites(
        "relief under 28 U.S.C. § 2254(d) is barred"
    )


def test_offsets_map_to_original_text_with_odd_whitespace() -> None:
    text = "Intro\n\n   See  People v. Kelly (1976)\n17 Cal.3d 24 , 30."
    for m in citations_find(text):
        assert text[m.start : m.end] == m.text


def test_opinion() -> None:
    values = [v for _, v in cites(OPINION)]
    assert "17 Cal. 3d 24" in values
    assert "Cal. Penal Code § 1485.55" in values
    assert "Cal. Penal Code § 4900" in values


def test_no_citations_in_plain_report() -> None:
    assert (
        cites("Officer Kim arrived at 2215 hours and spoke with 3 witnesses on 2 occasions.") == []
    )


def test_id_and_joke_are_not_suggested() -> None:
    assert cites("Id. at 87.") == []
    assert cites("eyecite") == []
