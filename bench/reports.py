"""Reports dashboard benchmark: p50/p95 of /reports/ over N seeded cases for an organization admin
(sees all of their organization, ~50%) and an attorney (on ~1% of teams), next to the raw SQL the
page runs (captured with CaptureQueriesContext and re-executed on a cursor), query by query.

    .venv/bin/python -m bench.reports [--cases 100000] [--requests 20] [--sql] [--profile] [--data-dir DIR]

--profile then times the admin page's two parts on their own (reports' dashboard_build and the
deadline alerts, deadlines_upcoming) and prints a cProfile of one admin request: the project's
functions by cumulative time, then all functions by own time. Every run also prints the time the garbage collector
took during the timed requests (full collections are what separate p95 from p50 here).
--data-dir seeds into DIR and keeps it; a later run with the same DIR (and --cases) reuses that seed
instead of seeding again (~35 s at 100,000 cases): for iterating on a fix. Reported figures come from
a fresh run without it.

Seeding reuses bench.cases._seed (cases, parties, teams, shares by bulk_create) and adds, also by
bulk_create, each case's stage history consistent with its stage (intake -> screening -> ... with
reason codes on declines) and, for cases at resolution or closed, a conviction plus vacatur and
release events, so the median, decline and years-lost/compensation figures have real work to do.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.cases import _client_for, _seed
from bench.embedded import embedded_setup
from bench.timing import percentile, timed

TARGET_P95_MS = 500.0
PATH = [
    "intake",
    "screening",
    "record_gathering",
    "reinvestigation",
    "decision",
    "resolution",
    "closed",
]
DECLINE_CODES = [
    "outside_jurisdiction",
    "not_felony",
    "no_innocence_claim",
    "no_new_evidence",
    "insufficient_information",
]


def _history_for(stage: str) -> list[tuple[str, str]]:
    """(to_stage, reason_code) steps from intake to ``stage``."""
    if stage == "declined":
        return [("intake", ""), ("screening", ""), ("declined", random.choice(DECLINE_CODES))]
    if stage == "withdrawn":
        return [("intake", ""), ("withdrawn", "")]
    steps = [(s, "") for s in PATH[: PATH.index(stage) + 1]]
    if len(steps) > 2:
        steps[2] = ("record_gathering", "meets_criteria")
    return steps


def _seed_history() -> tuple[int, int]:
    from django.db import connection, transaction

    from habeas.cases.models import Case, Conviction, ResolutionEvent, StageTransition

    random.seed(7)
    transitions = resolved = 0
    rows = Case.objects.order_by("pk").values_list(
        "pk", "stage", "received_on", "created_by_id", "organization_id"
    )
    batch_t: list[StageTransition] = []
    batch_c: list[Conviction] = []
    batch_r: list[ResolutionEvent] = []

    def flush() -> None:
        StageTransition.objects.bulk_create(batch_t, batch_size=5000)
        Conviction.objects.bulk_create(batch_c, batch_size=5000)
        ResolutionEvent.objects.bulk_create(batch_r, batch_size=5000)
        batch_t.clear(), batch_c.clear(), batch_r.clear()

    with transaction.atomic():
        for pk, stage, received, by, org in rows.iterator(chunk_size=5000):
            at = dt.datetime.combine(received, dt.time(12), tzinfo=dt.UTC)
            prev, prev_at = "", None
            for to_stage, code in _history_for(stage):
                stay = (at - prev_at).total_seconds() / 86400 if prev_at is not None else None
                batch_t.append(
                    StageTransition(
                        case_id=pk,
                        from_stage=prev,
                        to_stage=to_stage,
                        by_id=by,
                        at=at,
                        reason="bench history",
                        reason_code=code,
                        from_stage_days=stay,
                    )
                )
                prev, prev_at = to_stage, at
                at += dt.timedelta(days=random.randint(5, 240), hours=random.randint(0, 23))
                transitions += 1
            if stage in ("resolution", "closed"):
                resolved += 1
                convicted = dt.date(1990, 1, 1) + dt.timedelta(days=random.randrange(0, 7000))
                batch_c.append(
                    Conviction(
                        case_id=pk,
                        court="Bench Superior Court",
                        docket_number=f"BN{pk:07d}",
                        organization_id_key=org,
                        arrested_on=convicted - dt.timedelta(days=200),
                        convicted_on=convicted,
                    )
                )
                vacated = received + dt.timedelta(days=random.randint(200, 900))
                batch_r.append(
                    ResolutionEvent(
                        case_id=pk, kind="vacated", occurred_on=vacated, recorded_by_id=by
                    )
                )
                batch_r.append(
                    ResolutionEvent(
                        case_id=pk,
                        kind="released",
                        occurred_on=vacated + dt.timedelta(days=3),
                        recorded_by_id=by,
                    )
                )
            if len(batch_t) >= 20000:
                flush()
        flush()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return transitions, resolved


def profile_top(request: Callable[[], object], top: int = 25) -> str:
    """cProfile of one request: the project's own functions (habeas/) by cumulative time, where the time
    goes by caller, then every function by its own time (Django and the database driver included)."""
    profiler = cProfile.Profile()
    profiler.enable()
    request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"/habeas/", top)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


def _parts(user: Any) -> str:
    """The two halves of the page on their own (median of 5 calls each): the dashboard's figures and
    the deadline alerts shown above them (habeas.deadlines, called by the view with within_days=30)."""
    from habeas.deadlines.selectors import deadlines_upcoming
    from habeas.reports.selectors import dashboard_build

    lines = ["--- the admin page's parts, called directly (median of 5) ---"]
    for label, call in (
        ("reports.selectors.dashboard_build", lambda: dashboard_build(user=user)),
        (
            "deadlines.selectors.deadlines_upcoming(within_days=30)",
            lambda: deadlines_upcoming(user=user, within_days=30, audit=False),
        ),
    ):
        lines.append(f"  {percentile(timed(call, 5), 50):7.1f} ms  {label}")
    return "\n".join(lines)


class GcPauses:
    """Time the cyclic garbage collector spends while requests run (it stops the request, and a full
    gen-2 collection over the whole process heap is what pushes p95 above p50)."""

    def __init__(self) -> None:
        self.ms = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.ms[info["generation"]] += (time.perf_counter() - self._start) * 1000
            self.count[info["generation"]] += 1

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)

    def __str__(self) -> str:
        return (
            f"{self.count[2]} full (gen-2) collections {self.ms[2]:.0f} ms, "
            f"{self.count[0] + self.count[1]} young ones {self.ms[0] + self.ms[1]:.0f} ms"
        )


@contextmanager
def _data_dir(kept: str | None) -> Iterator[tuple[str, bool]]:
    """(directory, already seeded): a temporary directory, or ``kept`` (created if missing)."""
    if kept is None:
        with tempfile.TemporaryDirectory(prefix="habeas-bench-") as tmp:
            yield tmp, False
        return
    path = Path(kept).resolve()
    path.mkdir(parents=True, exist_ok=True)
    yield str(path), (path / "seeded-reports").exists()


def _seeded_users(n: int, data_dir: str, reuse: bool) -> dict[str, Any]:
    marker = Path(data_dir) / "seeded-reports"
    if reuse:
        from habeas.accounts.models import User

        if marker.read_text().strip() != f"{n} cases":
            raise SystemExit(
                f"{data_dir} holds a seed of {marker.read_text().strip()}, not {n}: use another --data-dir"
            )
        print(f"reusing the seed in {data_dir}: {n:,} cases")
        return {who: User.objects.get(username=f"bench-{who}") for who in ("admin", "attorney")}
    users = _seed(n)
    start = time.perf_counter()
    transitions, resolved = _seed_history()
    print(
        f"seeded {transitions:,} stage transitions and {resolved:,} resolved cases in {time.perf_counter() - start:.1f}s"
    )
    marker.write_text(f"{n} cases\n")
    return users


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print every captured query in full")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="time the admin page's two parts and print a cProfile of one admin request",
    )
    parser.add_argument(
        "--data-dir", help="seed into this directory and keep it; reuse it when already seeded"
    )
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="leave what the process loaded to the garbage collector (the server freezes it: habeas/wsgi.py)",
    )
    args = parser.parse_args(argv)
    with _data_dir(args.data_dir) as (data_dir, reuse):
        embedded_setup(data_dir)
        users = _seeded_users(args.cases, data_dir, reuse)
        if not args.no_freeze:
            from habeas.core.startup import startup_freeze

            startup_freeze()  # as habeas/wsgi.py does before the first request
        print(
            f"long-lived objects {'frozen as in the server (habeas/wsgi.py)' if not args.no_freeze else 'NOT frozen (--no-freeze)'}"
        )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        misses = 0
        profile = ""
        for who in ("admin", "attorney"):
            client, headers = _client_for(users[who], api=False)

            def request(client: Any = client) -> object:
                response = client.get("/reports/")
                assert response.status_code == 200, response.status_code
                return response

            request()
            with CaptureQueriesContext(connection) as captured:
                request()
            queries = [q["sql"] for q in captured.captured_queries]
            reads = [
                sql
                for sql in queries
                if sql.lstrip().upper().startswith(("SELECT", "WITH"))
                and ("cases_case" in sql or "cases_stagetransition" in sql)
            ]
            with GcPauses() as pauses:
                samples = timed(request, args.requests)
            p50, p95 = percentile(samples, 50), percentile(samples, 95)
            print(
                f"\n{who}: /reports/ p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(samples):.1f} ms over {args.requests} "
                f"requests, {len(queries)} queries  {'PASS' if p95 <= TARGET_P95_MS else 'MISS'} (p95 target {TARGET_P95_MS:.0f} ms)"
            )
            print(
                f"  garbage collector during those {args.requests + 1} requests (warm-up included): {pauses}"
            )
            raw_total = 0.0
            for sql in reads:

                def raw(sql: str = sql) -> None:
                    with connection.cursor() as cur:
                        cur.execute(sql)
                        cur.fetchall()

                ms = percentile(timed(raw, 5), 50)
                raw_total += ms
                shown = sql if args.sql else (sql[:150] + ("…" if len(sql) > 150 else ""))
                print(f"  raw {ms:7.1f} ms  {shown}")
            print(
                f"  raw SQL of the aggregate queries: {raw_total:.1f} ms in all (request p50 {p50:.1f} ms)"
            )
            misses += p95 > TARGET_P95_MS
            if args.profile and who == "admin":
                profile = (
                    f"{_parts(users[who])}\n\n--- cProfile of one admin /reports/ request (profiling slows it "
                    f"down; time in the garbage collector lands on whichever function allocated) ---\n{profile_top(request)}"
                )
        if profile:
            print(f"\n{profile}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
