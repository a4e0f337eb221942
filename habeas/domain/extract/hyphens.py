"""Words broken at line ends, put back together.

A text-layer PDF marks a hyphen at the end of a line with U+FFFE (pdfium; older builds use U+0002)
and drops the line break after it, so dropping the marker as a control character glued compounds
("cross-examination" became "crossexamination"). Plain and OCR text keep the hyphen and the line
break ("interro-\\ngation"). Both are decided here, per word:

- a compound keeps its hyphen and loses the line break: the hyphenated form appears elsewhere in
  the text, the second part starts with a capital ("Fernández-Roque"), or the first part is a
  head that forms compounds (cross-, self-, non-, well- ..., co- only before defendant, conspirator
  and the like);
- any other word is joined ("interrogation"), which is also the choice when the joined form
  appears elsewhere in the text.

Only breaks at line ends (or at pdfium's marker) are touched; a hyphen inside a line is text.
"""

from __future__ import annotations

import re

_MARK = "\ufffe\x02\u00ad"  # pdfium's line-end hyphen, its older form, a soft hyphen
_QUICK = re.compile(rf"[{_MARK}]|[-\u2010\u2011][^\S\n]*\n")
_BREAK = re.compile(
    rf"(?<![^\W\d_])([^\W\d_]+)(?:[{_MARK}][^\S\n]*(?:\n[^\S\n]*(?:\n[^\S\n]*)?)?|[-\u2010\u2011][^\S\n]*\n"
    r"[^\S\n]*(?:\n[^\S\n]*)?)(?=([^\W\d_]+))"
)  # the second part is only looked at, so that it can start the next break ("in-ter-\nrogation")
_WORD = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")

# First parts that make compounds whatever follows (the joined word would look misspelt).
_FREE_HEADS = frozenset(
    [
        "cross",
        "self",
        "non",
        "well",
        "ill",
        "anti",
        "counter",
        "semi",
        "quasi",
        "multi",
        "half",
        "all",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
    ]
)
# First parts that make compounds only with these second parts ("co-erced" must join).
_BOUND_HEADS = {
    "co": frozenset(
        [
            "defendant",
            "defendants",
            "conspirator",
            "conspirators",
            "counsel",
            "worker",
            "workers",
            "owner",
            "owners",
            "signer",
            "signed",
            "tenant",
            "tenants",
            "parent",
            "parents",
            "author",
            "authored",
            "chair",
        ]
    ),
    "in": frozenset(["court", "custody", "person", "camera", "chambers"]),
    "show": frozenset(["up", "ups"]),
    "line": frozenset(["up", "ups"]),
    "photo": frozenset(["array", "arrays", "spread", "spreads", "lineup", "lineups"]),
    "out": frozenset(["of"]),
    "post": frozenset(["conviction", "trial", "arrest", "verdict", "mortem"]),
    "pre": frozenset(["trial", "arrest", "sentence", "sentencing", "plea", "verdict"]),
    "ex": frozenset(
        ["wife", "husband", "girlfriend", "boyfriend", "partner", "officer", "convict"]
    ),
}


def _vocabulary(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _keeps_hyphen(left: str, right: str, vocab: set[str]) -> bool:
    low_left, low_right = left.lower(), right.lower()
    if f"{low_left}-{low_right}" in vocab:
        return True
    if low_left + low_right in vocab:
        return False
    if right[:1].isupper():
        return True
    if low_left in _FREE_HEADS:
        return True
    return low_right in _BOUND_HEADS.get(low_left, frozenset())


def hyphens_join(text: str) -> str:
    """``text`` with words broken at line ends joined, compounds keeping their hyphen."""
    if _QUICK.search(text) is None:
        return text
    vocab = _vocabulary(text)

    def mend(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        return f"{left}-" if _keeps_hyphen(left, right, vocab) else left

    return _BREAK.sub(mend, text)
