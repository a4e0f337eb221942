"""Watchlists, review runs over the organization's bulk records, decisions, and intake from a match."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.services.intake import case_intake
from habeas.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from habeas.core.jobs import (
    JobStatus,
    JobSupersededError,
    job_claim,
    job_enqueue,
    job_fail,
    job_hold,
    job_requeue,
)
from habeas.domain.spark import spark_session
from habeas.domain.systemic import bulk_connect
from habeas.domain.systemic.matching import WatchEntry as EngineEntry
from habeas.domain.systemic.matching import coworkers, review_details, review_run
from habeas.domain.systemic.matching_spark import review_run_spark
from habeas.domain.systemic.names_index import names_index_ensure
from habeas.systemic.models import (
    Decision,
    ReviewMatch,
    ReviewRun,
    WatchEntry,
    WatchKind,
    Watchlist,
)
from habeas.systemic.permissions import can_manage_reviews
from habeas.systemic.selectors import (
    match_get,
    organization_id_checked,
    review_run_get,
    watchlist_get,
)
from habeas.systemic.services.records import bulk_store

log = logging.getLogger(__name__)


def _manager(actor: User) -> None:
    if not can_manage_reviews(actor):
        raise PermissionDeniedError(
            "Only administrators, attorneys and investigators may run systemic reviews."
        )


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
            which = "start" if field == "date_from" else "end"
            errors.append(f"row {number}: the {which} date {raw!r} is not written YYYY-MM-DD")
            return None
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors.append(f"row {number}: the start date is after the end date")
        return None
    return WatchEntry(
        name=name[:200],
        kind=kind,
        lab=str(row.get("lab") or "").strip()[:200],
        agency=str(row.get("agency") or "").strip()[:300],
        badges=_listed(row.get("badges") or row.get("badge")),
        aliases=_listed(row.get("aliases")),
        note=str(row.get("note") or "").strip()[:500],
        **dates,
    )


def _listed(value: object) -> list[str]:
    """A list from the API, or one CSV cell with values separated by ';'."""
    items = value if isinstance(value, list | tuple) else str(value or "").split(";")
    return [str(item).strip() for item in items if str(item).strip()]


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
    if Watchlist.objects.filter(
        organization_id=organization_id_checked(actor), name=name.strip()
    ).exists():
        raise ConflictError(f"A watchlist named {name.strip()!r} exists already.")
    errors: list[str] = []
    rows = [e for n, row in enumerate(entries, 1) if (e := _entry(row, n, errors)) is not None]
    if not rows:
        raise ApplicationError(
            "The watchlist has no valid entries.", {"entries": errors or ["No entries."]}
        )
    with transaction.atomic():
        watchlist = Watchlist.objects.create(
            organization_id=organization_id_checked(actor),
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


def _column(header: str | None) -> str:
    """A watchlist column however it is written: "Date from", "date-from" and "date_from" are one."""
    return re.sub(r"[\s\-]+", "_", (header or "").strip().lower())


def watchlist_entries_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV with a `name` column and optionally kind, agency, badges (or badge), aliases,
    lab, date_from, date_to and note (several badges, agencies or aliases separated by ';'); the
    headers may be written as words ("Date from")."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "name" not in [_column(f) for f in reader.fieldnames]:
                raise ApplicationError(
                    "The spreadsheet needs a column named “name”.", {"file": ["No name column."]}
                )
            return [{_column(k): (v or "") for k, v in row.items()} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ApplicationError(f"Cannot read {path}: {exc}", {"file": [str(exc)]}) from exc


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return "" if value is None else value


def review_create(*, actor: User, watchlist: str | int) -> ReviewRun:
    """A run row, not yet executed (the web and API queue it; the CLI runs it at once)."""
    _manager(actor)
    wl = watchlist_get(user=actor, watchlist=watchlist)
    run = ReviewRun.objects.create(watchlist=wl, started_by=actor)
    audit_record(actor=actor, action="review.start", obj=run, detail={"watchlist": wl.name})
    return run


def review_start(
    *, actor: User, watchlist: str | int, progress: Callable[[str], None] | None = None
) -> ReviewRun:
    run = review_create(actor=actor, watchlist=watchlist)
    review_execute(run_id=run.pk, progress=progress)
    run.refresh_from_db()
    return run


def review_enqueue(*, actor: User, watchlist: str | int) -> ReviewRun:
    with transaction.atomic():
        run = review_create(actor=actor, watchlist=watchlist)
    job_enqueue(run)  # once the run is committed: a worker must find it
    return run


def review_retry(*, actor: User, run_id: int) -> ReviewRun:
    """Queue a failed run (or one its worker abandoned) again."""
    _manager(actor)
    with transaction.atomic():
        run = review_run_get(user=actor, run_id=run_id)
        if not run.can_retry:
            raise ConflictError(
                f"Only a failed or abandoned run can be retried; this one is {run.get_status_display().lower()}."
            )
        job_requeue(run)
        audit_record(actor=actor, action="review.retry", obj=run, detail={"attempts": run.attempts})
    job_enqueue(run)  # once the retry is committed
    return run


def review_run_gave_up(run: ReviewRun) -> None:
    """Its worker died on every attempt (already failed with the reason): audit it as a failure."""
    audit_record(
        actor=run.started_by, action="review.fail", obj=run, detail={"error": run.error[:500]}
    )


def review_run_job(run_id: int) -> None:
    """The background job (registered by SystemicConfig.ready)."""
    review_execute(run_id=run_id)


def review_execute(*, run_id: int, progress: Callable[[str], None] | None = None) -> None:
    """Run the watchlist over every bulk file of the organization. Decisions made in earlier runs of
    the same watchlist carry over to the same record, entry and field, so re-running changes nothing
    that people have decided. Only a queued run is taken (a task delivered twice runs once); the
    matching itself runs outside any transaction; any failure ends the run visibly as failed."""
    claimed = job_claim(ReviewRun, run_id)
    if claimed is None:
        return
    run = ReviewRun.objects.select_related("watchlist", "started_by").get(pk=claimed.pk)
    say = progress or (lambda _: None)
    try:
        rows = _matches_compute(run, say)
        with transaction.atomic():
            job_hold(run)  # given up as abandoned meanwhile: the newer attempt stores its own
            _matches_store(run, rows)
    except JobSupersededError:
        log.warning(
            "review run %s: attempt %s was superseded; its matches are dropped",
            run.pk,
            run.attempts,
        )
    except Exception as exc:  # DuckDB, Spark, the disk: the run must say it failed, never hang
        log.exception("review run %s failed", run.pk)
        known = isinstance(exc, OSError | ValueError)
        if job_fail(run, str(exc) if known else f"{type(exc).__name__}: {exc}"):
            audit_record(
                actor=run.started_by,
                action="review.fail",
                obj=run,
                detail={"error": run.error[:500]},
            )


def _matches_compute(run: ReviewRun, say: Callable[[str], None]) -> list[dict[str, Any]]:
    """The matched records with their details; sets the run's file count and partners."""
    entries = list(run.watchlist.entries.all())
    store = bulk_store(run.started_by)
    files = list((store / "records").glob("*.parquet"))
    run.records_files = len(files)
    say(f"matching {len(entries)} names against {len(files)} bulk file(s)")
    spark = bool(files) and settings.HABEAS_REVIEW_BACKEND == "spark"
    # Files imported before the name index existed (or whose index was lost) get theirs now,
    # once; until every file has one DuckDB would scan all the records for their names. Spark
    # reads the records itself and never uses the index.
    if not spark and names_index_ensure(store):
        say("indexed the names of the bulk files")
    con = bulk_connect(store)
    try:
        engine = [
            EngineEntry(
                str(e.pk),
                e.name,
                e.kind,
                e.lab,
                e.date_from,
                e.date_to,
                agency=e.agency,
                badges=tuple(e.badges),
                aliases=tuple(e.aliases),
            )
            for e in entries
        ]
        if spark:
            # Matching on Spark (beyond one machine); the few matched rows' details come from DuckDB.
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
    return rows


def _defendant_names(defendant: str) -> tuple[str, str]:
    """(first, last) for an intake, split the way the bulk store split them ("LAST, First" too)."""
    parts = defendant.replace(",", " , ").split()
    if "," in parts:
        i = parts.index(",")
        return " ".join(parts[i + 1 :]), " ".join(parts[:i])
    return (" ".join(parts[:-1]), parts[-1]) if parts else ("", "")


def _matches_store(run: ReviewRun, rows: list[dict[str, Any]]) -> None:
    wl = run.watchlist
    by_id = {str(e.pk): e for e in wl.entries.all()}
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
        defendant = str(_value(r, "defendant"))[:300]
        first, last = _defendant_names(defendant)
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
            defendant=defendant,
            first_name=first[:100],
            last_name=last[:100],
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
    run.matches = len(results)
    run.status, run.finished_at = JobStatus.DONE, timezone.now()
    run.save()
    audit_record(
        actor=run.started_by,
        action="review.run",
        obj=run,
        detail={"watchlist": wl.name, "matches": run.matches, "files": run.records_files},
    )


def _decision_checked(actor: User, decision: str) -> None:
    _manager(actor)
    if decision not in Decision.values:
        raise ApplicationError(
            "Choose a decision.", {"decision": [f"One of: {', '.join(Decision.values)}."]}
        )


def _decision_record(
    actor: User, match: ReviewMatch, decision: str, now: dt.datetime, **detail: object
) -> None:
    before = match.decision
    match.decision, match.decided_by, match.decided_at = decision, actor, now
    match.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="review.decide",
        obj=match,
        detail={"from": before, "to": decision, "docket": match.docket, **detail},
    )


def match_decide(*, actor: User, match_id: int, decision: str) -> ReviewMatch:
    _decision_checked(actor, decision)
    with transaction.atomic():
        match = match_get(user=actor, match_id=match_id)
        _decision_record(actor, match, decision, timezone.now())
    return match


def matches_decide(*, actor: User, run_id: int, match_ids: Iterable[int], decision: str) -> int:
    """One decision for several matches of one run (the page's selected rows), all or nothing; each
    match's change is audited as if decided alone. Returns how many matches changed."""
    _decision_checked(actor, decision)
    wanted = sorted(set(match_ids))
    if not wanted:
        raise ApplicationError("Select the matches to decide.", {"matches": ["None selected."]})
    run = review_run_get(user=actor, run_id=run_id)
    with transaction.atomic():
        matches = list(
            ReviewMatch.objects.select_for_update().filter(run=run, pk__in=wanted).order_by("pk")
        )
        if len(matches) != len(wanted):
            raise NotFoundError("Some of the selected matches are not in this review run.")
        now, changed = timezone.now(), 0
        for match in matches:
            if match.decision == decision:
                continue  # nothing happens, so nothing is logged
            _decision_record(actor, match, decision, now, bulk=True)
            changed += 1
    return changed


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
