from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from habeas.domain.extract import ExtractionError, kind_detect, pages_extract

from .conftest import write

SENTENCE = "Señora Pérez said “I never saw him” – the café was closed. Ñandú, œuvre, 50 €."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings(tmp_path: Path, encoding: str) -> None:
    body = "\r\n".join([SENTENCE] * 5 + ["Interview ended at 14:10."])
    path = write(tmp_path / "notes.txt", body.encode(encoding))
    assert kind_detect(path.name, path.read_bytes()[:8192]) == "text"
    [page] = pages_extract(path, "text")
    assert page.text.splitlines()[0] == SENTENCE
    assert "\r" not in page.text


def test_latin1_reads_as_cp1252_superset(tmp_path: Path) -> None:
    text = "Témoin: Hélène Duvallier, née à Montréal. Déclaration reçue à 9h. " * 4
    [page] = pages_extract(write(tmp_path / "l.txt", text.encode("latin-1")), "text")
    assert "Hélène Duvallier" in page.text


def test_form_feed_splits_pages(tmp_path: Path) -> None:
    path = write(tmp_path / "print.txt", b"page one\n\fpage two\n\f\fpage four\n\f")
    pages = pages_extract(path, "text")
    assert [(p.number, p.text) for p in pages] == [
        (1, "page one"),
        (2, "page two"),
        (3, ""),
        (4, "page four"),
    ]


def test_empty_file_is_one_empty_page(tmp_path: Path) -> None:
    assert [p.text for p in pages_extract(write(tmp_path / "e.txt", b""), "text")] == [""]


def test_binary_garbage_named_txt(tmp_path: Path) -> None:
    garbage = random.Random(7).randbytes(20_000)
    with pytest.raises(ExtractionError, match="does not contain text"):
        pages_extract(write(tmp_path / "g.txt", garbage), "text")
    with pytest.raises(ExtractionError, match="does not contain text"):
        pages_extract(write(tmp_path / "z.txt", b"\x00" * 4096), "text")


def test_large_file_is_streamed_beyond_the_sample(tmp_path: Path) -> None:
    line = ("Zeuge Jürgen Brandt, Aussage Nr. %05d\n" * 1).encode("cp1252")
    with (tmp_path / "big.txt").open("wb") as fh:
        for i in range(20_000):  # ~700 KB, more than the 256 KB detection sample
            fh.write(line.replace(b"%05d", b"%05d" % i))
    [page] = pages_extract(tmp_path / "big.txt", "text")
    assert page.text.splitlines()[-1] == "Zeuge Jürgen Brandt, Aussage Nr. 19999"
    assert os.path.getsize(tmp_path / "big.txt") > 256 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "山田太郎の供述。\n",  # short: charset-normalizer alone reads it as Korean (cp949)
        "Statement of Taro Yamada 山田 太郎, page 1\nNo objection.\n",  # English with kanji: not cp1252
        "供述調書\n被疑者 山田太郎は、平成十三年六月十四日、警察署において次のとおり供述した。\n",
    ],
)
def test_shift_jis_reads_as_japanese(tmp_path: Path, text: str) -> None:
    [page] = pages_extract(write(tmp_path / "kyojutsu.txt", text.encode("shift_jis")), "text")
    assert page.text == text.strip()


@pytest.mark.parametrize(
    "text",
    ["Frédéric Müller testified.\n", "José Núñez, née Peña: “Señor Ibáñez” signed.\n"],
)
def test_western_words_are_not_taken_for_japanese(tmp_path: Path, text: str) -> None:
    [page] = pages_extract(write(tmp_path / "w.txt", text.encode("cp1252")), "text")
    assert page.text == text.strip()
