from __future__ import annotations

import hashlib
import pickle
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from habeas.domain.disclosure import (
    Leak,
    Mark,
    ProduceItem,
    ProductionError,
    ProductionLeak,
    ProductionWriter,
    burned_check,
)
from habeas.domain.disclosure.burn import tessdata_dir
from tests.domain.disclosure.loadreaders import dat_read, opt_read
from tests.domain.disclosure.samples import (
    ADDRESS,
    WITNESS,
    plain_pdf,
    report_marks_text,
    report_pdf,
)

FORBIDDEN = (WITNESS, ADDRESS, "04/11/1987")


def _items() -> list[ProduceItem]:
    marks = tuple(Mark(page=p, text=t, reason="Privacy") for p, t in report_marks_text())
    return [
        ProduceItem(
            title="Interview report",
            pdf=report_pdf(),
            marks=marks,
            forbidden=FORBIDDEN,
            doc_date="2019-03-05",
            doc_type="Police report",
            custodian="Fresno PD",
            key="d1",
        ),
        ProduceItem(
            title="Supplemental report", pdf=plain_pdf(3), doc_type="Police report", key="d2"
        ),
        ProduceItem(title="Lab sheet", pdf=plain_pdf(1, seed=2), forbidden=FORBIDDEN, key="d3"),
    ]


def _writer(
    tmp_path: Path, *, workers: int = 1, progress: Callable[[int], None] | None = None
) -> ProductionWriter:
    return ProductionWriter(
        tmp_path,
        name="PROD001",
        prefix="DA",
        first=101,
        padding=6,
        legend="CONFIDENTIAL",
        workers=workers,
        progress=progress,
    )


@pytest.mark.skipif(tessdata_dir() is None, reason="tesseract's English data is not installed")
@pytest.mark.parametrize("workers", [1, 2])
def test_package_end_to_end(tmp_path: Path, workers: int) -> None:
    progress: list[int] = []
    writer = _writer(tmp_path, workers=workers, progress=progress.append)
    docs = list(writer.add_documents(_items()))
    result = writer.finish(
        [("PROD001_cover_letter.pdf", plain_pdf(1)), ("PROD001_privilege_log.csv", b"a,b\r\n")]
    )
    assert [d.key for d in docs] == ["d1", "d2", "d3"]
    assert [(d.begbates, d.endbates) for d in docs] == [
        ("DA000101", "DA000105"),
        ("DA000106", "DA000108"),
        ("DA000109", "DA000109"),
    ]
    assert progress == [5, 8, 9]
    assert result.page_count == 9 and (result.first_number, result.last_number) == (101, 109)
    assert docs[0].pages_without_text == (3,) and docs[0].pages_not_checked == ()
    root = result.root

    # Every produced page: its label in order, and no forbidden string anywhere.
    labels = []
    for d in docs:
        pdf = (root / d.pdf_path).read_bytes()
        assert burned_check(pdf, FORBIDDEN, image_ocr_pages=[3] if d.key == "d1" else ()) == []
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            labels += [re.findall(r"DA\d{6}", p.get_text())[0] for p in doc.pages()]
        text = (root / d.text_path).read_text()
        assert WITNESS not in text and text.count("\f") == d.page_count - 1
    assert labels == [f"DA{n:06d}" for n in range(101, 110)]

    images = sorted((root / "VOL001/IMAGES/0001").iterdir())
    assert [p.stem for p in images] == labels
    with Image.open(images[0]) as img:
        assert img.mode == "1" and img.info["compression"] == "group4"
        assert round(img.info["dpi"][0]) == 300

    dat = dat_read((root / "DATA/PROD001.dat").read_bytes())
    assert [(r["BEGBATES"], r["ENDBATES"], r["PGCOUNT"], r["REDACTED"]) for r in dat] == [
        ("DA000101", "DA000105", "5", "Y"),
        ("DA000106", "DA000108", "3", "N"),
        ("DA000109", "DA000109", "1", "N"),
    ]
    assert dat[0]["SHA256"] == hashlib.sha256((root / docs[0].pdf_path).read_bytes()).hexdigest()
    opt = opt_read((root / "DATA/PROD001.opt").read_bytes())
    assert [r[0] for r in opt] == labels and sum(r[3] == "Y" for r in opt) == 3
    assert all((root / r[2].replace("\\", "/")).is_file() for r in opt)

    # The manifest lists every other file with its hash, as sha256sum -c reads it.
    manifest = (root / "manifest-sha256.txt").read_text()
    listed: dict[str, str] = {}
    for line in manifest.splitlines():
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {
        "manifest-sha256.txt"
    }
    assert set(listed) == on_disk
    for rel, digest in listed.items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest
    assert result.manifest_sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    with zipfile.ZipFile(result.zip_path) as zf:
        names = set(zf.namelist())
        assert names == {f"PROD001/{p}" for p in on_disk | {"manifest-sha256.txt"}}
        assert zf.read("PROD001/manifest-sha256.txt").decode() == manifest


@pytest.mark.parametrize("workers", [1, 2])
def test_a_leak_abandons_the_package(tmp_path: Path, workers: int) -> None:
    writer = _writer(tmp_path, workers=workers)
    # The name is to be withheld but nobody marked it on page 1: the check refuses the file,
    # also when it runs in a worker process.
    leaky = ProduceItem(title="Interview report", pdf=report_pdf(), forbidden=(WITNESS,))
    with pytest.raises(ProductionLeak) as caught:
        list(writer.add_documents([_items()[1], leaky, _items()[2]]))
    assert caught.value.document == "Interview report"
    assert {leak.where for leak in caught.value.leaks} == {"text layer", "file object"}
    assert "nothing was produced" in str(caught.value)
    assert not (tmp_path / "PROD001").exists() and not (tmp_path / "PROD001.zip").exists()
    with pytest.raises(ProductionError, match="already finished or abandoned"):
        writer.finish()


def test_leak_survives_pickling() -> None:
    leak = ProductionLeak("Report", [Leak(2, "text layer", WITNESS)])
    again = pickle.loads(pickle.dumps(leak))  # noqa: S301 - our own object
    assert (again.document, again.leaks, str(again)) == (leak.document, leak.leaks, str(leak))


def test_bates_range_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    writer = ProductionWriter(tmp_path, name="P2", prefix="DA", first=998, padding=3)
    with pytest.raises(ProductionError, match="does not fit"):
        writer.add_document(_items()[1])  # 3 pages: 998, 999, 1000
    assert not (tmp_path / "P2").exists()


def test_extra_files_cannot_escape_or_replace(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    writer.add_document(_items()[1])
    with pytest.raises(ProductionError, match="plain relative path"):
        writer.finish([("../evil.txt", b"x")])
    assert not (tmp_path / "PROD001").exists()
    writer = _writer(tmp_path)
    with pytest.raises(ProductionError, match="replace"):
        writer.finish([("DATA/PROD001.dat", b"x")])
