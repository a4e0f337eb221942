"""Same output check for the watchlist review: ``review_run`` of this tree and of a git revision
(``git archive`` of its ``habeas`` package into a temporary directory, run in a subprocess so the
two packages never meet) give the same matches, every column compared (entry, field, written
name, record, score, reason, verdict), with and without the set-aside rows (``excluded``).

    .venv/bin/python -m bench.review_same [--rev fe8a918] [--rows 1000000] [--seed 1]

Data: the bench.review records (``--rows`` rows, 10,000 watch names as that benchmark draws
them), and a bench.officers seed with its watchlist as the benchmark gives it (agency and badge)
and again as bare names of kind "any" (no agency, no badge: the other branches of the rules).
Both sides read the same stores and the same pickled entries (this tree its name indexes too).
Rows are compared as multisets (``EXCEPT ALL`` both ways, in DuckDB), and the order of the
review's sort keys (entry, verdict, score, record) row by row (its ORDER BY leaves ties between
the fields of one record). Exit status 1 on any difference; the first ones are printed. Takes about 4 minutes (most of it the
set-aside rows of the bench data: every namesake at another agency, millions of rows).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REV = "fe8a918"
SHOWN = 10

# Run in the subprocess, with the tree under test first on sys.path.
_EMIT = """
import pickle, sys, time
import pyarrow.parquet as pq
from habeas.domain.systemic import bulk_connect
from habeas.domain.systemic.matching import WatchEntry, review_run
store, entries_path, out = sys.argv[1:4]
entries = [WatchEntry(**fields) for fields in pickle.load(open(entries_path, "rb"))]
con = bulk_connect(__import__("pathlib").Path(store), memory_limit="8GB")
seconds = []
for excluded in (False, True):
    t0 = time.perf_counter()
    table = review_run(con, entries, excluded=excluded)
    seconds.append(time.perf_counter() - t0)
    pq.write_table(table, f"{out}-{int(excluded)}.parquet")
open(f"{out}-seconds.txt", "w").write(" ".join(f"{s:.2f}" for s in seconds))
"""


def _tree_at(rev: str, target: Path) -> Path:
    """The ``habeas`` package as it was at ``rev``, extracted under ``target``."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", rev, "habeas"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _emit(tree: Path, store: Path, entries: Path, out: Path) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", _EMIT, str(store), str(entries), str(out)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"review in {tree} failed:\n{done.stderr}")
    return [float(s) for s in Path(f"{out}-seconds.txt").read_text().split()]


def _bench_data(store: Path, rows: int) -> list[Any]:
    """The bench.review store and watchlist (its generator and draws, at ``rows`` rows)."""
    from bench.review import _generate, _typo
    from habeas.domain.systemic.matching import WatchEntry

    names = 10_000
    rng = random.Random(2003)
    officers, analysts, identity = _generate(store, rows, rng)
    entries: list[Any] = []
    for i in rng.sample(range(len(officers)), names - names // 20):
        name = officers[i].split(" #")[0]
        name = _typo(rng, name) if rng.random() < 0.1 else name
        agency, badge = identity[i]
        entries.append(
            WatchEntry(str(len(entries)), name, "officer", agency=agency, badges=(badge,))
        )
    for n in rng.sample(analysts, min(len(analysts), names // 20)):
        entries.append(WatchEntry(str(len(entries)), n, "analyst"))
    return entries


def _officers_data(store: Path, seed: int) -> tuple[list[Any], list[Any]]:
    """A bench.officers seed's store, its watchlist, and the same names bare (kind "any")."""
    from bench.officers import entries_for, generate, store_write
    from habeas.domain.systemic.matching import WatchEntry

    data = generate(seed)
    store_write(data, store)
    entries = entries_for(data)
    bare = [WatchEntry(e.entry_id, e.name) for e in entries]
    return entries, bare


def differences(old: Path, new: Path) -> tuple[int, list[str]]:
    """Rows in one file and not the other (as multisets: ``EXCEPT ALL``), in DuckDB."""
    import duckdb

    con = duckdb.connect()
    a, b = (f"read_parquet('{p}')" for p in (old, new))
    out = []
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {b}").fetchall()]
    before = [tuple(r[:2]) for r in con.execute(f"DESCRIBE SELECT * FROM {a}").fetchall()]
    now = [tuple(r[:2]) for r in con.execute(f"DESCRIBE SELECT * FROM {b}").fetchall()]
    if before != now:
        return 0, [f"columns {before} -> {now}"]
    (rows,) = con.execute(f"SELECT count(*) FROM {b}").fetchone() or (0,)
    for label, x, y in (("only before", a, b), ("only now", b, a)):
        (n,) = con.execute(f"SELECT count(*) FROM (FROM {x} EXCEPT ALL FROM {y})").fetchone() or (
            0,
        )
        if n:
            out.append(f"{n:,} rows {label}")
            shown = con.execute(f"FROM {x} EXCEPT ALL FROM {y} LIMIT {SHOWN}").fetchall()
            out += [f"{label}: {dict(zip(names, r, strict=True))}" for r in shown]
    keys = "file_row_number, entry_id, verdict, score, import_sha256, source_record"
    a, b = (f"(SELECT {keys} FROM read_parquet('{p}', file_row_number = true))" for p in (old, new))
    if not out:
        (n,) = con.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone() or (0,)
        if n:
            out.append(f"{n:,} rows in another order")
    return int(rows), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rev", default=DEFAULT_REV, help=f"git revision (default {DEFAULT_REV})")
    parser.add_argument("--rows", type=int, default=1_000_000, help="bench.review rows")
    parser.add_argument("--seed", type=int, default=1, help="bench.officers seed (default 1)")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="review-same-") as tmp:
        work = Path(tmp)
        old_tree = _tree_at(args.rev, work / "old")
        t0 = time.perf_counter()
        officers_entries, bare = _officers_data(work / "officers", args.seed)
        bench_entries = _bench_data(work / "bench", args.rows)
        # This tree reads the name index the importer writes (the bench store is generated, not
        # imported); a revision from before the index ignores the folder.
        from habeas.domain.systemic.names_index import names_index_ensure

        names_index_ensure(work / "bench")
        cases = [
            (f"bench.review, {args.rows:,} rows", work / "bench", bench_entries),
            (f"bench.officers seed {args.seed}", work / "officers", officers_entries),
            (f"bench.officers seed {args.seed}, bare names", work / "officers", bare),
        ]
        print(f"data generated in {time.perf_counter() - t0:.0f} s; {args.rev} vs this tree")
        for n, (label, store, entries) in enumerate(cases):
            pickled = work / f"entries-{n}.pkl"
            pickled.write_bytes(
                pickle.dumps([dataclasses.asdict(e) for e in entries])  # plain fields only
            )
            old_s = _emit(old_tree, store, pickled, work / f"old-{n}")
            new_s = _emit(ROOT, store, pickled, work / f"new-{n}")
            for excluded in (0, 1):
                name = f"old-{n}-{excluded}.parquet", f"new-{n}-{excluded}.parquet"
                rows, found = differences(work / name[0], work / name[1])
                failed |= bool(found)
                print(
                    f"{label}, {'with' if excluded else 'without'} set-aside rows: {rows:,} rows, "
                    f"{'SAME' if not found else 'DIFFERENT'} "
                    f"(review {old_s[excluded]:.2f} s before, {new_s[excluded]:.2f} s now)"
                )
                for line in found:
                    print("  " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
