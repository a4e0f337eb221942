"""Case list benchmark: p50/p95 of the case list page and GET /api/v1/cases over N seeded cases,
on the default embedded setup (SQLite in WAL mode), against the raw SQL those requests run.

    .venv/bin/python -m bench.cases [--cases 100000] [--requests 200]

"raw" is the same page's SQL (captured from the ORM) executed directly on a cursor in the same run,
so "overhead" is what Django, the permission filter, the audit write and rendering add.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

TARGET_P95_MS = 150.0


def _setup(data_dir: str) -> None:
    os.environ["HABEAS_DATA_DIR"] = data_dir
    os.environ.setdefault("HABEAS_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_SETTINGS_MODULE"] = "habeas.settings"
    os.environ["HABEAS_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(n: int) -> dict[str, object]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from habeas.accounts.models import User
    from habeas.accounts.services import organization_create
    from habeas.cases.models import Case, CaseTeamMember, Party
    from habeas.domain.workflow import Stage

    rng = random.Random(100_000)
    org_a = organization_create(name="Bench County CIU", code="bench", kind="ciu")
    org_b = organization_create(name="Bench Innocence Project", code="benchip", kind="innocence_org")
    password = make_password("bench-password-123")
    admin = User.objects.create(username="bench-admin", organization=org_a, role="admin", password=password)
    attorney = User.objects.create(username="bench-attorney", organization=org_a, role="attorney", password=password)
    stages = [s.value for s in Stage]
    weights = [8, 6, 10, 12, 3, 2, 40, 15, 4]
    counties = ["Los Angeles", "Orange", "Riverside", "San Bernardino", "Kern", "Ventura", "San Diego"]
    first = ["Luis", "Maria", "James", "Keisha", "Tomas", "Ana", "Derek", "Lena", "Omar", "Rosa"]
    last = ["Alvarez", "Brooks", "Chen", "Dawson", "Estrada", "Fischer", "Grant", "Hughes", "Ibarra", "Jordan"]
    now = timezone.now()
    start = time.perf_counter()
    batch = 5000
    with transaction.atomic():
        for offset in range(0, n, batch):
            cases = []
            for i in range(offset, min(n, offset + batch)):
                org = org_a if i % 2 == 0 else org_b
                name = f"{rng.choice(first)} {rng.choice(last)}"
                received = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 5000))
                cases.append(Case(
                    ref=f"{org.code.upper()}-{received.year}-{i:06d}", organization=org, title=f"People v. {name.split()[1]}",
                    stage=rng.choices(stages, weights)[0], stage_changed_at=now - dt.timedelta(days=rng.randrange(0, 900)),
                    received_on=received, county=rng.choice(counties), created_by=admin, applicant_name=name,
                ))
            created = Case.objects.bulk_create(cases)
            Party.objects.bulk_create(
                Party(case=c, kind="applicant", first_name=c.applicant_name.split()[0], last_name=c.applicant_name.split()[1]) for c in created
            )
            CaseTeamMember.objects.bulk_create(
                CaseTeamMember(case=c, user=attorney, role="lead") for c in created if c.organization_id == org_a.pk and rng.random() < 0.02
            )
    print(f"seeded {n:,} cases in {time.perf_counter() - start:.1f}s "
          f"(attorney on {CaseTeamMember.objects.filter(user=attorney).count():,} teams)")
    return {"admin": admin, "attorney": attorney}


def _client_for(user: object, *, api: bool) -> tuple[object, dict[str, str]]:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from habeas.accounts.selectors import two_factor_required
    from habeas.accounts.services import token_create

    client = Client()
    if api:
        _, token = token_create(user=user)  # type: ignore[arg-type]
        return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.force_login(user)  # type: ignore[arg-type]
    if two_factor_required(user):  # type: ignore[arg-type]
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client, {}


def _time(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm caches and the query plan
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def _pct(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1] if len(samples) > 1 else samples[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="habeas-bench-") as data_dir:
        _setup(data_dir)
        users = _seed(args.cases)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        variants = [("default", ""), ("stage=closed", "stage=closed"), ("q=Chen", "q=Chen"), ("page 50", "page=50")]
        print(f"\n{'user':<9} {'endpoint':<14} {'variant':<13} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'raw SQL p50':>11} {'overhead':>8}  target p95<={TARGET_P95_MS:.0f}ms")
        misses = 0
        for who in ("admin", "attorney"):
            for endpoint, path, api in (("page /cases/", "/cases/", False), ("GET /api/v1", "/api/v1/cases", True)):
                client, headers = _client_for(users[who], api=api)
                for label, query in variants:
                    url = f"{path}?{query}"

                    def request(url: str = url, client: object = client, headers: dict[str, str] = headers) -> object:
                        response = client.get(url, **headers)  # type: ignore[attr-defined]
                        assert response.status_code == 200, (url, response.status_code)
                        return response

                    with CaptureQueriesContext(connection) as captured:
                        request()
                    reads = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT") and "cases_case" in q["sql"]]

                    def raw(reads: list[str] = reads) -> None:
                        with connection.cursor() as cur:
                            for sql in reads:
                                cur.execute(sql)
                                cur.fetchall()

                    samples = _time(request, args.requests)
                    raw_samples = _time(raw, args.requests)
                    p50, p95 = _pct(samples, 50), _pct(samples, 95)
                    raw50 = _pct(raw_samples, 50)
                    ok = p95 <= TARGET_P95_MS
                    misses += not ok
                    print(f"{who:<9} {endpoint:<14} {label:<13} {p50:7.1f} {p95:7.1f} {max(samples):7.1f} {raw50:11.1f} {p50 / raw50 if raw50 else 0:7.1f}x  {'PASS' if ok else 'MISS'}")
        print(f"\n{'all variants meet' if not misses else f'{misses} variant(s) miss'} the p95 target of {TARGET_P95_MS:.0f} ms")
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
