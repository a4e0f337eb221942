"""Statutory compensation for wrongful imprisonment, computed and explained. Free of Django.

Rules come from ``data/compensation.csv`` (a copy of the project's sourced table, with the
statute, source and verification status of each row). Every result carries its line items, the
counting rule, the statute, the filing deadline and whether the row is unverified, so a figure is
never shown without how it was reached.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from habeas.domain.errors import InputError

DATA_FILE = Path(__file__).with_name("data") / "compensation.csv"
DAYS_PER_YEAR = Decimal(365)
CENT = Decimal("0.01")

COUNTING_RULE = (
    "Days are counted as the calendar difference between the dates (release date minus start date), "
    "the convention of the project's worked example; per-year rates are pro-rated per day at 1/365 of "
    "the annual rate (the Court of Federal Claims' pro-rating in Crooker v. United States)."
)


class CompensationInputError(InputError):
    """Bad or contradictory input; ``field`` names the input to fix."""


@dataclass(frozen=True)
class CompensationRule:
    code: str
    jurisdiction: str
    has_statute: bool
    per_day: Decimal | None
    per_year: Decimal | None
    per_year_death: Decimal | None
    per_year_supervision: Decimal | None
    supervision_operative: bool
    cap: Decimal | None
    amount_is_maximum: bool
    deadline_years: int | None
    filing_deadline: str
    statute: str
    source: str
    verification: str  # "sourced" or "unverified"
    notes: str


@dataclass(frozen=True)
class LineItem:
    label: str
    days: int
    rate: Decimal
    rate_unit: str  # "day" or "year"
    amount: Decimal
    basis: str


@dataclass(frozen=True)
class CompensationResult:
    jurisdiction: str
    statute: str
    source: str
    verification: str
    total: Decimal | None  # None where the statute sets no amount (a court or board decides)
    line_items: tuple[LineItem, ...]
    filing_deadline: str
    explanation: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def unverified(self) -> bool:
        return self.verification != "sourced"


def _money(raw: str) -> Decimal | None:
    raw = raw.strip().replace(",", "")
    return Decimal(raw) if raw else None


@cache
def compensation_rules(path: Path = DATA_FILE) -> Mapping[str, CompensationRule]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        rules = {}
        for row in rows:
            rule = CompensationRule(
                code=row["code"].upper(),
                jurisdiction=row["jurisdiction"],
                has_statute=row["has_statute"] == "yes",
                per_day=_money(row["per_day_usd"]),
                per_year=_money(row["per_year_usd"]),
                per_year_death=_money(row["per_year_death_usd"]),
                per_year_supervision=_money(row["per_year_supervision_usd"]),
                supervision_operative=row["supervision_operative"] == "yes",
                cap=_money(row["cap_usd"]),
                amount_is_maximum=row["amount_is_maximum"] == "yes",
                deadline_years=int(row["deadline_years"]) if row["deadline_years"].strip() else None,
                filing_deadline=row["filing_deadline"],
                statute=row["statute"],
                source=row["source"],
                verification=row["verification"],
                notes=row["notes"],
            )
            rules[rule.code] = rule
    return rules


def rule_get(jurisdiction: str, rules: Mapping[str, CompensationRule] | None = None) -> CompensationRule:
    table = rules if rules is not None else compensation_rules()
    key = jurisdiction.strip().upper()
    by_name = {r.jurisdiction.upper(): r for r in table.values()}
    rule = table.get(key) or by_name.get(key)
    if rule is None:
        raise CompensationInputError("jurisdiction", f"no compensation rule for {jurisdiction!r}; known: {', '.join(sorted(table))}")
    return rule


def _days(start: dt.date | None, end: dt.date | None, start_field: str, end_field: str) -> int:
    if start is None:
        raise CompensationInputError(start_field, "is required")
    if end is None:
        raise CompensationInputError(end_field, "is required")
    if end < start:
        raise CompensationInputError(end_field, f"{end.isoformat()} is before {start_field} {start.isoformat()}")
    return (end - start).days


def _per_day_of(per_year: Decimal) -> Decimal:
    return per_year / DAYS_PER_YEAR


def _item(label: str, days: int, rate: Decimal, unit: str, basis: str) -> LineItem:
    daily = rate if unit == "day" else _per_day_of(rate)
    return LineItem(label=label, days=days, rate=rate, rate_unit=unit, amount=(daily * days).quantize(CENT, ROUND_HALF_UP), basis=basis)


def compensation_compute(
    jurisdiction: str,
    *,
    custody_from: dt.date | None,
    custody_to: dt.date | None,
    supervision_from: dt.date | None = None,
    supervision_to: dt.date | None = None,
    death_sentence: bool = False,
    rules: Mapping[str, CompensationRule] | None = None,
) -> CompensationResult:
    """Compute the statutory amount for time in custody (and on supervision where the rule pays for it)."""
    rule = rule_get(jurisdiction, rules)
    custody_days = _days(custody_from, custody_to, "custody_from", "custody_to")
    supervision_days = 0
    if supervision_from is not None or supervision_to is not None:
        supervision_days = _days(supervision_from, supervision_to, "supervision_from", "supervision_to")
        if custody_to is not None and supervision_from is not None and supervision_from < custody_to:
            raise CompensationInputError("supervision_from", "supervision cannot start before release from custody")

    explanation = [COUNTING_RULE]
    warnings: list[str] = []
    if rule.verification != "sourced":
        warnings.append(f"UNVERIFIED: the {rule.jurisdiction} row is flagged as uncertain in its source; check the statute text.")
    if not rule.has_statute:
        explanation.append(f"{rule.jurisdiction} has no wrongful-conviction compensation statute in the project's table ({rule.source}).")
        return _result(rule, None, (), explanation, warnings)
    if rule.per_day is None and rule.per_year is None:
        explanation.append(f"{rule.statute} sets no per-day or per-year amount: {rule.notes}")
        return _result(rule, None, (), explanation, warnings)

    items: list[LineItem] = []
    if rule.per_day is not None:
        items.append(_item("Incarceration", custody_days, rule.per_day, "day", rule.statute))
    else:
        assert rule.per_year is not None
        if death_sentence and rule.per_year_death is not None:
            items.append(_item("Incarceration (sentenced to death)", custody_days, rule.per_year_death, "year", rule.statute))
        else:
            items.append(_item("Incarceration", custody_days, rule.per_year, "year", rule.statute))
    if supervision_days:
        if rule.per_year_supervision is not None and rule.supervision_operative:
            items.append(_item("Parole / supervision", supervision_days, rule.per_year_supervision, "year", rule.statute))
        elif rule.per_year_supervision is not None:
            warnings.append(
                f"Supervision time ({supervision_days} days) is not paid: the supervision rate in {rule.statute} is not "
                f"configured as operative ({rule.notes})."
            )
        else:
            warnings.append(f"{rule.jurisdiction}'s rule pays nothing for supervision time in the project's table.")

    total = sum((i.amount for i in items), Decimal("0.00"))
    if rule.cap is not None and total > rule.cap:
        explanation.append(f"Capped at ${rule.cap:,.2f} (statutory cap); uncapped computation was ${total:,.2f}.")
        total = rule.cap
    if rule.amount_is_maximum:
        explanation.append("The statute sets a maximum: the court may award less.")
    return _result(rule, total, tuple(items), explanation, warnings)


def _result(
    rule: CompensationRule, total: Decimal | None, items: Iterable[LineItem], explanation: list[str], warnings: list[str]
) -> CompensationResult:
    if rule.notes:
        explanation.append(f"Notes from the source table: {rule.notes}")
    return CompensationResult(
        jurisdiction=rule.jurisdiction, statute=rule.statute, source=rule.source, verification=rule.verification,
        total=total, line_items=tuple(items), filing_deadline=rule.filing_deadline or "not recorded",
        explanation=tuple(explanation), warnings=tuple(warnings),
    )
