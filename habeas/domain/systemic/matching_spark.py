"""The watchlist review of ``review.py`` on Spark, for record sets beyond one machine: the same
normalization, the same one-edit surname rule (symmetric deletes) and the same first-name check,
in Spark SQL over the same Parquet files. Selected with HABEAS_REVIEW_BACKEND=spark.

Differences, by necessity: Spark has no Jaro-Winkler, so the score shown is 1 - edit distance /
length of the longer surname, and "first name similar" means at most one edit apart."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from habeas.domain.systemic.matching import FIELDS, TITLES, WatchEntry


def _norm(expr: str) -> str:
    titles = "|".join(t.replace(" ", "\\\\s+") for t in sorted(TITLES, key=len, reverse=True))
    cleaned = f"regexp_replace(lower({expr}), '[^a-z ,''-]', ' ')"
    flipped = (
        f"CASE WHEN {cleaned} LIKE '%,%' THEN concat(trim(split({cleaned}, ',')[1]), ' ', trim(split({cleaned}, ',')[0])) "
        f"ELSE {cleaned} END"
    )
    return f"trim(regexp_replace(regexp_replace({flipped}, '^((({titles})\\\\s+)+)', ''), '\\\\s+', ' '))"


def _variants(column: str) -> str:
    return (
        f"explode(concat(array({column}), transform(sequence(1, length({column})), "
        f"i -> concat(substr({column}, 1, i - 1), substr({column}, i + 1)))))"
    )


def review_run_spark(
    spark: Any, store: Path, entries: Sequence[WatchEntry]
) -> list[dict[str, Any]]:
    """Matches of ``entries`` in every Parquet file under ``store/records``: dicts with the same keys
    as ``review_run`` rows (entry_id, entry_name, field, written, import_sha256, source_record, score, reason)."""
    if not entries:
        raise ValueError("the watchlist has no entries")
    files = sorted(str(p) for p in (store / "records").glob("*.parquet"))
    if not files:
        return []
    spark.read.parquet(*files).createOrReplaceTempView("records")
    rows = [(e.entry_id, e.name, e.kind, e.lab or None, e.date_from, e.date_to) for e in entries]
    schema = (
        "entry_id string, entry_name string, kind string, lab string, date_from date, date_to date"
    )
    spark.createDataFrame(rows, schema).createOrReplaceTempView("watch_input")
    spark.sql(f"""SELECT *, element_at(parts, -1) AS w_last, CASE WHEN size(parts) > 1 THEN parts[0] END AS w_first
                  FROM (SELECT *, split({_norm("entry_name")}, ' ') AS parts FROM watch_input)""").createOrReplaceTempView(
        "watch"
    )
    unions = " UNION ALL ".join(
        f"SELECT import_sha256, source_record, '{kind}' AS kind, written, lab, coalesce(conviction_date, offense_date) AS on_date "
        f"FROM records LATERAL VIEW explode({column}) x AS written"
        for kind, column in FIELDS.items()
    )
    spark.sql(unions).createOrReplaceTempView("named")
    spark.sql(f"""SELECT kind, written, element_at(parts, -1) AS p_last, CASE WHEN size(parts) > 1 THEN parts[0] END AS p_first
                  FROM (SELECT kind, written, split({_norm("written")}, ' ') AS parts FROM (SELECT DISTINCT kind, written FROM named))
               """).createOrReplaceTempView("people")
    result = spark.sql(f"""
        WITH p_keys AS (SELECT kind, written, {_variants("p_last")} AS k FROM people WHERE length(p_last) >= 2),
             w_keys AS (SELECT entry_id, kind, {_variants("w_last")} AS k FROM watch WHERE length(w_last) >= 2),
             candidates AS (SELECT DISTINCT p.kind, p.written, w.entry_id FROM p_keys p JOIN w_keys w
                            ON p.k = w.k AND (w.kind = 'any' OR w.kind = p.kind)),
             scored AS (
                SELECT c.kind, c.written, w.entry_id, w.entry_name, w.lab AS w_lab, w.date_from, w.date_to, p.p_last, w.w_last,
                       1 - levenshtein(p.p_last, w.w_last) / greatest(length(p.p_last), length(w.w_last)) AS last_score,
                       CASE WHEN w.w_first IS NULL OR p.p_first IS NULL THEN 'no first name to compare'
                            WHEN p.p_first = w.w_first THEN 'first name the same'
                            WHEN left(p.p_first, 1) = left(w.w_first, 1) AND (length(p.p_first) = 1 OR length(w.w_first) = 1) THEN 'initial matches'
                            WHEN levenshtein(p.p_first, w.w_first) <= 1 AND length(w.w_first) >= 4 THEN 'first name similar'
                            ELSE NULL END AS first_reason
                FROM candidates c JOIN people p ON c.kind = p.kind AND c.written = p.written JOIN watch w ON c.entry_id = w.entry_id),
             matched AS (
                SELECT kind, written, entry_id, entry_name, w_lab, date_from, date_to, round(last_score, 3) AS score,
                       concat(CASE WHEN p_last = w_last THEN 'surname the same' ELSE concat('surname one edit away (', p_last, ')') END,
                              '; ', first_reason) AS reason
                FROM scored WHERE first_reason IS NOT NULL AND (length(w_last) >= 4 OR p_last = w_last)
                  -- one edit, a swap of neighbours counting as one (Spark has Levenshtein only)
                  AND (levenshtein(p_last, w_last) <= 1 OR (levenshtein(p_last, w_last) = 2 AND length(p_last) = length(w_last)
                       AND array_sort(split(p_last, '')) = array_sort(split(w_last, '')))))
        SELECT m.entry_id, m.entry_name, m.kind AS field, m.written, n.import_sha256, n.source_record, m.score, m.reason
        FROM matched m JOIN named n ON n.kind = m.kind AND n.written = m.written
        WHERE (m.w_lab IS NULL OR lower(n.lab) = lower(m.w_lab))
          AND (m.date_from IS NULL OR n.on_date >= m.date_from) AND (m.date_to IS NULL OR n.on_date <= m.date_to)
        ORDER BY m.entry_id, m.score DESC, n.import_sha256, n.source_record
    """)
    return [row.asDict() for row in result.collect()]
