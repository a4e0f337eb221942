"""Cell readers. Each returns a value or ``None`` and, for anything it cannot read, appends a
``RowWarning`` naming the row and column instead of raising."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from habeas.domain.nre.exoneration import PartialDate, RowWarning

YEAR_MIN, YEAR_MAX = 1800, 2100  # outside this range a year is taken as a typo
YEARS_LOST_MAX = Decimal(100)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _warn(warnings: list[RowWarning], row: int, column: str, message: str) -> None:
    warnings.append(RowWarning(row, column, message))


def cell_date(raw: str | None, row: int, column: str, warnings: list[RowWarning]) -> dt.date | None:
    """ISO (full export) or M/D/YYYY (spreadsheet) dates; a time part, as XLSX cells carry, is dropped."""
    text = (raw or "").strip()
    if not text:
        return None
    token = text.split()[0].split("T")[0]
    iso, us = _ISO.fullmatch(token), _US.fullmatch(token)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif us:
        month, day, year = (int(g) for g in us.groups())
        if len(us.group(3)) == 2:
            year += 2000 if year < 69 else 1900
            _warn(warnings, row, column, f"two-digit year in {raw!r} read as {year}")
    else:
        _warn(warnings, row, column, f"unreadable date {raw!r}; left blank")
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        _warn(warnings, row, column, f"implausible year in {raw!r}; left blank")
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        _warn(warnings, row, column, f"impossible date {raw!r} (no such day); left blank")
        return None


def cell_year(raw: str | None, row: int, column: str, warnings: list[RowWarning]) -> int | None:
    """A year written "2000", "2,000" (the spreadsheet's thousands separator) or "2000.0" (an XLSX number)."""
    text = re.sub(r"[,\s]", "", raw or "")
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        _warn(warnings, row, column, f"unreadable year {raw!r}; left blank")
        return None
    if not YEAR_MIN <= int(text) <= YEAR_MAX:
        _warn(warnings, row, column, f"implausible year {raw!r}; left blank")
        return None
    return int(text)


def cell_int(
    raw: str | None, row: int, column: str, warnings: list[RowWarning], *, maximum: int
) -> int | None:
    text = (raw or "").strip().removesuffix(".0")
    if not text:
        return None
    if text.isascii() and text.isdigit() and int(text) <= maximum:
        return int(text)
    _warn(
        warnings, row, column, f"expected a whole number up to {maximum}, got {raw!r}; left blank"
    )
    return None


def cell_years_lost(
    raw: str | None, row: int, column: str, warnings: list[RowWarning]
) -> Decimal | None:
    text = (raw or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        _warn(warnings, row, column, f"not a number {raw!r}; left blank")
        return None
    if value == 0:
        return Decimal(0)  # the export writes "-0" where release precedes conviction
    if not 0 < value <= YEARS_LOST_MAX:
        _warn(warnings, row, column, f"years lost {raw!r} outside 0-{YEARS_LOST_MAX}; left blank")
        return None
    return value


def cell_bool(raw: str | None, row: int, column: str, warnings: list[RowWarning]) -> bool | None:
    text = (raw or "").strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    _warn(warnings, row, column, f"expected Yes/No, got {raw!r}; read as blank")
    return None


def _part(
    raw: str | None, row: int, column: str, warnings: list[RowWarning], maximum: int
) -> int | None:
    text = (raw or "").strip()
    if text in ("", "0", "00"):
        return None  # "00" is the export's "unknown"
    if text.isascii() and text.isdigit() and 1 <= int(text) <= maximum:
        return int(text)
    _warn(warnings, row, column, f"unreadable {raw!r}; left unknown")
    return None


def cell_partial_date(
    year: str | None,
    month: str | None,
    day: str | None,
    row: int,
    prefix: str,
    warnings: list[RowWarning],
) -> PartialDate | None:
    """The full export's split Year/Month/Day columns ("00" = unknown month or day)."""
    y = cell_year(year, row, f"{prefix} Year", warnings)
    if y is None:
        return None
    m = _part(month, row, f"{prefix} Month", warnings, 12)
    d = _part(day, row, f"{prefix} Day", warnings, 31) if m is not None else None
    if d is not None:
        try:
            dt.date(y, m or 1, d)
        except ValueError:
            _warn(warnings, row, f"{prefix} Day", f"impossible date {y}-{m}-{d}; day left unknown")
            d = None
    return PartialDate(y, m, d)
