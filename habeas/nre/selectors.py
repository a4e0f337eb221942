from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from habeas.domain.nre.parse import NreRecord
from habeas.domain.nre.schema import FACTORS
from habeas.domain.nre.stats import YearStats, nre_year_stats
from habeas.nre.models import NreExoneration, NreImport


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


@dataclass(frozen=True)
class RegistryFigures:
    """Counts over the current registry snapshot (public reference data: no case permissions)."""

    batch: NreImport
    per_year: list[tuple[int, int]]  # (year of exoneration, exonerations)
    factors: Counter[str]  # contributing factor code -> exonerations with it
    ciu: Counter[int]  # year -> exonerations with the CIU tag
    by_state: list[tuple[str, int]]  # most first
    top_counties: list[tuple[str, str, int]]  # (state, county, n), the 30 with the most


def registry_figures() -> RegistryFigures | None:
    batch = registry_current()
    if batch is None:
        return None
    rows = NreExoneration.objects.filter(batch=batch)
    per_year = (
        rows.exclude(exoneration_date=None)
        .order_by()
        .annotate(year=ExtractYear("exoneration_date"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    by_state = rows.order_by().values("state").annotate(n=Count("id")).order_by("-n", "state")
    by_county = (
        rows.order_by()
        .values("state", "county")
        .annotate(n=Count("id"))
        .order_by("-n", "state", "county")[:30]
    )
    # Factors and tags are JSON lists, which SQLite cannot count inside; the registry is a few thousand
    # rows of reference data (not case data), so one pass over two columns is cheap.
    factors: Counter[str] = Counter()
    ciu: Counter[int] = Counter()
    for date, row_factors, tags in (
        rows.order_by().values_list("exoneration_date", "factors", "tags").iterator(chunk_size=5000)
    ):
        factors.update(f for f in row_factors if f in FACTORS)
        if date is not None and "CIU" in tags:
            ciu[date.year] += 1
    return RegistryFigures(
        batch=batch,
        per_year=[(int(r["year"]), int(r["n"])) for r in per_year],
        factors=factors,
        ciu=ciu,
        by_state=[(r["state"], int(r["n"])) for r in by_state],
        top_counties=[(r["state"], r["county"], int(r["n"])) for r in by_county],
    )
