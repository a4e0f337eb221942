"""Reports dashboard benchmark: p50/p95 of /reports/ over N seeded cases for an organization admin
(sees all of their organization, ~50%) and an attorney (on ~1% of teams), next to the raw SQL the
page runs (captured with CaptureQueriesContext and re-executed on a cursor), query by query.

    .venv/bin/python -m bench.reports [--cases 100000] [--requests 20] [--sql]

Seeding reuses bench.cases._seed (cases, parties, teams, shares by bulk_create) and adds, also by
bulk_create, each case's stage history consistent with its stage (intake -> screening -> ... with
reason codes on declines) and, for cases at resolution or closed, a conviction plus vacatur and
release events, so the median, decline and years-lost/compensation figures have real work to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from typing import Any

from bench.cases import _client_for, _seed, _setup
from bench.timing import percentile, timed

TARGET_P95_MS = 500.0
PATH = ["intake", "screening", "record_gathering", "reinvestigation", "decision", "resolution", "closed"]
DECLINE_CODES = ["outside_jurisdiction", "not_felony", "no_innocence_claim", "no_new_evidence", "insufficient_information"]


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
    rows = Case.objects.order_by("pk").values_list("pk", "stage", "received_on", "created_by_id", "organization_id")
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
                batch_t.append(StageTransition(case_id=pk, from_stage=prev, to_stage=to_stage, by_id=by, at=at,
                                               reason="bench history", reason_code=code, from_stage_days=stay))
                prev, prev_at = to_stage, at
                at += dt.timedelta(days=random.randint(5, 240), hours=random.randint(0, 23))
                transitions += 1
            if stage in ("resolution", "closed"):
                resolved += 1
                convicted = dt.date(1990, 1, 1) + dt.timedelta(days=random.randrange(0, 7000))
                batch_c.append(Conviction(case_id=pk, court="Bench Superior Court", docket_number=f"BN{pk:07d}",
                                          organization_id_key=org, arrested_on=convicted - dt.timedelta(days=200), convicted_on=convicted))
                vacated = received + dt.timedelta(days=random.randint(200, 900))
                batch_r.append(ResolutionEvent(case_id=pk, kind="vacated", occurred_on=vacated, recorded_by_id=by))
                batch_r.append(ResolutionEvent(case_id=pk, kind="released", occurred_on=vacated + dt.timedelta(days=3),
                                               recorded_by_id=by))
            if len(batch_t) >= 20000:
                flush()
        flush()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return transitions, resolved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print every captured query in full")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="habeas-bench-") as data_dir:
        _setup(data_dir)
        users = _seed(args.cases)
        start = time.perf_counter()
        transitions, resolved = _seed_history()
        print(f"seeded {transitions:,} stage transitions and {resolved:,} resolved cases in {time.perf_counter() - start:.1f}s")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        misses = 0
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
            reads = [sql for sql in queries if sql.lstrip().upper().startswith(("SELECT", "WITH"))
                     and ("cases_case" in sql or "cases_stagetransition" in sql)]
            samples = timed(request, args.requests)
            p50, p95 = percentile(samples, 50), percentile(samples, 95)
            print(f"\n{who}: /reports/ p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(samples):.1f} ms over {args.requests} "
                  f"requests, {len(queries)} queries  {'PASS' if p95 <= TARGET_P95_MS else 'MISS'} (p95 target {TARGET_P95_MS:.0f} ms)")
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
            print(f"  raw SQL of the aggregate queries: {raw_total:.1f} ms in all (request p50 {p50:.1f} ms)")
            misses += p95 > TARGET_P95_MS
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
