"""The negation cues before a trigger found with a trie (``_PRE_NEG_IN``) are the matches of the
pattern itself (``_PRE_NEG``). Fictional names."""

from __future__ import annotations

import random

from habeas.domain.flags.context import _PRE_NEG, _PRE_NEG_IN

WORDS = [
    "no", "not", "none of", "nothing", "never", "without", "nor", "neither", "cannot", "can't",
    "won’t", "did not", "didn't", "wasn’t", "was", "absence of", "absent", "lacked any", "lack of",
    "free of", "ruled out", "rule out", "no. 5", "note", "quill", "nothing's", "a", "_no", "no_",
]  # fmt: skip
GLUE = [" ", "  ", "\n", ", ", ".", "-", "’", "x"]


def test_the_trie_finds_the_pattern_matches() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        low = "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(rng.randint(0, 12)))
        a = rng.randint(0, max(0, len(low) - 1))
        b = rng.randint(a, len(low))
        expected = [m.span() for m in _PRE_NEG.finditer(low, a, b)]
        assert [m.span() for m in _PRE_NEG_IN.finditer(low, a, b)] == expected
