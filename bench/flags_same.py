"""Same output check for the element-flag engine: the engine in this tree and the engine at a git
revision (loaded with ``git show``, as bench.flags_quality does) flag the same texts, and every
field of every flag is compared (category, rule ids, context, cue, matched text, spans, passage,
reason, confidence ...).

    .venv/bin/python -m bench.flags_same [--rev 6c6d963] [--mb 5] [--seeds 7,11] [--page-chars 3000]

Texts: the bench.flags generated report pages at each seed, every dev opinion (one page each, as
bench.flags_quality flags them by default, and cut into pages of ``--page-chars`` characters so
the multi-page path runs too; materialize them first with
``python -m bench.flags_corpus materialize --split dev``), and a few bad inputs (no punctuation,
one very long sentence, OCR noise, a table). Only the dev split is read. Exit status 1 on any
difference; the first ones are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from bench.flags import pages_generate
from bench.flags_corpus import opinions_load
from bench.flags_quality import engine_at, engine_current, pages_cut

DEFAULT_REV = "6c6d963"
SHOWN = 10  # differences printed

Pages = list[tuple[int, str]]


def _plain(flag: Any) -> dict[str, Any]:
    """Every field of a flag, enums as their values (the two engines' classes differ)."""
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in dataclasses.asdict(flag).items()}


def _bad_inputs() -> list[tuple[str, Pages]]:
    words = "the witness was shown a single photo of the suspect and the rape kit was never tested"
    return [
        ("no punctuation", [(1, " ".join([words] * 4000))]),
        ("one long sentence", [(1, ", ".join([words] * 3000) + ".")]),
        ("ocr noise", [(1, "gunsh0t res1due ; ; l1neup !!! sh0w-up ... " * 3000)]),
        (
            "table",
            [(1, "\n".join("Item | 12 | swab | not tested | Det. Quill" for _ in range(6000)))],
        ),
    ]


def texts_collect(mb: float, seeds: Sequence[int], page_chars: int) -> list[tuple[str, Pages]]:
    out: list[tuple[str, Pages]] = [
        (f"bench.flags seed {seed}", pages_generate(mb, 0.03, seed)) for seed in seeds
    ]
    for op in opinions_load("dev").values():
        if not op.text_path().exists():
            raise SystemExit(f"{op.id}: dev text not materialized (bench.flags_corpus materialize)")
        text = op.text()
        out.append((f"dev {op.id}", [(1, text)]))
        if page_chars > 0 and len(text) > page_chars:
            cut = [(n, page) for n, _, page in pages_cut(text, page_chars)]
            out.append((f"dev {op.id} in pages", cut))
    out.extend(_bad_inputs())
    return out


def differences(
    old: Callable[[Pages], list[Any]], new: Callable[[Pages], list[Any]], pages: Pages
) -> list[str]:
    a = [_plain(f) for f in old(pages)]
    b = [_plain(f) for f in new(pages)]
    out = []
    if len(a) != len(b):
        out.append(f"{len(a)} flags before, {len(b)} now")
    for n, (x, y) in enumerate(zip(a, b, strict=False)):
        fields = [k for k in x if x[k] != y.get(k)]
        if fields:
            out.append(
                f"flag {n} ({x['rule_id']} at {x['page']}:{x['match_start']}): "
                + "; ".join(f"{k} {x[k]!r} -> {y.get(k)!r}" for k in fields)
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rev", default=DEFAULT_REV, help=f"git revision (default {DEFAULT_REV})")
    parser.add_argument("--mb", type=float, default=5.0, help="generated MB per seed (default 5)")
    parser.add_argument("--seeds", default="7,11", help="bench.flags seeds (default 7,11)")
    parser.add_argument("--page-chars", type=int, default=3000, help="0: opinions as one page only")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    texts = texts_collect(args.mb, seeds, args.page_chars)
    new = engine_current()
    with tempfile.TemporaryDirectory(prefix="flags-same-") as tmp:
        old = engine_at(args.rev, Path(tmp))
        total = flags = 0
        shown: list[str] = []
        t0 = time.perf_counter()
        for name, pages in texts:
            found = differences(old.find_pages, new.find_pages, pages)
            flags += len(new.find_pages(pages))
            total += len(found)
            shown.extend(f"{name}: {d}" for d in found[: SHOWN - len(shown)])
    chars = sum(len(t) for _, pages in texts for _, t in pages)
    print(
        f"{len(texts)} texts, {chars / 1e6:.1f} MB, {flags:,} flags now; {args.rev} vs this tree: "
        f"{total} differences ({time.perf_counter() - t0:.0f} s)"
    )
    for line in shown:
        print("  " + line)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
