"""Making a CSV file UTF-8 for DuckDB, line by line, so a file with mixed encodings still loads."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Transcoded:
    path: Path
    encoding: str  # "utf-8", "utf-16" or "mixed utf-8/windows-1252"
    fallback_lines: tuple[int, ...]  # line numbers (1-based) read as Windows-1252, at most 50 kept
    fallback_count: int


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def utf8_source(path: Path, workdir: Path) -> Transcoded:
    """``path`` itself when it is UTF-8 (with or without BOM); otherwise a UTF-8 copy in ``workdir``:
    UTF-16 by its BOM, else each line as UTF-8 when it decodes, or as Windows-1252 (the usual legacy
    encoding of US court extracts) when it does not."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        out = workdir / "source-utf8.csv"
        with (
            path.open("r", encoding="utf-16", newline="") as src,
            out.open("w", encoding="utf-8", newline="") as dst,
        ):
            while text := src.read(CHUNK):
                dst.write(text)
        return Transcoded(out, "utf-16", (), 0)
    if _is_utf8(path):
        return Transcoded(path, "utf-8", (), 0)
    out = workdir / "source-utf8.csv"
    fallback: list[int] = []
    count = 0
    with path.open("rb") as src, out.open("wb") as dst:
        for number, line in enumerate(src, 1):
            try:
                dst.write(line.decode("utf-8").encode("utf-8"))
            except UnicodeDecodeError:
                count += 1
                if len(fallback) < 50:
                    fallback.append(number)
                dst.write(line.decode("cp1252", errors="replace").encode("utf-8"))
    return Transcoded(out, "mixed utf-8/windows-1252" if count else "utf-8", tuple(fallback), count)
