"""Yearly figures as the NRE publishes them: count, years lost, CIU/IO, homicide, factors.

A record belongs to the year of its exoneration date ("Date of Exoneration" / "Date of Exon").
Checked against the public spreadsheet of May 2024: for 2023 it gives 153 exonerations, CIU 60,
IO 67, both 30, homicide 88 and 2,224.8 years lost, the NRE's published figures ("about 2,230").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from habeas.domain.nre.exoneration import NreRecord, RowWarning
from habeas.domain.nre.schema import FACTORS
from habeas.domain.years_lost import YearsLostInputError, years_lost

YEARS_LOST_RULE = (
    "The file's 'Years Lost' where it has that column; otherwise release minus first conviction in years of "
    "365.25 days. Rows with no release date, or a release before the conviction, add nothing and are listed."
)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class YearStats:
    year: int
    count: int
    years_lost_total: Decimal  # rounded to 0.1
    years_lost_mean: Decimal | None  # over the rows that have years lost, rounded to 0.1
    years_lost_rows: int
    ciu: int
    io: int
    both: int  # CIU and IO
    either: int  # CIU or IO
    homicide: int  # tag H ("Homicide")
    factors: dict[str, int] = field(default_factory=dict)
    rule: str = YEARS_LOST_RULE
    warnings: tuple[RowWarning, ...] = ()  # rows of this year that add no years lost, and why

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "count": self.count,
            "years_lost_total": str(self.years_lost_total),
            "years_lost_mean": str(self.years_lost_mean)
            if self.years_lost_mean is not None
            else None,
            "years_lost_rows": self.years_lost_rows,
            "ciu": self.ciu,
            "io": self.io,
            "both": self.both,
            "either": self.either,
            "homicide": self.homicide,
            "factors": dict(self.factors),
            "years_lost_rule": self.rule,
            "years_lost_missing": [
                {"row": w.row, "column": w.column, "message": w.message} for w in self.warnings
            ],
        }


def record_years_lost(
    record: NreRecord, warnings: list[RowWarning] | None = None
) -> Decimal | None:
    """The file's value, else the computed one (unrounded); ``None`` with a warning when neither exists."""
    if record.years_lost is not None:
        return record.years_lost
    try:
        return years_lost(first_conviction=record.first_conviction, release=record.release).exact
    except YearsLostInputError as exc:
        if warnings is not None:
            missing = getattr(record, exc.field, None) is None
            reason = f"no {exc.field.replace('_', ' ')} date" if missing else exc.message
            warnings.append(RowWarning(record.row, exc.field, f"no years lost counted: {reason}"))
        return None


def nre_year_stats(records: Iterable[NreRecord], year: int) -> YearStats:
    chosen = [r for r in records if r.exoneration is not None and r.exoneration.year == year]
    warnings: list[RowWarning] = []
    lost = [v for v in (record_years_lost(r, warnings) for r in chosen) if v is not None]
    total = sum(lost, Decimal(0))
    ciu = [r for r in chosen if "CIU" in r.tags]
    io = [r for r in chosen if "IO" in r.tags]
    both = [r for r in ciu if "IO" in r.tags]
    return YearStats(
        year=year,
        count=len(chosen),
        years_lost_total=total.quantize(TENTH, ROUND_HALF_UP),
        years_lost_mean=(total / len(lost)).quantize(TENTH, ROUND_HALF_UP) if lost else None,
        years_lost_rows=len(lost),
        ciu=len(ciu),
        io=len(io),
        both=len(both),
        either=len(ciu) + len(io) - len(both),
        homicide=sum(1 for r in chosen if "H" in r.tags),
        factors={code: sum(1 for r in chosen if code in r.factors) for code in FACTORS},
        warnings=tuple(warnings),
    )
