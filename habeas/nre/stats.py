"""Yearly figures as the NRE publishes them: count, years lost, CIU/IO shares, homicide, factors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from habeas.nre.parse import NreRecord
from habeas.nre.schema import FACTORS

YEARS_LOST_RULE = (
    "The file's 'Years Lost' where it has that column; otherwise release minus first conviction in years of "
    "365.25 days. Rows with no release date, or a release before the conviction, add nothing."
)


@dataclass(frozen=True)
class YearStats:
    year: int
    count: int
    years_lost_total: Decimal
    years_lost_mean: Decimal | None
    years_lost_rows: int
    ciu: int
    io: int
    both: int
    either: int
    homicide: int
    factors: dict[str, int] = field(default_factory=dict)
    rule: str = YEARS_LOST_RULE

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year, "count": self.count, "years_lost_total": str(self.years_lost_total),
            "years_lost_mean": str(self.years_lost_mean) if self.years_lost_mean is not None else None,
            "years_lost_rows": self.years_lost_rows, "ciu": self.ciu, "io": self.io, "both": self.both,
            "either": self.either, "homicide": self.homicide, "factors": dict(self.factors), "years_lost_rule": self.rule,
        }


def record_years_lost(record: NreRecord) -> Decimal | None:
    if record.years_lost is not None:
        return record.years_lost
    if record.first_conviction is None or record.release is None or record.release < record.first_conviction:
        return None
    return Decimal((record.release - record.first_conviction).days) / Decimal("365.25")


def nre_year_stats(records: Iterable[NreRecord], year: int) -> YearStats:
    chosen = [r for r in records if r.exoneration is not None and r.exoneration.year == year]
    lost = [v for v in (record_years_lost(r) for r in chosen) if v is not None]
    total = sum(lost, Decimal(0)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    ciu = {id(r) for r in chosen if "CIU" in r.tags}
    io = {id(r) for r in chosen if "IO" in r.tags}
    return YearStats(
        year=year, count=len(chosen), years_lost_total=total,
        years_lost_mean=(total / len(lost)).quantize(Decimal("0.1"), ROUND_HALF_UP) if lost else None,
        years_lost_rows=len(lost), ciu=len(ciu), io=len(io), both=len(ciu & io), either=len(ciu | io),
        homicide=sum(1 for r in chosen if "H" in r.tags),
        factors={code: sum(1 for r in chosen if code in r.factors) for code in FACTORS},
    )
