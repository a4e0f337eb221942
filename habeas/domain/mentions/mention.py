"""The value types every finder returns. No Django here: the documents app imports this."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class MentionKind(StrEnum):
    PERSON = "person"
    DATE = "date"
    DOCKET = "docket"
    REPORT_NUMBER = "report_number"
    CITATION = "citation"
    FORENSIC_METHOD = "forensic_method"


@dataclass(frozen=True)
class Mention:
    """A suggestion found on one page; a user confirms or dismisses it later.

    ``text`` is always ``page_text[start:end]``. ``role`` is empty or one of the app's
    PersonRole values (see ``people.ROLE_FOR_DETAIL``); ``role_detail`` keeps the finer word
    the document used (``sergeant``, ``victim``, ...), which PersonRole has no value for.
    """

    kind: MentionKind
    text: str
    start: int
    end: int
    value: str
    role: str = ""
    badge: str = ""
    agency: str = ""
    confidence: float = 0.5
    context: str = ""
    role_detail: str = ""


_SPACE_RUN = re.compile(r"\s+")
CONTEXT_CHARS = 60  # each side, so the snippet is ~120 chars plus the mention


def squash(text: str) -> str:
    """Collapse whitespace runs (OCR line breaks, double spaces) to one space."""
    return _SPACE_RUN.sub(" ", text).strip()


def context_of(text: str, start: int, end: int) -> str:
    """About CONTEXT_CHARS each side of the mention, cut between words (never mid-word), with "…"
    where the page goes on."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    if lo > 0 and not text[lo - 1].isspace():
        gap = _SPACE_RUN.search(text, lo, start)
        lo = gap.end() if gap else lo
    if hi < len(text) and not text[hi].isspace():
        gaps = list(_SPACE_RUN.finditer(text, end, hi))
        hi = gaps[-1].start() if gaps else hi
    excerpt = squash(text[lo:hi])
    return f"{'…' if lo > 0 else ''}{excerpt}{'…' if hi < len(text) else ''}"


def ci(*alternatives: str) -> str:
    """Case-insensitive alternatives that stay fast: "witness" -> "[Ww](?i:itness)".

    A pattern-wide ``(?i:...)`` makes Python's re try every alternative at every position
    (~5x slower on a page); a literal first-letter class lets it skip most positions at once.
    Each alternative must start with an ASCII letter.
    """
    return "|".join(f"[{a[0].upper()}{a[0].lower()}](?i:{a[1:]})" for a in alternatives)


_Trie = dict[str, "_Trie"]


def word_trie(words: set[str] | frozenset[str]) -> str:
    """A regex matching any of ``words`` as a prefix tree ("De(?:puty|tective)").

    Used as a lookahead in front of big alternations: Python's re tries every branch of an
    alternation at every position, but a trie of literals fails on the first character almost
    everywhere, so the expensive pattern only runs where a title or label word starts.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root) or "(?!)"


def _emit(node: _Trie) -> str:
    branches = [re.escape(ch) + _emit(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here; longer ones continue
        return f"(?:{body})?"
    return body


def cased(words: str, *, lower: bool = False) -> set[str]:
    """Title-case and UPPER forms of each space-separated word, and lowercase if asked."""
    out: set[str] = set()
    for word in words.split():
        out |= {word[:1].upper() + word[1:], word.upper()}
        if lower:
            out.add(word.lower())
    return out
