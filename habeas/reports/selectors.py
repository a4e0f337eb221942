"""Reads behind the reports. Case figures always start from ``case_queryset(user)`` (visibility is
decided in the query), so no count ever includes a case the user may not see. Everything is an
aggregate query (GROUP BY / conditional COUNT / window functions): nothing loops over all cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Substr
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case, Conviction, ResolutionEvent, Sentence, StageTransition
from habeas.cases.selectors import case_queryset
from habeas.core import labels
from habeas.domain.compensation import compensation_compute
from habeas.domain.errors import InputError
from habeas.domain.nre.schema import FACTORS
from habeas.domain.workflow import ACTIVE_STAGES, DECLINE_REASON_CODES, Stage
from habeas.domain.years_lost import years_lost
from habeas.nre.models import NreImport
from habeas.nre.selectors import registry_figures
from habeas.reports.charts import months_filled

TENTH = Decimal("0.1")
CENT = Decimal("0.01")
AGE_BUCKETS: tuple[
    tuple[str, int, int | None], ...
] = (  # label, from days (inclusive), to days (exclusive)
    ("< 90 days", 0, 90),
    ("90–365 days", 90, 365),
    ("1–2 years", 365, 730),
    ("> 2 years", 730, None),
)
RESOLUTION_LABELS = dict(ResolutionEvent.Kind.choices)
STAGE_LABELS = {s.value: s.label for s in Stage}

OUTCOME_METHOD = (
    "Only cases with at least one resolution event count. For each, years lost = first release event minus the "
    "earliest conviction date, in years of 365.25 days (the NRE rule; totals add unrounded values, then round to "
    "0.1). Compensation = the statutory amount for the case's state for custody from the earliest arrest date "
    "(or conviction date when no arrest is recorded) to the first release event, with the death-sentence rate "
    "where a sentence was death: the same inputs and rules as each case's Outcome tab. Cases missing a "
    "date, or in a state whose statute sets no amount, add nothing and are counted separately."
)
MEDIAN_METHOD = (
    "Median days per stage over completed stays: from the transition into a stage to the next transition of the "
    "same case (stage history). A case's current, still-open stay is not included; see the age table for those."
)


@dataclass(frozen=True)
class ReportFilters:
    start: dt.date | None = None  # received on or after
    end: dt.date | None = None  # received on or before

    def as_dict(self) -> dict[str, str]:
        return {
            k: v.isoformat() for k, v in (("start", self.start), ("end", self.end)) if v is not None
        }


@dataclass
class Table:
    """One report table; ``chart`` is the (label, value) series drawn from it (None: table only)."""

    key: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]] = field(default_factory=list)
    chart: list[tuple[str, float]] | None = None
    chart_kind: str = "bar"  # "bar" (horizontal, categories) or "column" (vertical, time series)
    note: str = ""
    code_columns: tuple[int, ...] = ()  # columns of codes, kept for the exports, not shown on pages
    money_rows: tuple[str, ...] = ()  # first-column labels whose value is an amount in dollars

    @property
    def screen_columns(self) -> tuple[str, ...]:
        return tuple(c for i, c in enumerate(self.columns) if i not in self.code_columns)

    @property
    def screen_rows(self) -> list[tuple[str, ...]]:
        """The rows as a page shows them: codes left out, numbers and money written out."""
        shown = []
        for row in self.rows:
            is_money = bool(row) and row[0] in self.money_rows
            cells = [
                _cell_words(value, money=is_money and i > 0)
                for i, value in enumerate(row)
                if i not in self.code_columns
            ]
            if is_money:
                cells[0] = cells[0].removesuffix(" (USD)")
            shown.append(tuple(cells))
        return shown


def _cell_words(value: object, *, money: bool) -> str:
    if money:
        return labels.money(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return labels.number(value)
    return str(value)


@dataclass(frozen=True)
class OutcomeTotals:
    resolved_cases: int
    years_lost_total: Decimal
    years_lost_cases: int
    compensation_total: Decimal
    compensation_cases: int
    no_statutory_amount: int  # the state's statute sets no amount (a court or board decides)
    missing_inputs: int  # no conviction or release date recorded
    method: str = OUTCOME_METHOD


@dataclass
class Dashboard:
    filters: ReportFilters
    total: int
    tables: list[Table]
    outcomes: OutcomeTotals


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def _series(
    rows: Sequence[tuple[object, ...]], value: int = 1, label: int = 0
) -> list[tuple[str, float]]:
    """The chart series of a table: one column's labels against another's numbers."""
    return [(str(r[label]), _num(r[value])) for r in rows]


def report_cases(user: User, filters: ReportFilters | None = None) -> QuerySet[Case]:
    """The cases behind every dashboard number: visible to ``user``, received in the date range."""
    f = filters or ReportFilters()
    qs = case_queryset(user)
    if f.start is not None:
        qs = qs.filter(received_on__gte=f.start)
    if f.end is not None:
        qs = qs.filter(received_on__lte=f.end)
    return qs


def _ids(cases: QuerySet[Case]) -> QuerySet[Case, Any]:
    # A subquery, never a list: the database joins it, Python never holds 100,000 ids.
    return cases.order_by().values("pk")


class YearMonth(Func):
    """'YYYY-MM' of a date, computed by the database itself. Django's TruncMonth is a Python function
    on SQLite, called once per row. SQLite keeps a Django date as ISO text ('YYYY-MM-DD'), so the month
    is its first seven characters: substr is built in and does not parse the date (strftime does, and
    takes a third longer over 50,000 cases; TruncMonth three times as long as strftime)."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Position and length are query parameters, like every value the ORM sends.
        return compiler.compile(Substr(self.get_source_expressions()[0], 1, 7))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        expr = Func(
            *self.get_source_expressions(),
            Value("YYYY-MM"),
            function="to_char",
            output_field=CharField(),
        )
        return expr.as_sql(compiler, connection)


def received_per_month(cases: QuerySet[Case]) -> Table:
    rows = (
        cases.order_by()
        .annotate(month=YearMonth("received_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    data = [(str(r["month"]), int(r["n"])) for r in rows]
    return Table(
        "received",
        "Applications received per month",
        "Cases by the month their application was received.",
        ("Month", "Applications"),
        list(data),
        # The chart has a column for every month, empty ones too, so its axis is to scale.
        [(m, float(n)) for m, n in months_filled(data)],
        "column",
    )


def received_total(received: Table) -> int:
    """The number of cases behind a ``received_per_month`` table (``received_on`` is never empty)."""
    return sum(int(_num(row[1])) for row in received.rows)


def _decisions(cases: QuerySet[Case], year: int | None) -> list[dict[str, Any]]:
    """Transitions out of screening and into "declined", grouped: one scan of the stage history serves
    both the screening and the decline tables."""
    moves = StageTransition.objects.filter(
        Q(from_stage=Stage.SCREENING) | Q(to_stage=Stage.DECLINED), case__in=_ids(cases)
    )
    if year is not None:
        tz = (
            timezone.get_current_timezone()
        )  # a range, not at__year, so the index-free scan stays one pass
        moves = moves.filter(
            at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
            at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz),
        )
    # values() order is the GROUP BY order: SQLite sorts the rows on those columns, and the reason code
    # first (mostly empty or one of a few codes) sorts ~10% faster than the stage names (same groups).
    return list(
        moves.order_by()
        .values("reason_code", "to_stage", "from_stage")
        .annotate(n=Count("case", distinct=True))
    )


def screening_outcomes(decisions: list[dict[str, Any]]) -> Table:
    """Screening decisions by where the case went (a case reopened and screened again counts again)."""
    counts: Counter[str] = Counter()
    for r in decisions:
        if r["from_stage"] == Stage.SCREENING:
            counts[r["to_stage"]] += int(r["n"])
    rows: list[tuple[object, ...]] = (
        [("Screened (screening decisions)", sum(counts.values()))] if counts else []
    )
    rows += [
        (
            "Accepted (to record gathering)"
            if stage == Stage.RECORD_GATHERING
            else STAGE_LABELS.get(stage, stage),
            n,
        )
        for stage, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Table(
        "screening",
        "Screening outcomes",
        "Cases that left screening and where they went.",
        ("Outcome", "Cases"),
        rows,
        _series(rows),
    )


def declined_by_reason(decisions: list[dict[str, Any]]) -> Table:
    counts: Counter[str] = Counter()
    for r in decisions:
        if r["to_stage"] == Stage.DECLINED:
            counts[r["reason_code"]] += int(r["n"])
    rows: list[tuple[object, ...]] = [
        (DECLINE_REASON_CODES.get(code, code or "(no code)"), code, n)
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Table(
        "declined",
        "Declined by reason code",
        "Cases declined (at screening or by the committee), by the reason recorded.",
        ("Reason", "Code", "Cases"),
        rows,
        _series(rows, 2),
        code_columns=(1,),
    )


def active_by_stage_and_age(cases: QuerySet[Case], *, now: dt.datetime | None = None) -> Table:
    """Active cases by stage, split by days in the current stage: one GROUP BY with conditional counts."""
    now = now or timezone.now()
    buckets = {}
    for i, (_, lo, hi) in enumerate(AGE_BUCKETS):
        cond = Q(stage_changed_at__lte=now - dt.timedelta(days=lo))
        if hi is not None:
            cond &= Q(stage_changed_at__gt=now - dt.timedelta(days=hi))
        buckets[f"b{i}"] = Count("id", filter=cond)
    grouped = {
        r["stage"]: r
        for r in cases.order_by()
        .filter(stage__in=ACTIVE_STAGES)
        .values("stage")
        .annotate(total=Count("id"), **buckets)
    }
    rows: list[tuple[object, ...]] = []
    for stage in ACTIVE_STAGES:
        r = grouped.get(stage.value)
        if r is not None:
            rows.append(
                (stage.label, int(r["total"]), *(int(r[f"b{i}"]) for i in range(len(AGE_BUCKETS))))
            )
    totals = tuple(int(sum(_num(row[k]) for row in rows)) for k in range(1, 2 + len(AGE_BUCKETS)))
    chart = (
        [(label, float(totals[i + 1])) for i, (label, _, _) in enumerate(AGE_BUCKETS)]
        if rows
        else []
    )
    if rows:
        rows.append(("All active", *totals))
    return Table(
        "active",
        "Active cases by stage and days in stage",
        "Open cases by current stage, split by how long they have been in it; the chart shows all stages by age.",
        ("Stage", "Active", *(b[0] for b in AGE_BUCKETS)),
        rows,
        chart,
    )


def _stay_histogram_sql(ids_sql: str) -> str:
    t = connection.ops.quote_name(StageTransition._meta.db_table)
    # Each transition stores how long the case had been in the stage it left (from_stage_days), so
    # completed stays are a plain GROUP BY; the database returns a histogram in tenths of a day per
    # stage, a few thousand rows at most. The case filter is the ORM's own parameterised subquery.
    # GROUP BY puts the integer first: SQLite sorts every input row to group them, and comparing on
    # the integer before the text is ~10% faster over 100,000 transitions (same groups, same counts).
    return (
        f"SELECT from_stage, CAST(ROUND(from_stage_days * 10) AS INTEGER) AS tenths, COUNT(*) FROM {t}"  # noqa: S608
        f" WHERE case_id IN ({ids_sql}) AND from_stage <> '' AND from_stage_days IS NOT NULL GROUP BY tenths, from_stage"
    )


def histogram_median(histogram: Sequence[tuple[int, int]]) -> float:
    """Median of values given as (value, count) pairs: the middle value, or the mean of the middle two."""
    ordered = sorted(histogram)
    n = sum(c for _, c in ordered)
    if n == 0:
        raise ValueError("empty histogram")
    wanted = sorted({(n + 1) // 2, (n + 2) // 2})  # 1-based ranks of the middle one or two
    found: list[int] = []
    seen = 0
    for value, c in ordered:
        seen += c
        while wanted and wanted[0] <= seen:
            found.append(value)
            wanted.pop(0)
    return sum(found) / len(found)


def median_days_per_stage(cases: QuerySet[Case]) -> Table:
    ids_sql, params = _ids(cases).query.sql_with_params()
    per_stage: dict[str, list[tuple[int, int]]] = {}
    with connection.cursor() as cur:
        cur.execute(_stay_histogram_sql(ids_sql), params)
        for stage, tenths, n in cur.fetchall():
            per_stage.setdefault(stage, []).append((int(tenths), int(n)))
    rows: list[tuple[object, ...]] = [
        (
            stage.label,
            sum(c for _, c in per_stage[stage.value]),
            round(histogram_median(per_stage[stage.value]) / 10, 1),
        )
        for stage in Stage
        if stage.value in per_stage
    ]
    return Table(
        "median",
        "Median days per stage",
        "Median length of completed stays in each stage, in days.",
        ("Stage", "Completed stays", "Median days"),
        rows,
        _series(rows, 2),
        note=MEDIAN_METHOD,
    )


def resolutions_by_kind(cases: QuerySet[Case], *, year: int | None = None) -> Table:
    # One join from the visible cases to their events, grouped by kind: the database picks the cheaper
    # side to start from (an admin's 50,000 cases or the few events; an attorney's few cases), where
    # ``case_id IN (every visible id)`` first collected all the ids. Both counts are DISTINCT, so they
    # stay exact even if the visibility filter ever joined a table of its own.
    where: dict[str, object] = (
        {"resolution_events__occurred_on__year": year}
        if year is not None
        else {"resolution_events__isnull": False}
    )
    grouped = (
        cases.order_by()
        .filter(**where)
        .values("resolution_events__kind")
        .annotate(n=Count("resolution_events", distinct=True), c=Count("pk", distinct=True))
        .order_by("-n", "resolution_events__kind")
    )
    rows: list[tuple[object, ...]] = [
        (
            RESOLUTION_LABELS.get(r["resolution_events__kind"], r["resolution_events__kind"]),
            int(r["n"]),
            int(r["c"]),
        )
        for r in grouped
    ]
    return Table(
        "resolutions",
        "Resolutions by kind",
        "Resolution events recorded, by kind.",
        ("Kind", "Events", "Cases"),
        rows,
        _series(rows),
    )


def outcome_totals(cases: QuerySet[Case]) -> OutcomeTotals:
    """Years lost and compensation over the cases with a resolution event.

    ``case_outcome_summary`` answers for one case with ~10 queries; over thousands of resolved cases
    that is too slow for a page, so the same inputs are gathered here in one query and fed
    to the same domain functions (a test checks both agree case by case).
    """

    def first(
        model: type[Conviction] | type[ResolutionEvent], column: str, **where: Any
    ) -> Subquery:
        rows = model.objects.filter(case=OuterRef("pk"), **where).order_by().values("case")
        return Subquery(rows.annotate(m=Min(column)).values("m")[:1])

    # One query: the resolved cases with their inputs as correlated subqueries (index seeks per
    # resolved case; joining convictions and events directly would multiply rows).
    # "Has a resolution event" as ``pk IN (cases with events)``: the database starts from the few cases
    # with events and checks their visibility, instead of probing the events of every visible case.
    resolved = (
        cases.order_by()
        .filter(pk__in=ResolutionEvent.objects.order_by().values("case_id"))
        .annotate(
            first=first(Conviction, "convicted_on"),
            arrest=first(Conviction, "arrested_on"),
            release=first(ResolutionEvent, "occurred_on", kind=ResolutionEvent.Kind.RELEASED),
            death=Exists(Sentence.objects.filter(conviction__case=OuterRef("pk"), death=True)),
        )
        .values_list("jurisdiction_state", "first", "arrest", "release", "death")
    )
    lost_total, comp_total = Decimal(0), Decimal(0)
    resolved_n = lost_n = comp_n = no_amount = missing = 0
    # One row per resolved case (not per case): the domain rules are Python, so this loop is the only way
    # to apply them, and it runs over resolutions only.
    for state, first_conviction, arrest, release, death in resolved:
        resolved_n += 1
        incomplete = False
        try:
            lost_total += years_lost(first_conviction=first_conviction, release=release).exact
            lost_n += 1
        except InputError:
            incomplete = True
        try:
            result = compensation_compute(
                state,
                custody_from=arrest or first_conviction,
                custody_to=release,
                death_sentence=bool(death),
            )
            if result.total is None:
                no_amount += 1
            else:
                comp_total += result.total
                comp_n += 1
        except InputError:
            incomplete = True
        missing += incomplete
    return OutcomeTotals(
        resolved_cases=resolved_n,
        years_lost_total=lost_total.quantize(TENTH, ROUND_HALF_UP),
        years_lost_cases=lost_n,
        compensation_total=comp_total.quantize(CENT, ROUND_HALF_UP),
        compensation_cases=comp_n,
        no_statutory_amount=no_amount,
        missing_inputs=missing,
    )


def outcome_table(totals: OutcomeTotals) -> Table:
    rows: list[tuple[object, ...]] = [
        ("Cases with a resolution event", totals.resolved_cases),
        ("Total years lost", totals.years_lost_total),
        ("Cases with years lost computed", totals.years_lost_cases),
        ("Statutory compensation due (USD)", totals.compensation_total),
        ("Cases with a statutory amount", totals.compensation_cases),
        ("Cases where the statute sets no amount", totals.no_statutory_amount),
        ("Cases missing a conviction or release date", totals.missing_inputs),
    ]
    return Table(
        "outcomes",
        "Years lost and compensation (resolved cases)",
        "Totals over cases with a resolution event.",
        ("Figure", "Value"),
        rows,
        None,
        note=totals.method,
        money_rows=("Statutory compensation due (USD)",),
    )


def dashboard_build(
    *, user: User, filters: ReportFilters | None = None, now: dt.datetime | None = None
) -> Dashboard:
    f = filters or ReportFilters()
    cases = report_cases(user, f)
    totals = outcome_totals(cases)
    decisions = _decisions(cases, None)
    received = received_per_month(cases)
    tables = [
        received,
        screening_outcomes(decisions),
        declined_by_reason(decisions),
        active_by_stage_and_age(cases, now=now),
        median_days_per_stage(cases),
        resolutions_by_kind(cases),
        outcome_table(totals),
    ]
    # Every case has a received date, so it is in exactly one month: the months add up to the number of
    # cases, without a second scan of the visible cases for COUNT(*).
    return Dashboard(filters=f, total=received_total(received), tables=tables, outcomes=totals)


# --- the case list behind the dashboard (exports) ---

CASE_COLUMNS = (
    "ref",
    "title",
    "organization",
    "stage",
    "received_on",
    "stage_changed_at",
    "days_in_stage",
    "county",
    "state",
)


def report_case_rows(
    cases: QuerySet[Case], *, now: dt.datetime | None = None
) -> Iterator[tuple[object, ...]]:
    """The visible cases as plain rows, streamed in chunks (an export of 100,000 rows stays flat in memory)."""
    now = now or timezone.now()
    rows = cases.order_by("-received_on", "-id").values_list(
        "ref",
        "title",
        "organization__code",
        "stage",
        "received_on",
        "stage_changed_at",
        "county",
        "jurisdiction_state",
    )
    for ref, title, org, stage, received, changed, county, state in rows.iterator(chunk_size=2000):
        yield (
            ref,
            title,
            org,
            stage,
            received.isoformat(),
            changed.isoformat(timespec="seconds"),
            (now - changed).days,
            county,
            state,
        )


# --- annual transparency report ---


@dataclass
class ResolvedCase:
    ref: str
    title: str
    resolutions: list[str]
    first_on: dt.date


@dataclass
class AnnualReport:
    year: int
    organization: str
    received: int
    tables: list[Table]
    outcomes: OutcomeTotals
    resolved: list[ResolvedCase]


def annual_report_build(*, user: User, year: int) -> AnnualReport:
    """The user's organization's cases (as far as the user may see them) for one calendar year."""
    org_cases = (
        case_queryset(user).filter(organization_id=user.organization_id)
        if user.organization_id
        else Case.objects.none()
    )
    received = org_cases.filter(received_on__year=year)
    events = (
        ResolutionEvent.objects.filter(case__in=_ids(org_cases), occurred_on__year=year)
        .select_related("case")
        .order_by("occurred_on", "id")
    )
    by_case: dict[int, ResolvedCase] = {}
    for e in events:  # events of one year: a handful, not the case table
        entry = by_case.setdefault(
            e.case_id, ResolvedCase(e.case.ref, e.case.title, [], e.occurred_on)
        )
        entry.resolutions.append(f"{e.get_kind_display()} ({e.occurred_on.isoformat()})")
    resolved_cases = org_cases.filter(pk__in=events.order_by().values("case_id"))
    totals = outcome_totals(resolved_cases)
    decisions = _decisions(org_cases, year)
    tables = [
        received_per_month(received),
        screening_outcomes(decisions),
        declined_by_reason(decisions),
        resolutions_by_kind(org_cases, year=year),
        outcome_table(totals),
    ]
    tables[0].title, tables[0].description = (
        f"Applications received in {year}",
        f"Applications received in {year}, by month.",
    )
    return AnnualReport(
        year=year,
        organization=user.organization.name if user.organization else "",
        received=received_total(tables[0]),
        tables=tables,
        outcomes=totals,
        resolved=sorted(by_case.values(), key=lambda r: (r.first_on, r.ref)),
    )


# --- NRE registry analytics (public reference data: no case permissions) ---


@dataclass
class RegistryReport:
    batch: NreImport | None
    tables: list[Table]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def registry_report_build() -> RegistryReport:
    figures = registry_figures()
    if figures is None:
        return RegistryReport(None, [])
    batch, factors, ciu = figures.batch, figures.factors, figures.ciu
    year_counts = figures.per_year
    ciu_rows: list[tuple[object, ...]] = [(y, n, ciu[y], _share(ciu[y], n)) for y, n in year_counts]
    year_rows: list[tuple[object, ...]] = list(year_counts)
    factor_rows: list[tuple[object, ...]] = [
        (FACTORS[c], c, factors[c]) for c in sorted(FACTORS, key=lambda c: -factors[c])
    ]
    state_rows: list[tuple[object, ...]] = [(state or "(none)", n) for state, n in figures.by_state]
    county_rows: list[tuple[object, ...]] = [
        (county or "(none)", state or "", n) for state, county, n in figures.top_counties
    ]
    return RegistryReport(
        batch,
        [
            Table(
                "years",
                "Exonerations per year",
                "Exonerations by year of exoneration.",
                ("Year", "Exonerations"),
                year_rows,
                _series(year_rows),
                "column",
            ),
            Table(
                "factors",
                "Contributing factors",
                "Exonerations in which each factor was present (one case can have several).",
                ("Factor", "Code", "Exonerations"),
                factor_rows,
                _series(factor_rows, 2),
            ),
            Table(
                "ciu",
                "Conviction Integrity Unit share per year",
                "Exonerations per year with the CIU tag, and their share.",
                ("Year", "Exonerations", "CIU", "CIU share"),
                ciu_rows,
                [(str(y), 100.0 * ciu[y] / n) for y, n in year_counts if n],
                "column",
            ),
            Table(
                "states",
                "Exonerations by state",
                "Exonerations by state of conviction.",
                ("State", "Exonerations"),
                state_rows,
                _series(state_rows[:20]),
            ),
            Table(
                "counties",
                "Top counties",
                "The 30 counties with the most exonerations.",
                ("County", "State", "Exonerations"),
                county_rows,
                [(f"{r[0]}, {r[1]}", _num(r[2])) for r in county_rows[:20]],
            ),
        ],
    )


def table_by_key(tables: Sequence[Table], key: str) -> Table:
    return next(t for t in tables if t.key == key)
