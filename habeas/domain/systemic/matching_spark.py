"""The watchlist review on Spark, for record sets beyond one machine. Selected with
HABEAS_REVIEW_BACKEND=spark.

Spark is only the executor: it scans the Parquet files and joins the verdicts back, with the same
two queries as DuckDB (``review_sql``, translated by sqlglot). The distinct (field, written name,
agency) tuples, a few hundred thousand whatever the number of records, come to the driver and are
judged there by ``watch_candidates.tuples_match`` on a local DuckDB: the very rules DuckDB uses,
so both backends return the same matches with the same scores and reasons."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from habeas.domain.systemic.review_sql import (
    MATCHED,
    NAMED,
    join_back_sql,
    scan_sql,
    spark_sql,
    tuples_sql,
)
from habeas.domain.systemic.watch import WatchEntry
from habeas.domain.systemic.watch_candidates import tuples_match


def review_run_spark(
    spark: Any, store: Path, entries: Sequence[WatchEntry], *, excluded: bool = False
) -> list[dict[str, Any]]:
    """Matches of ``entries`` in every Parquet file under ``store/records``: dicts with the keys
    of ``review_run`` rows (entry_id, entry_name, field, written, import_sha256, source_record,
    score, reason, verdict)."""
    if not entries:
        raise ValueError("the watchlist has no entries")
    files = sorted(str(p) for p in (store / "records").glob("*.parquet"))
    if not files:
        return []
    # The session outlives a run and its catalog keeps view names: one set of names per run.
    run = uuid.uuid4().hex[:12]
    records, named, matched = f"habeas_records_{run}", f"{NAMED}_{run}", f"{MATCHED}_{run}"
    spark.read.parquet(*files).createOrReplaceTempView(records)
    try:
        spark.sql(spark_sql(scan_sql(records))).createOrReplaceTempView(named)
        spark.catalog.cacheTable(named)
        tuples = spark.sql(spark_sql(tuples_sql(named))).toArrow()
        local = duckdb.connect(":memory:")
        try:
            verdicts = tuples_match(local, tuples, entries, excluded=excluded)
        finally:
            local.close()
        spark.createDataFrame(verdicts).createOrReplaceTempView(matched)
        query = spark_sql(join_back_sql(named, matched))
        return [row.asDict() for row in spark.sql(query).collect()]
    finally:
        for view in (records, named, matched):
            spark.catalog.dropTempView(view)
