"""The one record shape both NRE layouts are read into, and what a read returns."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from habeas.domain.nre.schema import Schema


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (the full export writes "00" for unknown parts)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class NreRecord:
    row: int  # row number in the file, the header being row 1
    name: str
    state: str
    county: str
    tags: frozenset[str]  # spreadsheet codes (CIU, H, IO ...), whichever layout the row came from
    factors: frozenset[str]  # MWID, FC, P/FA, F/MFE, OM, ILD, DNA
    worst_crime: str
    exoneration: dt.date | None
    first_conviction: dt.date | None
    release: dt.date | None
    years_lost: (
        Decimal | None
    )  # the file's "Years Lost" (full export only); stats compute it otherwise
    crime_year: int | None = None
    nre_id: str = ""  # full export "ID"
    age: int | None = None  # age at the time of the crime
    race: str = ""
    sex: str = ""
    sentence: str = ""
    posting_date: dt.date | None = None
    om_tags: frozenset[str] = frozenset()  # official-misconduct sub-codes (OF, PR, WH ...)
    crime_date: PartialDate | None = None  # full export only
    arrest_date: PartialDate | None = None  # full export only
    pre_1989: bool | None = None  # full export only
    death_penalty: bool | None = None  # full export only


@dataclass(frozen=True)
class RowWarning:
    row: int  # 1 = the header (file-level remarks about columns)
    column: str
    message: str


@dataclass
class ParseResult:
    schema: Schema
    encoding: str  # "utf-8-sig", "utf-8", "cp1252", "ascii" or "xlsx"
    records: list[NreRecord] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    rows_read: int = 0

    def summary(self) -> dict[str, object]:
        """Counts for a report: rows, warnings per column and the rows that drew any warning."""
        by_column = Counter(w.column or "(row)" for w in self.warnings)
        return {
            "schema": self.schema.value,
            "encoding": self.encoding,
            "rows_read": self.rows_read,
            "records": len(self.records),
            "warnings": len(self.warnings),
            "rows_with_warnings": len({w.row for w in self.warnings if w.row > 1}),
            "warnings_by_column": dict(sorted(by_column.items())),
        }
