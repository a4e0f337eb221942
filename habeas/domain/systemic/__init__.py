"""Bulk conviction records (court or prosecutor extracts, millions of rows) in an analytical store:
DuckDB over Parquet, beside the case database and apart from it. Plain Python, no Django.

- ``bulk_import(path, store)`` reads a CSV (any common encoding) or Parquet file, maps its columns to
  the canonical ones, keeps every malformed row's line number and reason, writes the normalized rows
  to ``store/records/<sha256>.parquet`` with its name index (``names_index``: the file's distinct
  names as written, by field and agency, in ``store/names/``) and returns a data-quality report.
  Idempotent by file hash.
- ``bulk_connect(store)`` opens DuckDB with a ``records`` view over every imported file, and a
  ``record_names`` view over their name indexes when every file has one.
"""

from habeas.domain.systemic.importer import (
    BulkImportError,
    BulkImportReport,
    bulk_connect,
    bulk_import,
)
from habeas.domain.systemic.schema import CANONICAL

__all__ = ["CANONICAL", "BulkImportError", "BulkImportReport", "bulk_connect", "bulk_import"]
