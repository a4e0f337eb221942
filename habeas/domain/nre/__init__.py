"""The National Registry of Exonerations' public data files, read into one record shape. Free of Django.

Reference data only: kept apart from case data, never mixed into a unit's own cases.

- ``nre_read(path)`` → ``ParseResult(schema, encoding, records, warnings)`` for the 23-column public
  spreadsheet (XLSX, or CSV in cp1252) or the 78-column full export (UTF-8 CSV with BOM);
- ``nre_year_stats(records, year)`` → the yearly figures the NRE publishes, with ``as_dict()``.
"""

from habeas.domain.nre.exoneration import NreRecord, ParseResult, PartialDate, RowWarning
from habeas.domain.nre.parse import nre_parse, nre_read
from habeas.domain.nre.schema import Schema
from habeas.domain.nre.sources import NreFileError
from habeas.domain.nre.stats import YearStats, nre_year_stats

__all__ = [
    "NreFileError",
    "NreRecord",
    "ParseResult",
    "PartialDate",
    "RowWarning",
    "Schema",
    "YearStats",
    "nre_parse",
    "nre_read",
    "nre_year_stats",
]
