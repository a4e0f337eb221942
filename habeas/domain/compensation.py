"""Statutory compensation for wrongful imprisonment, computed and explained. Free of Django.

Rules come from ``data/compensation.csv`` (a copy of the project's sourced table with columns added
for computing; each row has its statute, source and verification status). Every result carries its
line items, the counting rule, the statute, the filing deadline and whether the row is unverified,
so a figure is never shown without how it was reached.

Counting rule: days = end date minus start date (the first day counts, the release day does not:
18 Jan 2001 to 19 Oct 2021 is 7,579 days, the project's worked example). Per-year rates are
pro-rated per day at 1/365 of the annual rate (the Court of Federal Claims' pro-rating in Crooker
v. United States: $50,000 a year = $136.99 a day). Amounts are rounded to the cent, half up.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from habeas.domain.errors import InputError

DATA_FILE = Path(__file__).with_name("data") / "compensation.csv"
DAYS_PER_YEAR = Decimal(365)
CENT = Decimal("0.01")
SOURCED, UNVERIFIED = "sourced", "unverified"

COUNTING_RULE = (
    "Days are counted as the calendar difference between the dates (the start day counts, the release day "
    "does not); per-year rates are pro-rated per day at 1/365 of the annual rate (the Court of Federal "
    "Claims' pro-rating in Crooker v. United States)."
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
    death_row_per_year: Decimal | None
    parole_per_day: Decimal | None
    parole_per_year: Decimal | None
    parole_operative: bool
    cap: Decimal | None
    amount_kind: str  # "fixed", "maximum", "minimum" or "" (no amount)
    deadline_years: int | None
    deadline_trigger: str
    deadline_verification: str
    filing_deadline: str
    statute: str
    source: str
    verification: str  # "sourced" or "unverified"
    verification_note: str
    also_payable: str
    notes: str

    @property
    def has_rate(self) -> bool:
        return self.per_day is not None or self.per_year is not None


@dataclass(frozen=True)
class LineItem:
    label: str
    days: int
    rate: Decimal
    rate_unit: str  # "day" or "year"
    amount: Decimal
    basis: str  # the statute

    @property
    def quantity(self) -> int:
        return self.days

    @property
    def subtotal(self) -> Decimal:
        return self.amount


@dataclass(frozen=True)
class CompensationResult:
    jurisdiction: str
    statute: str
    source: str
    verification: str
    total: Decimal | None  # None where no statute or no statutory amount (a court or board decides)
    line_items: tuple[LineItem, ...]
    filing_deadline: str
    explanation: tuple[str, ...]  # the counting rule first, then how the total was reached
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # from the source table: what else is payable, conditions, history
    code: str = ""
    amount_kind: str = ""
    deadline_verification: str = ""

    @property
    def amount(self) -> Decimal | None:
        return self.total

    @property
    def unverified(self) -> bool:
        return self.verification != SOURCED

    def as_dict(self) -> dict[str, object]:
        return {
            "jurisdiction": self.jurisdiction,
            "code": self.code,
            "amount": None if self.total is None else str(self.total),
            "amount_kind": self.amount_kind,
            "statute": self.statute,
            "source": self.source,
            "verification": self.verification,
            "filing_deadline": self.filing_deadline,
            "deadline_verification": self.deadline_verification,
            "explanation": list(self.explanation),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "line_items": [
                {
                    "label": i.label,
                    "quantity": i.days,
                    "unit": "days",
                    "rate": str(i.rate),
                    "rate_unit": i.rate_unit,
                    "subtotal": str(i.amount),
                    "basis": i.basis,
                }
                for i in self.line_items
            ],
        }


def _money(raw: str | None) -> Decimal | None:
    text = (raw or "").strip().replace(",", "")
    return Decimal(text) if text else None


def _rule(row: Mapping[str, str]) -> CompensationRule:
    verification = row["verification_status"].strip()
    if verification not in (SOURCED, UNVERIFIED):
        raise ValueError(
            f"{row['code']}: verification_status must be {SOURCED} or {UNVERIFIED}, not {verification!r}"
        )
    return CompensationRule(
        code=row["code"].strip().upper(),
        jurisdiction=row["jurisdiction"].strip(),
        has_statute=row["has_statute"] == "yes",
        per_day=_money(row["per_day_usd"]),
        per_year=_money(row["amount_per_year_usd"]),
        death_row_per_year=_money(row["death_row_per_year_usd"]),
        parole_per_day=_money(row["parole_per_day_usd"]),
        parole_per_year=_money(row["parole_per_year_usd"]),
        parole_operative=row["parole_operative"] == "yes",
        cap=_money(row["cap_usd"]),
        amount_kind=row["amount_kind"].strip(),
        deadline_years=int(row["deadline_years"]) if row["deadline_years"].strip() else None,
        deadline_trigger=row["deadline_trigger"],
        deadline_verification=row["deadline_verification"] or UNVERIFIED,
        filing_deadline=row["filing_deadline"],
        statute=row["statute"],
        source=row["source"],
        verification=verification,
        verification_note=row["verification_note"],
        also_payable=row["also_payable"],
        notes=row["notes"],
    )


@cache
def compensation_rules(path: Path = DATA_FILE) -> Mapping[str, CompensationRule]:
    """The rules by upper-case code (CA, US, TX ...), read once from the data file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            r.code: r
            for r in map(_rule, csv.DictReader(line for line in handle if not line.startswith("#")))
        }


def rules_configure(
    rules: Mapping[str, CompensationRule], code: str, **changes: object
) -> dict[str, CompensationRule]:
    """A copy of ``rules`` with one rule changed, e.g. ``parole_operative=True`` once California's
    $70/day parole rate is confirmed operative."""
    rule = rule_get(code, rules)
    return {**rules, rule.code: dataclasses.replace(rule, **changes)}  # type: ignore[arg-type]


def rule_get(
    jurisdiction: str, rules: Mapping[str, CompensationRule] | None = None
) -> CompensationRule:
    table = rules if rules is not None else compensation_rules()
    key = (jurisdiction or "").strip().upper()
    rule = table.get(key) or {r.jurisdiction.upper(): r for r in table.values()}.get(key)
    if rule is None:
        raise CompensationInputError(
            "jurisdiction",
            f"no compensation rule for {jurisdiction!r}; known: {', '.join(sorted(table))}",
        )
    return rule


def _days(start: dt.date | None, end: dt.date | None, start_field: str, end_field: str) -> int:
    if start is None:
        raise CompensationInputError(start_field, "is required")
    if end is None:
        raise CompensationInputError(end_field, "is required")
    if end < start:
        raise CompensationInputError(
            end_field, f"{end.isoformat()} is before {start_field} {start.isoformat()}"
        )
    return (end - start).days


def _item(label: str, days: int, rate: Decimal, unit: str, basis: str) -> LineItem:
    daily = rate if unit == "day" else rate / DAYS_PER_YEAR
    return LineItem(
        label=label,
        days=days,
        rate=rate,
        rate_unit=unit,
        amount=(daily * days).quantize(CENT, ROUND_HALF_UP),
        basis=basis,
    )


def _custody_item(
    rule: CompensationRule, days: int, death_sentence: bool, explanation: list[str]
) -> LineItem:
    if rule.per_day is not None:
        if death_sentence:
            explanation.append(
                f"{rule.jurisdiction} pays the same daily rate whatever the sentence."
            )
        return _item("Incarceration", days, rule.per_day, "day", rule.statute)
    assert rule.per_year is not None
    if death_sentence and rule.death_row_per_year is not None:
        explanation.append(
            "The death-row rate is applied to the whole period; some statutes pay it only for the time "
            "actually under the death sentence."
        )
        return _item(
            "Incarceration (sentenced to death)",
            days,
            rule.death_row_per_year,
            "year",
            rule.statute,
        )
    if death_sentence:
        explanation.append(f"No separate death-row rate is recorded for {rule.jurisdiction}.")
    return _item("Incarceration", days, rule.per_year, "year", rule.statute)


def _parole_item(rule: CompensationRule, days: int, warnings: list[str]) -> LineItem | None:
    rate, unit = (
        (rule.parole_per_day, "day")
        if rule.parole_per_day is not None
        else (rule.parole_per_year, "year")
    )
    if rate is None:
        warnings.append(
            f"{rule.jurisdiction}'s statute, as recorded here, pays nothing for parole or supervision time."
        )
        return None
    if not rule.parole_operative:
        warnings.append(
            f"Parole/supervision time ({days} days) is not paid: the ${rate:,} per {unit} rate in {rule.statute} "
            f"is not configured as operative ({rule.verification_note})."
        )
        return None
    return _item("Parole / supervision", days, rate, unit, rule.statute)


def compensation_compute(
    jurisdiction: str,
    custody_from: dt.date | None,
    custody_to: dt.date | None,
    *,
    parole_from: dt.date | None = None,
    parole_to: dt.date | None = None,
    supervision_from: dt.date | None = None,  # older names for parole_from / parole_to
    supervision_to: dt.date | None = None,
    death_sentence: bool = False,
    rules: Mapping[str, CompensationRule] | None = None,
) -> CompensationResult:
    """The statutory amount for time in custody (and on parole where the rule pays for it), explained."""
    rule = rule_get(jurisdiction, rules)
    names, p_from, p_to = ("parole_from", "parole_to"), parole_from, parole_to
    if supervision_from is not None or supervision_to is not None:
        if parole_from is not None or parole_to is not None:
            raise CompensationInputError(
                "supervision_from",
                "give parole_from/parole_to or supervision_from/supervision_to, not both",
            )
        names, p_from, p_to = (
            ("supervision_from", "supervision_to"),
            supervision_from,
            supervision_to,
        )
    explanation, warnings = [COUNTING_RULE], []
    if rule.verification != SOURCED:
        warnings.append(
            f"UNVERIFIED: the {rule.jurisdiction} row is uncertain ({rule.verification_note}); check the statute text."
        )
    if not rule.has_statute or not rule.has_rate:
        if custody_from is not None and custody_to is not None:
            _days(custody_from, custody_to, "custody_from", "custody_to")
        explanation.append(
            f"{rule.jurisdiction} has no wrongful-conviction compensation statute on record ({rule.source})."
            if not rule.has_statute
            else f"{rule.statute} sets no per-day or per-year amount: there is no statutory amount to compute (a court or board decides)."
        )
        if rule.cap is not None:
            explanation.append(f"Recorded cap: ${rule.cap:,.2f}.")
        return _result(rule, None, [], explanation, warnings)

    custody_days = _days(custody_from, custody_to, "custody_from", "custody_to")
    explanation.append(
        f"Custody counted from {custody_from} to {custody_to} as given; whether pre-trial custody counts "
        "depends on the statute's wording."
    )
    items = [_custody_item(rule, custody_days, death_sentence, explanation)]
    if p_from is not None or p_to is not None:
        parole_days = _days(p_from, p_to, *names)
        if custody_to is not None and p_from is not None and p_from < custody_to:
            raise CompensationInputError(
                names[0], "parole cannot start before release from custody"
            )
        item = _parole_item(rule, parole_days, warnings)
        items += [item] if item else []

    total = sum((i.amount for i in items), Decimal("0.00"))
    if rule.cap is not None and total > rule.cap:
        explanation.append(
            f"Capped at ${rule.cap:,.2f} (statutory cap); uncapped computation was ${total:,.2f}."
        )
        total = rule.cap
    if rule.amount_kind == "maximum":
        explanation.append("The statute sets a maximum: the court may award less.")
    elif rule.amount_kind == "minimum":
        explanation.append("The statute sets a minimum: the award may be higher.")
    return _result(rule, total, items, explanation, warnings)


def _result(
    rule: CompensationRule,
    total: Decimal | None,
    items: list[LineItem],
    explanation: list[str],
    warnings: list[str],
) -> CompensationResult:
    notes = [
        n
        for n in (
            rule.also_payable,
            f"Notes on the statute: {rule.notes}" if rule.notes else "",
        )
        if n
    ]
    deadline = rule.filing_deadline or "not recorded"
    if rule.deadline_verification != SOURCED and rule.filing_deadline:
        deadline += " (filing period unverified)"
    return CompensationResult(
        jurisdiction=rule.jurisdiction,
        statute=rule.statute,
        source=rule.source,
        verification=rule.verification,
        total=total,
        line_items=tuple(items),
        filing_deadline=deadline,
        explanation=tuple(explanation + notes),
        warnings=tuple(warnings),
        notes=tuple(notes),
        code=rule.code,
        amount_kind=rule.amount_kind,
        deadline_verification=rule.deadline_verification,
    )
