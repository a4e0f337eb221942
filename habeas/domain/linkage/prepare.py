"""Input checks and per-row cleaning, done in DuckDB so two million rows take seconds.

The cleaned table (``PREPARED``) has one row per linkable record and the columns the comparisons
and blocking rules use; records with nothing to compare are set aside and reported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from habeas.domain.linkage.names import nickname_groups, soundex, split_full_name

if TYPE_CHECKING:
    import duckdb

INPUT_COLUMNS = (
    "record_id",
    "source",
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "dob",
    "badge",
    "agency",
    "role",
)
PREPARED = "habeas_link_prepared"
# A record needs at least one of these to be compared with anything.
IDENTIFYING = ("first_name", "last_name", "dob", "badge")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class SkippedRecord:
    record_id: str
    reason: str


def to_arrow(records: Any) -> pa.Table:
    """A pyarrow Table from a Table or a pandas DataFrame, with clear errors for bad input."""
    if isinstance(records, pa.Table):
        table = records
    elif hasattr(records, "to_dict") and hasattr(
        records, "columns"
    ):  # pandas, without importing it
        table = pa.Table.from_pandas(records, preserve_index=False)
    else:
        raise TypeError(
            f"records must be a pyarrow.Table or pandas.DataFrame, not {type(records).__name__}"
        )
    if "record_id" not in table.column_names:
        raise ValueError(
            f"records is missing the required column 'record_id' (columns: {', '.join(table.column_names)})"
        )
    return table


def _check_ids(con: duckdb.DuckDBPyConnection) -> None:
    nulls = con.execute("SELECT count(*) FROM habeas_link_raw WHERE record_id IS NULL").fetchone()
    if nulls and nulls[0]:
        raise ValueError(f"record_id is null in {nulls[0]} row(s): every record needs an id")
    dupes = con.execute(
        "SELECT record_id, count(*) FROM habeas_link_raw GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 6"
    ).fetchall()
    if dupes:
        shown = ", ".join(f"{rid!r} ({n}x)" for rid, n in dupes[:5])
        more = " and more" if len(dupes) > 5 else ""
        raise ValueError(f"record_id must be unique; duplicated: {shown}{more}")


def _name_sql(column: str) -> str:
    # Same rule as names.normalize_token: ASCII letters only, lower case, empty -> NULL.
    return f"nullif(regexp_replace(lower(strip_accents(CAST({column} AS VARCHAR))), '[^a-z]', '', 'g'), '')"


def _text_sql(column: str) -> str:
    return (
        f"nullif(trim(regexp_replace(lower(strip_accents(CAST({column} AS VARCHAR))), "
        f"'[^a-z0-9]+', ' ', 'g')), '')"
    )


def prepare(
    con: duckdb.DuckDBPyConnection, table: pa.Table, extra_columns: Sequence[str] = ()
) -> list[SkippedRecord]:
    """Create the ``PREPARED`` table in ``con`` from ``table``; return the records set aside."""
    # Extra column names end up in SQL text (DuckDB has no parameters for identifiers), so
    # only plain identifiers are accepted; every other SQL fragment here is a module constant.
    bad = [c for c in extra_columns if not _IDENTIFIER.fullmatch(c)]
    if bad:
        raise ValueError(
            f"extra_columns must be lower-case identifiers: {', '.join(map(repr, bad))}"
        )
    missing_extra = [c for c in extra_columns if c not in table.column_names]
    if missing_extra:
        raise ValueError(f"extra_columns not in records: {', '.join(missing_extra)}")
    clash = [c for c in extra_columns if c in INPUT_COLUMNS]
    if clash:
        raise ValueError(f"extra_columns must not repeat standard columns: {', '.join(clash)}")
    # Absent optional columns are simply null; only record_id is required.
    for column in INPUT_COLUMNS:
        if column not in table.column_names:
            table = table.append_column(column, pa.nulls(len(table), pa.string()))
    table = table.select([*INPUT_COLUMNS, *extra_columns])
    con.register("habeas_link_input", table)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE habeas_link_raw AS SELECT * REPLACE "
        "(CAST(record_id AS VARCHAR) AS record_id) FROM habeas_link_input"
    )
    con.unregister("habeas_link_input")
    _check_ids(con)

    # Full names are split in Python, once per distinct value, only where first/last are missing.
    full_names = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT CAST(full_name AS VARCHAR) FROM habeas_link_raw "
            "WHERE full_name IS NOT NULL AND (first_name IS NULL OR last_name IS NULL)"
        ).fetchall()
    ]
    splits = [split_full_name(name) for name in full_names]
    con.register(
        "habeas_link_split",
        pa.table(
            {
                "full_name": pa.array(full_names, pa.string()),
                "s_first": pa.array([s.first for s in splits], pa.string()),
                "s_middle": pa.array([s.middle for s in splits], pa.string()),
                "s_last": pa.array([s.last for s in splits], pa.string()),
            }
        ),
    )
    groups = nickname_groups()
    con.register(
        "habeas_link_nicknames",
        pa.table(
            {
                "name": pa.array(list(groups), pa.string()),
                "formals": pa.array([list(v) for v in groups.values()], pa.list_(pa.string())),
            }
        ),
    )
    extras = "".join(f", {_text_sql(c)} AS {c}" for c in extra_columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE habeas_link_clean AS
        SELECT r.record_id AS unique_id,
               CAST(r.source AS VARCHAR) AS source,
               {_name_sql("coalesce(r.first_name, s.s_first)")} AS first_name,
               nullif(trim(regexp_replace(lower(strip_accents(CAST(coalesce(r.middle_name, s.s_middle)
                   AS VARCHAR))), '[^a-z ]+', '', 'g')), '') AS middle_name,
               {_name_sql("coalesce(r.last_name, s.s_last)")} AS last_name,
               try_cast(r.dob AS DATE) AS dob,
               nullif(ltrim(regexp_replace(upper(CAST(r.badge AS VARCHAR)), '[^A-Z0-9]', '', 'g'), '0'), '')
                   AS badge,
               -- "N.Y.P.D." and "NYPD" are one agency: letters and digits only
               nullif(regexp_replace(lower(CAST(r.agency AS VARCHAR)), '[^a-z0-9]', '', 'g'), '') AS agency,
               {_text_sql("r.role")} AS role
               {extras}
        FROM habeas_link_raw r
        LEFT JOIN habeas_link_split s ON s.full_name = CAST(r.full_name AS VARCHAR)
        """  # noqa: S608 (only checked identifiers and module constants)
    )
    con.unregister("habeas_link_split")

    names = [
        row[0]
        for row in con.execute(
            "SELECT first_name FROM habeas_link_clean WHERE first_name IS NOT NULL "
            "UNION SELECT last_name FROM habeas_link_clean WHERE last_name IS NOT NULL"
        ).fetchall()
    ]
    con.register(
        "habeas_link_sdx",
        pa.table(
            {
                "name": pa.array(names, pa.string()),
                "sdx": pa.array([soundex(n) for n in names], pa.string()),
            }
        ),
    )
    ident = " OR ".join(f"c.{c} IS NOT NULL" for c in IDENTIFYING)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {PREPARED} AS
        SELECT c.*,
               left(c.first_name, 1) AS first_initial,
               left(c.last_name, 1) AS last_initial,
               year(c.dob) AS birth_year,
               -- non-null only for a bare initial ("J."), so the initials blocking rule joins
               -- just those records to full first names
               CASE WHEN length(c.first_name) = 1 THEN c.first_name END AS initial_only,
               CASE WHEN c.first_name IS NOT NULL THEN coalesce(n.formals, [c.first_name]) END AS first_nick,
               CASE WHEN c.first_name IS NOT NULL THEN coalesce(n.formals[1], c.first_name) END AS first_canon,
               fs.sdx AS first_sdx,
               ls.sdx AS last_sdx
        FROM habeas_link_clean c
        LEFT JOIN habeas_link_nicknames n ON n.name = c.first_name
        LEFT JOIN habeas_link_sdx fs ON fs.name = c.first_name
        LEFT JOIN habeas_link_sdx ls ON ls.name = c.last_name
        WHERE {ident}
        ORDER BY c.unique_id
        """  # noqa: S608 (only checked identifiers and module constants)
    )
    con.unregister("habeas_link_sdx")
    con.unregister("habeas_link_nicknames")
    skipped = con.execute(
        f"SELECT unique_id FROM habeas_link_clean c WHERE NOT ({ident}) ORDER BY 1"  # noqa: S608
    ).fetchall()
    con.execute("DROP TABLE habeas_link_clean")
    con.execute("DROP TABLE habeas_link_raw")
    return [
        SkippedRecord(rid, "no first name, last name, date of birth or badge to compare")
        for (rid,) in skipped
    ]
