"""Systemic review: every bulk record that names someone on a watchlist (officer, analyst,
informant or witness), however the name is written, and none of the namesakes the entry's agency,
badge or window rule out; and the people who worked the same records (partner expansion).

The rules are ``watch_rules.py`` (one definition for every backend); this module is the DuckDB
executor: the name indexes written at import (``names_index``; or, for a file without one, a scan
of the records, ``review_sql.scan_sql``) list the distinct (field, written name, agency) tuples,
DuckDB pairs them with the entries that could match
(``watch_candidates.tuples_pairs``), and while Python judges the pairs (``pairs_judge``) a second
scan picks the record names of the paired tuples (``review_sql.hits_sql``), to which the verdicts
are then joined (``hits_verdicts_sql``). The cost grows with the records only through that one
scan and its hash join against the few paired tuples. ``matching_spark.review_run_spark`` is the same
on Spark (with ``tuples_match``: pairs and verdicts in one call).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa

from habeas.domain.names import name_parse
from habeas.domain.systemic.names_index import RECORD_NAMES, names_indexed
from habeas.domain.systemic.review_sql import (
    CANDIDATES,
    HITS,
    MATCHED,
    hits_sql,
    hits_verdicts_sql,
    scan_sql,
    tuples_sql,
)
from habeas.domain.systemic.watch import FIELDS, WatchEntry
from habeas.domain.systemic.watch_candidates import pairs_judge, tuples_pairs, watch_prepare

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
    with ThreadPoolExecutor(max_workers=1) as python:
        # The watch list's tables are built in Python while DuckDB (which lets go of the GIL)
        # scans the records for their distinct names.
        prepared = python.submit(watch_prepare, entries, excluded=excluded)
        tuples = con.sql(_tuples_query(con)).to_arrow_table()
        prepared.result()
        try:
            pairs = tuples_pairs(con, tuples, entries, excluded=excluded, keep=CANDIDATES)
            # The pairs are judged in Python while DuckDB scans the records a second time for
            # the names of the tuples that have a candidate (a superset of those that match).
            judged = python.submit(pairs_judge, pairs, entries, excluded=excluded)
            kinds = sorted({kind for _, _, kind, *_ in pairs})
            # No candidate at all: the same columns, no scan ("WHERE false" is planned away).
            hits = hits_sql(kinds) if kinds else f"FROM ({hits_sql(['officer'])}) WHERE false"
            con.execute(f"CREATE OR REPLACE TEMP TABLE {HITS} AS {hits}")
            con.execute(f"DROP TABLE {CANDIDATES}")
            con.register(MATCHED, judged.result())
            query = hits_verdicts_sql() + (f" LIMIT {int(limit)}" if limit else "")
            return con.sql(query).to_arrow_table()
        finally:
            con.unregister(MATCHED)
            con.execute(f"DROP TABLE IF EXISTS {CANDIDATES}; DROP TABLE IF EXISTS {HITS}")


def _tuples_query(con: duckdb.DuckDBPyConnection) -> str:
    """The distinct tuples from the name indexes when ``bulk_connect`` found them for every file
    (a few hundred thousand names read, with the duplicates across files removed), else from a
    scan of the records."""
    if names_indexed(con):
        return f"SELECT DISTINCT kind, written, agency FROM {RECORD_NAMES}"
    return tuples_sql(f"({scan_sql()})")


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
