from __future__ import annotations

import pymupdf
import pytest

from habeas.domain.disclosure import Box, Mark, ProductionError, burned_check, document_burn
from habeas.domain.disclosure import burn as burn_module
from habeas.domain.disclosure.burn import tessdata_dir, text_normal
from tests.domain.disclosure.samples import (
    ADDRESS,
    KEPT,
    WITNESS,
    report_marks_text,
    report_pdf,
    scanned_page,
    text_page,
)

needs_ocr = pytest.mark.skipif(
    tessdata_dir() is None, reason="tesseract's English data is not installed"
)
FORBIDDEN = [WITNESS, ADDRESS, "04/11/1987", "Whitcombe"]


def _marks() -> list[Mark]:
    return [Mark(page=p, text=t, reason="Privacy") for p, t in report_marks_text()]


def _expanded(pdf: bytes) -> bytes:
    """Every object of the file with its streams decompressed: what a hex editor would see."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return bytes(doc.tobytes(expand=255))


def test_the_sample_really_holds_the_name_everywhere() -> None:
    # Guards the tests below: they would pass trivially on a sample without the name.
    pdf = report_pdf()
    leaks = burned_check(pdf, [WITNESS], image_ocr_pages=[3] if tessdata_dir() else ())
    assert {leak.where for leak in leaks} >= {
        "text layer",
        "metadata",
        "annotation",
        "attachment",
        "file object",
    }
    assert {leak.page for leak in leaks if leak.where == "text layer"} == {1, 2, 4, 5}
    assert WITNESS.encode() in _expanded(pdf)


@needs_ocr
def test_burn_removes_the_name_from_text_image_metadata_and_file() -> None:
    burned = document_burn(report_pdf(), _marks())
    assert burned.page_count == 5
    assert burned.pages_without_text == (3,)
    assert burned_check(burned.pdf, FORBIDDEN, image_ocr_pages=[1, 2, 3, 4, 5]) == []
    raw = _expanded(burned.pdf)
    for needle in (WITNESS, "Whitcombe", ADDRESS, "Larkspur", "whitcombe"):
        assert needle.encode() not in raw
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as doc:
        assert not any(v for k, v in doc.metadata.items() if k not in ("format", "encryption"))
        assert not doc.get_xml_metadata()
        assert doc.embfile_count() == 0
        assert doc.get_toc() == []
        for page in doc.pages():
            assert page.first_annot is None and page.first_widget is None
            assert page.get_links() == []
        # What was not redacted is still there: the page was not blanked.
        first = text_normal(doc[0].get_text())
        assert text_normal(KEPT) in first
        assert "penal code section 1054.9" in first
        assert "the detective kept the notebook." in text_normal(doc[1].get_text())
        # The scan: the name is gone from the image, the rest of it still reads.
        scan = doc[2]
        tp = scan.get_textpage_ocr(tessdata=tessdata_dir(), dpi=300, full=True)
        ocr = text_normal(scan.get_text(textpage=tp))
        assert "whitcombe" not in ocr and "dolores" not in ocr
        assert "notebook" in ocr


def test_hyphenated_name_is_removed_whole() -> None:
    doc = pymupdf.open()
    text_page(doc, ["The statement was given by Dolores Whit-", "combe at the station."])
    burned = document_burn(bytes(doc.tobytes()), [Mark(page=1, text=WITNESS, reason="Privacy")])
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as out:
        words = [w[4] for w in out[0].get_text("words")]
    assert not any(w.lower().strip("-") in ("whit", "combe", "e", "dolores") for w in words)
    assert "station." in words


def _image_min(pdf: bytes, rect: pymupdf.Rect) -> int:
    """Darkest pixel of the page's image (its own pixels, not the rendered page) inside
    ``rect`` (page points)."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        pix = pymupdf.Pixmap(doc, page.get_images()[0][0])
        sx, sy = pix.width / page.rect.width, pix.height / page.rect.height
        return min(
            int(pix.pixel(x, y)[0])
            for x in range(int(rect.x0 * sx), int(rect.x1 * sx), 2)
            for y in range(int(rect.y0 * sy), int(rect.y1 * sy), 2)
        )


def test_box_removes_image_pixels_and_vector_graphics_under_it() -> None:
    doc = pymupdf.open()
    page = scanned_page(doc, [f"Witness {WITNESS} signed here."])
    page.draw_line((100, 600), (200, 620), color=(0, 0, 0), width=3)  # a signature stroke
    page.draw_rect(pymupdf.Rect(400, 600, 500, 650), color=(0, 0, 1), width=2)  # left alone
    pdf = bytes(doc.tobytes())
    name = pymupdf.Rect(120, 86, 300, 104)  # the name on the scanned line
    assert _image_min(pdf, name) < 100
    boxes = (Box(1, 120, 84, 300, 106), Box(1, 90, 590, 210, 630))
    burned = document_burn(pdf, [Mark(page=1, boxes=boxes, reason="Privilege")])
    assert _image_min(burned.pdf, name) > 200  # the pixels themselves are gone
    assert _image_min(burned.pdf, pymupdf.Rect(72, 86, 110, 104)) < 100  # "Witness" is not
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as out:
        drawings = out[0].get_drawings()
    assert not [d for d in drawings if d.get("color") == (0.0, 0.0, 0.0) and d["type"] == "s"]
    assert any(d.get("color") == (0.0, 0.0, 1.0) for d in drawings)


def test_overlapping_boxes_are_one_black_box() -> None:
    doc = pymupdf.open()
    text_page(doc, [f"Witness {WITNESS} lives at {ADDRESS}.", KEPT])
    boxes = (Box(1, 70, 91, 200, 100), Box(1, 150, 92, 260, 99))
    burned = document_burn(bytes(doc.tobytes()), [Mark(page=1, boxes=boxes, reason="Privacy")])
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as out:
        text = out[0].get_text()
    assert text.count("Privacy") == 1
    assert "Whitcombe" not in text
    assert text_normal(KEPT) in text_normal(text)


def test_box_checks() -> None:
    with pytest.raises(ProductionError, match="no area"):
        Box(1, 10, 10, 10, 20)
    with pytest.raises(ProductionError, match="outside"):
        Box(1, 700, 10, 800, 20).clipped(612, 792)
    assert Box(1, -5, 10, 700, 20).clipped(612, 792) == Box(1, 0, 10, 612, 20)
    with pytest.raises(ProductionError, match="neither"):
        Mark(page=1, reason="Privacy")
    with pytest.raises(ProductionError, match="reason"):
        Mark(page=1, text="x", reason="")
    with pytest.raises(ProductionError, match="another page"):
        Mark(page=1, boxes=(Box(2, 0, 0, 1, 1),), reason="Privacy")
    with pytest.raises(ProductionError, match="has 5 pages"):
        document_burn(report_pdf(), [Mark(page=9, text="x", reason="Privacy")])


def test_scanned_page_without_ocr_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    marks = [Mark(page=3, text=WITNESS, reason="Privacy")]
    with pytest.raises(ProductionError, match="OCR, which was turned off"):
        document_burn(report_pdf(), marks, ocr_pages=False)
    monkeypatch.setattr(burn_module, "tessdata_dir", lambda: None)
    with pytest.raises(ProductionError, match="not installed"):
        document_burn(report_pdf(), marks)
    # A drawn box on the same page needs no OCR.
    box = Mark(page=3, boxes=(Box(3, 50, 50, 300, 120),), reason="Privacy")
    assert document_burn(report_pdf(), [box]).pages_without_text == (3,)


def test_text_not_on_the_page_is_noted() -> None:
    burned = document_burn(report_pdf(), [Mark(page=2, text="Quentin Marlowe", reason="Privacy")])
    assert any("Quentin Marlowe" in n and "not found" in n for n in burned.notes)


def test_encrypted_and_corrupt_pdfs_are_refused() -> None:
    doc = pymupdf.open()
    text_page(doc, [WITNESS])
    locked = doc.tobytes(encryption=vars(pymupdf)["PDF_ENCRYPT_AES_256"], user_pw="u", owner_pw="o")
    with pytest.raises(ProductionError, match="password"):
        document_burn(locked, [])
    with pytest.raises(ProductionError, match="cannot be read"):
        document_burn(b"%PDF-1.7\nnot really", [])


def test_check_reads_ligatures_and_hyphenation() -> None:
    assert text_normal("Dolores Whit-\ncombe") == "dolores whitcombe"
    assert text_normal("The \ufb01le of  DOLORES\u00adWhitcombe") == "the file of doloreswhitcombe"
    doc = pymupdf.open()
    text_page(doc, ["The file of Dolores Whit-", "combe."])
    leaks = burned_check(bytes(doc.tobytes()), ["file of dolores whitcombe"])
    assert [leak.where for leak in leaks if leak.page == 1] == ["text layer"]


def test_text_in_a_hidden_layer_is_found_and_removed() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    hidden = doc.add_ocg("Reviewer notes", on=False)
    page.insert_text((72, 100), f"Note: {WITNESS} is the informant", oc=hidden)
    page.insert_text((72, 130), KEPT)
    pdf = bytes(doc.tobytes())
    assert [leak.where for leak in burned_check(pdf, [WITNESS])] == ["text layer"]
    burned = document_burn(pdf, [Mark(page=1, text=WITNESS, reason="Juvenile")])
    assert any("optional layers" in n for n in burned.notes)
    assert burned_check(burned.pdf, [WITNESS]) == []
    assert WITNESS.encode() not in _expanded(burned.pdf)
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as out:
        assert "is the informant" in out[0].get_text()


def test_boxes_are_in_the_page_as_displayed() -> None:
    doc = pymupdf.open()
    rotated = text_page(doc, [f"Witness {WITNESS} here.", KEPT])
    rotated.set_rotation(90)
    cropped = text_page(doc, [f"Witness {WITNESS} here.", KEPT])
    cropped.set_cropbox(pymupdf.Rect(40, 40, 560, 740))
    pdf = bytes(doc.tobytes())
    marks = []
    with pymupdf.open(stream=pdf, filetype="pdf") as src:
        for page in src.pages():
            # Where a reviewer sees the name on the page image.
            seen = page.search_for(WITNESS)[0] * page.rotation_matrix
            n = page.number + 1
            marks.append(Mark(page=n, boxes=(Box(n, *seen),), reason="Privacy"))
    burned = document_burn(pdf, marks)
    assert burned_check(burned.pdf, [WITNESS, "Whitcombe"]) == []
    with pymupdf.open(stream=burned.pdf, filetype="pdf") as out:
        for page in out.pages():
            assert text_normal(KEPT) in text_normal(page.get_text())
