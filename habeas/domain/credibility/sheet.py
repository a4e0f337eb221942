"""The credibility spreadsheets offices keep, read and written: which column is which (guessed from
the header, overridable), each row checked into an official and a finding, or an error in words
(row number, column, what is wrong). Nothing here writes anything: the app decides what is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from habeas.domain.credibility.vocabulary import (
    DEFAULT_OM_CODE,
    FINDING_TYPES,
    KINDS,
    OM_CODES,
    STATUSES,
)

# Registry field -> header spellings seen in office spreadsheets (compared folded, see _fold).
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("officer name", "name", "full name", "official", "officer", "employee name"),
    "aliases": ("aliases", "alias", "aka", "also known as", "other names"),
    "kind": ("kind", "type of official", "position", "rank", "title", "role"),
    "agency": ("agency", "department", "dept", "employer", "law enforcement agency"),
    "badges": (
        "badge",
        "badge #",
        "badge number",
        "badge no",
        "serial",
        "serial #",
        "shield",
        "star",
    ),
    "finding_type": ("finding type", "type of finding", "category", "allegation type"),
    "finding": ("finding", "findings", "description", "misconduct", "allegation", "summary"),
    "date": ("date", "finding date", "date of finding", "incident date", "date sustained"),
    "status": ("status", "list status", "brady status", "giglio status"),
    "source": ("source", "source document", "citation", "reference"),
    "notes": ("notes", "note", "comments", "remarks"),
}
FIELD_WORDS: dict[str, str] = {
    "name": "Name",
    "aliases": "Other names",
    "kind": "Kind of official",
    "agency": "Agency",
    "badges": "Badge or serial numbers",
    "finding_type": "Type of finding",
    "finding": "Finding",
    "date": "Date",
    "status": "Status",
    "source": "Source",
    "notes": "Notes",
}
REQUIRED = ("name",)
EXPORT_HEADERS: dict[str, str] = {
    "name": "Officer Name",
    "aliases": "Aliases",
    "kind": "Kind",
    "agency": "Agency",
    "badges": "Badge #",
    "finding_type": "Finding Type",
    "finding": "Finding",
    "date": "Date",
    "status": "Status",
    "source": "Source",
    "notes": "Notes",
}


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text.replace("\ufeff", "").lower()).split())


def headers_guess(headers: Sequence[str]) -> dict[str, int]:
    """Registry field -> column index, for the headers recognised (first exact spelling wins, then
    a header that starts with a known spelling: "Badge # (current)")."""
    folded = [_fold(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for name, spellings in FIELDS.items():
            if name in found:
                continue
            for i, header in enumerate(folded):
                if i in taken or not header:
                    continue
                hit = (
                    header in spellings
                    if exact
                    else any(header.startswith(s + " ") for s in spellings)
                )
                if hit:
                    found[name] = i
                    taken.add(i)
                    break
    return found


def mapping_apply(
    headers: Sequence[str], guessed: Mapping[str, int], override: Mapping[str, str]
) -> dict[str, int]:
    """The guess with the user's choices on top: field -> header as written ("" leaves it out)."""
    out = dict(guessed)
    for name, header in override.items():
        if name not in FIELDS:
            raise ValueError(f"there is no field called {name!r}")
        if not header:
            out.pop(name, None)
            continue
        if header not in headers:
            raise ValueError(f"the sheet has no column headed “{header}”")
        out[name] = list(headers).index(header)
    return out


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # the header as written, or the field's words
    problem: str

    def sentence(self) -> str:
        return f"Row {self.row}, {self.column}: {self.problem}"


@dataclass(frozen=True)
class SheetRow:
    row: int
    name: str
    kind: str
    agency: str
    badges: tuple[str, ...]
    aliases: tuple[str, ...]
    notes: str
    finding_type: str | None  # None: the row names an official and no finding
    finding: str
    om_code: str
    date: dt.date | None
    status: str
    source: str


@dataclass
class SheetCheck:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)


def date_read(text: str) -> dt.date | None:
    """A date as offices write it: 2019-03-04, 3/4/2019, March 4, 2019, or a year alone (1 January)."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"(19|20)\d\d", text):
        return dt.date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d\d-\d\d[ T]00:00:00", text):  # an XLSX date cell read as text
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (write it 2019-03-04, 3/4/2019 or a year)")


_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("decertif", "decertification"),
    ("perjur", "perjury"),
    ("false statement", "perjury"),
    ("false report", "perjury"),
    ("untruthful", "perjury"),
    ("dishonest", "perjury"),
    ("convict", "criminal_conviction"),
    ("charged", "criminal_charge"),
    ("arrest", "criminal_charge"),
    ("lab audit", "lab_audit"),
    ("audit", "lab_audit"),
    ("credib", "court_credibility"),
    ("court found", "court_credibility"),
    ("sustained", "sustained_ia"),
    ("internal affairs", "sustained_ia"),
    ("suspen", "discipline"),
    ("reprimand", "discipline"),
    ("disciplin", "discipline"),
    ("terminat", "discipline"),
)


def finding_type_read(text: str, finding: str) -> str:
    """A finding type from its code, its words, or (no type column) the words of the finding."""
    key = _fold(text).replace(" ", "_")
    if key in FINDING_TYPES:
        return key
    for code, words in FINDING_TYPES.items():
        if _fold(words) == _fold(text):
            return code
    if text.strip():
        raise ValueError(
            f"“{text}” is not a type of finding (one of: {', '.join(FINDING_TYPES.values())})"
        )
    said = _fold(finding)
    return next((code for word, code in _TYPE_WORDS if word in said), "other")


_STATUS_WORDS = {
    "pending": "pending",
    "pending review": "pending",
    "under review": "pending",
    "review": "pending",
    "on the list": "listed",
    "on list": "listed",
    "listed": "listed",
    "active": "listed",
    "brady": "listed",
    "giglio": "listed",
    "yes": "listed",
    "disclosed": "disclosed",
    "removed": "removed",
    "inactive": "removed",
    "no": "removed",
}


def status_read(text: str) -> str:
    folded = _fold(text)
    if not folded:
        return "pending"
    if folded in STATUSES:
        return folded
    for code, words in STATUSES.items():
        if _fold(words) == folded:
            return code
    if folded in _STATUS_WORDS:
        return _STATUS_WORDS[folded]
    raise ValueError(f"“{text}” is not a status (one of: {', '.join(STATUSES.values())})")


def kind_read(text: str) -> str:
    folded = _fold(text)
    if not folded:
        return "officer"
    if folded in KINDS:
        return folded
    for code, words in KINDS.items():
        if _fold(words) == folded:
            return code
    for word, code in (
        ("det", "detective"),
        ("investigator", "detective"),
        ("analyst", "analyst"),
        ("criminalist", "analyst"),
        ("chemist", "analyst"),
        ("lab", "analyst"),
        ("informant", "informant"),
        ("ci", "informant"),
        ("expert", "expert"),
        ("officer", "officer"),
        ("deputy", "officer"),
        ("trooper", "officer"),
        ("sergeant", "officer"),
        ("sgt", "officer"),
        ("lieutenant", "officer"),
        ("po", "officer"),
    ):
        if folded.startswith(word):
            return code
    raise ValueError(f"“{text}” is not a kind of official (one of: {', '.join(KINDS.values())})")


def _listed(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[;|\n]", text) if p.strip())


def _badges(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[;|,/\n]", text) if p.strip())


_LIMITS = {"name": 200, "agency": 300, "finding": 5000, "source": 1000, "notes": 5000}


def rows_check(
    headers: Sequence[str], rows: Sequence[Sequence[object]], mapping: Mapping[str, int]
) -> SheetCheck:
    """Every data row (numbered from 2, after the header) checked; blank rows are skipped."""
    check = SheetCheck()
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        check.errors.append(
            RowError(1, FIELD_WORDS[missing[0]], "no column is chosen for it, and it is required")
        )
        return check
    for offset, raw in enumerate(rows):
        number = offset + 2
        cells = ["" if v is None else str(v).strip() for v in raw]
        if not any(cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = mapping.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        def column(name: str) -> str:
            i = mapping.get(name)
            return headers[i] if i is not None and i < len(headers) else FIELD_WORDS[name]

        before = len(check.errors)

        def problem(name: str, text: str, number: int = number) -> None:
            check.errors.append(RowError(number, column(name), text))

        name = cell("name")
        if not name:
            problem("name", "the name is empty")
        for key, limit in _LIMITS.items():
            if len(cell(key)) > limit:
                problem(key, f"longer than {limit} characters")
        values: dict[str, object] = {}
        for key, reader in (("kind", kind_read), ("status", status_read)):
            try:
                values[key] = reader(cell(key))
            except ValueError as exc:
                problem(key, str(exc))
        try:
            values["date"] = date_read(cell("date"))
        except ValueError as exc:
            problem("date", str(exc))
        finding = cell("finding")
        finding_type: str | None = None
        if finding or cell("finding_type"):
            try:
                finding_type = finding_type_read(cell("finding_type"), finding)
            except ValueError as exc:
                problem("finding_type", str(exc))
        if len(check.errors) > before:
            continue
        check.rows.append(
            SheetRow(
                row=number,
                name=name,
                kind=str(values["kind"]),
                agency=cell("agency"),
                badges=_badges(cell("badges")),
                aliases=_listed(cell("aliases")),
                notes=cell("notes"),
                finding_type=finding_type,
                finding=finding,
                om_code=DEFAULT_OM_CODE.get(finding_type or "", ""),
                date=values["date"],  # type: ignore[arg-type]
                status=str(values["status"]),
                source=cell("source"),
            )
        )
    return check


def om_code_check(code: str) -> str:
    code = code.strip().upper()
    if code and code not in OM_CODES:
        raise ValueError(f"“{code}” is not one of the registry's official-misconduct codes")
    return code
