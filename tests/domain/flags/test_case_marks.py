"""The marks of a case name (``v. ``, ``In re `` ...) found with ``str.find`` are the matches of
the one alternation they replace. Fictional names."""

from __future__ import annotations

import random
import re

from habeas.domain.flags.context import _NEEDLES, _marks

ALTERNATION = re.compile("|".join(re.escape(n) for n in _NEEDLES))
PIECES = [*_NEEDLES, "v.", "vs.", "V.", "In re", " ", "\n", "x", "s", "Quill ", "Ex ", "parte "]


def test_marks_are_the_alternation_matches() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        page = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert list(_marks(page)) == [m.start() for m in ALTERNATION.finditer(page)]


def test_marks_in_a_caption() -> None:
    page = "People v. Quill, In re Varga\nand Matter of Ibarra; State vs. Lind (Ex parte Kim)"
    assert list(_marks(page)) == [7, 17, 33, 57, 67]
