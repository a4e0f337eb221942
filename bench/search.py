"""Page search benchmark: p50/p95 of habeas.domain.search.PageIndex.search over a synthetic index of N
pages, next to the raw tantivy search of the very same query in the same run.

    .venv/bin/python -m bench.search [--pages 1000000] [--cases 20000] [--allowed 500] [--runs 200]

The index is built once into bench/results/search-<pages>p-<cases>c/ (gitignored) through
PageIndex.pages_add, printing indexing throughput, and reused by later runs (--rebuild forces a new
one). Pages have ~300 words drawn from a 30,000-word invented vocabulary with a Zipf (1/rank)
distribution, plus a few mentions per page of invented surnames after a title ("Detective Vorlane"),
2% of them with an OCR-style one-letter error; ~10 pages per document, documents spread over the
cases; one rare invented name appears on about 1 page in 20,000.

Queries: (a) a rare term, (b) a term on most pages, (c) a phrase "detective <common surname>",
(d) a fuzzy misspelled surname "name~", each with a permission filter of --allowed random cases and
with every case allowed. "lib" is PageIndex.search (parse, permission filter, search, fast fields,
stored text and snippets of the 20 hits); "raw" is searcher.search(query, limit=20, count=True)
with the identical tantivy query built beforehand; "ratio" = lib p50 / raw p50.
Targets (library p50): rare term <= 5 ms, term on most pages <= 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.timing import percentile, timed
from habeas.domain.search import PageDoc, PageIndex, SearchFilters, query_parse

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_P50_MS = {"rare term": 5.0, "common term": 20.0}
SYLLABLES = [
    "ka",
    "lo",
    "ren",
    "ta",
    "mi",
    "sor",
    "vel",
    "an",
    "qui",
    "dro",
    "mel",
    "tis",
    "por",
    "fa",
    "nu",
    "ber",
    "gal",
    "ox",
    "ri",
    "zen",
    "hal",
    "ume",
    "cos",
    "tav",
    "ly",
    "ond",
    "pe",
    "wir",
    "sa",
    "dek",
]
TITLES = ["Detective", "Officer", "Sergeant", "witness", "Dr.", "Deputy", "Mr.", "Ms."]
DOC_TYPES = [
    "police_report",
    "transcript",
    "lab_report",
    "witness_statement",
    "court_filing",
    "letter",
]
RARE_NAME = "Quellwater"
WORDS_PER_PAGE = 285
NAMES_PER_PAGE = 5


def _pseudo_words(
    rng: random.Random, n: int, syllables: tuple[int, int], taken: set[str]
) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*syllables)))
        if w not in taken:
            taken.add(w)
            out.append(w)
    return out


def _zipf_cum(n: int) -> list[float]:
    cum, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / rank
        cum.append(total)
    return cum


@dataclass
class Corpus:
    vocab: list[str]
    names: list[str]

    @classmethod
    def make(cls) -> Corpus:
        rng = random.Random(2024)
        taken: set[str] = {RARE_NAME.lower()}
        vocab = _pseudo_words(rng, 30_000, (1, 4), taken)
        names = [w.capitalize() for w in _pseudo_words(rng, 3_000, (3, 4), taken)]
        return cls(vocab, names)

    def pages(self, n: int, cases: int, seed: int = 7) -> Iterator[PageDoc]:
        rng = random.Random(seed)
        vocab, names = self.vocab, self.names
        vcum, ncum = _zipf_cum(len(vocab)), _zipf_cum(len(names))
        page_id = document_id = 0
        while page_id < n:
            document_id += 1
            case_id = rng.randrange(1, cases + 1)
            doc_type = rng.choice(DOC_TYPES)
            doc_date = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))
            for page_number in range(1, min(rng.randint(1, 19), n - page_id) + 1):
                page_id += 1
                words = rng.choices(vocab, cum_weights=vcum, k=WORDS_PER_PAGE)
                for surname in rng.choices(names, cum_weights=ncum, k=NAMES_PER_PAGE):
                    if rng.random() < 0.02:  # OCR error: one letter replaced
                        k = rng.randrange(1, len(surname))
                        surname = surname[:k] + rng.choice("aeiournm") + surname[k + 1 :]
                    words.insert(rng.randrange(len(words)), f"{rng.choice(TITLES)} {surname}")
                if rng.random() < 1 / 20_000:
                    words.insert(rng.randrange(len(words)), f"Detective {RARE_NAME}")
                yield PageDoc(
                    page_id=page_id,
                    document_id=document_id,
                    case_id=case_id,
                    page_number=page_number,
                    text=" ".join(words),
                    doc_type=doc_type,
                    doc_date=doc_date,
                )


def bench_queries(corpus: Corpus) -> tuple[list[tuple[str, str]], str, str, str]:
    """The four benchmark queries (shared with bench.search_http), the common word and the fuzzy pair."""
    common = corpus.vocab[19]
    name = corpus.names[4]
    fuzzy_target = corpus.names[49]
    misspelled = fuzzy_target[:2] + ("e" if fuzzy_target[2] != "e" else "a") + fuzzy_target[3:]
    queries = [
        ("rare term", RARE_NAME.lower()),
        ("common term", common),
        ("phrase", f'"detective {name.lower()}"'),
        ("fuzzy name", f"{misspelled.lower()}~"),
    ]
    return queries, common, fuzzy_target, misspelled


def _build(path: Path, corpus: Corpus, pages: int, cases: int, rebuild: bool) -> PageIndex:
    meta_path = path / "bench-meta.json"
    meta = {"pages": pages, "cases": cases, "version": 1}
    if not rebuild and meta_path.exists() and json.loads(meta_path.read_text()) == meta:
        index = PageIndex(path)
        if index.count() == pages:
            print(f"reusing the index of {pages:,} pages in {path}")
            return index
    if path.exists():
        import shutil

        shutil.rmtree(path)
    index = PageIndex(path, writer_heap_bytes=1_000_000_000, writer_threads=2)
    start = time.perf_counter()
    chars = 0

    def counted() -> Iterator[PageDoc]:
        nonlocal chars
        for k, page in enumerate(corpus.pages(pages, cases), 1):
            chars += len(page.text)
            if k % 100_000 == 0:
                el = time.perf_counter() - start
                print(f"  {k:,} pages queued, {k / el:,.0f} pages/s", flush=True)
            yield page

    added = index.pages_add(counted())
    elapsed = time.perf_counter() - start
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    print(
        f"indexed {added:,} pages ({chars / 1e9:.2f} GB text) in {elapsed:.1f}s: {added / elapsed:,.0f} pages/s, "
        f"{chars / 1e6 / elapsed:.1f} MB/s (text generation included); index {size / 1e9:.2f} GB"
    )
    meta_path.write_text(json.dumps(meta))
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument(
        "--allowed", type=int, default=500, help="cases the benchmarked user may see"
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--dir", type=Path, default=None, help="index directory (default under bench/results/)"
    )
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    corpus = Corpus.make()
    path = args.dir or RESULTS / f"search-{args.pages}p-{args.cases}c"
    index = _build(path, corpus, args.pages, args.cases, args.rebuild)
    searcher = index._index.searcher()
    n_docs = searcher.num_docs

    def df(word: str) -> int:
        return index.search(word, case_ids=range(1, args.cases + 1), limit=0).total

    queries, common, fuzzy_target, misspelled = bench_queries(corpus)
    rng = random.Random(5)
    allowed_some = frozenset(rng.sample(range(1, args.cases + 1), min(args.allowed, args.cases)))
    allowed_all = frozenset(range(1, args.cases + 1))
    print(
        f"\n{n_docs:,} pages, {args.cases:,} cases, {searcher.num_segments} segments; "
        f"'{common}' is on {df(common) / max(n_docs, 1):.0%} of pages, '{RARE_NAME.lower()}' on {df(RARE_NAME.lower())}; "
        f"fuzzy '{misspelled}~' is for '{fuzzy_target}'"
    )
    print(
        f"\n{'query':<12} {'cases':>6} {'total':>9} {'lib p50':>8} {'lib p95':>8} {'raw p50':>8} {'raw p95':>8} "
        f"{'ratio':>6} {'no-snip':>8}  target (lib p50)"
    )
    misses = 0
    for label, text in queries:
        for allowed in (allowed_some, allowed_all):
            tq = index.query_build(query_parse(text), allowed, SearchFilters())
            total = index.search(text, case_ids=allowed, limit=0).total
            raw_total = searcher.search(tq, limit=20, count=True).count
            assert total == raw_total, (label, total, raw_total)
            lib = timed(
                lambda text=text, allowed=allowed: index.search(text, case_ids=allowed), args.runs
            )
            nosnip = timed(
                lambda text=text, allowed=allowed: index.search(
                    text, case_ids=allowed, snippets=False
                ),
                args.runs,
            )
            raw = timed(lambda tq=tq: searcher.search(tq, limit=20, count=True), args.runs)
            lib50, raw50 = percentile(lib, 50), percentile(raw, 50)
            target = TARGET_P50_MS.get(label)
            verdict = (
                ""
                if target is None
                else (f"<= {target:.0f} ms {'PASS' if lib50 <= target else 'MISS'}")
            )
            misses += bool(target is not None and lib50 > target)
            print(
                f"{label:<12} {len(allowed):>6} {total:>9,} {lib50:8.2f} {percentile(lib, 95):8.2f} {raw50:8.2f} "
                f"{percentile(raw, 95):8.2f} {lib50 / raw50 if raw50 else 0:5.1f}x {percentile(nosnip, 50):8.2f}  {verdict}",
                flush=True,
            )
    print("\nall targets met" if not misses else f"\n{misses} target(s) missed")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
