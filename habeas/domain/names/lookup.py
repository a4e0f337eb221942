"""Name keys as DuckDB lookup tables: the engines that compare names in SQL (person linkage, the
watchlist review) compute a key once per distinct value in Python and join it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from habeas.domain.names.agency import agency_key

if TYPE_CHECKING:
    import duckdb


def agency_keys_register(con: duckdb.DuckDBPyConnection, table: str, distinct_sql: str) -> None:
    """Register ``table`` (agency, agency_key) for every agency ``distinct_sql`` selects (one
    column of distinct names): "Kings Co. Sheriff's Office" and "KINGS COUNTY SHERIFFS OFFICE"
    get one key (``agency_key``). The caller unregisters it."""
    agencies = [row[0] for row in con.execute(distinct_sql).fetchall()]
    con.register(
        table,
        pa.table(
            {
                "agency": pa.array(agencies, pa.string()),
                "agency_key": pa.array([agency_key(a) for a in agencies], pa.string()),
            }
        ),
    )
