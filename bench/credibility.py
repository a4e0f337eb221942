"""Credibility registry benchmark: a list of 5,000 officials (agency and badge) against the names
of N bulk records and P document pages, through the registry's alert path
(``domain.credibility.identity.names_judge``), next to the raw matcher it wraps
(``domain.systemic.watch_candidates.tuples_match`` on the same tuples) in the same run; and, per
document, the time from its page text to its alerts (the mention finder, then the list), next to
the mention finder alone (what ingest runs anyway).

    python -m bench.credibility [--quick] [--officials 5000] [--records 100000] [--pages 2000]
                                [--latency-docs 500] [--django 20]

Full scale (the issue's): --records 1000000 --pages 100000 (about 5 minutes).

``--django N`` also ingests N one-page documents into a temporary Habeas (SQLite, migrated) whose
list holds the same officials, and times each from the upload to its stored alert (the worker's
processing run in this process, the credibility hook included), next to the hook alone.

Fictional officers from invented syllables: 50,000 in 20 agencies, of whom the list takes
``--officials``; each record names 1-2 of them (one in ten with a badge, one in ten misspelt).
Wall clock on a shared machine: expect noise. Bounded: the full run takes about a minute.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time

import duckdb
import pyarrow as pa

from bench.embedded import embedded_setup
from habeas.domain.credibility.identity import Named, names_judge, official_entry
from habeas.domain.mentions import mentions_find
from habeas.domain.systemic.watch_candidates import tuples_match

SYLLABLES = ["ka", "lo", "ren", "ta", "mi", "sor", "vel", "an", "qui", "dro", "mel", "tis", "por"]
FIRST = [
    "Ann",
    "Ray",
    "Luis",
    "Maria",
    "Ben",
    "Dana",
    "Carl",
    "Jose",
    "Lee",
    "Nora",
    "Omar",
    "Tess",
]
AGENCIES = (
    [f"{w} Police Department" for w in ("Harbor City", "Bayside", "Elm Grove", "Northfield")]
    + [f"{w} County Sheriff's Office" for w in ("Cedar", "Pine", "Ash", "Birch", "Oak", "Maple")]
    + [f"Unit {i} Task Force" for i in range(10)]
)


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--officials", type=int, default=5000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--django", type=int, default=0, metavar="N")
    parser.add_argument("--latency-docs", type=int, default=500, metavar="N")
    args = parser.parse_args()
    records = 20_000 if args.quick else args.records
    pages = 200 if args.quick else args.pages
    rng = random.Random(13)
    pool = [
        (rng.choice(FIRST), _surname(rng), rng.choice(AGENCIES), str(rng.randint(1000, 99999)))
        for _ in range(50_000)
    ]
    listed = pool[: args.officials]
    entries = [
        official_entry(official_id=i, kind="detective", name=f"{f} {s}", agencies=[a], badges=[b])
        for i, (f, s, a, b) in enumerate(listed)
    ]
    names: list[Named] = []
    for r in range(records):
        for _ in range(rng.randint(1, 2)):
            f, s, a, b = rng.choice(pool)
            written = f"{f[0]}. {_typo(rng, s)}" if rng.random() < 0.1 else f"Det. {f} {s}"
            names.append(Named(f"r{r}", "officer", written, a, b if rng.random() < 0.1 else ""))
    distinct = {(n.field, n.written, n.agency) for n in names}
    print(
        f"{len(entries):,} officials; {records:,} records, {len(names):,} names ({len(distinct):,} distinct)"
    )

    table = pa.table(
        {
            "kind": [k for k, _, _ in distinct],
            "written": [w for _, w, _ in distinct],
            "agency": [a for _, _, a in distinct],
        }
    )
    names_judge(entries[:10], names[:10])  # warm-up: the name tables load once per process
    alert_times, raw_times = [], []
    hits: list[object] = []
    verdicts = 0
    for _ in range(2):  # alternated, so neither side gains from going second
        t0 = time.perf_counter()
        hits = list(names_judge(entries, names))
        alert_times.append(time.perf_counter() - t0)
        con = duckdb.connect()
        t0 = time.perf_counter()
        verdicts = tuples_match(con, table, entries).num_rows
        raw_times.append(time.perf_counter() - t0)
        con.close()
    alert_s, raw_s = min(alert_times), min(raw_times)
    print(
        f"alerts over the records: {alert_s:.2f} s ({len(hits):,} hits); raw matcher on the "
        f"distinct tuples: {raw_s:.2f} s ({verdicts:,} verdicts); ratio {alert_s / raw_s:.2f}x"
    )

    texts = []
    for _ in range(pages):
        f, s, a, b = rng.choice(pool if rng.random() < 0.9 else listed)
        texts.append(
            f"{a.upper()}\nSUPPLEMENTARY REPORT\nOn June 14, 2001, Detective {f} {s} #{b} "
            f"interviewed the witness, who said she saw the car.\nOfficer {rng.choice(FIRST)} "
            f"{_surname(rng)} took the statement.\n"
        )
    con = duckdb.connect()
    t0 = time.perf_counter()
    found = [mentions_find(t) for t in texts]
    finder_s = time.perf_counter() - t0
    # The whole set at once (what a re-computation over the registry does), then one document at a
    # time on a sample (what an upload does): each call pays the list's setup, so the sample is
    # bounded by --latency-docs.
    everyone = [
        Named(f"{i}:{j}", "officer", m.value, m.agency, m.badge)
        for i, mentions in enumerate(found)
        for j, m in enumerate(mentions)
        if m.kind == "person"
    ]
    t0 = time.perf_counter()
    batch_hits = names_judge(entries, everyone, con=con)
    batch_s = time.perf_counter() - t0
    print(
        f"{pages:,} pages at once: mention finder {finder_s:.1f} s, their {len(everyone):,} names "
        f"against the list {batch_s:.1f} s ({len({h.key.split(':')[0] for h in batch_hits}):,} "
        f"pages alerted)"
    )
    per_doc = []
    alerted = 0
    for i, mentions in enumerate(found[: args.latency_docs]):
        start = time.perf_counter()
        person = [
            Named(f"{i}:{j}", "officer", m.value, m.agency, m.badge)
            for j, m in enumerate(mentions)
            if m.kind == "person"
        ]
        alerted += bool(names_judge(entries, person, con=con))
        per_doc.append(time.perf_counter() - start)
    con.close()
    per_doc.sort()
    median = per_doc[len(per_doc) // 2]
    p95 = per_doc[int(len(per_doc) * 0.95)]
    print(
        f"{len(per_doc):,} one-page documents one by one: mention finder {finder_s / pages * 1000:.1f} ms a page; "
        f"their names against the list {median * 1000:.0f} ms median, {p95 * 1000:.0f} ms p95 a "
        f"document ({alerted} documents alerted)"
    )

    if args.django:
        with tempfile.TemporaryDirectory(prefix="habeas-bench-cred-") as tmp:
            _django_ingest(tmp, listed, texts[: args.django])


def _django_ingest(tmp: str, listed: list[tuple[str, str, str, str]], texts: list[str]) -> None:
    embedded_setup(tmp)
    from habeas.accounts.services import organization_create, user_create
    from habeas.cases.services.intake import case_intake
    from habeas.credibility.models import CredibilityAlert, Finding, Official
    from habeas.credibility.services.alerts import alerts_for_document
    from habeas.documents.services.ingest import document_process, documents_ingest

    org = organization_create(name="Bench CIU", code="benchcred", kind="ciu")
    user = user_create(
        username="bench-cred",
        password="bench-password-123",
        organization=org,
        role="attorney",
        check_password=False,
    )
    case = case_intake(
        actor=user,
        case={"title": "People v. Bench", "received_on": "2024-01-02"},
        sections={"applicant": {"first_name": "Sam", "last_name": "Bench"}},
    )
    officials = Official.objects.bulk_create(
        Official(organization=org, kind="detective", full_name=f"{f} {s}", agency=a, badges=[b])
        for f, s, a, b in listed
    )
    Finding.objects.bulk_create(
        Finding(official=o, type="perjury", status="listed") for o in officials
    )
    totals, hooks = [], []
    for n, text in enumerate(texts):
        start = time.perf_counter()
        [result] = documents_ingest(
            actor=user, case_ref=case.ref, files=[(f"report-{n}.txt", io.BytesIO(text.encode()))]
        )
        assert result.document is not None  # noqa: S101
        document_process(result.document.pk)
        totals.append(time.perf_counter() - start)
        start = time.perf_counter()
        alerts_for_document(result.document.pk)
        hooks.append(time.perf_counter() - start)
    totals.sort()
    hooks.sort()
    print(
        f"{len(texts)} documents through Habeas (SQLite): upload to stored alert "
        f"{totals[len(totals) // 2] * 1000:.0f} ms median, {totals[-1] * 1000:.0f} ms worst; "
        f"the credibility hook alone {hooks[len(hooks) // 2] * 1000:.0f} ms median "
        f"({CredibilityAlert.objects.filter(case=case).count()} alerts stored)"
    )


if __name__ == "__main__":
    main()
