from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from habeas.domain.extract import ExtractionError, OcrRunner
from habeas.domain.extract.ocr import _mean_confidence

from .conftest import needs_tesseract, small_scan

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90.5\tALIBI\n"
    '5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t70.5\t"quoted\n'
    "5\t1\t1\t1\t1\t3\t0\t0\t10\t10\t10\t \n"
)


def test_mean_confidence_counts_only_words() -> None:
    assert _mean_confidence(TSV) == 80.5
    assert _mean_confidence(TSV.splitlines()[0]) is None


def test_each_process_gets_one_omp_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(
        cmd: list[str], *, env: dict[str, str], **kwargs: Any
    ) -> subprocess.CompletedProcess[bytes]:
        calls.append((cmd, env))
        stem = Path(cmd[2])
        stem.with_suffix(".txt").write_text(f"text of {Path(cmd[1]).read_bytes().decode()}\f")
        stem.with_suffix(".tsv").write_text(TSV)
        return subprocess.CompletedProcess(cmd, 0, b"", b"")

    monkeypatch.setattr("habeas.domain.extract.ocr._tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(subprocess, "run", fake_run)
    results = OcrRunner(workers=3, lang="eng").ocr_images([b"a", b"b", b"c", b"d", b"e"])
    assert results == [(f"text of {c}", 80.5) for c in "abcde"]  # order preserved, \f dropped
    assert len(calls) == 5
    for cmd, env in calls:
        assert env["OMP_THREAD_LIMIT"] == "1"
        assert cmd[3:] == ["-l", "eng", "txt", "tsv"]  # encoded bytes carry their own dpi


def test_pil_images_pass_their_dpi(monkeypatch: pytest.MonkeyPatch) -> None:
    cmds: list[list[str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        cmds.append(cmd)
        Path(cmd[2]).with_suffix(".txt").write_text("x")
        Path(cmd[2]).with_suffix(".tsv").write_text(TSV)
        return subprocess.CompletedProcess(cmd, 0, b"", b"")

    monkeypatch.setattr("habeas.domain.extract.ocr._tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(subprocess, "run", fake_run)
    OcrRunner(workers=1).ocr_images([small_scan(["a"]).convert("RGB")])
    assert cmds[0][3:] == ["-l", "eng", "--dpi", "300", "txt", "tsv"]


def test_missing_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("habeas.domain.extract.ocr._tesseract_path", lambda: None)
    with pytest.raises(ExtractionError, match="tesseract program is not installed"):
        OcrRunner().ocr_images([b"x"])


@needs_tesseract
def test_tesseract_failure_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="OCR failed"):
        OcrRunner(workers=1).ocr_images([b"this is not an image"])


@needs_tesseract
def test_blank_page_has_no_confidence() -> None:
    [(text, conf)] = OcrRunner(workers=1).ocr_images([small_scan([], size=(300, 200))])
    assert text == "" and conf is None
