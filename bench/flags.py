"""Element-flag benchmark: throughput of ``flags_find_pages`` over generated police-report-like text,
on ONE core, next to the raw regex scan those same triggers cost.

    .venv/bin/python -m bench.flags [--mb 10] [--trigger-rate 0.03] [--seed 7] [--profile]

The text is generated: pages of about 3,000 characters built from ordinary report sentences (times,
places, property, interviews, evidence logs, with names, badge numbers and abbreviations such as
"Det.", "No." and "a.m." that the sentence splitter must not end on) and, at ``--trigger-rate``, one
of a set of trigger sentences (a show-up, an untested rape kit, a jailhouse informant, a negated or
hypothetical mention ...). All names are fictional.

"raw re" is ONE combined alternation of every trigger of every bundled rule, behind word boundaries,
run with ``finditer`` over the same text already lower-cased: what the regex library alone costs to
find trigger words, without contexts, sentences, cues or flags. "ratio" = flag time / raw time, i.e.
what the engine costs relative to the plain library approach. "scanner" is the engine's own first
pass alone (the trie-factored alternation, also over lower-cased text), so flags / scanner is what
candidates, cues, sentences and contexts add; "starts" is what the engine runs instead when it can
(the same candidates, found by an automaton of the triggers' first characters: starts.py). Target:
>= 10 MB/s for the whole engine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import sys
import time
from collections import Counter

TARGET_MB_S = 10.0
PAGE_CHARS = 3000

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
    "Walker",
    "Quill",
    "Varga",
]
STREETS = [
    "Alameda St.",
    "Compton Blvd.",
    "Rosecrans Ave.",
    "Garfield Ave.",
    "Orange Ave.",
    "3rd St.",
    "Harbor Hwy.",
]
ITEMS = [
    "a black backpack",
    "a silver Honda Civic",
    "two cell phones",
    "a gray hooded sweatshirt",
    "a wallet",
    "a set of keys",
    "a red baseball cap",
    "a .38 caliber revolver",
    "a kitchen knife",
    "a bicycle",
]

ORDINARY = [
    "On {d} at approximately {h}:{m} a.m., I, Ofc. {last} #{badge}, responded to a radio call at {n} {street}.",
    "Upon arrival I contacted the reporting party, {first} {last}, who stated that {item} had been taken from the porch.",
    "Det. {last} and Sgt. {last2} arrived at {h}:{m} p.m. and assumed responsibility for the scene.",
    "The witness described the suspect as a male, approximately {age} years of age, {height}, wearing {item}.",
    "I photographed the scene and booked {item} into evidence under Item No. {badge}.",
    "The vehicle was registered to {first} {last} of {n} {street}, D.O.B. {dob}.",
    "A canvass of the area for cameras was negative; the business at {n} {street} was closed.",
    "{first} {last} was transported to St. Mary's Medical Center by L.A. Co. Fire Rescue {badge}.",
    "Lt. {last} authorized overtime for the follow-up investigation.",
    "The victim's mother, {first} {last}, said her son left the residence around {h}:{m} p.m. and did not return.",
    "See supplemental report DR No. {badge}-{n} for the interview of {first} {last}.",
    "The property was released to the owner after it was photographed and described.",
    "Q. Where were you standing when you heard the shots? A. By the liquor store on {street}",
    "I advised {first} {last} of the Miranda rights from my department-issued card at {h}:{m} p.m.",
    "The area was well lit by street lights and there was light traffic on {street}.",
    "Officers recovered {item} from the trash can in the alley behind {n} {street}.",
    "{first} {last} stated he was at work at the time and gave the name of his supervisor, {first2} {last2}.",
    "The incident was captured on a doorbell camera; the footage was downloaded and booked as evidence.",
    "Paramedics treated the victim at the scene for minor injuries and released him.",
    "The scene was secured with tape and a crime scene log was started by Ofc. {last2}.",
    "Sgt. {last} notified the watch commander and requested a K-9 unit, which was not available.",
    "The suspect fled northbound on foot and was last seen near {n} {street}.",
    "Per Dept. policy, the report was reviewed and approved by Sgt. {last2} at {h}:{m} a.m.",
    "There was blood on the sidewalk near the curb, which was photographed and swabbed by the criminalist.",
]

TRIGGERS = [
    "The victim was driven to {street} for a field show-up while {first} {last} stood handcuffed next to the patrol car.",
    "Det. {last} showed the witness a single photo of the suspect, and she said she was not sure.",
    "The lineup was administered by Det. {last}, the case detective, who knew which photo was the suspect.",
    "The rape kit collected at the hospital was never submitted to the laboratory for DNA testing.",
    "The swabs from the victim's neck were never tested for DNA.",
    "{first} {last}, a cellmate of the defendant in the county jail, told detectives that he confessed to the shooting.",
    "The jailhouse informant testified in exchange for a reduced sentence on his pending robbery case.",
    "No bite mark evidence was introduced at trial.",
    "If hair analysis had been performed, the result might have excluded the defendant.",
    "The criminalist testified that the hairs were microscopically consistent with the defendant's hair.",
    "The 16-year-old was interrogated for eleven hours before he signed the statement.",
    "Detectives told him he could go home if he confessed.",
    "In a 2019 declaration, {first} {last} recanted her identification of the defendant.",
    "The prosecution never disclosed the police report naming an alternate suspect to the defense.",
    "The court rejected the claim that the informant was promised leniency in exchange for his testimony.",
    "See People v. {last}, 123 Cal.App.4th 456 (2004) (bite mark testimony).",
    "The fire investigator described pour patterns and crazed glass in the living room and concluded the fire was set.",
    "The examiner testified to a reasonable degree of scientific certainty that the cartridge cases were fired from the defendant's gun.",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        d=f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/20{rng.randint(0, 24):02d}",
        h=rng.randint(1, 12),
        m=f"{rng.randint(0, 59):02d}",
        last=rng.choice(LAST),
        last2=rng.choice(LAST),
        first=rng.choice(FIRST),
        first2=rng.choice(FIRST),
        badge=rng.randint(1000, 99999),
        n=rng.randint(100, 19999),
        street=rng.choice(STREETS),
        item=rng.choice(ITEMS),
        age=rng.randint(18, 45),
        height=f"5'{rng.randint(4, 11)}\"",
        dob=f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/19{rng.randint(60, 99)}",
    )


def pages_generate(mb: float, trigger_rate: float, seed: int) -> list[tuple[int, str]]:
    """About ``mb`` megabytes (10**6 characters) of report pages, hard-wrapped at ~95 characters."""
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    pages: list[tuple[int, str]] = []
    total = 0
    while total < target:
        parts: list[str] = []
        size = 0
        while size < PAGE_CHARS:
            pool = TRIGGERS if rng.random() < trigger_rate else ORDINARY
            sentence = _fill(rng.choice(pool), rng)
            parts.append(sentence)
            size += len(sentence) + 1
            if rng.random() < 0.15:
                parts.append("\n\n")
        body = " ".join(parts)
        lines, line = [], ""
        for word in body.split(" "):  # hard-wrap, as text extracted from a PDF is
            if len(line) + len(word) > 95:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        text = "\n".join(lines)
        pages.append((len(pages) + 1, text))
        total += len(text)
    return pages


def _one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "single-threaded (no affinity control on this platform)"


def _best_of(fn: object, runs: int) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _baseline_print(
    rev: str, pages: list[tuple[int, str]], mb: float, runs: int, current: object
) -> None:
    """Time the engine at ``rev`` and the current one alternately (best of ``runs`` each), so both
    see the same machine load; print both rates and their ratio."""
    import tempfile
    from pathlib import Path

    from bench.flags_quality import engine_at

    assert callable(current)
    with tempfile.TemporaryDirectory(prefix="flags-baseline-") as tmp:
        old = engine_at(rev, Path(tmp))
        old.find_pages(pages[:5])  # warm up
        best_old = best_new = float("inf")
        for _ in range(runs):
            t0 = time.perf_counter()
            old.find_pages(pages)
            best_old = min(best_old, time.perf_counter() - t0)
            t0 = time.perf_counter()
            current()
            best_new = min(best_new, time.perf_counter() - t0)
    print(
        f"baseline {rev}: {mb / best_old:7.1f} MB/s; current {mb / best_new:7.1f} MB/s; "
        f"current / baseline speed {best_old / best_new:.2f}x (same runs, alternated)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--mb", type=float, default=10.0, help="megabytes of text to generate (default 10)"
    )
    parser.add_argument(
        "--trigger-rate", type=float, default=0.03, help="share of trigger sentences (default 0.03)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--runs", type=int, default=3, help="timed runs; the best is reported (default 3)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile summary of one flagging run"
    )
    parser.add_argument(
        "--baseline-rev",
        default="",
        help="also time the engine at this git revision (e.g. dfe148b), run after run with the "
        "current one, and print the ratio (robust to a busy machine)",
    )
    args = parser.parse_args(argv)

    from habeas.domain.flags import Flag, flags_find_pages, rules_default
    from habeas.domain.flags.engine import text_lower

    where = _one_core()
    t0 = time.perf_counter()
    rules = rules_default()
    load_ms = (time.perf_counter() - t0) * 1000
    pages = pages_generate(args.mb, args.trigger_rate, args.seed)
    chars = sum(len(text) for _, text in pages)
    mb = chars / 1_000_000
    print(
        f"{len(rules)} rules loaded in {load_ms:.0f} ms; {len(pages):,} pages, {mb:.1f} MB of text; {where}"
    )

    raw_rx = re.compile(
        r"(?<!\w)(?:" + "|".join(src for rule in rules for src in rule.triggers) + r")(?!\w)"
    )
    lowered = [text_lower(text) for _, text in pages]

    def raw() -> int:
        return sum(1 for low in lowered for _ in raw_rx.finditer(low))

    result: list[Flag] = []

    def flag() -> None:
        result[:] = flags_find_pages(pages, rules=rules)

    def scan() -> int:
        return sum(1 for low in lowered for _ in rules.scanner.finditer(low))

    def starts() -> int:
        assert rules.starts is not None
        return sum(len(rules.starts.find(low)) for low in lowered)

    flag()  # warm up
    hits = raw()
    raw_s = _best_of(raw, args.runs)
    scan_s = _best_of(scan, args.runs)
    starts_s = _best_of(starts, args.runs) if rules.starts is not None else 0.0
    flag_s = _best_of(flag, args.runs)
    flags = result
    contexts = Counter(f.context.value for f in flags)
    categories = Counter(f.category.value for f in flags)
    flag_rate, raw_rate = mb / flag_s, mb / raw_s
    print(
        f"raw re  (one alternation of all triggers): {raw_s:7.2f} s  {raw_rate:7.1f} MB/s  {hits:,} trigger hits"
    )
    print(
        f"scanner (the engine's trie-factored pass): {scan_s:7.2f} s  {mb / scan_s:7.1f} MB/s  {scan():,} candidates"
    )
    if starts_s:
        print(
            f"starts  (the automaton, the engine's pass): {starts_s:7.2f} s  {mb / starts_s:7.1f} MB/s  {starts():,} candidates"
        )
    print(
        f"flags   (flags_find_pages, whole engine):  {flag_s:7.2f} s  {flag_rate:7.1f} MB/s  {len(flags):,} flags"
    )
    print(
        f"ratio   flags / raw re: {flag_s / raw_s:.2f}x;  flags / scanner: {flag_s / scan_s:.2f}x"
    )
    if args.baseline_rev:
        _baseline_print(args.baseline_rev, pages, mb, args.runs, flag)
    print("by category: " + ", ".join(f"{k} {v:,}" for k, v in sorted(categories.items())))
    print("by context:  " + ", ".join(f"{k} {v:,}" for k, v in sorted(contexts.items())))
    ok = flag_rate >= TARGET_MB_S
    print(f"target >= {TARGET_MB_S:.0f} MB/s: {'PASS' if ok else 'MISS'}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        flags_find_pages(pages, rules=rules)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
        print(out.getvalue())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
