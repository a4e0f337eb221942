"""Linkage runs (collect, link, store) and the human decisions that merge and split groups.

A run replaces the stored records and pairs of the organization; decisions are kept apart, keyed
by record keys, and fed to every run as must-link / cannot-link, so a split survives re-runs.
A decision also regroups the stored records at once (no new model run): the groups are the
components of the stored merge edges plus the decisions, with every cannot-link pair cut."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import Organization, User
from habeas.accounts.roles import INTAKE_ROLES
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from habeas.core.jobs import (
    JobStatus,
    JobSupersededError,
    job_claim,
    job_enqueue,
    job_fail,
    job_hold,
    jobs_stale,
)
from habeas.domain.linkage import (
    ConflictingDecisionsError,
    LinkageBackendError,
    LinkSettings,
    person_link,
)
from habeas.domain.linkage.constraints import cluster
from habeas.linkage.models import LinkDecision, LinkPair, LinkRecord, LinkRun, PairBand
from habeas.linkage.selectors import pairs_visible, records_visible
from habeas.linkage.sources import case_side_keys, person_key, records_collect
from habeas.systemic.services.records import bulk_store

MAX_WARNINGS = 200
logger = logging.getLogger(__name__)


def _manager(actor: User) -> Organization:
    if actor.organization is None or actor.role not in INTAKE_ROLES:
        raise PermissionDeniedError(
            "Only administrators, attorneys and investigators may run linkage or merge and split people."
        )
    return actor.organization


def _run_fail(run: LinkRun, message: str) -> None:
    if not job_fail(run, message):
        return  # a newer attempt owns the run
    audit_record(
        actor=run.started_by, action="link.run.fail", obj=run, detail={"error": message[:500]}
    )


def link_run_gave_up(run: LinkRun) -> None:
    """Its worker died on every attempt (already failed with the reason): audit it as a failure."""
    audit_record(
        actor=run.started_by, action="link.run.fail", obj=run, detail={"error": run.error[:500]}
    )


def link_run_create(*, actor: User, backend: str | None = None) -> LinkRun:
    org = _manager(actor)
    backend = backend or settings.HABEAS_LINK_BACKEND
    if backend not in ("duckdb", "spark"):
        raise ApplicationError(
            "The backend is duckdb or spark.", {"backend": ["One of: duckdb, spark."]}
        )
    pending = LinkRun.objects.filter(
        organization=org, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    for stale in jobs_stale(pending):
        # A worker that stopped (or never ran) must not block the organization for good.
        _run_fail(
            stale,
            "abandoned: its worker stopped, or none took it (is a worker running?)",
        )
    if pending.exists():
        raise ConflictError("A linkage run is already queued or running for your organization.")
    run = LinkRun.objects.create(
        organization=org, started_by=actor, started_at=timezone.now(), backend=backend
    )
    audit_record(actor=actor, action="link.run.start", obj=run, detail={"backend": backend})
    return run


def link_enqueue(*, actor: User, backend: str | None = None) -> LinkRun:
    with transaction.atomic():
        run = link_run_create(actor=actor, backend=backend)
    job_enqueue(run)  # once the run is committed: a worker must find it
    return run


def link_start(
    *,
    actor: User,
    backend: str | None = None,
    bulk_defendants: bool = True,
    progress: Callable[[str], None] | None = None,
) -> LinkRun:
    """Create and run at once (the CLI and the demo); the web and the API queue the run instead."""
    run = link_run_create(actor=actor, backend=backend)
    link_execute(run_id=run.pk, bulk_defendants=bulk_defendants, progress=progress)
    run.refresh_from_db()
    return run


def _decisions(org: Organization) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rows = LinkDecision.objects.filter(organization=org).values_list(
        "left_key", "right_key", "same"
    )
    must = [(a, b) for a, b, same in rows if same]
    cannot = [(a, b) for a, b, same in rows if not same]
    return must, cannot


def _decisions_changed(
    org: Organization, must: list[tuple[str, str]], cannot: list[tuple[str, str]]
) -> bool:
    now_must, now_cannot = _decisions(org)
    return set(now_must) != set(must) or set(now_cannot) != set(cannot)


def _pair_rows(
    pairs: list[Any], run: LinkRun, band: str, records: dict[str, LinkRecord]
) -> list[LinkPair]:
    return [
        LinkPair(
            organization=run.organization,
            run=run,
            left=records[p.left_id],
            right=records[p.right_id],
            band=band,
            probability=p.match_probability,
            weight=p.match_weight,
            agreed=list(p.agreed),
            disagreed=list(p.disagreed),
        )
        for p in pairs
        if p.left_id in records and p.right_id in records
    ]


def _record(org: Organization, row: dict[str, Any], group: str) -> LinkRecord:
    return LinkRecord(
        organization=org,
        key=row["record_id"],
        source=row["source"],
        name=(row["name"] or "")[:300],
        role=(row["role"] or "")[:30],
        dob=row["dob"],
        badge=(row["badge"] or "")[:30],
        agency=(row["agency"] or "")[:150],
        person_id=row["person_id"],
        case_id=row["case_id"],
        detail=json.loads(row["detail"]) if row["detail"] else {},
        group=group,
    )


def link_run_job(run_id: int) -> None:
    """The background job (registered by LinkageConfig.ready)."""
    link_execute(run_id=run_id)


def link_execute(
    *, run_id: int, bulk_defendants: bool = True, progress: Callable[[str], None] | None = None
) -> None:
    """Run linkage for the run's organization and store what it found. A failure is recorded on
    the run (visible, retryable by starting a new run) and leaves the last good results in place.
    Only a queued run is taken (a task delivered twice runs once), and no transaction is held while
    the model runs."""
    claimed = job_claim(LinkRun, run_id)
    if claimed is None:
        return
    run = LinkRun.objects.select_related("organization", "started_by").get(pk=claimed.pk)
    say = progress or (lambda _: None)
    try:
        _execute(run, bulk_defendants, say)
    except JobSupersededError:
        logger.warning(
            "linkage run %s: attempt %s was superseded; its groups are dropped",
            run.pk,
            run.attempts,
        )
    except (
        Exception
    ) as exc:  # any failure (Splink, DuckDB, Spark, the disk) must end the run visibly
        # The traceback for the operator's log; the run shows the message.
        logger.exception("linkage run %s failed", run.pk)
        known = isinstance(
            exc, LinkageBackendError | ConflictingDecisionsError | ValueError | OSError
        )
        message = str(exc) if known else f"{type(exc).__name__}: {exc}"
        _run_fail(run, message)


def _execute(run: LinkRun, bulk_defendants: bool, say: Callable[[str], None]) -> None:
    org, actor = run.organization, run.started_by
    say("collecting records")
    collected = records_collect(org, bulk_store(actor), bulk_defendants=bulk_defendants)
    must, cannot = _decisions(org)
    link_settings = LinkSettings(
        backend=run.backend,  # type: ignore[arg-type]
        spark_master=settings.HABEAS_SPARK_MASTER,
        merge_threshold=run.merge_threshold,
        review_threshold=run.review_threshold,
    )
    say(f"linking {collected.table.num_rows:,} records on {run.backend}")
    result = person_link(
        collected.table,
        settings=link_settings,
        must_link=[*collected.must_link, *must],
        cannot_link=cannot,
    )

    say("storing groups and pairs")
    clusters = result.clusters
    case_side = case_side_keys(clusters)
    kept_groups = {clusters[k] for k in case_side}
    keep = {k for k, g in clusters.items() if g in kept_groups}
    review = [p for p in result.review if p.left_id in case_side or p.right_id in case_side]
    keep.update(k for p in review for k in (p.left_id, p.right_id))
    merge = [
        p
        for p in result.pairs
        if p.match_probability >= run.merge_threshold and p.left_id in keep and p.right_id in keep
    ]
    table = collected.table.filter(
        pc.is_in(collected.table.column("record_id"), value_set=pa.array(sorted(keep), pa.string()))
    )
    with transaction.atomic():
        job_hold(run)  # given up as abandoned meanwhile: the newer attempt stores its own
        LinkRecord.objects.filter(organization=org).delete()  # pairs go with them
        records = {
            row["record_id"]: _record(org, row, clusters[row["record_id"]])
            for row in table.to_pylist()
        }
        LinkRecord.objects.bulk_create(records.values(), batch_size=2000)
        LinkPair.objects.bulk_create(
            _pair_rows(merge, run, PairBand.MERGE, records), batch_size=2000
        )
        LinkPair.objects.bulk_create(
            _pair_rows(review, run, PairBand.REVIEW, records), batch_size=2000
        )
        sizes: dict[str, int] = defaultdict(int)
        for record in records.values():
            sizes[record.group] += 1
        run.records = collected.table.num_rows - len(result.skipped)
        run.skipped = len(result.skipped)
        run.by_source = collected.counts
        run.pairs_scored, run.merged_pairs, run.review_pairs = (
            len(result.pairs),
            len(merge),
            len(review),
        )
        run.groups = sum(1 for n in sizes.values() if n > 1)
        run.trained, run.timings, run.model = result.trained, result.timings, result.model
        run.warnings = result.warnings[:MAX_WARNINGS]
        run.status, run.finished_at = JobStatus.DONE, timezone.now()
        run.save()
        # Decisions recorded while the model ran are not in its clustering: if there are any, apply them.
        if _decisions_changed(org, must, cannot):
            link_regroup(org)
        audit_record(
            actor=actor,
            action="link.run",
            obj=run,
            detail={
                "records": run.records,
                "groups": run.groups,
                "review_pairs": run.review_pairs,
                "backend": run.backend,
            },
        )


def link_regroup(org: Organization) -> int:
    """Recompute the stored groups from the stored merge edges and every decision; returns how many
    records changed group. Raises ConflictingDecisionsError if the decisions contradict."""
    current = dict(LinkRecord.objects.filter(organization=org).values_list("key", "group"))
    edges = [
        (a, b, w)
        for a, b, w in LinkPair.objects.filter(organization=org, band=PairBand.MERGE).values_list(
            "left__key", "right__key", "weight"
        )
    ]
    structural = [
        (k, person_key(pid))
        for k, pid in LinkRecord.objects.filter(organization=org, person__isnull=False)
        .exclude(key__startswith="p")
        .values_list("key", "person_id")
        if person_key(pid) in current
    ]
    must, cannot = _decisions(org)
    known = set(current)
    clustering = cluster(
        current,
        edges,
        [p for p in [*structural, *must] if p[0] in known and p[1] in known],
        [p for p in cannot if p[0] in known and p[1] in known],
    )
    moved: dict[str, list[str]] = defaultdict(list)
    for key, group in clustering.cluster_of.items():
        if current[key] != group:
            moved[group].append(key)
    for group, keys in moved.items():
        LinkRecord.objects.filter(organization=org, key__in=keys).update(group=group)
    return sum(len(k) for k in moved.values())


def _visible_record(user: User, key: str) -> LinkRecord:

    record = records_visible(user).filter(key=key).first()
    if record is None:
        raise NotFoundError(f"No linked record {key!r} that you may see. Run linkage if it is new.")
    return record


def link_decide(
    *,
    actor: User,
    left_key: str,
    right_key: str,
    same: bool,
    note: str = "",
    origin: str = LinkDecision.Origin.REVIEW,
) -> LinkDecision:
    """Record that two records are (or are not) the same person and regroup at once. A decision
    that contradicts earlier ones is refused, naming them; deciding again replaces the earlier word."""
    org = _manager(actor)
    if left_key == right_key:
        raise ApplicationError(
            "Choose two different records.", {"right_key": ["The same record twice."]}
        )
    if len(note) > 500:
        raise ApplicationError(
            "The note is too long (500 characters at most).", {"note": ["At most 500 characters."]}
        )
    a, b = sorted((_visible_record(actor, left_key).key, _visible_record(actor, right_key).key))
    with transaction.atomic():
        previous = (
            LinkDecision.objects.select_for_update()
            .filter(organization=org, left_key=a, right_key=b)
            .first()
        )
        decision, _ = LinkDecision.objects.update_or_create(
            organization=org,
            left_key=a,
            right_key=b,
            defaults={
                "same": same,
                "origin": origin,
                "note": note.strip(),
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        try:
            moved = link_regroup(org)
        except ConflictingDecisionsError as exc:
            # The records' keys, for the API and the command line, go with the fields (never on a page).
            raise ConflictError(
                "That contradicts earlier decisions: records joined by “same person” decisions (or an alias or a "
                "confirmed mention and its person) cannot also be kept apart.",
                {"decision": [str(exc)]},
            ) from exc
        audit_record(
            actor=actor,
            action="link.decide",
            obj=decision,
            detail={
                "left": a,
                "right": b,
                "same": same,
                "origin": origin,
                "note": note.strip(),
                "before": None if previous is None else previous.same,
                "records_regrouped": moved,
            },
        )
    return decision


def link_pair_decide(*, actor: User, pair_id: int, same: bool, note: str = "") -> LinkDecision:

    pair = pairs_visible(actor).filter(pk=pair_id).select_related("left", "right").first()
    if pair is None:
        raise NotFoundError("No such pair to review.")
    return link_decide(
        actor=actor, left_key=pair.left.key, right_key=pair.right.key, same=same, note=note
    )


def person_merge(
    *, actor: User, person_id: int, other_person_id: int, note: str = ""
) -> LinkDecision:
    return link_decide(
        actor=actor,
        left_key=person_key(person_id),
        right_key=person_key(other_person_id),
        same=True,
        note=note,
        origin=LinkDecision.Origin.MERGE,
    )


def person_split(*, actor: User, person_id: int, record_key: str, note: str = "") -> LinkDecision:
    return link_decide(
        actor=actor,
        left_key=person_key(person_id),
        right_key=record_key,
        same=False,
        note=note,
        origin=LinkDecision.Origin.SPLIT,
    )
