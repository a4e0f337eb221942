from __future__ import annotations

from collections.abc import Iterator

from habeas.domain.nre.parse import NreRecord
from habeas.domain.nre.stats import YearStats, nre_year_stats
from habeas.registry.models import NreExoneration, NreImport


def registry_current() -> NreImport | None:
    return NreImport.objects.filter(current=True).order_by("-imported_at").first()


def _records(batch: NreImport) -> Iterator[NreRecord]:
    for e in NreExoneration.objects.filter(batch=batch).iterator(chunk_size=5000):
        yield NreRecord(
            row=e.row,
            name=e.name,
            state=e.state,
            county=e.county,
            tags=frozenset(e.tags),
            factors=frozenset(e.factors),
            worst_crime=e.worst_crime,
            exoneration=e.exoneration_date,
            first_conviction=e.first_conviction_date,
            release=e.release_date,
            years_lost=e.years_lost,
            crime_year=e.crime_year,
        )


def registry_year_stats(*, year: int) -> YearStats | None:
    batch = registry_current()
    return None if batch is None else nre_year_stats(_records(batch), year)
