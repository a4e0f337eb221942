"""The two queries a backend runs for a review, written once in DuckDB's dialect; Spark runs them
translated by sqlglot (``spark_sql``). Neither decides anything: the scan lists who is named where,
the join-back puts the verdicts of ``watch_candidates.tuples_match`` back on the records and
applies the entry's own filters (lab, employment window)."""

from __future__ import annotations

from functools import cache

from habeas.domain.systemic.watch import FIELDS

NAMED = "habeas_review_named"  # one row per name on a record
MATCHED = "habeas_review_matched"  # the verdicts, per distinct (field, written, agency)


def _field_names_sql(records: str, kind: str, column: str, *, with_kind: bool) -> str:
    """The names of one field of every record (officers with their agency: analysts and witnesses
    are not of the arresting agency), with the record's key, lab and date."""
    agency = "agency" if kind == "officer" else "CAST(NULL AS VARCHAR)"
    kind_column = f"'{kind}' AS kind, " if with_kind else ""
    return (
        f"SELECT import_sha256, source_record, {kind_column}unnest({column}) AS written, "
        f"{agency} AS agency, lab, coalesce(conviction_date, offense_date) AS on_date "
        f"FROM {records} WHERE array_length({column}) > 0"
    )


def scan_sql(records: str = "records") -> str:
    """Every name on every record: the record's key, the field, the name as written, the agency
    (officers only), lab and date."""
    return " UNION ALL ".join(
        _field_names_sql(records, kind, column, with_kind=True) for kind, column in FIELDS.items()
    )


def tuples_sql(named: str = NAMED) -> str:
    """The distinct (field, written, agency) tuples: what the rules judge."""
    return f"SELECT DISTINCT kind, written, agency FROM {named} WHERE written IS NOT NULL"


# What both join-backs select from a verdict ``m`` on a record's name ``n``, and the entry's own
# filters (lab, employment window) they apply.
_VERDICT_COLUMNS = """
SELECT m.entry_id, m.entry_name, m.kind AS field, m.written, n.import_sha256, n.source_record,
       m.score,
       m.reason || CASE WHEN n.on_date IS NULL AND (m.date_from IS NOT NULL OR m.date_to IS NOT NULL)
                        THEN '; record has no date to check the window' ELSE '' END AS reason,
       m.verdict"""
_ENTRY_FILTERS = """
WHERE (m.lab IS NULL OR lower(n.lab) = lower(m.lab))
  AND (m.date_from IS NULL OR n.on_date IS NULL OR n.on_date >= m.date_from)
  AND (m.date_to IS NULL OR n.on_date IS NULL OR n.on_date <= m.date_to)"""
_ORDER = "entry_id, {m}verdict DESC, {m}score DESC, {n}import_sha256, {n}source_record"


def join_back_sql(named: str = NAMED, matched: str = MATCHED) -> str:
    """The verdicts on the records, with the entry's lab and window applied."""
    return f"""{_VERDICT_COLUMNS}
FROM {matched} m
JOIN {named} n ON n.kind = m.kind AND n.written = m.written
              AND coalesce(n.agency, '') = coalesce(m.agency, ''){_ENTRY_FILTERS}
ORDER BY m.{_ORDER.format(m="m.", n="n.")}
"""


def join_back_records_sql(records: str = "records", matched: str = MATCHED) -> str:
    """``join_back_sql`` straight on the records, one join per field: each field's names are
    joined on the written name and agency alone, the matched tuples of that field on the build
    side (DuckDB: no field compared on millions of rows, 10% less than through the union)."""
    branches = [
        f"""{_VERDICT_COLUMNS}
FROM (SELECT * FROM {matched} WHERE kind = '{kind}') m
JOIN ({_field_names_sql(records, kind, column, with_kind=False)}) n
  ON n.written = m.written AND coalesce(n.agency, '') = coalesce(m.agency, ''){_ENTRY_FILTERS}"""
        for kind, column in FIELDS.items()
    ]
    return " UNION ALL ".join(branches) + f"\nORDER BY {_ORDER.format(m='', n='')}"


@cache
def spark_sql(duckdb_sql: str) -> str:
    """``duckdb_sql`` in Spark SQL."""
    import sqlglot

    (translated,) = sqlglot.transpile(duckdb_sql, read="duckdb", write="spark")
    return translated
