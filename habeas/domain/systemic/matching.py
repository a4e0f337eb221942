"""Systemic review: every bulk record that names someone on a watchlist (officer, analyst, informant or
witness), allowing for misspellings, initials and titles, optionally only at a lab and in a time
window; and the people who worked the same records (partner / co-worker expansion).

Matching, in DuckDB: names are normalized (titles such as "Det." or "Criminalist" dropped, lower
case, punctuation removed, "LAST, First" turned round); a surname matches when it is the same or one
edit away (insert, delete, substitute, swap of neighbours; exact only under four letters), and the
first name must agree (same, an initial, or similar). Each match carries its reason and a score
(Jaro-Winkler on the surname).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

TITLES = (
    "det",
    "detective",
    "off",
    "officer",
    "ofc",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "cpl",
    "corporal",
    "dep",
    "deputy",
    "inv",
    "investigator",
    "sa",
    "agent",
    "special agent",
    "tpr",
    "trooper",
    "dr",
    "criminalist",
    "chemist",
    "analyst",
    "mr",
    "ms",
)
FIELDS = {
    "officer": "officers",
    "analyst": "analysts",
    "witness": "witnesses",
}  # watch kind -> records column


@dataclass(frozen=True)
class WatchEntry:
    entry_id: str
    name: str  # "Ray Quill", "R. Quill", "Quill"
    kind: str = "any"  # officer, analyst, witness or any
    lab: str = ""  # only records of this lab
    date_from: dt.date | None = None  # only records convicted (or offending) in this window
    date_to: dt.date | None = None


def _norm_sql(expr: str) -> str:
    titles = "|".join(t.replace(" ", r"\s+") for t in sorted(TITLES, key=len, reverse=True))
    cleaned = f"regexp_replace(lower({expr}), '[^a-z ,''-]', ' ', 'g')"
    # "QUILL, Ray" -> "ray quill"; then titles dropped from the front, repeatedly (e.g. "det sgt").
    flipped = f"CASE WHEN {cleaned} LIKE '%,%' THEN trim(split_part({cleaned}, ',', 2)) || ' ' || trim(split_part({cleaned}, ',', 1)) ELSE {cleaned} END"
    return f"trim(regexp_replace(regexp_replace({flipped}, '^((({titles})\\s+)+)', ''), '\\s+', ' ', 'g'))"


def _entries_table(entries: Sequence[WatchEntry]) -> pa.Table:
    return pa.table(
        {
            "entry_id": [e.entry_id for e in entries],
            "entry_name": [e.name for e in entries],
            "kind": [e.kind for e in entries],
            "lab": [e.lab or None for e in entries],
            "date_from": pa.array([e.date_from for e in entries], type=pa.date32()),
            "date_to": pa.array([e.date_to for e in entries], type=pa.date32()),
        }
    )


def _variants_sql(column: str) -> str:
    """The surname itself and every string one deletion away: two names within one edit (insert,
    delete, substitute, or swap of neighbours) always share one of these (the symmetric-delete trick)."""
    return f"unnest([{column}] || list_transform(range(1, len({column}) + 1), lambda i: {column}[1:i - 1] || {column}[i + 1:]))"


def review_run(
    con: duckdb.DuckDBPyConnection, entries: Sequence[WatchEntry], *, limit: int | None = None
) -> pa.Table:
    """Matches of ``entries`` in the ``records`` view of ``con`` (see ``bulk_connect``): one row per
    record, entry and field, with the name as written, the record's key, the score and the reason
    (``review_details`` adds the record's docket, court, defendant and dates to the rows shown).

    Names are matched once per distinct spelling (a few hundred thousand, not one per record), then
    joined back to the records on the exact spelling, so the cost grows with the records only
    through one hash join."""
    if not entries:
        raise ValueError("the watchlist has no entries")
    # An Arrow table DuckDB reads by its Python name; the name must not be one of our temp tables,
    # or a second run would read the first run's watchlist.
    habeas_watch_input = _entries_table(entries)  # noqa: F841
    # Each step is its own temporary table: DuckDB then normalizes every spelling once.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE watch AS
        SELECT *, parts[-1] AS w_last, CASE WHEN len(parts) > 1 THEN parts[1] END AS w_first
        FROM (SELECT *, string_split({_norm_sql("entry_name")}, ' ') AS parts FROM habeas_watch_input)
    """)
    # One scan of the records: each name with the record's key and the few columns the filters need.
    unions = " UNION ALL ".join(
        f"SELECT import_sha256, source_record, '{kind}' AS kind, unnest({column}) AS written, lab, "
        f"coalesce(conviction_date, offense_date) AS on_date FROM records WHERE len({column}) > 0"
        for kind, column in FIELDS.items()
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE named AS {unions}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE people AS
        SELECT kind, written, parts[-1] AS p_last, CASE WHEN len(parts) > 1 THEN parts[1] END AS p_first
        FROM (SELECT kind, written, string_split({_norm_sql("written")}, ' ') AS parts FROM (SELECT DISTINCT kind, written FROM named))
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE candidates AS
        WITH p_keys AS (SELECT kind, written, {_variants_sql("p_last")} AS k FROM people WHERE len(p_last) >= 2),
             w_keys AS (SELECT entry_id, kind, {_variants_sql("w_last")} AS k FROM watch WHERE len(w_last) >= 2)
        SELECT DISTINCT p.kind, p.written, w.entry_id
        FROM p_keys p JOIN w_keys w ON p.k = w.k AND (w.kind = 'any' OR w.kind = p.kind)
    """)
    query = f"""
        WITH scored AS (
            SELECT c.kind, c.written, w.entry_id, w.entry_name, w.lab AS w_lab, w.date_from, w.date_to, p.p_last, w.w_last,
                   jaro_winkler_similarity(p.p_last, w.w_last) AS last_score,
                   CASE WHEN w.w_first IS NULL OR p.p_first IS NULL THEN 'no first name to compare'
                        WHEN p.p_first = w.w_first THEN 'first name the same'
                        WHEN left(p.p_first, 1) = left(w.w_first, 1) AND (len(p.p_first) = 1 OR len(w.w_first) = 1) THEN 'initial matches'
                        WHEN jaro_winkler_similarity(p.p_first, w.w_first) >= 0.88 THEN 'first name similar'
                        ELSE NULL END AS first_reason
            FROM candidates c JOIN people p USING (kind, written) JOIN watch w USING (entry_id)
        ),
        matched AS (
            SELECT kind, written, entry_id, entry_name, w_lab, date_from, date_to, round(last_score, 3) AS score,
                   CASE WHEN p_last = w_last THEN 'surname the same' ELSE 'surname one edit away (' || p_last || ')' END
                       || '; ' || first_reason AS reason
            FROM scored
            WHERE first_reason IS NOT NULL AND damerau_levenshtein(p_last, w_last) <= 1  -- the keys also pair some 2-edit names
              AND (len(w_last) >= 4 OR p_last = w_last)  -- short surnames: exact only
        )
        SELECT m.entry_id, m.entry_name, m.kind AS field, m.written, n.import_sha256, n.source_record, m.score, m.reason
        FROM matched m
        JOIN named n ON n.kind = m.kind AND n.written = m.written
        WHERE (m.w_lab IS NULL OR lower(n.lab) = lower(m.w_lab))
          AND (m.date_from IS NULL OR n.on_date >= m.date_from)
          AND (m.date_to IS NULL OR n.on_date <= m.date_to)
        ORDER BY m.entry_id, m.score DESC, n.import_sha256, n.source_record
        {f"LIMIT {int(limit)}" if limit else ""}
    """
    return con.sql(query).to_arrow_table()


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
    those records they share: the expansion Brooklyn needed to find a detective's partner's cases."""
    habeas_coworker_hits = matches.select(["import_sha256", "source_record", "written"])  # noqa: F841 - read by DuckDB by name
    unions = " UNION ALL ".join(
        f"SELECT import_sha256, source_record, '{kind}' AS field, unnest({column}) AS written FROM records WHERE len({column}) > 0"
        for kind, column in FIELDS.items()
    )
    return con.sql(f"""
        WITH named AS ({unions})
        SELECT {_norm_sql("n.written")} AS person_key, min(n.written) AS person, list(DISTINCT n.written) AS written_as,
               n.field, count(DISTINCT (n.import_sha256, n.source_record)) AS shared_records
        FROM named n JOIN (SELECT DISTINCT import_sha256, source_record FROM habeas_coworker_hits) h USING (import_sha256, source_record)
        WHERE {_norm_sql("n.written")} NOT IN (SELECT DISTINCT {_norm_sql("written")} FROM habeas_coworker_hits)
        GROUP BY person_key, n.field HAVING count(DISTINCT (n.import_sha256, n.source_record)) >= {int(min_shared)}
        ORDER BY shared_records DESC, person
    """).to_arrow_table()
