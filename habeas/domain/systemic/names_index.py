"""The name index of a bulk file: its distinct (field, name as written, agency) tuples, written
once when the file is imported, so that a review reads a few hundred thousand names instead of
scanning millions of records for them.

A records file is immutable (named by the hash of what was imported), so its index never goes
stale; ``INDEX_VERSION`` is in the index's file name and changes whenever ``review_sql.scan_sql``
changes what a tuple is, which makes every older index missing rather than wrong. The indexes live
in ``store/names/``, apart from ``store/records/``, whose every ``*.parquet`` is read as records.
A review uses them only when every records file has one (``bulk_connect``); otherwise it scans,
and ``names_index_ensure`` builds what is missing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from habeas.domain.sql_text import sql_literal
from habeas.domain.systemic.review_sql import scan_sql, tuples_sql

INDEX_VERSION = 1
NAMES_DIR = "names"
RECORD_NAMES = "record_names"  # the view over the indexes (``bulk_connect``)


def names_index_path(records_file: Path) -> Path:
    """Where the index of ``store/records/<stem>.parquet`` is: ``store/names/<stem>.v1.parquet``."""
    store = records_file.parent.parent
    return store / NAMES_DIR / f"{records_file.stem}.v{INDEX_VERSION}.parquet"


def names_indexed(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``bulk_connect`` gave ``con`` the view over the indexes (every file has one)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [RECORD_NAMES]
    ).fetchall()
    return bool(found[0][0])


def names_index_write(records_file: Path, *, memory_limit: str = "2GB") -> Path:
    """Write the index of ``records_file`` (replacing any); it appears whole or not at all."""
    target = names_index_path(records_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = f"read_parquet({sql_literal(str(records_file))})"
    with tempfile.TemporaryDirectory(prefix="habeas-names-", dir=target.parent) as tmp:
        partial = Path(tmp) / "names.parquet"
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": tmp})
        try:
            con.execute(
                f"COPY ({tuples_sql(f'({scan_sql(source)})')}) "
                f"TO {sql_literal(str(partial))} (FORMAT parquet)"
            )
        finally:
            con.close()
        os.replace(partial, target)
    return target


def names_index_ensure(store: Path, *, memory_limit: str = "2GB") -> int:
    """Build the index of every records file of ``store`` that has none; how many were built."""
    built = 0
    for records_file in sorted((store / "records").glob("*.parquet")):
        if not names_index_path(records_file).exists():
            names_index_write(records_file, memory_limit=memory_limit)
            built += 1
    return built
