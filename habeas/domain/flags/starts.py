"""Where a trigger can start on a page, found without trying the scanner at every word start.

The scanner (``RuleSet.scanner``, ``\\W(?=...)``) is tried by the regex engine at each of the
roughly one million word starts of five megabytes of text, and most of its cost is there. Here
an Aho-Corasick automaton (pyahocorasick, C speed) looks for the first characters of every
trigger at once, in a FOLDED copy of the page where every character that is not an ASCII letter,
digit or underscore is a space (the same length, so offsets carry over), and the trigger regex
(``RuleSet.head``) is tried only where the automaton found one: the same candidate word starts as
the scanner's, at a fraction of the attempts.

A key is a space (the non-word character before a word start, or the page start) and the folded
characters every match of a trigger alternative starts with: literal characters, small
character classes (one key per folded member), optional parts (keys with and without), groups
(keys for each alternative) and runs of spaces (``\\s+``: one space and then the rest, or two
spaces and no more). The keys stop at anything else (``\\w``, ``.``, a bounded repeat, a
lookaround) or after ``KEY_CHARS`` characters: a shorter key only finds more places to try.
So every place a trigger matches at a word start holds a key; places that hold a key but match
no trigger are dropped by ``head``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

from habeas.domain.flags.alternation import _ATOM, _group_end, _split_top, regex_expand

KEY_CHARS = 12  # folded characters after the leading space: enough to tell most triggers apart
MAX_KEYS = 256  # keys of one trigger alternative; past it the keys stay shorter
MAX_RANGE = 64  # characters of a class range that are spelled out
MIN_KEY = 3  # a key of the space and one character would find nearly every word: no automaton

_DIGITS = frozenset("0123456789") | {" "}  # \d: ASCII digits, and other digits fold to a space


def _folded(ch: str) -> str:
    """ASCII letters, digits and "_" kept, everything else a space."""
    return ch if ch.isascii() and (ch.isalnum() or ch == "_") else " "


# The same fold byte by byte, for a whole page at once ("?" stands for any non-ASCII character
# after ``str.encode("ascii", "replace")``).
_FOLD = bytes(ord(_folded(chr(b))) for b in range(256))


def page_fold(low: str) -> str:
    """``" " + low`` with every character but ASCII letters, digits and "_" as a space."""
    return " " + low.encode("ascii", "replace").translate(_FOLD).decode("ascii")


def _class_chars(body: str) -> frozenset[str] | None:
    """The folded characters a character class ``[body]`` matches, or None when not small."""
    if body.startswith("^"):
        return None
    out: set[str] = set()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            escaped = body[i + 1 : i + 2]
            if escaped == "s":
                out.add(" ")
            elif escaped == "d":
                out |= _DIGITS
            elif not escaped or escaped.isalnum():
                return None  # \w, \S, \D, \b ... or a code escape: not spelled out here
            else:
                out.add(_folded(escaped))
            i += 2
            continue
        if body[i + 1 : i + 2] == "-" and i + 2 < len(body) and body[i + 2] != "\\":
            lo, hi = ord(ch), ord(body[i + 2])
            if hi - lo > MAX_RANGE:
                return None
            out.update(_folded(chr(c)) for c in range(lo, hi + 1))
            i += 3
            continue
        out.add(_folded(ch))
        i += 1
    return frozenset(out)


def _atom_chars(atom: str) -> frozenset[str] | None:
    """The folded characters one regex atom (no quantifier) matches, or None when not small."""
    if atom == r"\s":
        return frozenset(" ")
    if atom == r"\d":
        return _DIGITS
    if atom.startswith("\\"):
        return None if atom[1:].isalnum() else frozenset(_folded(atom[1]))
    if atom.startswith("["):
        return _class_chars(atom[1:-1])
    if atom == ".":
        return None
    return frozenset(_folded(atom))


def _quantified(token: str) -> tuple[str, str]:
    """An ``_ATOM`` token split into its atom and its quantifier ("", "?", "*", "+" or "{...")."""
    if token.endswith("}") and "{" in token and not token.startswith("{"):
        at = token.rindex("{")
        return token[:at], token[at:]
    if len(token) > 1 and token[-1] in "*+?" and not (len(token) == 2 and token[0] == "\\"):
        return token[:-1], token[-1]
    return token, ""


def _keys_seq(alt: str, heads: frozenset[str], depth: int) -> frozenset[str]:
    """Keys for the regex ``alt`` (no top-level ``|``) after each of ``heads``."""
    done: set[str] = set()
    i = 0
    while i < len(alt) and heads and min(map(len, heads)) < KEY_CHARS + 1:
        if alt.startswith("(?:", i):
            close = _group_end(alt, i)
            after = alt[close + 1 : close + 2] if close is not None else ""
            if close is None or depth > 8 or after in ("*", "+", "{"):
                break
            optional = after == "?"
            rest = alt[close + 1 + optional :]
            grouped: set[str] = set(done)
            for inner in _split_top(alt[i + 3 : close]):
                grouped |= _keys_seq(inner + rest, heads, depth + 1)
            if optional:
                grouped |= _keys_seq(rest, heads, depth + 1)
            if len(grouped) > MAX_KEYS:
                break
            return frozenset(grouped)
        m = _ATOM.match(alt, i)
        if m is None:
            break
        atom, quantifier = _quantified(m.group())
        chars = _atom_chars(atom)
        if chars is None or quantifier.startswith("{"):
            break
        if quantifier in ("", "?"):
            new = {h + c for h in heads for c in chars}
            if quantifier == "?":
                new |= heads
        elif len(chars) == 1:  # a run ("\s+", "[\s\-]*"): one character, or two and stop there
            (c,) = chars
            new = {h + c for h in heads} | (set(heads) if quantifier == "*" else set())
            done |= {h + c + c for h in heads}
        else:
            break
        if len(new) + len(done) > MAX_KEYS:
            break
        heads = frozenset(new)
        i = m.end()
    return frozenset(h[: KEY_CHARS + 1] for h in heads | done)


def trigger_keys(sources: Iterable[str]) -> frozenset[str] | None:
    """The keys of every alternative of ``sources`` (trigger regexes): ones no other key starts
    with. None when some alternative has a key too short to be worth looking for."""
    keys: set[str] = set()
    for src in sources:
        for alt in regex_expand(src):
            for top in _split_top(alt):
                found = _keys_seq(top, frozenset(" "), 0)
                if not found or min(map(len, found)) < MIN_KEY:
                    return None
                keys |= found
    kept: set[str] = set()
    for key in sorted(keys, key=len):
        if not any(key[:n] in kept for n in range(MIN_KEY, len(key))):
            kept.add(key)
    return frozenset(kept)


class TriggerStarts:
    """The scanner's candidate word starts on a lower-cased page (``RuleSet.head`` matches there,
    after a non-word character or at the page start), found where a key of the triggers occurs."""

    __slots__ = ("automaton", "head")

    def __init__(self, keys: Iterable[str], head: re.Pattern[str]) -> None:
        self.head = head
        self.automaton = ahocorasick.Automaton()
        for key in keys:
            self.automaton.add_word(key, len(key) - 1)  # end - value = the candidate
        self.automaton.make_automaton()

    @classmethod
    def build(cls, sources: Iterable[str], head: re.Pattern[str]) -> TriggerStarts | None:
        keys = trigger_keys(sources)
        return cls(keys, head) if keys else None

    def find(self, low: str) -> list[int]:
        """Sorted offsets in ``low`` where a trigger may start (exactly the scanner's)."""
        folded = page_fold(low)
        head = self.head.match
        found = {p for end, n in self.automaton.iter(folded) if head(low, (p := end - n))}
        if not low.isascii():  # a folded space may stand for a non-ASCII letter: a word goes on
            found = {p for p in found if p == 0 or not (low[p - 1].isalnum() or low[p - 1] == "_")}
        return sorted(found)
