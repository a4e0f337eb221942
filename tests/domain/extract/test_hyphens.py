"""Words broken at line ends: compounds keep their hyphen, split words are joined; a text-layer PDF
no longer glues "cross-examination" into "crossexamination" (fictional text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.domain.extract.hyphens import hyphens_join
from habeas.domain.extract.textutil import normalize


@pytest.mark.parametrize(
    ("broken", "mended"),
    [
        ("the interro-\ngation began", "the interrogation began"),
        ("the cross-\nexamination of Ms. Dorn", "the cross-examination of Ms. Dorn"),
        ("his co-\ndefendant testified", "his co-defendant testified"),
        ("he was co-\nerced", "he was coerced"),
        ("the photo-\narray", "the photo-array"),
        ("Rafael Fernández-\nRoque", "Rafael Fernández-Roque"),
        ("a well-\nknown cellmate", "a well-known cellmate"),
        ("ex-\nculpatory evidence", "exculpatory evidence"),
        ("the show-\nup", "the show-up"),
        ("double-\n\nspaced text", "doublespaced text"),
        ("auto‐\nmatic hyphen", "automatic hyphen"),  # U+2010, as typesetters break words
        ("pdfium cross\ufffeexamination", "pdfium cross-examination"),  # its line-end marker
        ("pdfium interro\ufffegation", "pdfium interrogation"),
        ("soft in\u00adter\u00ad\nrogation", "soft interrogation"),
    ],
)
def test_broken_words(broken: str, mended: str) -> None:
    assert hyphens_join(broken) == mended


def test_the_text_itself_decides() -> None:
    # the document writes "pre-trial" elsewhere, so the broken one keeps its hyphen; "postconviction"
    # is written joined elsewhere, so the broken one is joined
    text = (
        "a pre-trial motion and a pre-\ntrial hearing; postconviction relief and post-\nconviction"
    )
    assert hyphens_join(text) == (
        "a pre-trial motion and a pre-trial hearing; postconviction relief and postconviction"
    )


def test_a_hyphen_inside_a_line_is_text() -> None:
    text = "a so-called expert - and a dash -\n- then a list"
    assert hyphens_join(text) == text


def test_normalize_mends_before_dropping_controls() -> None:
    assert normalize("the cross\ufffeexamination\r\nof the witness") == (
        "the cross-examination\nof the witness"
    )


def test_text_layer_pdf_keeps_compounds(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from habeas.domain.extract.pdf import pages_extract_pdf

    html = (
        "<html><body style='width:9em;font-size:12pt'><p>The defense conducted a "
        "cross-examination of the witness about the photo-array identification and the "
        "interrogation.</p></body></html>"
    )
    path = tmp_path / "narrow.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    (page,) = pages_extract_pdf(path, ocr=None, min_chars=25)
    flat = " ".join(page.text.split())
    assert "cross-examination" in flat
    assert "crossexamination" not in flat
    assert "photo-array" in flat
