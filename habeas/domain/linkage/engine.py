"""person_link: Splink (Fellegi-Sunter) deduplication of person records, on DuckDB or Spark."""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.exceptions import SplinkException

from habeas.domain.linkage.comparisons import (
    ComparisonSpec,
    blocking_rules,
    person_comparisons,
    roster_filter,
    roster_rules,
    training_blocks,
)
from habeas.domain.linkage.completion import Official, officials_decide, same_agency
from habeas.domain.linkage.constraints import cluster
from habeas.domain.linkage.explain import explain
from habeas.domain.linkage.prepare import PREPARED, SkippedRecord, prepare, to_arrow
from habeas.domain.spark import SparkUnavailableError, spark_session


class LinkageBackendError(RuntimeError):
    """The requested backend cannot run here (e.g. pyspark or Java missing)."""


@dataclass(frozen=True)
class LinkSettings:
    backend: Literal["duckdb", "spark"] = "duckdb"
    merge_threshold: float = 0.99  # pairs at or above are clustered automatically
    review_threshold: float = 0.80  # pairs in [review, merge) go to a human, never merged
    prediction_floor: float = 0.50  # pairs below are not returned at all
    # Officials (an agency, no dob) are scored down to this, for completion.py only: a record
    # that fits one official of its agency joins him even on a weak pair.
    completion_floor: float = 0.50
    seed: int = 42
    # "auto": estimate u (random sampling) and m (EM) when there are enough records for the
    # estimates to mean something; below that the built-in priors of comparisons.py decide.
    train: Literal["auto", "always", "never"] = "auto"
    train_min_records: int = 2_000
    u_max_pairs: float = 1.5e6
    em_max_pairs: float = 2e6
    threads: int = 2
    memory_limit: str = "8GB"  # DuckDB's own cap; Python and Arrow buffers come on top
    temp_directory: str | None = None  # DuckDB spill directory (default: next to the process)
    extra_columns: tuple[str, ...] = ()  # further free-text columns to compare (e.g. an address)
    # further blocking rules, each a tuple of (prepared) column names that must all be equal,
    # e.g. (("postcode", "street_number"),) when addresses are among extra_columns
    extra_blocking: tuple[tuple[str, ...], ...] = ()
    spark_master: str = "local[2]"

    def __post_init__(self) -> None:
        if not 0 <= self.completion_floor <= 1:
            raise ValueError("need 0 <= completion_floor <= 1")
        if not 0 <= self.prediction_floor <= self.review_threshold <= self.merge_threshold <= 1:
            raise ValueError(
                "need 0 <= prediction_floor <= review_threshold <= merge_threshold <= 1"
            )
        if self.backend not in ("duckdb", "spark"):
            raise ValueError(f"backend must be 'duckdb' or 'spark', not {self.backend!r}")


@dataclass(frozen=True)
class PairPrediction:
    left_id: str
    right_id: str
    match_weight: float
    match_probability: float
    agreed: tuple[
        str, ...
    ]  # e.g. ("last name: exact", "first name: nickname", "dob: within a year")
    disagreed: tuple[str, ...]  # e.g. ("badge: different",)

    @property
    def key(self) -> tuple[str, str]:
        return (self.left_id, self.right_id)

    @property
    def explanation(self) -> str:
        return "; ".join(self.agreed + self.disagreed)


@dataclass
class LinkResult:
    pairs: list[PairPrediction]  # every scored pair at or above the floor, strongest first
    clusters: dict[str, str]  # every input record_id -> cluster id (smallest member record_id)
    review: list[PairPrediction]  # [review_threshold, merge_threshold): a human decides
    cut: list[PairPrediction] = field(default_factory=list)  # model links removed for cannot_link
    # below the merge line, joined because the record fits only one official of its agency
    completed: list[PairPrediction] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)  # nothing to compare; singletons
    warnings: list[str] = field(default_factory=list)
    trained: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)  # Splink settings with m/u, for the record

    def groups(self, min_size: int = 2) -> list[list[str]]:
        """Clusters as sorted member lists (by default only those that merged something)."""
        members: dict[str, list[str]] = {}
        for rid, cid in self.clusters.items():
            members.setdefault(cid, []).append(rid)
        return sorted(sorted(m) for m in members.values() if len(m) >= min_size)

    def same_cluster(self, a: str, b: str) -> bool:
        return self.clusters[a] == self.clusters[b]

    def review_groups(self) -> list[tuple[str, list[PairPrediction]]]:
        """The review list by candidate person: (cluster id, its pairs), so a reviewer decides
        one person at a time. A pair belongs to the larger of its two clusters (the person a
        record would join); strongest group first."""
        sizes: dict[str, int] = {}
        for cid in self.clusters.values():
            sizes[cid] = sizes.get(cid, 0) + 1
        by_person: dict[str, list[PairPrediction]] = {}
        for pair in self.review:
            a, b = self.clusters[pair.left_id], self.clusters[pair.right_id]
            person = min((a, b), key=lambda c: (-sizes[c], c))
            by_person.setdefault(person, []).append(pair)
        return sorted(
            by_person.items(),
            key=lambda item: (-max(p.match_probability for p in item[1]), item[0]),
        )


def _duckdb_connection(settings: LinkSettings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(settings.threads)}")
    con.execute("SET memory_limit = ?", [settings.memory_limit])
    # Row order is irrelevant to linkage and keeping it costs memory on big joins.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    if settings.temp_directory:
        con.execute("SET temp_directory = ?", [settings.temp_directory])
    return con


def _spark(master: str) -> Any:
    try:
        return spark_session(master)
    except SparkUnavailableError as exc:
        raise LinkageBackendError(str(exc)) from exc


def _register(
    con: duckdb.DuckDBPyConnection, settings: LinkSettings, name: str = "habeas_people"
) -> Any:
    if settings.backend == "duckdb":
        return DuckDBAPI(connection=con).register(PREPARED, table_name=name)
    from splink import SparkAPI

    spark = _spark(settings.spark_master)
    # Through Arrow, not pandas: pandas turns the nickname list column into numpy arrays Spark cannot type.
    frame = spark.createDataFrame(con.table(PREPARED).to_arrow_table())
    # The Spark session outlives a run and its catalog keeps the names: one name per run.
    return SparkAPI(
        spark_session=spark
    ).register(  # type: ignore[no-untyped-call, unused-ignore]
        frame, table_name=f"{name}_{uuid.uuid4().hex[:12]}"
    )


# m: no level of a real-world comparison is impossible among true matches. u may legitimately
# be tiny (two strangers sharing a date of birth: ~1/25,000), so its floor is far lower.
FLOORS = {"m_probability": 1e-3, "u_probability": 1e-8}


def _clamp(model: dict[str, Any]) -> dict[str, Any]:
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            for key, floor in FLOORS.items():
                value = level.get(key)
                if value is not None:
                    level[key] = min(max(float(value), floor), 1 - floor)
    return model


def _prior_lambda(n: int) -> float:
    # Without training: about one duplicate per record pair set of a few records, i.e. the
    # expected number of true pairs (~n/5 for case files with ~10% repeats) over n(n-1)/2 pairs.
    return min(0.05, max(1e-9, 0.4 / max(n - 1, 1)))


def _m_values(linker: Linker) -> dict[tuple[str, int], float]:
    return {
        (c.output_column_name, i): level.m_probability
        for c in linker._settings_obj.comparisons
        for i, level in enumerate(c.comparison_levels)
        if not level.is_null_level and level.m_probability is not None
    }


def _m_restore(linker: Linker, values: dict[tuple[str, int], float]) -> None:
    """Undo a failed EM session's partial update (Splink may fail while it copies values back)."""
    for c in linker._settings_obj.comparisons:
        for i, level in enumerate(c.comparison_levels):
            if (c.output_column_name, i) in values:
                level.m_probability = values[(c.output_column_name, i)]


def _train(
    linker: Linker, settings: LinkSettings, timings: dict[str, float], n: int, warnings: list[str]
) -> bool:
    """Estimate lambda, u and m from the records; False (priors kept) when the records hold no exact
    duplicate to learn from."""
    training = linker.training
    t = time.perf_counter()
    # Splink prints a warning to the console when no exact duplicate is found; that case is handled
    # below and reported in the result's warnings instead.
    splink_training = logging.getLogger("splink.internals.linker_components.training")
    level = splink_training.level
    splink_training.setLevel(logging.ERROR)
    try:
        training.estimate_probability_two_random_records_match(
            [
                block_on("first_name", "last_name", "dob"),
                block_on("badge", "agency", "last_name"),
                # officials have no dob: one full name at one agency
                block_on("first_name", "last_name", "agency"),
            ],
            recall=0.7,
        )
    finally:
        splink_training.setLevel(level)
    timings["train_lambda_s"] = time.perf_counter() - t
    # With no exact duplicates at all the estimate is 0 (1 with nothing but duplicates): EM would
    # fail on log(0), and would have no matches to learn m from anyway. Keep the built-in priors.
    # (Splink offers no public setter for this value.)
    estimated = linker._settings_obj._probability_two_random_records_match
    if not 0 < estimated < 1:
        linker._settings_obj._probability_two_random_records_match = _prior_lambda(n)
        warnings.append(
            f"not trained: no exact duplicates among {n:,} records to learn from; used the built-in priors"
        )
        return False
    t = time.perf_counter()
    training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    timings["train_u_s"] = time.perf_counter() - t
    trained_m = 0
    for i, (label, rule) in enumerate(training_blocks()):
        t = time.perf_counter()
        before = _m_values(linker)
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=settings.em_max_pairs
            )
            trained_m += 1
        except (SplinkException, ValueError) as exc:
            _m_restore(linker, before)
            # No pairs in the block (no dob at all), or EM driving an m to 0 (records with no
            # dob that share badges): that session's m values stay the built-in priors.
            text = str(exc).strip()
            reason = "no record pairs" if "resulted in no record pairs" in text else text[:160]
            warnings.append(f"not trained on pairs with {label} ({reason}): kept the priors")
        timings[f"train_em{i}_s"] = time.perf_counter() - t
    if not trained_m:
        warnings.append("m probabilities not trained: used the built-in priors, u from the records")
    # EM sessions re-estimate lambda inside their blocks; the estimate over all records stands.
    linker._settings_obj._probability_two_random_records_match = estimated
    return True


def _weight(probability: float) -> float:
    """A probability as Splink's match weight (log2 of the odds)."""
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def _officials(con: duckdb.DuckDBPyConnection) -> dict[str, Official]:
    """Records that may be completed at their agency: an agency and no date of birth."""
    rows = con.execute(
        f"SELECT unique_id, agency, first_name, badge, last_name, last_parts FROM {PREPARED} "  # noqa: S608
        "WHERE agency IS NOT NULL AND dob IS NULL"
    ).fetchall()
    return {
        str(rid): Official(agency, first, badge, last, tuple(parts or ()))
        for rid, agency, first, badge, last, parts in rows
    }


def _predictions(
    splink_df: Any, con: duckdb.DuckDBPyConnection, backend: str, where: str = "TRUE"
) -> pa.Table:
    """The scored pairs as Arrow, only those ``where`` holds (SQL of module constants)."""
    if backend == "duckdb":
        return con.sql(f"SELECT * FROM {splink_df.physical_name} WHERE {where}").to_arrow_table()  # noqa: S608 (Splink's own table name)
    con.register(
        "habeas_link_scored",
        pa.Table.from_pandas(splink_df.as_pandas_dataframe(), preserve_index=False),
    )
    try:
        return con.sql(f"SELECT * FROM habeas_link_scored WHERE {where}").to_arrow_table()  # noqa: S608
    finally:
        con.unregister("habeas_link_scored")


def _roster_pairs(
    con: duckdb.DuckDBPyConnection,
    settings: LinkSettings,
    model: dict[str, Any],
    below: float,
) -> pa.Table:
    """The pairs of ``comparisons.roster_rules`` scored by the same (trained) model below
    ``below``, the probability down to which the main prediction kept its pairs (the roster
    rules are among the prediction's blocking rules, so the pairs above it are known)."""
    roster = {
        **model,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in roster_rules()
        ],
    }
    linker = Linker(_register(con, settings, "habeas_people_roster"), roster, log_level=None)
    predicted = linker.inference.predict(warning_mode="never")
    where = f"match_probability < {float(below)!r} AND ({roster_filter()})"
    return _predictions(predicted, con, settings.backend, where)


def _pairs(
    table: pa.Table, specs: Sequence[ComparisonSpec], *, explained: bool = True
) -> Iterator[PairPrediction]:
    """The scored pairs, each with its reasons in words (or none, when ``explained`` is off:
    the roster's pairs are many and only the few completion.py accepts are shown)."""
    gamma_cols = [f"gamma_{s.output}" for s in specs if f"gamma_{s.output}" in table.column_names]
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for batch in table.select([*columns, *(gamma_cols if explained else [])]).to_batches(
        max_chunksize=65_536
    ):
        for row in batch.to_pylist():
            agreed, disagreed = explain(row, specs) if explained else ((), ())
            left, right = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
            yield PairPrediction(
                left,
                right,
                float(row["match_weight"]),
                float(row["match_probability"]),
                agreed,
                disagreed,
            )


def _explained(
    table: pa.Table, specs: Sequence[ComparisonSpec], keys: set[tuple[str, str]]
) -> list[PairPrediction]:
    """The pairs of ``table`` with these (sorted) keys, with their reasons in words."""
    if not keys:
        return []
    ids = pa.array(sorted({rid for key in keys for rid in key}), pa.string())
    left = pc.cast(table["unique_id_l"], pa.string())
    right = pc.cast(table["unique_id_r"], pa.string())
    mask = pc.and_(pc.is_in(left, ids), pc.is_in(right, ids))
    return [p for p in _pairs(table.filter(mask), specs) if p.key in keys]


def _check_decisions(
    name: str, decisions: Sequence[tuple[str, str]], known: set[str], warnings: list[str]
) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    for pair in decisions:
        if len(pair) != 2:
            raise ValueError(f"{name} entries must be (record_id, record_id) pairs, got {pair!r}")
        a, b = str(pair[0]), str(pair[1])
        unknown = [x for x in (a, b) if x not in known]
        if unknown:
            # A decision about a record no longer in the input is stale, not an error.
            warnings.append(
                f"{name} ({a!r}, {b!r}) ignored: unknown record_id {', '.join(map(repr, unknown))}"
            )
            continue
        kept.append((a, b))
    return kept


def person_link(
    records: pa.Table | Any,
    *,
    settings: LinkSettings = LinkSettings(),  # noqa: B008 (frozen dataclass: safe as a default)
    must_link: Sequence[tuple[str, str]] = (),
    cannot_link: Sequence[tuple[str, str]] = (),
) -> LinkResult:
    """Deduplicate person records; see the package docstring for columns and output."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    table = to_arrow(records)
    specs = person_comparisons(settings.extra_columns)
    if settings.backend == "spark":
        _spark(settings.spark_master)  # fail before any work if Spark cannot run
    con = _duckdb_connection(settings)
    try:
        skipped = prepare(con, table, settings.extra_columns)
        ids = [r[0] for r in con.execute(f"SELECT unique_id FROM {PREPARED}").fetchall()]  # noqa: S608
        timings["prepare_s"] = time.perf_counter() - t0
        all_ids = ids + [s.record_id for s in skipped]
        known = set(all_ids)
        warnings = [f"record {s.record_id!r} not linked: {s.reason}" for s in skipped]
        must = _check_decisions("must_link", must_link, known, warnings)
        cannot = _check_decisions("cannot_link", cannot_link, known, warnings)

        officials = _officials(con)
        pairs: list[PairPrediction] = []
        weak: list[PairPrediction] = []
        roster: list[PairPrediction] = []
        roster_table: pa.Table | None = None
        trained = False
        model: dict[str, Any] = {}
        if len(ids) >= 2:
            creator = SettingsCreator(
                link_type="dedupe_only",
                comparisons=[spec.to_splink() for spec in specs],
                blocking_rules_to_generate_predictions=list[BlockingRuleCreator | dict[str, Any]](
                    blocking_rules(settings.extra_blocking)
                ),
                probability_two_random_records_match=_prior_lambda(len(ids)),
                # Splink 5 keeps the gamma columns (our explanation) only with the matching
                # columns; the output is filtered at prediction_floor, so this stays small.
                retain_matching_columns=True,
                retain_intermediate_calculation_columns=False,
                unique_id_column_name="unique_id",
            )
            linker = Linker(_register(con, settings), creator, log_level=None)
            t1 = time.perf_counter()
            trained = settings.train == "always" or (
                settings.train == "auto" and len(ids) >= settings.train_min_records
            )
            if trained:
                trained = _train(linker, settings, timings, len(ids), warnings)
            if trained:
                # EM can drive a level's m to 0 when the training data never shows it (e.g. no
                # middle-name disagreement among matches), which makes that level veto any
                # match. Clamp, then rebuild the linker from the clamped model.
                clamped = _clamp(linker.misc.save_model_to_json(out_path=None))
                linker = Linker(
                    _register(con, settings, "habeas_people_scored"), clamped, log_level=None
                )
            timings["train_s"] = time.perf_counter() - t1
            t2 = time.perf_counter()
            threshold = (
                min(settings.prediction_floor, settings.completion_floor)
                if officials
                else settings.prediction_floor
            )
            predicted = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            )
            prediction_table = _predictions(predicted, con, settings.backend)
            timings["predict_s"] = time.perf_counter() - t2
            scored = sorted(
                _pairs(prediction_table, specs),
                key=lambda p: (-p.match_weight, p.left_id, p.right_id),
            )
            pairs = [p for p in scored if p.match_probability >= settings.prediction_floor]
            # Weak pairs, kept only between officials of one agency for completion.py.
            weak = [
                p
                for p in scored
                if p.match_probability < settings.prediction_floor
                and p.left_id in officials
                and p.right_id in officials
                and officials[p.left_id].agency == officials[p.right_id].agency
            ]
            del scored
            del prediction_table
            model = linker.misc.save_model_to_json(out_path=None)
            if officials:
                t4 = time.perf_counter()
                roster_table = _roster_pairs(con, settings, model, threshold)
                roster = list(_pairs(roster_table, specs, explained=False))
                timings["roster_s"] = time.perf_counter() - t4
    finally:
        con.close()

    t3 = time.perf_counter()
    merge = [p for p in pairs if p.match_probability >= settings.merge_threshold]
    below = [
        p
        for p in (*pairs, *weak)
        if settings.completion_floor <= p.match_probability < settings.merge_threshold
    ]
    # Below the completion floor only the roster counts: pairs at one agency, read by name.
    faint = [
        p
        for p in (*pairs, *weak, *roster)
        if p.match_probability < settings.completion_floor
        and same_agency((p.left_id, p.right_id, 0.0), officials)
    ]
    # Between officials of one agency (no dob) completion.py decides; elsewhere the merge line.
    officials_pairs = officials_decide(
        [(p.left_id, p.right_id, p.match_weight) for p in merge],
        [(p.left_id, p.right_id, p.match_weight) for p in below],
        officials,
        review_weight=_weight(settings.review_threshold),
        faint=[(p.left_id, p.right_id, p.match_weight) for p in faint],
    )
    # match_weight orders edges better than probability, which saturates at 1.0 in floats.
    edges = [
        (p.left_id, p.right_id, p.match_weight)
        for p in merge
        if not same_agency((p.left_id, p.right_id, 0.0), officials)
    ]
    edges += officials_pairs.accepted
    accepted = {(a, b) for a, b, _ in officials_pairs.accepted}
    completed = [p for p in (*below, *faint) if (p.left_id, p.right_id) in accepted]
    if roster_table is not None:  # the roster's pairs are put in words only where they count
        from_roster = {p.key for p in roster} & {p.key for p in completed}
        words = {p.key: p for p in _explained(roster_table, specs, from_roster)}
        completed = [words.get(p.key, p) for p in completed]
        del roster_table
    refused = {(a, b) for a, b, _ in officials_pairs.refused}
    clustering = cluster(all_ids, edges, must, cannot)
    decided = {tuple(sorted(pair)) for pair in (*must, *cannot)}
    # Pairs above the merge line that would make two officials one person go to a reviewer too.
    review = [
        p
        for p in pairs
        if (
            settings.review_threshold <= p.match_probability < settings.merge_threshold
            or (p.left_id, p.right_id) in refused
        )
        and (p.left_id, p.right_id) not in decided
        and clustering.cluster_of[p.left_id] != clustering.cluster_of[p.right_id]
    ]
    cut_set = set(clustering.cut)
    cut = [p for p in (*merge, *completed) if (p.left_id, p.right_id) in cut_set]
    if refused:
        warnings.append(
            f"{len(refused)} pairs above the merge line left to review: each would make two "
            "officials of one agency one person"
        )
    timings["cluster_s"] = time.perf_counter() - t3
    timings["total_s"] = time.perf_counter() - t0
    if any(math.isnan(p.match_weight) for p in pairs):
        warnings.append("some match weights are NaN: the model has untrained levels")
    return LinkResult(
        pairs=pairs,
        clusters=clustering.cluster_of,
        review=review,
        cut=cut,
        completed=[p for p in completed if (p.left_id, p.right_id) not in cut_set],
        skipped=skipped,
        warnings=warnings,
        trained=trained,
        timings=timings,
        model=model,
    )
