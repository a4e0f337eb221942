"""The comparisons and blocking rules of the person model, each level labelled in plain words.

Levels are built with Splink's dialect-aware level library where one exists, otherwise as
DuckDB SQL that Splink translates (sqlglot) for Spark. Every level carries a prior m and u
probability, so a model on a handful of records is usable before (or without) training."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator


@dataclass(frozen=True)
class Level:
    """One non-null level: its words for a reviewer, its Splink creator and prior m/u."""

    words: str
    creator: ComparisonLevelCreator
    m: float
    u: float
    # The prior m stands: a level true pairs almost never show, whose m training would drive
    # towards 0 until Splink refuses it (then the whole session's training is lost).
    fixed_m: bool = False


@dataclass(frozen=True)
class ComparisonSpec:
    """A comparison: ``output`` is Splink's column name (gamma_<output>), ``label`` the words."""

    output: str
    label: str
    null_column: str
    levels: tuple[Level, ...]

    def words_for_gamma(self, gamma: int) -> str | None:
        """None for the null level (one side unknown): nothing to say about it."""
        if gamma < 0:
            return None
        return self.levels[len(self.levels) - 1 - gamma].words

    def gamma_of(self, words: str) -> int:
        """The gamma value of the level with these words (Splink counts from the last level)."""
        index = next(i for i, level in enumerate(self.levels) if level.words == words)
        return len(self.levels) - 1 - index

    def to_splink(self) -> ComparisonCreator:
        levels: list[ComparisonLevelCreator] = [cll.NullLevel(self.null_column)]
        levels.extend(
            level.creator.configure(
                m_probability=level.m,
                u_probability=level.u,
                label_for_charts=level.words,
                fix_m_probability=level.fixed_m,
            )
            for level in self.levels
        )
        return cl.CustomComparison(
            comparison_levels=list[ComparisonLevelCreator | dict[str, Any]](levels),
            output_column_name=self.output,
            comparison_description=self.label,
        )


def _sql(condition: str) -> cll.CustomLevel:
    return cll.CustomLevel(condition, base_dialect_str="duckdb")


def _different() -> cll.ElseLevel:
    return cll.ElseLevel()


def first_name_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "first_name",
        "first name",
        "first_name",
        (
            Level("exact", cll.ExactMatchLevel("first_name"), 0.80, 0.01),
            # "Sarnuel" / "Samuel", "Wenclell" / "Wendell" (names.ocr_fold on both sides)
            Level(
                "OCR confusion",
                _sql("length(first_name_l) > 1 AND first_ocr_l = first_ocr_r"),
                0.02,
                0.0005,
            ),
            # Ordered before the fuzzy levels: "Bill"/"William" are far apart as strings.
            # One name directly related to the other (names.nicknames): never through a chain.
            Level("nickname", _sql("list_contains(first_nick_l, first_name_r)"), 0.05, 0.002),
            # "J." against "John": weaker than a full match, but far from a disagreement.
            Level(
                "initial matches",
                _sql(
                    "(length(first_name_l) = 1 OR length(first_name_r) = 1) "
                    "AND first_initial_l = first_initial_r"
                ),
                0.05,
                0.008,
            ),
            # Not for initials: "J" and "K" are one edit apart.
            Level(
                "one typo",
                _sql(
                    "length(first_name_l) > 2 AND length(first_name_r) > 2 "
                    "AND damerau_levenshtein(first_name_l, first_name_r) <= 1"
                ),
                0.06,
                0.003,
            ),
            Level("similar spelling", cll.JaroWinklerLevel("first_name", 0.88), 0.03, 0.01),
            Level("swapped with last name", _sql("first_name_l = last_name_r"), 0.01, 0.0005),
            Level("different", _different(), 0.02, 0.92),
        ),
    )


def last_name_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "last_name",
        "last name",
        "last_name",
        (
            Level("exact", cll.ExactMatchLevel("last_name"), 0.85, 0.002),
            # "Hemandez" / "Hernandez", "Kess1er" / "Kessler" (names.ocr_fold on both sides)
            Level("OCR confusion", cll.ExactMatchLevel("last_ocr"), 0.03, 0.0002),
            Level("one typo", cll.DamerauLevenshteinLevel("last_name", 1), 0.06, 0.001),
            # "Hernandez" for "Hernandez Lopez", "Cruz" for "De La Cruz"
            Level(
                "one part of a double surname",
                _sql(
                    "list_contains(last_parts_l, last_name_r) OR list_contains(last_parts_r, last_name_l)"
                ),
                0.03,
                0.0005,
            ),
            # "Cabrera Herrera" / "Cabrera Jimenez": two double surnames that share a part and
            # differ in the other are two families, however alike they look as strings.
            Level(
                "double surnames, one part differs",
                _sql(
                    "last_half_a_l IS NOT NULL AND last_half_a_r IS NOT NULL "
                    "AND (last_half_a_l IN (last_half_a_r, last_half_b_r) "
                    "OR last_half_b_l IN (last_half_a_r, last_half_b_r))"
                ),
                0.005,
                0.001,
            ),
            Level("similar spelling", cll.JaroWinklerLevel("last_name", 0.88), 0.03, 0.005),
            Level("swapped with first name", _sql("last_name_l = first_name_r"), 0.01, 0.0005),
            Level("sounds alike", cll.ExactMatchLevel("last_sdx"), 0.02, 0.01),
            Level("different", _different(), 0.03, 0.98),
        ),
    )


def middle_name_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "middle_name",
        "middle name",
        "middle_name",
        (
            Level("exact", cll.ExactMatchLevel("middle_name"), 0.75, 0.02),
            Level(
                "initial matches",
                _sql("left(middle_name_l, 1) = left(middle_name_r, 1)"),
                0.15,
                0.06,
            ),
            Level("different", _different(), 0.10, 0.92),
        ),
    )


def dob_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "dob",
        "dob",
        "dob",
        (
            Level("exact", cll.ExactMatchLevel("dob"), 0.85, 0.0001),
            Level(
                "month and day swapped",
                _sql(
                    "year(dob_l) = year(dob_r) AND month(dob_l) = day(dob_r) AND day(dob_l) = month(dob_r)"
                ),
                0.02,
                0.00001,
            ),
            Level(
                "one digit off",
                _sql(
                    "damerau_levenshtein(strftime(dob_l, '%Y%m%d'), strftime(dob_r, '%Y%m%d')) <= 1"
                ),
                0.06,
                0.001,
            ),
            Level(
                "within a year",
                cll.AbsoluteDateDifferenceLevel(
                    "dob", input_is_string=False, threshold=1, metric="year"
                ),
                0.04,
                0.03,
            ),
            Level("different", _different(), 0.03, 0.97),
        ),
    )


def badge_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "badge",
        "badge",
        "badge",
        (
            Level(
                "badge and agency exact",
                _sql("badge_l = badge_r AND agency_l = agency_r"),
                0.85,
                0.00001,
            ),
            # One person's badge at another agency (or none written) is rare, and in a block of
            # pairs with one dob (most people have no badge) its m falls to 0 within a few EM
            # iterations once there are millions of records: kept at the prior.
            Level(
                "badge exact, agency differs or unknown",
                cll.ExactMatchLevel("badge"),
                0.05,
                0.0005,
                fixed_m=True,
            ),
            Level("different", _different(), 0.10, 0.9995),
        ),
    )


def agency_comparison() -> ComparisonSpec:
    """Officials: the agency tells namesakes apart. Agencies compare as names.agency_key. An
    officer who moved agency is rare (m of "different" 0.02), two officers of one agency sharing a
    random pair's agency is common (u of "exact" is the agency's share of the records)."""
    return ComparisonSpec(
        "agency",
        "agency",
        "agency",
        (
            Level("exact", cll.ExactMatchLevel("agency"), 0.98, 0.12),
            Level("different", _different(), 0.02, 0.88),
        ),
    )


def role_comparison() -> ComparisonSpec:
    return ComparisonSpec(
        "role",
        "role",
        "role",
        (
            Level("same", cll.ExactMatchLevel("role"), 0.9, 0.4),
            Level("different", _different(), 0.1, 0.6),
        ),
    )


def extra_comparison(column: str) -> ComparisonSpec:
    """A free-text column the caller adds (an address, a precinct): exact, typo, similar."""
    return ComparisonSpec(
        column,
        column.replace("_", " "),
        column,
        (
            Level("exact", cll.ExactMatchLevel(column), 0.8, 0.01),
            Level("one typo", cll.DamerauLevenshteinLevel(column, 1), 0.08, 0.005),
            Level("similar spelling", cll.JaroWinklerLevel(column, 0.88), 0.05, 0.01),
            # Addresses are retyped more freely than names ("12 stanley st" / "stanley street").
            Level("partly similar", cll.JaroWinklerLevel(column, 0.7), 0.03, 0.05),
            Level("different", _different(), 0.04, 0.925),
        ),
    )


def person_comparisons(extra_columns: Sequence[str] = ()) -> list[ComparisonSpec]:
    return [
        first_name_comparison(),
        last_name_comparison(),
        middle_name_comparison(),
        dob_comparison(),
        badge_comparison(),
        agency_comparison(),
        role_comparison(),
        *(extra_comparison(c) for c in extra_columns),
    ]


def blocking_rules(extra: Sequence[Sequence[str]] = ()) -> list[BlockingRuleCreator]:
    """Candidate pairs: a pair is scored if any rule holds. Each rule is an equi-join (fast in
    DuckDB); together they catch a typo in any one of last name / first name / dob."""
    return [
        block_on("dob", "last_sdx"),  # first-name typos, nicknames, initials when dob is known
        block_on("dob", "first_name"),  # last name misspelt beyond soundex, or changed
        # Name-only rules grow with the square of a block, so they are narrowed: by birth year,
        # to exact names, or to pairs where one side has no dob at all (l/r both ways).
        block_on("last_sdx", "first_name", "birth_year"),  # wrong day/month
        # Bill/William: first names that share a name of their nickname sets (names.nicknames)
        block_on("first_nick", "last_sdx", "birth_year", arrays_to_explode=["first_nick"]),
        block_on("last_name", "first_sdx", "birth_year"),  # first-name typos
        block_on("last_name", "first_name"),  # same name, dob anything
        CustomRule(
            "l.dob IS NULL AND l.last_sdx = r.last_sdx AND l.first_name = r.first_name", "duckdb"
        ),
        CustomRule(
            "r.dob IS NULL AND l.last_sdx = r.last_sdx AND l.first_name = r.first_name", "duckdb"
        ),
        # ... and Ray/Raymond when one side has no dob (the filter on one side keeps it small)
        *(
            CustomRule(
                f"{side}.dob IS NULL AND l.first_nick = r.first_nick AND l.last_name = r.last_name",
                "duckdb",
                arrays_to_explode=["first_nick"],
            )
            for side in ("l", "r")
        ),
        # Officials have no dob: their agency narrows the blocks instead. Initials, typos and
        # OCR confusions that keep the soundex; nicknames; double surnames written in part.
        block_on("agency", "last_sdx", "first_initial"),
        block_on("first_nick", "last_sdx", "agency", arrays_to_explode=["first_nick"]),
        block_on("agency", "first_name", "last_initial"),
        block_on("agency", "last_ocr"),
        block_on("dob", "first_initial"),  # typos in both names ("Portia George" / "Portai Geore")
        block_on("dob", "last_initial"),
        block_on("badge", "agency"),  # officers: the badge identifies regardless of name
        block_on("badge", "last_sdx"),  # same badge, agency written differently
        # Swapped first/last names ("Lee Grant" / "Grant Lee"): symmetric, so one rule suffices.
        CustomRule("l.first_name = r.last_name AND l.last_name = r.first_name", "duckdb"),
        # ... and swapped with a typo in one of the two ("Whoe Chloe" / "Chloe White").
        CustomRule("l.dob = r.dob AND l.first_name = r.last_name", "duckdb"),
        CustomRule("l.dob = r.dob AND l.last_name = r.first_name", "duckdb"),
        # "J. Smith" against "John Smith": initial_only is non-null only for bare initials, so
        # these join few rows; two rules because either side may hold the initial.
        CustomRule("l.last_name = r.last_name AND l.initial_only = r.first_initial", "duckdb"),
        CustomRule("l.last_name = r.last_name AND l.first_initial = r.initial_only", "duckdb"),
        *(block_on(*columns) for columns in extra),
    ]


def roster_rules() -> list[str]:
    """The pairs an agency's roster is read from (completion.py), scored whatever their
    probability: officials of one agency without a dob. Such a pair scores low when many
    officers share a surname or a first name, yet it is how a clerk places "Kessler #4412" or
    "Katherine Calolwa": by the one officer of that name at that agency. Equi-joins on agency
    and name keys, so each rule stays small."""
    officials = "l.dob IS NULL AND r.dob IS NULL AND l.agency = r.agency"
    return [
        # one surname, one side without a full first name ("Kessler #4412", "A. Kessler")
        f"{officials} AND l.last_ocr = r.last_ocr AND (l.first_name IS NULL "
        "OR l.initial_only IS NOT NULL OR r.first_name IS NULL OR r.initial_only IS NOT NULL)",
        # a typo in the surname that keeps its sound ("Calolwa" / "Calloway")
        f"{officials} AND l.last_sdx = r.last_sdx AND l.first_initial = r.first_initial",
        # one first name, a surname written in part or beyond its sound ("Rivera" / "Rivera Alvarez")
        f"{officials} AND l.first_name = r.first_name AND l.last_initial = r.last_initial",
    ]


def roster_filter() -> str:
    """Which scored roster pairs completion.py can use: no first name on one side, or first
    names that may be one (an initial, a nickname, a typo); any other is a different officer."""
    first = first_name_comparison()
    kept = ", ".join(
        str(first.gamma_of(w))
        for w in ("exact", "OCR confusion", "nickname", "initial matches", "one typo")
    )
    return f"gamma_first_name = -1 OR gamma_first_name IN ({kept})"


def training_blocks() -> list[tuple[str, BlockingRuleCreator]]:
    """EM sessions (with words for a warning): each leaves out the comparisons it blocks on, so
    together they train all. A session that finds no pairs (no dob) is skipped by the engine."""
    return [
        ("same dob", block_on("dob")),
        ("same first and last name", block_on("first_name", "last_name")),
        # officials: one badge at one agency is one person; trains the name levels without dob
        ("same badge and agency", block_on("badge", "agency")),
    ]
