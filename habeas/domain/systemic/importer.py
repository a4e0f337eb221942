"""Importing a bulk conviction-records file into the Parquet store, with a data-quality report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from habeas.domain.sql_text import sql_literal
from habeas.domain.systemic.csv_rows import csv_read
from habeas.domain.systemic.encoding import utf8_source
from habeas.domain.systemic.names_index import RECORD_NAMES, names_index_path, names_index_write
from habeas.domain.systemic.schema import CANONICAL, header_map

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%d-%b-%Y", "%Y%m%d", "%b %d, %Y")
EXAMPLES = 20  # rows shown per problem in the report; the counts are always complete


class BulkImportError(ValueError):
    """The file cannot be imported at all (not CSV or Parquet, no usable columns)."""


@dataclass
class BulkImportReport:
    sha256: str
    name: str
    format: str
    encoding: str
    rows: int = 0
    already_imported: bool = False
    rejected: list[dict[str, Any]] = field(
        default_factory=list
    )  # line, reason (malformed rows; never fatal)
    rejected_count: int = 0
    # line, reason: rows kept but read or changed in a way worth knowing (never silently)
    changed: list[dict[str, Any]] = field(default_factory=list)
    changed_count: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # source column -> canonical
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # canonical columns the file lacks
    missing_values: dict[str, int] = field(default_factory=dict)  # canonical column -> empty cells
    invalid_dates: dict[str, int] = field(default_factory=dict)
    impossible: dict[str, int] = field(default_factory=dict)  # rule -> rows
    duplicates: int = 0  # rows in groups with the same defendant, DOB, docket and court
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _date_sql(expr: str) -> str:
    tries = ", ".join(f"try_strptime({expr}, {sql_literal(f)})" for f in DATE_FORMATS)
    return f"CAST(coalesce({tries}) AS DATE)"


def _text(expr: str) -> str:
    return f"nullif(trim(CAST({expr} AS VARCHAR)), '')"


def _select_sql(mapped: dict[str, str]) -> str:
    """Canonical columns from the source (``src``), raw date text kept for the report, list columns split."""
    source = {canonical: _text(_q(src)) for src, canonical in mapped.items()}
    null = "CAST(NULL AS VARCHAR)"
    parts = ["__rn AS rn", "__line AS line"]
    defendant = source.get("defendant", null)
    first = source.get("first_name", null)
    last = source.get("last_name", null)
    # One name field or two: "LAST, First" and "First Last" are both split; given parts win.
    parts.append(
        f"coalesce({defendant}, nullif(trim(concat_ws(' ', {first}, {last})), '')) AS defendant"
    )
    parts.append(
        f"coalesce({first}, CASE WHEN {defendant} LIKE '%,%' THEN nullif(trim(split_part({defendant}, ',', 2)), '') "
        f"ELSE nullif(regexp_extract({defendant}, '^(.*)\\s+\\S+$', 1), '') END) AS first_name"
    )
    parts.append(
        f"coalesce({last}, CASE WHEN {defendant} LIKE '%,%' THEN nullif(trim(split_part({defendant}, ',', 1)), '') "
        f"ELSE nullif(regexp_extract({defendant}, '(\\S+)$', 1), '') END) AS last_name"
    )
    for column, (kind, _) in CANONICAL.items():
        if column in ("defendant", "first_name", "last_name"):
            continue
        expr = source.get(column, null)
        if kind == "date":
            parts.append(f"{_date_sql(expr)} AS {column}")
            parts.append(f"{expr} AS {column}__raw")
        elif kind == "list":
            parts.append(
                f"list_filter(list_transform(regexp_split_to_array(coalesce({expr}, ''), '[;|]'), lambda e: trim(e)), lambda e: e <> '') AS {column}"
            )
        else:
            parts.append(f"{expr} AS {column}")
    return "SELECT " + ", ".join(parts) + " FROM src"


def _load(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, report: BulkImportReport, workdir: Path
) -> None:
    """Load the file as table ``src`` (``__rn`` record number, ``__line`` its first line, then the
    source columns); malformed rows go to ``report.rejected``, unusual ones to ``report.changed``."""
    if fmt == "parquet":
        con.execute(
            "CREATE TABLE src AS SELECT row_number() OVER () AS __rn, row_number() OVER () AS __line, "
            f"* FROM read_parquet({sql_literal(str(path))})"
        )
        return
    source = utf8_source(path, workdir)
    report.encoding = source.encoding
    changed: list[tuple[int, str]] = []
    if source.fallback_count:
        lines = ", ".join(str(n) for n in source.fallback_lines)
        report.warnings.append(
            f"{source.fallback_count} lines were not UTF-8 and were read as Windows-1252 (lines {lines}{', ...' if source.fallback_count > 50 else ''})."
        )
        changed += [(n, "not UTF-8: read as Windows-1252") for n in source.fallback_lines]
    read = csv_read(source.path)
    if not read.header:
        raise BulkImportError(f"{report.name} is empty")
    con.register("habeas_import_csv", read.table)
    con.execute("CREATE TABLE src AS SELECT * FROM habeas_import_csv")
    con.unregister("habeas_import_csv")
    report.rejected_count = len(read.rejected)
    report.rejected = [{"line": line, "reason": reason} for line, reason in read.rejected[:200]]
    changed += read.changed
    report.changed_count += len(read.changed) + source.fallback_count
    report.changed += [{"line": line, "reason": reason} for line, reason in sorted(changed)[:200]]


def _trimmed(
    con: duckdb.DuckDBPyConnection, mapped: dict[str, str], report: BulkImportReport
) -> None:
    """Rows whose values had spaces around them (removed on import) are changes too."""
    if not mapped:
        return
    condition = " OR ".join(
        f"CAST({_q(src)} AS VARCHAR) <> trim(CAST({_q(src)} AS VARCHAR))" for src in mapped
    )
    lines = [
        r[0] for r in con.execute(f"SELECT __line FROM src WHERE {condition} ORDER BY 1").fetchall()
    ]
    if not lines:
        return
    report.changed_count += len(lines)
    room = max(0, 200 - len(report.changed))
    report.changed += [
        {"line": int(n), "reason": "spaces around a value removed"} for n in lines[:room]
    ]
    report.changed.sort(key=lambda c: c["line"])


def _quality(con: duckdb.DuckDBPyConnection, report: BulkImportReport, today: dt.date) -> None:
    report.rows = int(con.execute("SELECT count(*) FROM t").fetchone()[0])  # type: ignore[index]
    for column, (kind, _) in CANONICAL.items():
        empty = f"len(t.{column}) = 0" if kind == "list" else f"t.{column} IS NULL"
        if kind == "date":
            empty = f"t.{column}__raw IS NULL"
        report.missing_values[column] = int(
            con.execute(f"SELECT count(*) FROM t WHERE {empty}").fetchone()[0]  # type: ignore[index]
        )
    checks: dict[str, str] = {}
    for column, (kind, _) in CANONICAL.items():
        if kind == "date":
            checks[f"{column}: not a date"] = f"{column}__raw IS NOT NULL AND {column} IS NULL"
            checks[f"{column}: in the future"] = f"{column} > DATE {sql_literal(today.isoformat())}"
    impossible = {
        "conviction before arrest": "conviction_date < arrest_date",
        "offense after conviction": "offense_date > conviction_date",
        "born after the offense (or under 7)": "dob > offense_date - INTERVAL 7 YEAR",
    }
    checks |= impossible
    for label, condition in checks.items():
        n = int(con.execute(f"SELECT count(*) FROM t WHERE {condition}").fetchone()[0])  # type: ignore[index]
        if not n:
            continue
        target = report.invalid_dates if label.endswith("not a date") else report.impossible
        target[label] = n
        rows = con.execute(
            f"SELECT line, docket, defendant FROM t WHERE {condition} ORDER BY rn LIMIT {EXAMPLES}"
        ).fetchall()
        report.examples[label] = [
            {"line": int(line), "docket": d, "defendant": name} for line, d, name in rows
        ]
    dup_sql = (
        "SELECT rn, line, docket, defendant FROM (SELECT *, count(*) OVER (PARTITION BY lower(last_name), lower(first_name), dob, "
        "lower(docket), lower(court)) AS n FROM t) WHERE n > 1 AND docket IS NOT NULL ORDER BY rn"
    )
    report.duplicates = int(con.execute(f"SELECT count(*) FROM ({dup_sql})").fetchone()[0])  # type: ignore[index]
    if report.duplicates:
        rows = con.execute(f"{dup_sql} LIMIT {EXAMPLES}").fetchall()
        report.examples["duplicate rows"] = [
            {"line": int(line), "docket": d, "defendant": n} for _rn, line, d, n in rows
        ]


def bulk_import(
    path: Path,
    store: Path,
    *,
    name: str = "",
    today: dt.date | None = None,
    memory_limit: str = "2GB",
) -> BulkImportReport:
    """Import ``path`` into ``store``. Re-importing the same bytes changes nothing and returns the
    stored report with ``already_imported`` set."""
    if not path.is_file():
        raise BulkImportError(f"no such file: {path}")
    sha = _sha256(path)
    records = store / "records"
    target, report_path = records / f"{sha}.parquet", records / f"{sha}.json"
    if target.exists() and report_path.exists():
        stored = BulkImportReport(**json.loads(report_path.read_text()))
        stored.already_imported = True
        return stored
    with path.open("rb") as handle:
        magic = handle.read(4)
    fmt = "parquet" if magic == b"PAR1" else "csv"
    report = BulkImportReport(
        sha256=sha, name=name or path.name, format=fmt, encoding="" if fmt == "parquet" else "utf-8"
    )
    records.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="habeas-bulk-", dir=store) as tmp:
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": tmp})
        try:
            try:
                _load(con, path, fmt, report, Path(tmp))
            except duckdb.Error as exc:
                raise BulkImportError(
                    f"cannot read {report.name} as {fmt.upper()}: {str(exc).splitlines()[0]}"
                ) from exc
            header = [
                c
                for c in (r[0] for r in con.execute("DESCRIBE src").fetchall())
                if c not in ("__rn", "__line")
            ]
            mapped, unknown = header_map(header)
            report.columns, report.ignored_columns = mapped, unknown
            if (
                not ({"defendant", "last_name"} & set(mapped.values()))
                or "docket" not in mapped.values()
            ):
                raise BulkImportError(
                    "the file needs a defendant name (one column, or first and last) and a docket or case number; "
                    f"found columns: {', '.join(header) or 'none'}"
                )
            report.missing_columns = [
                c
                for c in CANONICAL
                if c not in mapped.values()
                and not (c in ("first_name", "last_name") and "defendant" in mapped.values())
            ]
            _trimmed(con, mapped, report)
            con.execute(f"CREATE TABLE t AS {_select_sql(mapped)}")
            _quality(con, report, today or dt.date.today())  # noqa: DTZ011
            keep = ", ".join(["rn AS source_record", *CANONICAL])
            partial = Path(tmp) / "out.parquet"
            con.execute(
                f"COPY (SELECT {keep}, {sql_literal(sha)} AS import_sha256 FROM t ORDER BY rn) TO {sql_literal(str(partial))} (FORMAT parquet)"
            )
        finally:
            con.close()
        os.replace(partial, target)  # the Parquet file appears whole or not at all
    # Its names, for the reviews; written before the report, so that a crash in between is
    # repaired by importing the file again (or, at the next review, by ``names_index_ensure``).
    names_index_write(target, memory_limit=memory_limit)
    report_path.write_text(json.dumps(report.as_dict(), default=str))
    return report


def bulk_connect(store: Path, *, memory_limit: str = "2GB") -> duckdb.DuckDBPyConnection:
    """DuckDB with a ``records`` view over every imported file (empty when there is none) and,
    when every one of them has its name index (``names_index``), a ``record_names`` view over
    those."""
    con = duckdb.connect(config={"memory_limit": memory_limit})
    files = sorted((store / "records").glob("*.parquet"))
    if files:
        listing = ", ".join(sql_literal(str(f)) for f in files)
        con.execute(
            f"CREATE VIEW records AS SELECT * FROM read_parquet([{listing}], union_by_name = true)"
        )
        indexes = [names_index_path(f) for f in files]
        if all(index.exists() for index in indexes):
            listing = ", ".join(sql_literal(str(index)) for index in indexes)
            con.execute(f"CREATE VIEW {RECORD_NAMES} AS SELECT * FROM read_parquet([{listing}])")
    else:
        columns = ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in CANONICAL)
        con.execute(f"CREATE VIEW records AS SELECT {columns} WHERE false")
    return con
