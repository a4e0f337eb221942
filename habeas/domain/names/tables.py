"""The name data files of ``habeas/domain/names/data``, read once per process.

Every list the normaliser uses is a CSV file with its sources in its header comment, so a reviewer
can check and extend it without reading code. Nicknames come from the ``nicknames`` package
(carltonnorthern/nicknames, Apache-2.0, pinned), whose data ships inside the package."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` as dicts; lines starting with "#" are comments."""
    text = resources.files("habeas.domain.names").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@cache
def particles() -> dict[str, bool]:
    """Surname particle -> whether it is also a given name ("di", "al", "van")."""
    return {row["particle"]: row["given_name"] == "y" for row in data_rows("particles.csv")}


@cache
def ocr_pairs() -> tuple[tuple[str, str], ...]:
    """(seen, folded) OCR confusions, longer sequences first."""
    rows = [(row["seen"], row["folded"]) for row in data_rows("ocr_confusions.csv")]
    return tuple(sorted(rows, key=lambda pair: -len(pair[0])))


@cache
def badge_words() -> frozenset[str]:
    return frozenset(row["word"] for row in data_rows("badge_words.csv"))
