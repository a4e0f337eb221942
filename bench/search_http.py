"""HTTP search benchmark: p50/p95 of GET /api/v1/search over the 1,000,000-page index that
``bench.search`` builds (reused from bench/results/), next to PageIndex.search of the same query and
case set in the same run.

    .venv/bin/python -m bench.search_http [--pages 1000000] [--cases 20000] [--allowed 500] [--runs 200]

Run ``python -m bench.search`` first (it builds the index once, ~2-3 minutes). This benchmark then
seeds a temporary SQLite database (the embedded default) with the same 20,000 case ids and a Document
row for every document id (bulk_create, a fixture: the documents' names are synthetic), an attorney on
the team of --allowed cases and an admin who sees all of them, and requests the search API in-process
with a bearer token: authentication, the permission query (case ids the user may see, from the
database), the index query, loading the hits' cases and documents, the audit write and JSON.
Target: p95 <= 60 ms. "ratio" = HTTP p50 / library p50 for the same user's case set.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time

from bench.embedded import embedded_setup
from bench.search import RESULTS, Corpus, bench_queries
from bench.timing import percentile

TARGET_P95_MS = 60.0


def _seed(cases: int, allowed: int, max_document_id: int) -> tuple[str, str]:
    from django.utils import timezone

    from habeas.accounts.models import User
    from habeas.accounts.services import organization_create, token_create
    from habeas.cases.models import Case, CaseTeamMember
    from habeas.documents.models import Document

    org = organization_create(name="Bench CIU", code="benchsearch", kind="ciu")
    admin = User.objects.create(username="bench-admin", organization=org, role="admin")
    attorney = User.objects.create(username="bench-attorney", organization=org, role="attorney")
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                pk=i,
                ref=f"BENCH-{i:06d}",
                organization=org,
                title=f"People v. Bench {i}",
                stage="reinvestigation",
                stage_changed_at=now,
                received_on=now.date(),
                created_by=admin,
            )
            for i in range(1, cases + 1)
        ],
        batch_size=2000,
    )
    rng = random.Random(5)
    CaseTeamMember.objects.bulk_create(
        [
            CaseTeamMember(case_id=i, user=attorney, role="member")
            for i in rng.sample(range(1, cases + 1), allowed)
        ],
        batch_size=2000,
    )
    Document.objects.bulk_create(
        [
            Document(
                pk=d,
                case_id=(d % cases) + 1,
                name=f"report-{d}.pdf",
                sha256=f"{d:064x}",
                size=1,
                kind="pdf",
                doc_type="police_report",
                status="indexed",
                uploaded_by=admin,
                status_changed_at=now,
            )
            for d in range(1, max_document_id + 1)
        ],
        batch_size=5000,
    )
    _, admin_token = token_create(user=admin)
    _, attorney_token = token_create(user=attorney)
    return admin_token, attorney_token


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--allowed", type=int, default=500)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    index_dir = RESULTS / f"search-{args.pages}p-{args.cases}c"
    if not (index_dir / "bench-meta.json").exists():
        print(
            f"no index at {index_dir}: run `python -m bench.search --pages {args.pages} --cases {args.cases}` first"
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="habeas-bench-search-http-") as tmp:
        embedded_setup(tmp, index_dir=index_dir)
        from django.test import Client

        from habeas.accounts.models import User
        from habeas.cases.selectors import case_queryset
        from habeas.documents.page_index import page_index
        from habeas.domain.search import SearchFilters

        index = page_index()
        max_doc = (
            args.pages // 4
        )  # documents have 1-19 pages (10 on average); ids stay well below this
        start = time.perf_counter()
        tokens = dict(
            zip(("admin", "attorney"), _seed(args.cases, args.allowed, max_doc), strict=True)
        )
        print(
            f"seeded {args.cases:,} cases and {max_doc:,} documents in {time.perf_counter() - start:.0f}s; index of {index.count():,} pages"
        )
        queries = dict(bench_queries(Corpus.make())[0])
        client = Client()
        failed = False
        print(
            f"{'query':12} {'user':9} {'total':>9} {'lib p50':>8} {'http p50':>9} {'http p95':>9} {'ratio':>6}  target p95 <= {TARGET_P95_MS:.0f} ms"
        )
        for who in ("attorney", "admin"):
            user = User.objects.get(username=f"bench-{who}")
            case_ids = set(case_queryset(user).values_list("pk", flat=True))
            for label, q in queries.items():
                lib, http = [], []
                total = index.search(q, case_ids=case_ids, filters=SearchFilters()).total
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    index.search(q, case_ids=case_ids)
                    lib.append((time.perf_counter() - t0) * 1000)
                    t0 = time.perf_counter()
                    response = client.get(
                        "/api/v1/search", {"q": q}, HTTP_AUTHORIZATION=f"Bearer {tokens[who]}"
                    )
                    http.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, response.content[:300]
                assert response.json()["total"] == total
                p95 = percentile(http, 95)
                ok = p95 <= TARGET_P95_MS
                failed |= not ok
                print(
                    f"{label:12} {who:9} {total:>9,} {statistics.median(lib):8.1f} {statistics.median(http):9.1f} {p95:9.1f} "
                    f"{statistics.median(http) / statistics.median(lib):6.1f}  {'PASS' if ok else 'FAIL'}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
