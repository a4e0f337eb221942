"""Reading a CSV file exactly as written: RFC 4180 quoting with the double quote only, every
character kept, and every row that is set aside or read in an unusual way named by its line.

DuckDB's CSV sniffer was not used for this: it guesses the quote and escape characters from the
data, and when it guessed the apostrophe it silently dropped it ("O'Neill" became "ONeill",
"Sheriff's" became "Sheriffs") while the report showed no problem; in lenient mode it also drops
characters of badly quoted fields and extra columns without a word. Python's csv module in strict
mode, with the dialect fixed, does neither; rows it refuses are handled here one by one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

DELIMITERS = (",", ";", "\t", "|")
MAX_RECORD_LINES = 100  # a quote left open swallows the lines after it: stop looking after this
BATCH_ROWS = 100_000


@dataclass
class CsvRead:
    table: pa.Table  # __rn, __line, then every source column (strings)
    header: list[str]
    delimiter: str
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): all of them
    changed: list[tuple[int, str]] = field(default_factory=list)  # (line, what was done)


def _delimiter(header_line: str) -> str:
    """The candidate that splits the header most often, outside quotes (comma on a tie)."""
    outside = header_line.split('"')[::2]
    counts = {d: sum(part.count(d) for part in outside) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _unique(names: list[str]) -> list[str]:
    """Blank header cells named by position, repeated names numbered ("officer", "officer_1")."""
    out: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(names):
        name = raw.strip() or f"column{i}"
        candidate, n = name, 0
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _records(lines: Iterator[str]) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, text) of each record: lines joined while a quote is open.
    A quote that never closes within MAX_RECORD_LINES leaves its first line as a record alone."""
    number = 0
    pending: list[str] = []
    start = 0
    quotes = 0
    buffered: list[str] = []
    while True:
        if buffered:
            line = buffered.pop(0)
        else:
            line = next(lines, "")
            if not line:
                break
        number += 1
        if not pending:
            start = number
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            yield start, number, "".join(pending)
            pending, quotes = [], 0
        elif len(pending) >= MAX_RECORD_LINES:
            yield start, start, pending[0]
            # Lines after the first are read again as records of their own.
            number = start
            buffered = pending[1:] + buffered
            pending, quotes = [], 0
    if pending:  # end of file inside a quote: the first line alone, the rest again
        yield start, start, pending[0]
        rest = pending[1:]
        if rest:
            for first, last, text in _records(iter(rest)):
                yield first + start, last + start, text


def _split_raw(text: str, delimiter: str) -> list[str]:
    """A badly quoted record cut at each delimiter, every character kept (quotes included)."""
    return text.rstrip("\r\n").split(delimiter)


def csv_read(path: Path) -> CsvRead:
    """The whole file as strings, one row per record; see the module docstring."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        records = _records(iter(handle))
        try:
            _, _, header_text = next(records)
        except StopIteration:
            empty = pa.table({"__rn": pa.array([], pa.int64()), "__line": pa.array([], pa.int64())})
            return CsvRead(empty, [], ",")
        delimiter = _delimiter(header_text)
        header = _unique(next(csv.reader([header_text], delimiter=delimiter, strict=True), []))
        result = CsvRead(pa.table({}), header, delimiter)
        width = len(header)
        columns: list[list[str | None]] = [[] for _ in header]
        rns: list[int] = []
        lines: list[int] = []
        batches: list[pa.RecordBatch] = []
        names = ["__rn", "__line", *header]
        rn = 0
        for first, _last, text in records:
            if not text.strip():
                continue  # a blank line is no record
            try:
                rows = list(csv.reader([text], delimiter=delimiter, strict=True))
                cells = rows[0] if len(rows) == 1 else None
                how = ""
            except csv.Error as exc:
                cells, how = (
                    _split_raw(text, delimiter),
                    f"quotes not closed as CSV expects ({exc})",
                )
            if cells is None or len(cells) != width:
                found = len(cells) if cells is not None else len(rows)
                if cells is None:
                    reason = f"{found} records in one: quotes do not pair up"
                elif found < width:
                    reason = f"missing columns: {found} values, the header has {width}"
                else:
                    reason = f"too many columns: {found} values, the header has {width}"
                result.rejected.append((first, reason))
                continue
            if how:
                result.changed.append((first, f"{how}: values kept exactly as written"))
            rn += 1
            rns.append(rn)
            lines.append(first)
            for column, value in zip(columns, cells, strict=True):
                column.append(value)
            if len(rns) >= BATCH_ROWS:
                batches.append(_batch(names, rns, lines, columns))
                rns, lines, columns = [], [], [[] for _ in header]
        batches.append(_batch(names, rns, lines, columns))
    result.table = pa.Table.from_batches(batches)
    return result


def _batch(
    names: list[str], rns: list[int], lines: list[int], columns: list[list[str | None]]
) -> pa.RecordBatch:
    arrays = [pa.array(rns, pa.int64()), pa.array(lines, pa.int64())]
    arrays += [pa.array(c, pa.string()) for c in columns]
    return pa.RecordBatch.from_arrays(arrays, names=names)
