import pytest

from habeas.domain.mentions import MentionKind, mentions_find
from tests.domain.mentions.snippets import LAB_REPORT


def methods(text: str) -> list[str]:
    return [m.value for m in mentions_find(text) if m.kind is MentionKind.FORENSIC_METHOD]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The bite-mark evidence was compared", "bite mark comparison"),
        ("a bitemark on the forearm", "bite mark comparison"),
        ("subjected to microscopic hair comparison", "microscopic hair comparison"),
        ("comparative bullet lead analysis (CBLA)", "comparative bullet lead analysis"),
        ("the investigator relied on pour patterns", "fire burn pattern analysis"),
        ("diagnosed as shaken baby syndrome", "shaken baby syndrome"),
        ("mtDNA testing of the hair root", "mitochondrial DNA"),
        ("the DNA profile excluded him", "DNA analysis"),
        ("latent prints were lifted", "latent fingerprint comparison"),
        ("ABO blood typing showed type O", "serology"),
        ("tool marks on the door", "toolmark comparison"),
        ("the firearms examiner concluded", "firearms identification"),
        ("a GSR kit was collected", "gunshot residue"),
        ("blood spatter on the wall", "bloodstain pattern analysis"),
        ("a dog scent lineup was conducted", "dog scent lineup"),
        ("he failed a polygraph", "polygraph"),
    ],
)
def test_method(text: str, value: str) -> None:
    assert value in methods(text)


@pytest.mark.parametrize(
    "text",
    [
        "a DNAse buffer",
        "the arson count was dismissed",
        "STRONG winds",
        "he combed his hair",
        "a GSRX unit",
    ],
)
def test_not_methods(text: str) -> None:
    assert methods(text) == []


def test_mtdna_is_not_also_plain_dna() -> None:
    assert methods("mitochondrial DNA") == ["mitochondrial DNA"]


def test_lab_report_methods() -> None:
    found = methods(LAB_REPORT)
    assert found.count("microscopic hair comparison") == 2
    assert {"serology", "comparative bullet lead analysis"} <= set(found)
