"""Rows out of a CSV or XLSX file, streamed. CSV lines are decoded one by one (UTF-8, else cp1252), so a
file that mixes encodings is read whole and the odd rows are reported rather than garbled silently."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"


class NreFileError(ValueError):
    """The file as a whole cannot be read (not a known layout, unreadable, essential columns missing)."""


class LineDecoder:
    """Decodes a binary stream line by line and remembers which encoding each line needed.

    ``take()`` hands back the encodings used since the last call, so the caller can pin them on the
    CSV row those lines formed; ``encoding()`` names the file's main encoding once it has been read.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.bom = False
        self._pending: list[str] = []
        self._seen: Counter[str] = Counter()

    def __iter__(self) -> Iterator[str]:
        # latin-1 maps bytes one to one, so this only splits lines (at \n, \r\n or a bare \r, as old Mac
        # exports end them) without decoding anything: no UTF-8 or cp1252 character contains those bytes.
        lines = io.TextIOWrapper(self._handle, encoding="latin-1", newline="")
        for number, split in enumerate(lines):
            line = split.encode("latin-1")
            if number == 0 and line.startswith(BOM):
                self.bom, line = True, line[len(BOM) :]
            if line.isascii():
                yield line.decode("ascii")
                continue
            try:
                text, used = line.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, used = line.decode("cp1252", errors="replace"), "cp1252"
                if "\ufffd" in text:
                    used = "cp1252-replaced"
            self._seen["cp1252" if used.startswith("cp1252") else used] += 1
            self._pending.append(used)
            yield text

    def take(self) -> list[str]:
        pending, self._pending = self._pending, []
        return pending

    def encoding(self) -> str:
        if self.bom:
            return "utf-8-sig"
        if not self._seen:
            return "ascii"
        return "cp1252" if self._seen["cp1252"] > self._seen["utf-8"] else "utf-8"


def csv_rows(decoder: LineDecoder) -> Iterator[list[str] | csv.Error]:
    """CSV rows; a row the csv module rejects (e.g. an oversized field) comes back as the error."""
    reader = csv.reader(decoder)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    """The active sheet's rows as text, as wide as the header row; dates as ISO, whole numbers without ".0"."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, XML and its own errors for a damaged file
        raise NreFileError(
            f"{path.name}: not a readable XLSX workbook ({exc.__class__.__name__})"
        ) from None
    try:
        sheet = workbook.active
        if sheet is None:
            return
        rows: Iterable[tuple[object, ...]] = sheet.iter_rows(values_only=True)
        width = 0
        for values in rows:
            cells = [_cell(v) for v in values]
            width = width or len(cells)
            yield cells + [""] * (
                width - len(cells)
            )  # a sheet may store a row without its empty tail
    finally:
        workbook.close()
