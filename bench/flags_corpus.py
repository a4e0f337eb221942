"""The element-flag corpus (bench/data/flags): rebuild the opinion texts from their public sources,
check every label against them, and help whoever labels (see bench/data/flags/LABELLING.md).

    .venv/bin/python -m bench.flags_corpus materialize [--mirror-root DIR]
                                                       [--split dev|heldout|heldout2|heldout3|heldout4|dev3|dev4|dev5|dev6|dev7|dev8|heldout5|dev9|heldout6|all]
    .venv/bin/python -m bench.flags_corpus check [--split ...]  # offsets, hashes, labels, splits
    .venv/bin/python -m bench.flags_corpus split-of OWNER/NAME PATH
    .venv/bin/python -m bench.flags_corpus text OWNER/NAME COMMIT PATH --extract METHOD
    .venv/bin/python -m bench.flags_corpus locate OPINION_ID "exact words of the sentence"

A source repository is found under ``--mirror-root`` (default /work/.mirror, where the session's
fetch tool puts snapshots: a directory named ``owner+name...`` holding a git directory) or under
``--clone-root`` (``git clone https://github.com/OWNER/NAME`` into ``CLONE_ROOT/OWNER/NAME``).
The texts land in bench/data/flags/texts/<split>/ (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).with_name("data") / "flags"
SPLITS = (
    "dev",
    "heldout",
    "heldout2",
    "heldout3",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "heldout4",
    "heldout5",
    "dev9",
    "heldout6",
)
# Held-out sets, each scored on its own: ``heldout2`` was labelled after ``heldout`` had been
# scored, from opinions that the same hash puts in the held-out share (``split_of``).
HELDOUT_SPLITS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")


def opinions_file(split: str) -> Path:
    return DATA / f"opinions.{split}.jsonl"


def sentences_file(split: str) -> Path:
    return DATA / f"sentences.{split}.jsonl"


TEXTS = DATA / "texts"
ELEMENTS = (
    "forensic_method",
    "firearm_toolmark",
    "gunshot_residue",
    "informant",
    "eyewitness",
    "recantation",
    "brady",
    "false_confession",
    "untested_biology",
)
LABELS = ("affirmed", "rejected", "other")
HELDOUT_PERCENT = 35


def split_of(repo: str, path: str) -> str:
    """The split an opinion belongs to, fixed by its source before anyone reads it."""
    digest = hashlib.sha256(f"{repo}:{path}".encode()).hexdigest()
    return "heldout" if int(digest[:8], 16) % 100 < HELDOUT_PERCENT else "dev"


# Development sets added later, each labelled before the engine was run on it (so its first score is
# an estimate on unseen text): drawn from the development share, scored on their own.
LATER_DEV_SPLITS = ("dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9")


def hash_split(split: str) -> str:
    """What ``split_of`` says about an opinion of ``split``: every held-out set is "heldout", every
    later development set "dev"."""
    if split in HELDOUT_SPLITS:
        return "heldout"
    return "dev" if split in LATER_DEV_SPLITS else split


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- text extraction: the definition of an opinion's text ----------------------------------------

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "center",
    "hr",
    "dd",
    "dt",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return _tidy("".join(parser.parts))  # character references were decoded by the parser


def extract(raw: bytes, method: str) -> str:
    """``text``, ``html``, ``json:FIELD`` (a plain-text field), ``json-html:FIELD`` (an HTML field)
    or ``json-pages:FIELD`` (a list of plain-text pages, joined by newlines); FIELD may be a dotted
    path (``opinions.0.text``)."""
    decoded = raw.decode("utf-8", errors="replace")
    if method == "text":
        return _tidy(decoded)
    if method == "html":
        return html_text(decoded)
    kind, _, field = method.partition(":")
    if kind in ("json", "json-html") and field:
        value: object = json.loads(decoded)
        for key in field.split("."):
            value = value[int(key)] if isinstance(value, list) else value[key]  # type: ignore[index]
        if not isinstance(value, str):
            raise ValueError(f"{field} is not a string")
        return html_text(value) if kind == "json-html" else _tidy(value)
    if kind == "json-pages" and field:
        return _tidy("\n".join(_pages_at(json.loads(decoded), field)))
    raise ValueError(f"unknown extract method {method!r}")


def _pages_at(document: object, field: str) -> list[str]:
    """The list of strings at FIELD: a PDF's text page by page, as some scrapers store it."""
    value = document
    for key in field.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]  # type: ignore[index]
    if not isinstance(value, list) or not all(isinstance(page, str) for page in value):
        raise ValueError(f"{field} is not a list of strings")
    return value


# --- sources -------------------------------------------------------------------------------------


def _git_dir(repo: str, mirror_root: Path, clone_root: Path | None) -> Path:
    if clone_root is not None and (clone_root / repo / ".git").exists():
        return clone_root / repo / ".git"
    prefix = repo.replace("/", "+")
    for candidate in sorted(mirror_root.glob(f"{prefix}*")):
        for git in [candidate, *sorted(candidate.glob("*")), *sorted(candidate.glob("*/*"))]:
            if (git / "HEAD").is_file() and (git / "objects").is_dir():
                return git
    raise FileNotFoundError(
        f"no copy of {repo}: fetch it, or git clone https://github.com/{repo} into CLONE_ROOT/{repo}"
    )


def blob(
    repo: str, commit: str, path: str, mirror_root: Path, clone_root: Path | None = None
) -> bytes:
    git = _git_dir(repo, mirror_root, clone_root)
    return subprocess.run(
        ["git", f"--git-dir={git}", "show", f"{commit}:{path}"], capture_output=True, check=True
    ).stdout


# --- the corpus files ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Opinion:
    id: str
    split: str
    repo: str
    commit: str
    path: str
    extract: str
    text_sha256: str
    whole: bool
    truth: dict[str, list[str]]
    record: dict[str, object]

    def text_path(self) -> Path:
        return TEXTS / self.split / f"{self.id}.txt"

    def text(self) -> str:
        return self.text_path().read_text(encoding="utf-8")


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    if not path.exists():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            yield number, json.loads(line)


def _chosen(split: str) -> tuple[str, ...]:
    return SPLITS if split == "all" else (split,)


def opinions_load(split: str = "all") -> dict[str, Opinion]:
    """The opinions of ``split`` (``dev``, ``heldout``, ``heldout2`` or ``all``). Whoever tunes the
    engine reads ``dev`` only: the held-out files are for the final measurement."""
    found: dict[str, Opinion] = {}
    rows = [row for name in _chosen(split) for _, row in _jsonl(opinions_file(name))]
    for row in rows:
        truth = row.get("truth") or {}
        assert isinstance(truth, dict)
        found[str(row["id"])] = Opinion(
            id=str(row["id"]),
            split=str(row["split"]),
            repo=str(row["repo"]),
            commit=str(row["commit"]),
            path=str(row["path"]),
            extract=str(row["extract"]),
            text_sha256=str(row["text_sha256"]),
            whole=bool(row.get("whole")),
            truth={k: list(v) for k, v in truth.items()},
            record=row,
        )
    return found


def sentences_load(split: str = "all") -> list[dict[str, object]]:
    return [row for name in _chosen(split) for _, row in _jsonl(sentences_file(name))]


def materialize(mirror_root: Path, clone_root: Path | None, split: str) -> int:
    problems = 0
    for opinion in opinions_load(split).values():
        try:
            text = extract(
                blob(opinion.repo, opinion.commit, opinion.path, mirror_root, clone_root),
                opinion.extract,
            )
        except (FileNotFoundError, subprocess.CalledProcessError, ValueError, KeyError) as exc:
            print(f"!! {opinion.id}: {exc}", file=sys.stderr)
            problems += 1
            continue
        if sha256(text) != opinion.text_sha256:
            print(
                f"!! {opinion.id}: the text's SHA-256 differs from the corpus (source changed?)",
                file=sys.stderr,
            )
            problems += 1
            continue
        opinion.text_path().parent.mkdir(parents=True, exist_ok=True)
        opinion.text_path().write_text(text, encoding="utf-8")
    return problems


def check(split: str) -> int:
    """Every rule of LABELLING.md that a program can check; prints counts. Returns problems found."""
    problems: list[str] = []
    opinions = opinions_load(split)
    for op in opinions.values():
        if op.split not in _chosen(split):
            problems.append(f"{op.id}: split {op.split} in the {split} files")
        if hash_split(op.split) != split_of(op.repo, op.path):
            problems.append(
                f"{op.id}: split {op.split} but its source belongs to {split_of(op.repo, op.path)}"
            )
        for kind, elements in op.truth.items():
            if kind not in ("affirmed", "rejected") or not set(elements) <= set(ELEMENTS):
                problems.append(f"{op.id}: bad truth {kind}: {elements}")
    # An opinion (or id) in two splits would let one held-out set leak into another.
    sources: Counter[tuple[str, str]] = Counter()
    ids: Counter[str] = Counter()
    for name in SPLITS:
        for _, row in _jsonl(opinions_file(name)):
            sources[(str(row["repo"]), str(row["path"]))] += 1
            ids[str(row["id"])] += 1
    for (repo, path), times in sources.items():
        if times > 1:
            problems.append(f"{repo}:{path} is in the corpus {times} times")
    for op_id, times in ids.items():
        if times > 1:
            problems.append(f"opinion id {op_id} is in the corpus {times} times")
    # The same text, or the same reported case (another copy, a concurrence or dissent), in two
    # splits is a leak too (a case's opinions may share one split).
    texts: Counter[str] = Counter()
    cited: dict[str, set[str]] = {}
    for name in SPLITS:
        for _, row in _jsonl(opinions_file(name)):
            texts[str(row["text_sha256"])] += 1
            if row.get("citation"):
                cited.setdefault(" ".join(str(row["citation"]).split()), set()).add(name)
    problems += [
        f"one text is in the corpus {n} times ({sha[:12]})" for sha, n in texts.items() if n > 1
    ]
    problems += [
        f"case {citation} is in splits {', '.join(sorted(names))}"
        for citation, names in cited.items()
        if len(names) > 1 and names & set(_chosen(split))
    ]
    counts: Counter[tuple[str, str, str]] = Counter()
    per_opinion: Counter[str] = Counter()
    seen: set[tuple[str, int]] = set()
    for row in sentences_load(split):
        op_id = str(row["opinion"])
        opinion = opinions.get(op_id)
        if opinion is None:
            problems.append(f"sentence in unknown opinion {op_id}")
            continue
        start, end = int(str(row["start"])), int(str(row["end"]))
        if (op_id, start) in seen:
            problems.append(f"{op_id}@{start}: labelled twice")
        seen.add((op_id, start))
        labels = row.get("labels")
        if not isinstance(labels, dict) or not labels:
            problems.append(f"{op_id}@{start}: no labels")
            continue
        for element, label in labels.items():
            if element not in ELEMENTS or label not in LABELS:
                problems.append(f"{op_id}@{start}: bad label {element}={label}")
            counts[(opinion.split, element, str(label))] += 1
        per_opinion[op_id] += 1
        if opinion.text_path().exists():
            if sha256(opinion.text()[start:end]) != row.get("sha256"):
                problems.append(f"{op_id}@{start}: the sentence's SHA-256 does not match the text")
        else:
            problems.append(f"{op_id}: text not materialized")
    for problem in problems[:50]:
        print("!!", problem)
    splits = sorted({s for s, _, _ in counts})
    print(f"{'element':18}" + "".join(f"{s + ' ' + lab:>18}" for s in splits for lab in LABELS))
    for element in ELEMENTS:
        print(
            f"{element:18}"
            + "".join(f"{counts[(s, element, lab)]:>18}" for s in splits for lab in LABELS)
        )
    chosen = list(opinions.values())
    print(
        f"{sum(per_opinion.values())} labelled sentences in {len(per_opinion)} opinions; "
        f"{len(chosen)} opinions, {sum(op.whole for op in chosen)} whole; {len(problems)} problems"
    )
    return len(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--clone-root", type=Path, default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("materialize")
    m.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    c = sub.add_parser("check")
    c.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    s = sub.add_parser("split-of")
    s.add_argument("repo")
    s.add_argument("path")
    t = sub.add_parser("text")
    t.add_argument("repo")
    t.add_argument("commit")
    t.add_argument("path")
    t.add_argument("--extract", default="text")
    loc = sub.add_parser("locate")
    loc.add_argument("--split", choices=SPLITS, default="dev")
    loc.add_argument("opinion")
    loc.add_argument("words")
    args = parser.parse_args(argv)
    if args.command == "materialize":
        return 1 if materialize(args.mirror_root, args.clone_root, args.split) else 0
    if args.command == "check":
        return 1 if check(args.split) else 0
    if args.command == "split-of":
        print(split_of(args.repo, args.path))
        return 0
    if args.command == "text":
        text = extract(
            blob(args.repo, args.commit, args.path, args.mirror_root, args.clone_root), args.extract
        )
        sys.stdout.write(text)
        print(
            f"\n--- sha256 {sha256(text)} chars {len(text)} split {split_of(args.repo, args.path)}",
            file=sys.stderr,
        )
        return 0
    opinion = opinions_load(args.split)[args.opinion]
    text = opinion.text()
    at = text.find(args.words)
    if at < 0:
        print("not found (the words must be exactly as in the text)", file=sys.stderr)
        return 1
    if text.find(args.words, at + 1) >= 0:
        print("found more than once: give more words", file=sys.stderr)
        return 1
    end = at + len(args.words)
    print(
        json.dumps({"opinion": opinion.id, "start": at, "end": end, "sha256": sha256(text[at:end])})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
