"""Systemic review: every bulk record that names someone on a watchlist (officer, analyst,
informant or witness), however the name is written, and none of the namesakes the entry's agency,
badge or window rule out; and the people who worked the same records (partner expansion).

The rules are ``watch_rules.py`` (one definition for every backend); this module is the DuckDB
executor: a scan of the records lists the distinct (field, written name, agency) tuples
(``review_sql.scan_sql``), each is judged once (``tuples_match``), and a second scan joins the
verdicts back to the records field by field (``review_sql.join_back_records_sql``), so the cost
grows with the records only through two scans and one hash join against the few matched tuples. ``matching_spark.review_run_spark`` is the same on Spark.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from habeas.domain.names import name_parse
from habeas.domain.systemic.review_sql import (
    MATCHED,
    join_back_records_sql,
    scan_sql,
    tuples_sql,
)
from habeas.domain.systemic.watch import FIELDS, WatchEntry
from habeas.domain.systemic.watch_candidates import tuples_match

__all__ = ["FIELDS", "WatchEntry", "coworkers", "review_details", "review_run"]


def review_run(
    con: duckdb.DuckDBPyConnection,
    entries: Sequence[WatchEntry],
    *,
    limit: int | None = None,
    excluded: bool = False,
) -> pa.Table:
    """Matches of ``entries`` in the ``records`` view of ``con`` (see ``bulk_connect``): one row
    per record, entry and field, with the name as written, the record's key, the score, the
    reason and the verdict ("match"; with ``excluded`` also "excluded": the look-alikes the rules
    set aside, such as "name only, other agency: not him"). ``review_details`` adds the record's
    docket, court, defendant and dates to the rows shown."""
    if not entries:
        raise ValueError("the watchlist has no entries")
    # The records are scanned twice (the distinct names; then, field by field, only the names
    # that matched are joined back), which costs less than writing every name down once.
    tuples = con.sql(tuples_sql(f"({scan_sql()})")).to_arrow_table()
    matched = tuples_match(con, tuples, entries, excluded=excluded)
    con.register(MATCHED, matched)
    try:
        query = join_back_records_sql() + (f" LIMIT {int(limit)}" if limit else "")
        return con.sql(query).to_arrow_table()
    finally:
        con.unregister(MATCHED)


def review_details(con: duckdb.DuckDBPyConnection, matches: pa.Table) -> pa.Table:
    """``matches`` (or a page of them) with each record's docket, court, defendant, offense and dates."""
    habeas_review_hits = matches  # noqa: F841 - read by DuckDB by name
    return con.sql("""
        SELECT h.*, r.docket, r.court, r.defendant, r.dob, r.offense, r.offense_date, r.conviction_date, r.lab, r.agency
        FROM habeas_review_hits h JOIN records r ON r.import_sha256 = h.import_sha256 AND r.source_record = h.source_record
        ORDER BY h.entry_id, h.score DESC, r.docket
    """).to_arrow_table()


def coworkers(
    con: duckdb.DuckDBPyConnection, matches: pa.Table, *, min_shared: int = 2
) -> pa.Table:
    """People named on the same records as the matches (partners, co-workers), with how many of
    those records they share: the expansion Brooklyn needed to find a detective's partner's cases.
    People are grouped by their normalized name ("Det. Lena Voss" = "Lena Voss")."""
    hits = matches.select(["import_sha256", "source_record", "written"])
    habeas_coworker_hits = hits  # noqa: F841 - read by DuckDB by name
    unions = " UNION ALL ".join(
        f"SELECT import_sha256, source_record, '{kind}' AS field, unnest({column}) AS written "
        f"FROM records WHERE len({column}) > 0"
        for kind, column in FIELDS.items()
    )
    rows = con.sql(f"""
        WITH named AS ({unions})
        SELECT n.field, n.written, n.import_sha256, n.source_record
        FROM named n JOIN (SELECT DISTINCT import_sha256, source_record FROM habeas_coworker_hits) h
             USING (import_sha256, source_record)
    """).fetchall()
    watched = {name_parse(w).key for w in set(hits.column("written").to_pylist())}
    groups: dict[tuple[str, str], tuple[set[str], set[tuple[str, int]]]] = {}
    for field, written, sha, record in rows:
        key = name_parse(written).key
        if not key or key in watched:
            continue
        spellings, records = groups.setdefault((key, field), (set(), set()))
        spellings.add(written)
        records.add((sha, record))
    found = [
        (key, min(spellings), sorted(spellings), field, len(records))
        for (key, field), (spellings, records) in groups.items()
        if len(records) >= min_shared
    ]
    found.sort(key=lambda row: (-row[4], row[1]))
    names = ["person_key", "person", "written_as", "field", "shared_records"]
    return pa.table(
        {name: [row[i] for row in found] for i, name in enumerate(names)},
        schema=pa.schema(
            [
                ("person_key", pa.string()),
                ("person", pa.string()),
                ("written_as", pa.list_(pa.string())),
                ("field", pa.string()),
                ("shared_records", pa.int64()),
            ]
        ),
    )
