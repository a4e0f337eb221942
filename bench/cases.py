"""Case list benchmark: p50/p95/max of the case list page and GET /api/v1/cases over N seeded cases,
on the default embedded setup (SQLite in WAL mode under a temporary HABEAS_DATA_DIR), next to the raw
SQL those same requests run.

    .venv/bin/python -m bench.cases [--cases 100000] [--requests 200] [--profile]

Seeding writes rows with bulk_create (a benchmark fixture, not the intake service), with realistic
shapes: two organizations, most applications declined at screening, seven counties, a team of one or
two staff on every case, a few joint-investigation shares, the benchmarked attorney on the team of
about 1% of all cases, and an organization admin who sees every case of their organization (~50%).

"raw SQL" is the request's own SELECTs on cases_case (the count and the page query, exactly as the
ORM generated them, captured with CaptureQueriesContext) executed directly on a DB cursor in the same
run; "overhead" = request p50 / raw SQL p50, i.e. what Django, the permission filter, the audit write
and rendering add on top of the database. --profile prints a cProfile summary for variants that miss.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.embedded import embedded_setup
from bench.timing import percentile, timed

TARGET_P95_MS = 150.0
STAGE_WEIGHTS = {  # most applications are declined at screening; few reach a decision
    "intake": 6,
    "screening": 10,
    "record_gathering": 6,
    "reinvestigation": 5,
    "decision": 1,
    "resolution": 1,
    "closed": 4,
    "declined": 62,
    "withdrawn": 5,
}
COUNTIES = ["Los Angeles", "Orange", "Riverside", "San Bernardino", "Kern", "Ventura", "San Diego"]
COUNTY_WEIGHTS = [45, 12, 11, 10, 6, 6, 10]
FIRST = [
    "Luis",
    "Maria",
    "James",
    "Keisha",
    "Tomas",
    "Ana",
    "Derek",
    "Lena",
    "Omar",
    "Rosa",
    "Marcus",
    "Yolanda",
]
LAST = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Dawson",
    "Estrada",
    "Fischer",
    "Grant",
    "Hughes",
    "Ibarra",
    "Jordan",
    "Kim",
    "Lopez",
    "Moore",
    "Nguyen",
    "Owens",
    "Perez",
    "Reyes",
    "Smith",
    "Turner",
    "Walker",
]
VARIANTS = [
    ("default", ""),
    ("stage", "stage=reinvestigation"),
    ("search q", "q=Chen"),
    ("page 50", "page=50"),
]


def _seed(n: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from habeas.accounts.models import User
    from habeas.accounts.services import organization_create
    from habeas.cases.models import Case, CaseShare, CaseTeamMember, Party

    rng = random.Random(100_000)
    start = time.perf_counter()
    org_a = organization_create(name="Bench County CIU", code="bench", kind="ciu")
    org_b = organization_create(
        name="Bench Innocence Project", code="benchip", kind="innocence_org"
    )
    password = make_password("bench-password-123")
    admin = User.objects.create(
        username="bench-admin", organization=org_a, role="admin", password=password
    )
    attorney = User.objects.create(
        username="bench-attorney", organization=org_a, role="attorney", password=password
    )
    staff = {
        org.pk: User.objects.bulk_create(
            User(
                username=f"{org.code}-staff-{k}",
                organization=org,
                role=rng.choice(["attorney", "investigator", "student"]),
                password=password,
            )
            for k in range(40)
        )
        for org in (org_a, org_b)
    }
    stages, stage_weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    now = timezone.now()
    batch = 5000
    attorney_teams = shares = 0
    with transaction.atomic():
        for offset in range(0, n, batch):
            cases = []
            for i in range(offset, min(n, offset + batch)):
                org = org_a if i % 2 == 0 else org_b
                first, last = rng.choice(FIRST), rng.choice(LAST)
                received = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 5000))
                cases.append(
                    Case(
                        ref=f"{org.code.upper()}-{received.year}-{i:06d}",
                        organization=org,
                        title=f"People v. {last}",
                        stage=rng.choices(stages, stage_weights)[0],
                        stage_changed_at=now - dt.timedelta(days=rng.randrange(0, 900)),
                        received_on=received,
                        county=rng.choices(COUNTIES, COUNTY_WEIGHTS)[0],
                        created_by=admin,
                        applicant_name=f"{first} {last}",
                    )
                )
            created = Case.objects.bulk_create(cases)
            Party.objects.bulk_create(
                Party(
                    case=c,
                    kind="applicant",
                    first_name=c.applicant_name.split()[0],
                    last_name=c.applicant_name.split()[1],
                )
                for c in created
            )
            team: list[CaseTeamMember] = []
            share_rows: list[CaseShare] = []
            for c in created:
                members = rng.sample(staff[c.organization_id], 2 if rng.random() < 0.3 else 1)
                team.extend(
                    CaseTeamMember(case=c, user=u, role="lead" if k == 0 else "member")
                    for k, u in enumerate(members)
                )
                if c.organization_id == org_a.pk and rng.random() < 0.02:
                    team.append(CaseTeamMember(case=c, user=attorney, role="member"))
                    attorney_teams += 1
                if c.organization_id == org_b.pk and rng.random() < 0.005:
                    share_rows.append(CaseShare(case=c, organization=org_a, granted_by=admin))
                    shares += 1
            CaseTeamMember.objects.bulk_create(team)
            CaseShare.objects.bulk_create(share_rows)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(
        f"seeded {n:,} cases in {time.perf_counter() - start:.1f}s: org admin sees "
        f"{n - n // 2 + shares:,}, the attorney is on {attorney_teams:,} teams, {shares} shared cases"
    )
    return {"admin": admin, "attorney": attorney}


def _client_for(user: Any, *, api: bool) -> tuple[Any, dict[str, str]]:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from habeas.accounts.selectors import two_factor_required
    from habeas.accounts.services import token_create

    client = Client()
    if api:
        _, token = token_create(user=user)
        return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client, {}


@dataclass
class Result:
    who: str
    endpoint: str
    variant: str
    p50: float
    p95: float
    max: float
    queries: int
    raw50: float

    @property
    def ok(self) -> bool:
        return self.p95 <= TARGET_P95_MS


def _profile(request: Callable[[], object], n: int = 30) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        request()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile summary for each variant that misses",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="habeas-bench-") as data_dir:
        embedded_setup(data_dir)
        users = _seed(args.cases)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        results: list[Result] = []
        profiles: list[str] = []
        print(
            f"\n{'user':<9} {'endpoint':<17} {'variant':<9} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'queries':>7} "
            f"{'raw SQL p50':>11} {'overhead':>8}  p95 target {TARGET_P95_MS:.0f} ms"
        )
        for who in ("admin", "attorney"):
            for endpoint, path, api in (
                ("page /cases/", "/cases/", False),
                ("GET /api/v1/cases", "/api/v1/cases", True),
            ):
                client, headers = _client_for(users[who], api=api)
                for label, query in VARIANTS:
                    url = f"{path}?{query}" if query else path

                    def request(
                        url: str = url, client: Any = client, headers: dict[str, str] = headers
                    ) -> object:
                        response = client.get(url, **headers)
                        assert response.status_code == 200, (url, response.status_code)
                        return response

                    request()
                    with CaptureQueriesContext(connection) as captured:
                        request()
                    queries = list(
                        captured.captured_queries
                    )  # a view on the connection's log: copy it now
                    reads = [
                        q["sql"]
                        for q in queries
                        if q["sql"].lstrip().upper().startswith("SELECT")
                        and "cases_case" in q["sql"]
                    ]

                    def raw(reads: list[str] = reads) -> None:
                        with connection.cursor() as cur:
                            for sql in reads:
                                cur.execute(sql)
                                cur.fetchall()

                    samples = timed(request, args.requests)
                    raw_samples = timed(raw, args.requests)
                    r = Result(
                        who,
                        endpoint,
                        label,
                        percentile(samples, 50),
                        percentile(samples, 95),
                        max(samples),
                        len(queries),
                        percentile(raw_samples, 50),
                    )
                    results.append(r)
                    overhead = f"{r.p50 / r.raw50:7.1f}x" if r.raw50 else "      -"
                    print(
                        f"{who:<9} {endpoint:<17} {label:<9} {r.p50:7.1f} {r.p95:7.1f} {r.max:7.1f} {r.queries:7d} "
                        f"{r.raw50:11.1f} {overhead}  {'PASS' if r.ok else 'MISS'}",
                        flush=True,
                    )
                    if args.profile and not r.ok:
                        profiles.append(f"--- {who} {endpoint} {label}: {url}\n{_profile(request)}")
        misses = [r for r in results if not r.ok]
        for text in profiles:
            print(text)
        if misses:
            print(
                f"\n{len(misses)} of {len(results)} variants miss the p95 target of {TARGET_P95_MS:.0f} ms"
            )
        else:
            print(f"\nall {len(results)} variants meet the p95 target of {TARGET_P95_MS:.0f} ms")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
