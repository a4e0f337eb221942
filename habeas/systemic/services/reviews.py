"""Watchlists, review runs over the organization's bulk records, decisions, and intake from a match."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import INTAKE_ROLES
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.services.intake import case_intake
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from habeas.domain.systemic import bulk_connect
from habeas.domain.systemic.matching import WatchEntry as EngineEntry
from habeas.domain.systemic.matching import coworkers, review_details, review_run
from habeas.records.services import bulk_store
from habeas.systemic.models import (
    Decision,
    ReviewMatch,
    ReviewRun,
    WatchEntry,
    WatchKind,
    Watchlist,
)


def _org_id(user: User) -> int:
    if user.organization_id is None:
        raise PermissionDeniedError("You belong to no organization.")
    return user.organization_id


def _manager(actor: User) -> None:
    if actor.organization_id is None or actor.role not in INTAKE_ROLES:
        raise PermissionDeniedError(
            "Only administrators, attorneys and investigators may run systemic reviews."
        )


def watchlist_get(*, user: User, watchlist: str | int) -> Watchlist:
    """A watchlist of the user's own organization, by id or name (404 otherwise)."""
    qs = Watchlist.objects.filter(organization_id=_org_id(user))
    found = (
        qs.filter(pk=int(watchlist)).first()
        if str(watchlist).isdigit()
        else qs.filter(name=watchlist).first()
    )
    if found is None:
        raise NotFoundError("Watchlist not found.")
    return found


def _entry(row: Mapping[str, Any], number: int, errors: list[str]) -> WatchEntry | None:
    name = str(row.get("name") or "").strip()
    if not name:
        errors.append(f"row {number}: a name is required")
        return None
    kind = str(row.get("kind") or "any").strip().lower()
    if kind not in WatchKind.values:
        errors.append(f"row {number}: kind {kind!r} is not one of {', '.join(WatchKind.values)}")
        return None
    dates: dict[str, dt.date | None] = {}
    for field in ("date_from", "date_to"):
        raw = str(row.get(field) or "").strip()
        try:
            dates[field] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(f"row {number}: {field} {raw!r} is not a YYYY-MM-DD date")
            return None
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors.append(f"row {number}: date_from is after date_to")
        return None
    return WatchEntry(
        name=name[:200],
        kind=kind,
        lab=str(row.get("lab") or "").strip()[:200],
        note=str(row.get("note") or "").strip()[:500],
        **dates,
    )


def watchlist_create(
    *, actor: User, name: str, reason: str, entries: Iterable[Mapping[str, Any]]
) -> tuple[Watchlist, list[str]]:
    """Create a watchlist; bad entry rows are reported by number and skipped, never fatal for the rest."""
    _manager(actor)
    if not name.strip() or not reason.strip():
        raise ApplicationError(
            "A watchlist needs a name and the documented reason.",
            {"name" if not name.strip() else "reason": ["Required."]},
        )
    if Watchlist.objects.filter(organization_id=_org_id(actor), name=name.strip()).exists():
        raise ConflictError(f"A watchlist named {name.strip()!r} exists already.")
    errors: list[str] = []
    rows = [e for n, row in enumerate(entries, 1) if (e := _entry(row, n, errors)) is not None]
    if not rows:
        raise ApplicationError(
            "The watchlist has no valid entries.", {"entries": errors or ["No entries."]}
        )
    with transaction.atomic():
        watchlist = Watchlist.objects.create(
            organization_id=_org_id(actor),
            name=name.strip()[:200],
            reason=reason.strip(),
            created_by=actor,
        )
        for entry in rows:
            entry.watchlist = watchlist
        WatchEntry.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="watchlist.create",
            obj=watchlist,
            detail={"name": watchlist.name, "entries": len(rows), "skipped": len(errors)},
        )
    return watchlist, errors


def watchlist_entries_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV with a `name` column (and optionally kind, lab, date_from, date_to, note)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "name" not in [
                f.strip().lower() for f in reader.fieldnames
            ]:
                raise ApplicationError(
                    "The CSV needs a `name` column.", {"file": ["No name column."]}
                )
            return [
                {(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ApplicationError(f"Cannot read {path}: {exc}", {"file": [str(exc)]}) from exc


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return "" if value is None else value


def review_create(*, actor: User, watchlist: str | int) -> ReviewRun:
    """A run row, not yet executed (the web and API queue it; the CLI runs it at once)."""
    _manager(actor)
    wl = watchlist_get(user=actor, watchlist=watchlist)
    return ReviewRun.objects.create(watchlist=wl, started_by=actor, started_at=timezone.now())


def review_start(
    *, actor: User, watchlist: str | int, progress: Callable[[str], None] | None = None
) -> ReviewRun:
    run = review_create(actor=actor, watchlist=watchlist)
    review_execute(run_id=run.pk, progress=progress)
    run.refresh_from_db()
    return run


@transaction.atomic
def review_execute(*, run_id: int, progress: Callable[[str], None] | None = None) -> None:
    """Run the watchlist over every bulk file of the organization. Decisions made in earlier runs of the
    same watchlist carry over to the same record, entry and field, so re-running changes nothing
    that people have decided."""
    run = (
        ReviewRun.objects.select_for_update()
        .select_related("watchlist", "started_by")
        .get(pk=run_id)
    )
    if run.finished_at is not None:
        return  # a task delivered twice
    wl, actor = run.watchlist, run.started_by
    entries = list(wl.entries.all())
    store = bulk_store(actor)
    files = list((store / "records").glob("*.parquet"))
    run.records_files = len(files)
    say = progress or (lambda _: None)
    say(f"matching {len(entries)} names against {len(files)} bulk file(s)")
    con = bulk_connect(store)
    try:
        by_id = {str(e.pk): e for e in entries}
        engine = [
            EngineEntry(str(e.pk), e.name, e.kind, e.lab, e.date_from, e.date_to) for e in entries
        ]
        if files and settings.HABEAS_REVIEW_BACKEND == "spark":
            # Matching on Spark (beyond one machine); the few matched rows' details come from DuckDB.
            from habeas.domain.spark import spark_session
            from habeas.domain.systemic.matching_spark import review_run_spark

            matches = (
                pa.Table.from_pylist(
                    review_run_spark(spark_session(settings.HABEAS_SPARK_MASTER), store, engine)
                )
                if engine
                else None
            )
        else:
            matches = review_run(con, engine) if files else None
        rows = (
            review_details(con, matches).to_pylist()
            if matches is not None and matches.num_rows
            else []
        )
        say(f"{len(rows)} matches; finding partners")
        run.partners = (
            coworkers(con, matches).to_pylist()[:200] if rows and matches is not None else []
        )
    finally:
        con.close()
    earlier = {
        (m.entry.name, m.import_sha256, m.source_record, m.field): m
        for m in ReviewMatch.objects.filter(run__watchlist=wl)
        .exclude(decision=Decision.PENDING)
        .select_related("entry")
        .order_by("decided_at")
    }
    results = []
    for r in rows:
        entry = by_id[r["entry_id"]]
        match = ReviewMatch(
            run=run,
            entry=entry,
            import_sha256=r["import_sha256"],
            source_record=r["source_record"],
            field=r["field"],
            written=str(r["written"])[:300],
            score=float(r["score"]),
            reason=str(r["reason"])[:300],
            docket=str(_value(r, "docket"))[:100],
            court=str(_value(r, "court"))[:200],
            defendant=str(_value(r, "defendant"))[:300],
            dob=r.get("dob"),
            offense=str(_value(r, "offense"))[:300],
            conviction_date=r.get("conviction_date"),
        )
        before = earlier.get((entry.name, match.import_sha256, match.source_record, match.field))
        if before is not None:
            match.decision, match.decided_by, match.decided_at, match.case = (
                before.decision,
                before.decided_by,
                before.decided_at,
                before.case,
            )
        results.append(match)
    ReviewMatch.objects.bulk_create(results, batch_size=2000, ignore_conflicts=True)
    _names_fill(run)
    run.matches = len(results)
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        actor=actor,
        action="review.run",
        obj=run,
        detail={"watchlist": wl.name, "matches": run.matches, "files": run.records_files},
    )


def review_enqueue(*, actor: User, watchlist: str | int) -> ReviewRun:
    from habeas.systemic.tasks import review_execute_task

    run = review_create(actor=actor, watchlist=watchlist)
    transaction.on_commit(lambda: review_execute_task.enqueue(run.pk))
    return run


def _names_fill(run: ReviewRun) -> None:
    """First and last names for intake, split the way the bulk store split them."""
    for match in run.results.filter(last_name=""):
        parts = match.defendant.replace(",", " , ").split()
        if "," in parts:
            i = parts.index(",")
            match.last_name, match.first_name = " ".join(parts[:i]), " ".join(parts[i + 1 :])
        elif parts:
            match.last_name, match.first_name = parts[-1], " ".join(parts[:-1])
        match.save(update_fields=["first_name", "last_name"])


def match_get(*, user: User, match_id: int) -> ReviewMatch:
    match = (
        ReviewMatch.objects.filter(pk=match_id, run__watchlist__organization_id=_org_id(user))
        .select_related("run__watchlist", "entry")
        .first()
    )
    if match is None:
        raise NotFoundError("Review match not found.")
    return match


def match_decide(*, actor: User, match_id: int, decision: str) -> ReviewMatch:
    _manager(actor)
    if decision not in Decision.values:
        raise ApplicationError(
            "Choose a decision.", {"decision": [f"One of: {', '.join(Decision.values)}."]}
        )
    with transaction.atomic():
        match = match_get(user=actor, match_id=match_id)
        before = match.decision
        match.decision, match.decided_by, match.decided_at = decision, actor, timezone.now()
        match.save(update_fields=["decision", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="review.decide",
            obj=match,
            detail={"from": before, "to": decision, "docket": match.docket},
        )
    return match


def match_to_intake(*, actor: User, match_id: int) -> Case:
    """Open an intake for a confirmed match: the defendant as applicant and the conviction from the record."""
    _manager(actor)
    with transaction.atomic():
        match = match_get(user=actor, match_id=match_id)
        if match.decision != Decision.CONFIRMED:
            raise ConflictError("Confirm the match before opening an intake for it.")
        if match.case_id is not None:
            raise ConflictError(
                f"An intake exists already: {match.case.ref if match.case else match.case_id}."
            )
        wl = match.run.watchlist
        sections: dict[str, dict[str, Any]] = {
            "applicant": {
                "first_name": match.first_name,
                "last_name": match.last_name or match.defendant[:100],
                "date_of_birth": match.dob,
            },
        }
        if match.docket and match.court:
            sections["conviction"] = {
                "court": match.court,
                "docket_number": match.docket,
                "convicted_on": match.conviction_date,
                "offense": match.offense,
            }
        case = case_intake(
            actor=actor,
            case={
                "title": f"People v. {match.defendant or match.last_name}"[:200],
                "received_on": timezone.localdate(),
                "intake_source": "Systemic review"[:40],
                "summary": f"Systemic review {wl.name!r}: {match.entry.name} named as {match.field} ({match.written}; {match.reason}). Reason for the watchlist: {wl.reason}"[
                    :20000
                ],
            },
            sections=sections,
        )
        match.case = case
        match.save(update_fields=["case"])
        audit_record(
            actor=actor,
            action="review.intake",
            obj=match,
            case=case,
            detail={"watchlist": wl.name, "docket": match.docket},
        )
    return case
