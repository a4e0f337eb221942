"""Element-flag quality on real court opinions: the engine now and the engine at a git revision,
side by side, per element and per whole opinion.

    .venv/bin/python -m bench.flags_quality [--split dev|dev3..dev8|heldout..heldout5|dev-all|heldout-all]
                                            [--baseline-rev REV]
                                            [--page-chars N] [--errors] [--kinds]
                                            [--folds K] [--show-folds 0,1] [--opinions FILE]

The corpus is bench/data/flags (see its LABELLING.md); materialize the texts first with
``python -m bench.flags_corpus materialize --split SPLIT``. Tune on the development sets only:
``heldout`` to ``heldout5`` (five held-out sets, scored separately) are for the final
measurement, and ``--errors`` / ``--kinds`` (which print sentences) refuse them. ``dev3`` to
``dev8`` are later development sets, each labelled before the engine was run on it: its first
score was the estimate on unseen text, and a change that helps ``dev`` but hurts them is not kept.
``dev-all`` and ``heldout-all`` pool the development and the held-out sets into one figure (each
set alone is small: 3 to 283 positives).

How flags are scored:

- Each opinion's materialized text is flagged as ONE page by default (``--page-chars N`` cuts it
  into pages of about N characters at blank lines, the way a PDF's pages would arrive, and flags
  them with ``flags_find_pages``).
- Sentence level: a labelled sentence is predicted positive for element E when an AFFIRMED flag of
  category E has its trigger (``match_start``..``match_end``) inside the sentence's span; a flag in
  any other context is not a category call. True positive: the sentence is labelled ``affirmed``
  for E. False positive: labelled ``rejected``/``other`` for E, or E absent from its labels.
  False negative: labelled ``affirmed`` for E and not predicted. Unlabelled sentences do not count
  here (they count at case level).
- Case level (opinions with ``whole: true``): each engine's categories are those of its
  ``case_summary(flags)``; an engine from before the summary existed (dfe148b) counts the
  categories with any affirmed flag. A false category is one predicted but not in ``truth.affirmed``; a missed
  one is in ``truth.affirmed`` and not predicted.
- The 95% interval of the overall F1 comes from drawing the opinions again with replacement
  (1,000 draws, a fixed seed): the sentences of one opinion are not independent, so the opinion
  is the unit. On a small set it is wide, and two engines whose intervals overlap may not differ.
- Folds (``--folds K``, dev only): the opinions are split into K folds by
  ``sha256(opinion id)`` (``fold_of``), and the sentence and case-level figures are printed per
  fold, for both engines. Whoever tunes looks at the errors of some folds only (``--show-folds``
  limits ``--errors`` / ``--kinds`` to them) and keeps a change only if the other folds do not get
  worse: the figures on folds never looked at are the estimate of how the engine generalises.
- ``--opinions FILE`` (dev only) scores the opinions listed in FILE alone (one id a line, ``#``
  comments), e.g. ``bench/data/flags/fresh.dev.txt``: opinions added later and labelled before
  the engine was run on them, whose figure is an estimate on text nobody tuned on.
- The previous engine is loaded from git (``git show REV:habeas/domain/flags/...`` into a
  temporary package), so the comparison needs no frozen copy. It had no firearm_toolmark or
  gunshot_residue category: its firearm rule flagged forensic_method, and is scored so.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.flags_corpus import (
    ELEMENTS,
    HELDOUT_SPLITS,
    LATER_DEV_SPLITS,
    SPLITS,
    Opinion,
    opinions_load,
    sentences_load,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BASELINE = "dfe148b"
FLAGS_PACKAGE = "habeas/domain/flags"


# --- engines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    name: str
    find_pages: Callable[[list[tuple[int, str]]], list[Any]]
    categories: Callable[[list[Any]], set[str]]


def _any_affirmed(flags: list[Any]) -> set[str]:
    return {f.category.value for f in flags if f.context.value == "affirmed"}


def engine_current() -> Engine:
    from habeas.domain.flags import case_summary, flags_find_pages, rules_default

    rules = rules_default()

    def categories(flags: list[Any]) -> set[str]:
        return {c.value for c in case_summary(flags).categories()}

    return Engine("new", lambda pages: flags_find_pages(pages, rules=rules), categories)


def engine_at(rev: str, workdir: Path) -> Engine:
    """The flag package as it was at git revision ``rev``, imported under another name."""
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, FLAGS_PACKAGE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not names:
        raise SystemExit(f"{rev} has no {FLAGS_PACKAGE}")
    package = "habeas_flags_at_" + re.sub(r"\W", "_", rev)
    for name in names:
        data = subprocess.run(
            ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        target = workdir / package / Path(name).relative_to(FLAGS_PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".py"):
            data = data.replace(b"habeas.domain.flags", package.encode())
        target.write_bytes(data)
    sys.path.insert(0, str(workdir))
    module: ModuleType = importlib.import_module(package)
    rules = module.rules_default()
    summary = getattr(module, "case_summary", None)

    def categories(flags: list[Any]) -> set[str]:
        if summary is None:  # an engine from before the case-level summary
            return _any_affirmed(flags)
        return {c.value for c in summary(flags).categories()}

    return Engine(
        f"old {rev}", lambda pages: module.flags_find_pages(pages, rules=rules), categories
    )


# --- pages ---------------------------------------------------------------------------------------


def pages_cut(text: str, page_chars: int) -> list[tuple[int, int, str]]:
    """(page number, offset, text): the whole text as one page, or pages of about ``page_chars``
    characters ending at a blank line (or a line end, or anywhere, if there is none)."""
    if page_chars <= 0 or len(text) <= page_chars:
        return [(1, 0, text)]
    out, start, number = [], 0, 1
    while start < len(text):
        end = min(len(text), start + page_chars)
        if end < len(text):
            cut = text.rfind("\n\n", start + page_chars // 2, end)
            if cut == -1:
                cut = text.rfind("\n", start + page_chars // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((number, start, text[start:end]))
        start, number = end, number + 1
    return out


@dataclass
class Flagged:
    """One opinion's affirmed trigger spans per category, in the opinion's offsets."""

    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    seconds: float = 0.0


def flag_opinion(engine: Engine, text: str, page_chars: int) -> Flagged:
    cut = pages_cut(text, page_chars)
    offset = {number: at for number, at, _ in cut}
    t0 = time.perf_counter()
    flags = engine.find_pages([(number, page) for number, _, page in cut])
    out = Flagged(seconds=time.perf_counter() - t0)
    for f in flags:
        if f.context.value == "affirmed":
            at = offset.get(f.page, 0)
            out.spans.setdefault(f.category.value, []).append(
                (at + f.match_start, at + f.match_end)
            )
    out.categories = engine.categories(flags)
    return out


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (kind, E, row)

    def prf(self, element: str | None = None) -> tuple[float, float, float, int]:
        keys = [element] if element else list(ELEMENTS)
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f1, tp + fn


def _inside(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def sentences_score(rows: Iterable[dict[str, Any]], flagged: dict[str, Flagged]) -> Tally:
    tally = Tally()
    for row in rows:
        done = flagged.get(str(row["opinion"]))
        if done is None:
            continue
        start, end = int(row["start"]), int(row["end"])
        labels: dict[str, str] = row["labels"]
        for element in ELEMENTS:
            predicted = any(_inside(sp, start, end) for sp in done.spans.get(element, []))
            truth = labels.get(element) == "affirmed"
            if predicted and truth:
                tally.tp[element] += 1
            elif predicted:
                tally.fp[element] += 1
                tally.errors.append(("FP", element, row))
            elif truth:
                tally.fn[element] += 1
                tally.errors.append(("FN", element, row))
    return tally


@dataclass
class CaseResult:
    opinion: str
    false: set[str]
    missed: set[str]


def cases_score(opinions: Sequence[Opinion], flagged: dict[str, Flagged]) -> list[CaseResult]:
    out = []
    for op in opinions:
        if not op.whole or op.id not in flagged:
            continue
        truth = set(op.truth.get("affirmed", []))
        got = flagged[op.id].categories
        out.append(CaseResult(op.id, got - truth, truth - got))
    return out


# Several sets scored as one, for a figure on more text than any one set holds (aggregate
# figures only for the held-out pool, like its members).
POOLS = {"heldout-all": HELDOUT_SPLITS, "dev-all": ("dev", *LATER_DEV_SPLITS)}
BOOTSTRAP_REPS = 1000


def split_load(split: str) -> tuple[dict[str, Opinion], list[dict[str, Any]]]:
    """The opinions and labelled sentences of a set, or of every set of a pool."""
    opinions: dict[str, Opinion] = {}
    rows: list[dict[str, Any]] = []
    for name in POOLS.get(split, (split,)):
        found = opinions_load(name)
        clash = found.keys() & opinions.keys()
        if clash:
            raise SystemExit(f"{name} repeats opinions of another set: {', '.join(sorted(clash))}")
        opinions.update(found)
        rows.extend(sentences_load(name))
    return opinions, rows


def f1_interval(
    rows: Sequence[dict[str, Any]], flagged: dict[str, Flagged], reps: int = BOOTSTRAP_REPS
) -> tuple[float, float]:
    """A 95% interval for the overall sentence F1: the opinions are drawn again with replacement
    ``reps`` times (sentences of one opinion are not independent, so opinions are the unit)."""
    per: dict[str, tuple[int, int, int]] = {}
    for opinion in {str(row["opinion"]) for row in rows if str(row["opinion"]) in flagged}:
        t = sentences_score([r for r in rows if str(r["opinion"]) == opinion], flagged)
        per[opinion] = (sum(t.tp.values()), sum(t.fp.values()), sum(t.fn.values()))
    ids = sorted(per)
    if not ids:
        return 0.0, 0.0
    rng = random.Random(0)  # the same draws every run: the interval is reproducible
    scores = []
    for _ in range(reps):
        tp = fp = fn = 0
        for opinion in rng.choices(ids, k=len(ids)):
            a, b, c = per[opinion]
            tp, fp, fn = tp + a, fp + b, fn + c
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    scores.sort()
    return scores[int(0.025 * reps)], scores[min(reps - 1, int(0.975 * reps))]


def fold_of(opinion: str, folds: int) -> int:
    """The fold of an opinion: fixed by its id, never by its content."""
    return int(hashlib.sha256(opinion.encode()).hexdigest()[:8], 16) % folds


def folds_report(
    names: Sequence[str],
    rows: Sequence[dict[str, Any]],
    opinions: Sequence[Opinion],
    flagged: Sequence[dict[str, Flagged]],
    folds: int,
) -> None:
    """Sentence P/R/F1 and whole-opinion false/missed categories per fold, for every engine."""
    head = "".join(f" | {name:^17} | {'cases':^9}" for name in names)
    print(f"folds (sha256(opinion id) % {folds}):")
    print(f"{'fold':>4} {'ops':>4} {'sent':>4} {'pos':>4}{head}")
    print(f"{'':18}" + " |   P     R    F1   | whole f/m" * len(names))
    for fold in range(folds):
        ids = {op.id for op in opinions if fold_of(op.id, folds) == fold}
        part = [r for r in rows if str(r["opinion"]) in ids]
        tallies = [sentences_score(part, {i: f[i] for i in ids if i in f}) for f in flagged]
        cases = [
            cases_score([op for op in opinions if op.id in ids], {i: f[i] for i in ids if i in f})
            for f in flagged
        ]
        cells = "".join(
            f" | {_fmt(t.prf())} | {len(c):>2} {sum(len(r.false) for r in c):>2}/"
            f"{sum(len(r.missed) for r in c):<2}"
            for t, c in zip(tallies, cases, strict=True)
        )
        print(f"{fold:>4} {len(ids):>4} {len(part):>4} {tallies[0].prf()[3]:>4}{cells}")


def folds_parse(value: str) -> set[int]:
    return {int(x) for x in value.split(",") if x.strip()}


# --- report --------------------------------------------------------------------------------------


def _fmt(prf: tuple[float, float, float, int]) -> str:
    p, r, f1, _ = prf
    return f"{p:5.2f} {r:5.2f} {f1:5.2f}"


def report(
    names: Sequence[str],
    tallies: Sequence[Tally],
    cases: Sequence[list[CaseResult]],
    seconds: Sequence[float],
    chars: int,
    intervals: Sequence[tuple[float, float]] = (),
) -> None:
    head = "".join(f" | {name:^17}" for name in names)
    print(f"{'element':18} {'pos':>4}{head}")
    print(f"{'':18} {'':>4}" + " |   P     R    F1 " * len(names))
    for element in ELEMENTS:
        n = tallies[0].prf(element)[3]
        print(f"{element:18} {n:>4}" + "".join(f" | {_fmt(t.prf(element))}" for t in tallies))
    n = tallies[0].prf()[3]
    print(f"{'overall (micro)':18} {n:>4}" + "".join(f" | {_fmt(t.prf())}" for t in tallies))
    # the lowest F1 over elements with labelled positives (an element without any has no recall)
    positive = [e for e in ELEMENTS if tallies[0].prf(e)[3]]
    floor = [min((t.prf(e)[2] for e in positive), default=0.0) for t in tallies]
    print(f"{'lowest element F1':23}" + "".join(f" | {f:>17.2f}" for f in floor))
    if intervals:
        cells = "".join(f" | {f'{lo:.2f} to {hi:.2f}':>17}" for lo, hi in intervals)
        print(f"{'F1, 95% interval':23}{cells}  (bootstrap over opinions)")
    empty = [e for e in ELEMENTS if e not in positive]
    if empty:
        fps = ", ".join(f"{e} {tallies[-1].fp[e]}" for e in empty)
        print(
            f"  no positives labelled for: {', '.join(empty)} (new engine's false positives: {fps})"
        )
    print()
    whole = len(cases[0])
    print(f"whole opinions: {whole}")
    for name, results in zip(names, cases, strict=True):
        false = sum(len(r.false) for r in results)
        missed = sum(len(r.missed) for r in results)
        with_false = sum(1 for r in results if r.false)
        print(
            f"  {name:12} false categories {false:3} (in {with_false} opinions), "
            f"missed categories {missed:3}"
        )
    print()
    for name, secs in zip(names, seconds, strict=True):
        rate = chars / secs / 1e6 if secs else 0.0
        print(f"  {name:12} {secs:6.2f} s over {chars / 1e6:.2f} MB ({rate:.1f} MB/s, noisy)")


def errors_print(tally: Tally, texts: dict[str, str], kinds_only: bool) -> None:
    if kinds_only:
        counts = Counter((kind, el, str(row.get("kind", ""))) for kind, el, row in tally.errors)
        for (kind, el, k), n in sorted(counts.items()):
            print(f"{kind} {el:18} {k:28} {n}")
        return
    for kind, element, row in sorted(tally.errors, key=lambda x: (x[1], x[0])):
        text = texts[str(row["opinion"])][int(row["start"]) : int(row["end"])]
        label = row["labels"].get(element, "absent")
        print(f"{kind} {element} [{label}; {row.get('kind', '')}] {row['opinion']}@{row['start']}")
        print("   ", " ".join(text.split())[:600])


def opinion_ids(path: Path) -> set[str]:
    """The opinion ids listed in ``path``: one a line, blank lines and ``#`` comments ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines} - {""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=(*SPLITS, *POOLS), default="dev")
    parser.add_argument("--baseline-rev", default=DEFAULT_BASELINE)
    parser.add_argument("--page-chars", type=int, default=0, help="0: one page per opinion")
    parser.add_argument("--errors", action="store_true", help="print the new engine's errors")
    parser.add_argument("--kinds", action="store_true", help="count the new engine's errors")
    parser.add_argument(
        "--folds", type=int, default=0, help="dev only: also print figures per fold of K folds"
    )
    parser.add_argument(
        "--show-folds",
        default="",
        help="with --folds: --errors / --kinds print the errors of these folds only (e.g. 0,1)",
    )
    parser.add_argument(
        "--opinions",
        type=Path,
        default=None,
        help="dev only: score only the opinions listed in this file (one id a line)",
    )
    args = parser.parse_args(argv)
    # dev, a later development set (dev3) or their pool; never a held-out set or the held-out pool
    tuning = args.split not in HELDOUT_SPLITS and args.split != "heldout-all"
    if args.opinions and not tuning:
        parser.error("--opinions is for dev subsets only")
    if (args.errors or args.kinds) and not tuning:
        parser.error("--errors and --kinds print sentences: dev only")
    if args.folds and not tuning:
        parser.error("--folds is for tuning: dev only")
    if args.show_folds and not args.folds:
        parser.error("--show-folds needs --folds")

    found, rows = split_load(args.split)
    opinions = list(found.values())
    if args.opinions:
        chosen = opinion_ids(args.opinions)
        unknown = chosen - {op.id for op in opinions}
        if unknown:
            parser.error(f"not {args.split} opinions: {', '.join(sorted(unknown))}")
        opinions = [op for op in opinions if op.id in chosen]
        rows = [row for row in rows if str(row["opinion"]) in chosen]
    texts: dict[str, str] = {}
    for op in opinions:
        if op.text_path().exists():
            texts[op.id] = op.text()
        else:
            print(f"!! {op.id}: text not materialized (bench.flags_corpus materialize)")
    if not texts:
        print(f"no {args.split} texts: run python -m bench.flags_corpus materialize first")
        return 1
    with tempfile.TemporaryDirectory(prefix="flags-baseline-") as tmp:
        engines = [engine_at(args.baseline_rev, Path(tmp)), engine_current()]
        tallies, cases, seconds, every = [], [], [], []
        for engine in engines:
            flagged = {i: flag_opinion(engine, t, args.page_chars) for i, t in texts.items()}
            every.append(flagged)
            tallies.append(sentences_score(rows, flagged))
            cases.append(cases_score(opinions, flagged))
            seconds.append(sum(f.seconds for f in flagged.values()))
    labelled = sum(1 for row in rows if str(row["opinion"]) in texts)
    print(
        f"split {args.split}: {len(texts)} opinions, {labelled} labelled sentences; "
        f"{'one page per opinion' if args.page_chars <= 0 else f'pages of ~{args.page_chars} chars'}"
    )
    intervals = [f1_interval(rows, flagged) for flagged in every]
    chars = sum(len(t) for t in texts.values())
    report([e.name for e in engines], tallies, cases, seconds, chars, intervals)
    shown = folds_parse(args.show_folds) if args.show_folds else set(range(max(args.folds, 1)))

    def visible(opinion: str) -> bool:
        return not args.folds or fold_of(opinion, args.folds) in shown

    if args.folds:
        print()
        folds_report([e.name for e in engines], rows, opinions, every, args.folds)
    if tuning:
        for result in cases[-1]:
            if (result.false or result.missed) and visible(result.opinion):
                print(
                    f"  new {result.opinion}: false {sorted(result.false)} "
                    f"missed {sorted(result.missed)}"
                )
    if args.errors or args.kinds:
        print()
        seen = [row for row in rows if visible(str(row["opinion"]))]
        errors_print(sentences_score(seen, every[-1]), texts, args.kinds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
