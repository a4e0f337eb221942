"""The two queries a backend runs for a review, written once in DuckDB's dialect; Spark runs them
translated by sqlglot (``spark_sql``). Neither decides anything: the scan lists who is named where,
the join-back puts the verdicts of ``watch_candidates.tuples_match`` back on the records and
applies the entry's own filters (lab, employment window)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from habeas.domain.systemic.watch import FIELDS

NAMED = "habeas_review_named"  # one row per name on a record
MATCHED = "habeas_review_matched"  # the verdicts, per distinct (field, written, agency)
CANDIDATES = "habeas_review_candidates"  # the tuples with a candidate pair, by tid
HITS = "habeas_review_record_hits"  # the record names of those tuples


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


def hits_sql(kinds: Sequence[str], records: str = "records", candidates: str = CANDIDATES) -> str:
    """DuckDB's second scan, before the verdicts are known: the record names of the fields
    ``kinds`` whose tuple has a candidate pair (``candidates``: tid, kind, written, agency), with
    the tuple's tid and the record's key, lab and date. One join per field, the few candidate
    tuples on the build side; a field no candidate names is not read at all."""
    return " UNION ALL ".join(
        f"""SELECT c.tid, n.import_sha256, n.source_record, n.lab, n.on_date
FROM (SELECT tid, written, agency FROM {candidates} WHERE kind = '{kind}') c
JOIN ({_field_names_sql(records, kind, FIELDS[kind], with_kind=False)}) n
  ON n.written = c.written AND coalesce(n.agency, '') = coalesce(c.agency, '')"""
        for kind in kinds
    )


def hits_verdicts_sql(hits: str = HITS, matched: str = MATCHED) -> str:
    """``join_back_sql`` from the hits (``hits_sql``) and the verdicts (``matched`` with the
    tuple's tid): the same rows and order. The sort is on the verdicts' rank by entry, verdict and
    score (a few thousand rows ranked) and the record, not on their strings for every row."""
    ranked = (
        "(SELECT *, dense_rank() OVER (ORDER BY entry_id, verdict DESC, score DESC) AS sort_rank "
        f"FROM {matched})"
    )
    return f"""{_VERDICT_COLUMNS}
FROM {ranked} m JOIN {hits} n ON n.tid = m.tid{_ENTRY_FILTERS}
ORDER BY m.sort_rank, n.import_sha256, n.source_record
"""


@cache
def spark_sql(duckdb_sql: str) -> str:
    """``duckdb_sql`` in Spark SQL."""
    import sqlglot

    (translated,) = sqlglot.transpile(duckdb_sql, read="duckdb", write="spark")
    return translated
