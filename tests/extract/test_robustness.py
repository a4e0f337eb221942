"""Whatever the bytes, public functions return or raise ExtractionError: nothing else escapes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from habeas.extract import KINDS, ExtractionError, members_expand, page_render_png, pages_extract
from habeas.extract.samples import text_pdf_bytes

SEEDS = range(6)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns on corrupt EXIF


def _blobs() -> list[bytes]:
    rng = random.Random(1234)
    pdf = text_pdf_bytes([["Witness statement of Lena Orwick"]] * 2)
    blobs = [rng.randbytes(rng.randint(0, 5000)) for _ in SEEDS]
    blobs += [pdf[: rng.randint(0, len(pdf))] for _ in SEEDS]
    blobs += [b"PK\x03\x04" + rng.randbytes(300), b"II*\x00" + rng.randbytes(300), b"\x89PNG\r\n\x1a\n" + rng.randbytes(300)]
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
