"""Whatever the bytes, public functions return or raise ExtractionError: nothing else escapes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.extract import (
    KINDS,
    ExtractionError,
    kind_detect,
    members_expand,
    page_render_png,
    pages_extract,
)
from habeas.domain.extract.samples import text_pdf_bytes

SEEDS = range(6)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns on corrupt EXIF


def _blobs() -> list[bytes]:
    rng = random.Random(1234)
    pdf = text_pdf_bytes([["Witness statement of Lena Orwick"]] * 2)
    blobs = [rng.randbytes(rng.randint(0, 5000)) for _ in SEEDS]
    blobs += [pdf[: rng.randint(0, len(pdf))] for _ in SEEDS]
    blobs += [
        b"PK\x03\x04" + rng.randbytes(300),
        b"II*\x00" + rng.randbytes(300),
        b"\x89PNG\r\n\x1a\n" + rng.randbytes(300),
    ]
    return blobs


@pytest.mark.parametrize("kind", KINDS)
def test_garbage_only_raises_extraction_error(tmp_path: Path, kind: str) -> None:
    for i, blob in enumerate(_blobs()):
        path = tmp_path / f"f{i}"
        path.write_bytes(blob)
        for call in (
            lambda p=path: pages_extract(p, kind),
            lambda p=path: list(members_expand(p, kind, tmp_path / "out")),
            lambda p=path: page_render_png(p, kind, 1),
        ):
            try:
                call()
            except ExtractionError as err:
                assert str(err)


def test_unknown_kind() -> None:
    with pytest.raises(ExtractionError, match="unsupported file kind"):
        pages_extract(Path("x"), "rtf")


@given(
    data=st.binary(max_size=3000),
    kind=st.sampled_from(KINDS),
    name=st.sampled_from(["a.pdf", "a.txt", "a.zip", "a.eml", "a.docx", "a.tif", "a"]),
)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_fuzz_detect_and_extract(tmp_path: Path, data: bytes, kind: str, name: str) -> None:
    """Hypothesis over bytes, kinds and names: detection never raises; extraction returns or says why."""
    assert kind_detect(name, data[:8192]) in (*KINDS, None)
    path = tmp_path / "fuzz.bin"
    path.write_bytes(data)
    try:
        pages = pages_extract(path, kind)
    except ExtractionError as err:
        assert str(err)
    else:
        assert all(p.number == i for i, p in enumerate(pages, 1))


@given(
    prefix=st.sampled_from(
        [b"%PDF-1.4\n", b"PK\x03\x04", b"II*\x00", b"\x89PNG\r\n\x1a\n", b"From: a@b\n"]
    ),
    tail=st.binary(max_size=2000),
)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_fuzz_files_that_start_right_but_go_wrong(
    tmp_path: Path, prefix: bytes, tail: bytes
) -> None:
    path = tmp_path / "fuzz.bin"
    path.write_bytes(prefix + tail)
    kind = kind_detect("file", prefix + tail) or "text"
    for call in (
        lambda: pages_extract(path, kind),
        lambda: list(members_expand(path, kind, tmp_path / "out")),
    ):
        try:
            call()
        except ExtractionError as err:
            assert str(err)
