"""Filing deadlines computed from trigger dates, each with its rule text, source and verification
status. Free of Django. Rules are data (``data/deadline_rules.toml``); this module adds the counting.

Counting rule used throughout:

* a period of N years ends on the N-th anniversary of the trigger date (the "anniversary method");
  a 29 February trigger ends on 28 February in a common year (the earlier of the two candidate
  dates, so the tracker never warns late);
* a period of N days ends N calendar days after the trigger;
* where several triggers are given, the clock runs from the latest;
* no extension for weekends or court holidays (court rules often move a last day that falls on one
  to the next court day): the date shown is the earlier, safer one.

These dates are planning warnings, not legal advice.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from habeas.domain.compensation import CompensationRule, rule_get
from habeas.domain.errors import InputError

RULES_FILE = Path(__file__).with_name("data") / "deadline_rules.toml"
DUE_SOON_DAYS = 30
CERT_WINDOW_DAYS = 90  # Sup. Ct. R. 13 (unverified in facts.md)
FLORIDA_2025 = dt.date(2025, 7, 1)
COUNTING_RULE = (
    "Years end on the anniversary of the trigger (29 Feb -> 28 Feb in a common year); days are calendar days; "
    "no extension for weekends or holidays."
)


class DeadlineInputError(InputError):
    """Bad or contradictory input; ``field`` names the input to fix."""


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"

    @property
    def label(self) -> str:
        return {"overdue": "overdue", "due_soon": f"due within {DUE_SOON_DAYS} days", "ok": "ok"}[
            self.value
        ]


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    name: str
    source: str
    verification: str
    rule: str
    triggers: tuple[str, ...]
    years: int = 0
    days: int = 0
    required: tuple[str, ...] = ()
    error_field: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deadline:
    rule_id: str
    name: str
    due: dt.date
    rule: str
    source: str
    verification: str  # "sourced", "unverified" or "custom"
    inputs: Mapping[str, str]  # what the date was computed from
    notes: tuple[str, ...] = field(default=())
    opens: dt.date | None = None  # earliest filing date, where the law sets one
    start: dt.date | None = None  # the trigger date the period runs from

    def days_remaining(self, today: dt.date) -> int:
        return (self.due - today).days

    def status(self, today: dt.date) -> Status:
        remaining = self.days_remaining(today)
        if remaining < 0:
            return Status.OVERDUE
        return Status.DUE_SOON if remaining <= DUE_SOON_DAYS else Status.OK

    def as_dict(self, today: dt.date) -> dict[str, object]:
        status = self.status(today)
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "due": self.due.isoformat(),
            "today": today.isoformat(),
            "days_remaining": self.days_remaining(today),
            "status": status.value,
            "status_label": status.label,
            "rule": self.rule,
            "source": self.source,
            "verification": self.verification,
            "inputs": dict(self.inputs),
            "notes": list(self.notes),
            "opens": self.opens.isoformat() if self.opens else None,
            "counting": COUNTING_RULE,
        }


def deadlines_evaluate(deadlines: Iterable[Deadline], today: dt.date) -> list[dict[str, object]]:
    """Each deadline relative to ``today``, soonest first."""
    return [d.as_dict(today) for d in sorted(deadlines, key=lambda d: d.due)]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@cache
def deadline_rules(path: Path = RULES_FILE) -> Mapping[str, DeadlineRule]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)["rules"]
    return {
        rid: DeadlineRule(
            id=rid,
            name=r["name"],
            source=r["source"],
            verification=r["verification"],
            rule=r["rule"],
            triggers=tuple(r["triggers"]),
            years=r.get("years", 0),
            days=r.get("days", 0),
            required=tuple(r.get("required", ())),
            error_field=r.get("error_field", r["triggers"][0]),
            notes=tuple(r.get("notes", ())),
        )
        for rid, r in data.items()
    }


# A rule's trigger names (in the rule file and the notes of a deadline) in words, for the pages
# (the label registry's "deadline_trigger" vocabulary).
TRIGGER_WORDS: dict[str, str] = {
    "judgment_final": "judgment becoming final",
    "impediment_removed": "removal of the impediment to filing",
    "new_right_recognized": "recognition of the new right",
    "factual_predicate_discovered": "discovery of the facts of the claim",
    "facts_discoverable": "date the facts could have been discovered",
    "misconduct_discovered": "discovery of the official misconduct",
    "acquittal": "acquittal",
    "dismissal": "dismissal",
    "pardon": "pardon",
    "release_from_custody": "release from custody",
    "destruction_notice": "evidence-destruction notice",
    "arrest": "arrest",
    "accusatory_pleading": "filing of the accusatory pleading",
    "habeas_counsel_appointed": "appointment of habeas counsel",
    "exoneration": "exoneration",
}


def _start(
    rule: DeadlineRule, triggers: Mapping[str, dt.date | None]
) -> tuple[str, dt.date, dict[str, dt.date]]:
    unknown = set(triggers) - set(rule.triggers)
    if unknown:
        raise DeadlineInputError(
            sorted(unknown)[0],
            f"is not a trigger of {rule.id} (triggers: {', '.join(rule.triggers)})",
        )
    for name in rule.required:
        if triggers.get(name) is None:
            raise DeadlineInputError(name, "is required for this deadline")
    given = {k: v for k, v in triggers.items() if v is not None}
    if not given:
        raise DeadlineInputError(rule.error_field, f"give {' or '.join(rule.triggers)}")
    label, start = max(given.items(), key=lambda kv: kv[1])
    return label, start, given


def deadline_compute(
    rule_id: str, triggers: Mapping[str, dt.date | None], *, extra_notes: Iterable[str] = ()
) -> Deadline:
    """A deadline from the data file: the period after the latest trigger given."""
    rule = deadline_rules().get(rule_id)
    if rule is None:
        raise DeadlineInputError(
            "rule_id",
            f"unknown deadline rule {rule_id!r}; known: {', '.join(sorted(deadline_rules()))}",
        )
    label, start, given = _start(rule, triggers)
    due = add_years(start, rule.years) + dt.timedelta(days=rule.days)
    notes = [
        f"Runs from {label} on {start.isoformat()}."
        if len(rule.triggers) == 1
        else f"Runs from the latest trigger: {label} on {start.isoformat()}.",
        *extra_notes,
        *rule.notes,
    ]
    return Deadline(
        rule_id=rule.id,
        name=rule.name,
        due=due,
        rule=rule.rule,
        source=rule.source,
        verification=rule.verification,
        inputs={k: v.isoformat() for k, v in given.items()},
        notes=tuple(notes),
        start=start,
    )


def _merged(
    periods: Iterable[tuple[dt.date | None, dt.date | None]],
) -> list[tuple[dt.date, dt.date]]:
    spans = []
    for a, b in periods:
        if a is None or b is None:
            raise DeadlineInputError(
                "tolling",
                "each period needs the date the application was filed and the date it was decided",
            )
        if b < a:
            raise DeadlineInputError(
                "tolling", f"period ends {b.isoformat()} before it starts {a.isoformat()}"
            )
        spans.append((a, b))
    merged: list[tuple[dt.date, dt.date]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _toll(
    start: dt.date, due: dt.date, periods: Iterable[tuple[dt.date | None, dt.date | None]]
) -> tuple[dt.date, list[str]]:
    """Statutory tolling (2244(d)(2)): days a properly filed state application was pending (filing date to
    decision date) are added, but only for applications filed before the year ran out."""
    notes = []
    for a, b in _merged(periods):
        if b <= start:
            continue  # decided before the clock started
        begin = max(a, start)
        if begin > due:
            notes.append(
                f"Application filed {a.isoformat()} after the limitation period ran ({due.isoformat()}): it neither tolls nor revives it."
            )
            continue
        due += dt.timedelta(days=(b - begin).days)
        notes.append(
            f"Tolled {(b - begin).days} days while a state application was pending ({begin.isoformat()} to {b.isoformat()})."
        )
    return due, notes


def aedpa_deadline(
    *,
    judgment_final: dt.date | None = None,
    direct_review_ended: dt.date | None = None,
    impediment_removed: dt.date | None = None,
    new_right_recognized: dt.date | None = None,
    factual_predicate_discovered: dt.date | None = None,
    tolling: Iterable[tuple[dt.date | None, dt.date | None]] = (),
) -> Deadline:
    """28 U.S.C. 2244(d)(1): one year from the latest of triggers (A)-(D), plus statutory tolling.

    Give ``judgment_final`` when known, or ``direct_review_ended`` (the state's last direct-review
    decision, no certiorari petition filed) to have the 90-day certiorari window added (Sup. Ct. R. 13,
    unverified: the result is then marked unverified)."""
    notes, verification, periods = [], None, list(tolling)
    if direct_review_ended is not None:
        if judgment_final is not None:
            raise DeadlineInputError(
                "direct_review_ended", "give judgment_final or direct_review_ended, not both"
            )
        judgment_final = direct_review_ended + dt.timedelta(days=CERT_WINDOW_DAYS)
        notes.append(
            f"Judgment final {judgment_final.isoformat()}: {CERT_WINDOW_DAYS} days after direct review ended "
            f"{direct_review_ended.isoformat()} (certiorari window, Sup. Ct. R. 13 - unverified)."
        )
        verification = "unverified"
    base = deadline_compute(
        "aedpa_2244d",
        {
            "judgment_final": judgment_final,
            "impediment_removed": impediment_removed,
            "new_right_recognized": new_right_recognized,
            "factual_predicate_discovered": factual_predicate_discovered,
        },
    )
    assert base.start is not None
    due, toll_notes = _toll(base.start, base.due, periods)
    inputs = dict(base.inputs)
    if direct_review_ended is not None:
        inputs["direct_review_ended"] = direct_review_ended.isoformat()
    for i, (a, b) in enumerate(periods, start=1):
        inputs[f"tolling_{i}"] = f"{a.isoformat() if a else '?'} to {b.isoformat() if b else '?'}"
    return Deadline(
        rule_id=base.rule_id,
        name=base.name,
        due=due,
        rule=base.rule,
        source=base.source,
        verification=verification or base.verification,
        inputs=inputs,
        notes=(base.notes[0], *notes, *toll_notes, *base.notes[1:]),
        start=base.start,
    )


# Rules whose clock starts at a date a case record does not hold, so a case team enters it: rule id ->
# (the trigger's name in the rule file, what the date is, in words).
TRIGGERED_RULES: dict[str, tuple[str, str]] = {
    "ca_pc_1473_6": ("misconduct_discovered", "the date the official misconduct was discovered"),
    "ca_pc_1417_9": ("destruction_notice", "the date of the evidence-destruction notice"),
    "fed_3600a": ("destruction_notice", "the date of the federal evidence-destruction notice"),
    "ca_pc_1509": ("habeas_counsel_appointed", "the date habeas counsel was appointed"),
}


def triggered_rule_choices() -> list[tuple[str, str]]:
    """(rule id, "Name: from <the trigger date in words>") for a form's choices."""
    rules = deadline_rules()
    return [
        (rule_id, f"{rules[rule_id].name}: from {words}")
        for rule_id, (_, words) in TRIGGERED_RULES.items()
    ]


def pc_1473_6_deadline(*, misconduct_discovered: dt.date | None) -> Deadline:
    return deadline_compute("ca_pc_1473_6", {"misconduct_discovered": misconduct_discovered})


def pc_4901_deadline(
    *,
    acquittal: dt.date | None = None,
    dismissal: dt.date | None = None,
    pardon: dt.date | None = None,
    release_from_custody: dt.date | None = None,
    reversal: dt.date | None = None,
) -> Deadline:
    """Cal. PC 4901: claim within ten years after the latest of acquittal, dismissal, pardon or release
    from custody (incl. parole); not before 60 days after the reversal."""
    base = deadline_compute(
        "ca_pc_4901",
        {
            "acquittal": acquittal,
            "dismissal": dismissal,
            "pardon": pardon,
            "release_from_custody": release_from_custody,
        },
    )
    if reversal is None:
        return base
    opens = reversal + dt.timedelta(days=60)
    note = f"Earliest filing date: {opens.isoformat()} (60 days after the reversal)."
    return Deadline(
        rule_id=base.rule_id,
        name=base.name,
        due=base.due,
        rule=base.rule,
        source=base.source,
        verification=base.verification,
        inputs={**base.inputs, "reversal": reversal.isoformat()},
        notes=(*base.notes, note),
        opens=opens,
        start=base.start,
    )


def pc_1417_9_deadline(*, destruction_notice: dt.date | None) -> Deadline:
    return deadline_compute("ca_pc_1417_9", {"destruction_notice": destruction_notice})


def pc_851_8_deadline(
    *, arrest: dt.date | None, accusatory_pleading: dt.date | None = None
) -> Deadline:
    return deadline_compute(
        "ca_pc_851_8", {"arrest": arrest, "accusatory_pleading": accusatory_pleading}
    )


def compensation_claim_deadline(
    *,
    jurisdiction: str,
    exoneration: dt.date | None,
    rules: Mapping[str, CompensationRule] | None = None,
) -> Deadline:
    """Compensation clocks of other jurisdictions (TX, FL, MI, MA ...), from the compensation table's
    ``deadline_years``. ``exoneration`` is the trigger that row names (pardon, vacatur, dismissal ...)."""
    try:
        rule = rule_get(jurisdiction, rules)
    except InputError as exc:
        raise DeadlineInputError(exc.field, exc.message) from None
    if rule.deadline_years is None:
        raise DeadlineInputError(
            "jurisdiction",
            f"no filing period recorded for {rule.jurisdiction}: {rule.filing_deadline or 'unknown'}",
        )
    if exoneration is None:
        raise DeadlineInputError(
            "exoneration",
            f"is required: the date of {rule.deadline_trigger or 'the triggering event'}",
        )
    notes = [f"Runs from {rule.deadline_trigger or 'the exoneration'}: {exoneration.isoformat()}."]
    verification = rule.deadline_verification
    if rule.code == "FL" and exoneration < FLORIDA_2025:
        notes.append(
            "Vacatur before 1 Jul 2025: the old 90-day limit applied; SB 130 allows look-back filings until "
            "1 Jul 2027 - check eligibility."
        )
        verification = "unverified"
    if verification != "sourced":
        notes.append("The filing period is unverified: check the statute text.")
    return Deadline(
        rule_id=f"comp_{rule.code.lower()}",
        name=f"Compensation claim ({rule.jurisdiction})",
        due=add_years(exoneration, rule.deadline_years),
        rule=rule.filing_deadline,
        source=rule.statute,
        verification=verification,
        inputs={"exoneration": exoneration.isoformat()},
        notes=tuple(notes),
        start=exoneration,
    )


def custom_deadline(*, name: str, due: dt.date | None, note: str = "") -> Deadline:
    if not (name or "").strip():
        raise DeadlineInputError("name", "is required")
    if due is None:
        raise DeadlineInputError("due", "is required")
    return Deadline(
        rule_id="custom",
        name=name.strip(),
        due=due,
        rule="Set by the case team.",
        source=note.strip() or "custom",
        verification="custom",
        inputs={"due": due.isoformat()},
        notes=(note.strip(),) if note.strip() else (),
    )


__all__ = [
    "COUNTING_RULE",
    "Deadline",
    "DeadlineInputError",
    "DeadlineRule",
    "Status",
    "add_years",
    "aedpa_deadline",
    "compensation_claim_deadline",
    "custom_deadline",
    "deadline_compute",
    "deadline_rules",
    "deadlines_evaluate",
    "pc_851_8_deadline",
    "pc_1417_9_deadline",
    "pc_1473_6_deadline",
    "pc_4901_deadline",
]
