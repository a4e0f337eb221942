"""Regex alternations factored into a character trie, so that the regex engine rejects most
positions of a text after a character or two instead of trying every alternative there (Python's
``re`` tries the alternatives of a group one after another at each position).

Used by the rule set's scanner and cue requirements (rules.py) and by the context patterns
(context.py, ``words_rx``), which are written as plain alternations and factored here.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence


def _structure(src: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """The regex characters of ``src`` from ``start`` that are neither escaped nor inside a character
    class, each with its group depth after it (``(`` counts as opening, ``)`` as closing)."""
    depth, i, in_class = 0, start, False
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if src[i + 1 : i + 2] == "^":
                i += 1
            if src[i + 1 : i + 2] == "]":  # "[]...]" holds a literal ]
                i += 1
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def _top_level_bars(src: str) -> list[int]:
    """Offsets of the ``|`` of ``src`` that are outside any group or character class."""
    return [i for i, ch, depth in _structure(src) if ch == "|" and depth == 0]


def _has_top_level_bar(src: str) -> bool:
    return bool(_top_level_bars(src))


def _split_top(src: str) -> list[str]:
    """``src`` split at its top-level ``|``."""
    out, last = [], 0
    for bar in _top_level_bars(src):
        out.append(src[last:bar])
        last = bar + 1
    out.append(src[last:])
    return out


def _group_end(src: str, start: int) -> int | None:
    """Offset of the ``)`` closing the group that opens at ``src[start]``."""
    return next((i for i, ch, depth in _structure(src, start) if ch == ")" and depth == 0), None)


_QUANTIFIERS = ("*", "+", "?", "{")
_SPECIAL = frozenset(".^$*+?{}[]()|\\")
MAX_EXPANSION = 64


def regex_expand(src: str) -> list[str]:
    """Alternatives that together match exactly what ``src`` matches, with a leading non-capturing
    group distributed over what follows it (``(?:told|showed) him`` -> ``told him``, ``showed him``),
    so that each alternative starts with literal characters where the source allows it. Gives up
    (returns ``[src]``) past ``MAX_EXPANSION`` alternatives."""
    out: list[str] = []
    todo = _split_top(src)
    while todo:
        alt = todo.pop(0)
        chars = _leading_class(alt)
        if chars is not None:  # "[4-9] hours" -> "4 hours" ... "9 hours": literal first characters
            todo[:0] = [re.escape(ch) + chars[1] for ch in chars[0]]
        else:
            close = _group_end(alt, 0) if alt.startswith("(?:") else None
            if close is None or alt[close + 1 : close + 2] in _QUANTIFIERS:
                out.append(alt)
                continue
            rest = alt[close + 1 :]
            todo[:0] = [inner + rest for inner in _split_top(alt[3:close])]
        if len(out) + len(todo) > MAX_EXPANSION:
            return [src]
    return out


_SMALL_CLASS = re.compile(r"\[([a-z0-9](?:-[a-z0-9])?(?:[a-z0-9](?:-[a-z0-9])?)*)\]|\\d")
MAX_CLASS = 10


def _leading_class(alt: str) -> tuple[str, str] | None:
    """(the characters, the rest) when ``alt`` starts with a small character class (``[4-9]``,
    ``[89]``, ``\\d``) that is not quantified; else None."""
    m = _SMALL_CLASS.match(alt)
    if m is None or alt[m.end() : m.end() + 1] in _QUANTIFIERS:
        return None
    body = m.group(1) if m.group(1) is not None else "0-9"
    chars: list[str] = []
    i = 0
    while i < len(body):
        if body[i + 1 : i + 2] == "-" and i + 2 < len(body):
            chars.extend(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            chars.append(body[i])
            i += 1
    if len(chars) > MAX_CLASS:
        return None
    return "".join(dict.fromkeys(chars)), alt[m.end() :]


def literal_prefix(src: str) -> tuple[str, str]:
    """``src`` split into the literal characters every match starts with, and the regex after them
    (``bite[\\s\\-]*mark`` -> ``("bite", "[\\s\\-]*mark")``). No prefix when ``src`` has a top-level ``|``."""
    if _has_top_level_bar(src):
        return "", src
    chars: list[str] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            if i + 1 >= len(src) or src[i + 1].isalnum() or src[i + 1] == "_":
                break  # a class escape (\\w, \\d ...), an anchor (\\b) or a back-reference
            literal, width = src[i + 1], 2
        elif ch in _SPECIAL:
            break
        else:
            literal, width = ch, 1
        if src[i + width : i + width + 1] in _QUANTIFIERS:
            break
        chars.append(literal)
        i += width
    return "".join(chars), src[i:]


KEY_MIN = 4  # characters of the shortest literal start worth a ``str.find`` test


def cue_keys(sources: Iterable[str]) -> tuple[str, ...]:
    """The literal starts (``KEY_MIN`` characters or more) of every alternative of ``sources``,
    shortest first and without ones another key starts; () when some alternative has none."""
    keys: list[str] = []
    for src in sources:
        for alt in regex_expand(src):
            prefix, _ = literal_prefix(alt)
            if len(prefix) < KEY_MIN:
                return ()  # a short key ("no", "was") is on every page: no test at all is cheaper
            keys.append(prefix)
    kept: list[str] = []
    for key in sorted(set(keys), key=len):
        if not any(key.startswith(k) for k in kept):
            kept.append(key)
    return tuple(kept)


def lead_char(src: str) -> str | None:
    """The character every match of ``src`` starts with, when that is evident from the source; else None."""
    prefix, _ = literal_prefix(src)
    return prefix[0] if prefix else None


def trie_regex(sources: Iterable[str]) -> str:
    """One alternation matching whatever any of ``sources`` matches, factored on the sources' literal
    prefixes (after ``regex_expand``) into a character trie, so that the regex engine rejects a
    position after a character or two instead of trying every source there. Longer literals come
    before shorter ones at each branch; sources without a literal prefix come last."""
    return _trie_emit(_trie(sources, literal_prefix))


def _trie(
    sources: Iterable[str], split: Callable[[str], tuple[Sequence[str], str]]
) -> dict[str, object]:
    """The sources (expanded) as a trie on the keys ``split`` gives; "" holds the rests."""
    root: dict[str, object] = {}
    for src in dict.fromkeys(alt for source in sources for alt in regex_expand(source)):
        keys, rest = split(src)
        node = root
        for key in keys:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        rests = node.setdefault("", [])
        assert isinstance(rests, list)
        rests.append(rest)
    return root


_ATOM = re.compile(
    r"""(?:\\[sSdDwW]|\\[^A-Za-z0-9]|\[(?:\\.|[^\]\\])+\]|[^\\^$*+?{}\[\]()|])"""
    r"(?:[*+?]|\{\d*,?\d*\})?(?![*+?{])"
)


def phrase_prefix(src: str) -> tuple[list[str], str]:
    """``src`` split into the tokens every match starts with and the regex after them, where a
    token is a literal character (escaped, as ``trie_regex`` emits it) or a character class, class
    escape or ``.`` with an optional greedy quantifier (``[\\s\\-]+``): so ``bite[\\s\\-]+mark`` gives
    ``(["b", "i", "t", "e", "[\\s\\-]+", "m", "a", "r", "k"], "")``. No tokens when ``src`` has a
    top-level ``|``."""
    if _has_top_level_bar(src):
        return [], src
    tokens: list[str] = []
    i = 0
    while i < len(src):
        literal, rest = literal_prefix(src[i:])
        if literal:
            tokens.extend(re.escape(ch) for ch in literal)
            i = len(src) - len(rest)
            continue
        m = _ATOM.match(src, i)
        if m is None:
            break
        tokens.append(m.group())
        i = m.end()
    return tokens, src[i:]


def phrase_trie_regex(sources: Iterable[str]) -> str:
    """Like ``trie_regex``, factored on ``phrase_prefix`` tokens, so the trie goes on past the
    spaces between the words of a phrase ("evidence was never ...", "evidence not ...") instead of
    trying each phrase's rest in turn. Its alternatives are in another order than the sources', so
    which span a search finds may differ: for tests of whether anything matches at a position
    (the scanner's lookahead), where the answer is the same."""
    return _trie_emit(_trie(sources, phrase_prefix), escape=False)


def _trie_emit(node: dict[str, object], *, escape: bool = True) -> str:
    parts = [
        (re.escape(ch) if escape else ch) + _trie_emit(child, escape=escape)
        for ch, child in sorted(node.items())
        if ch and isinstance(child, dict)
    ]
    rests = node.get("", [])
    assert isinstance(rests, list)
    parts += [f"(?:{rest})" for rest in sorted({r for r in rests if r}, key=len, reverse=True)]
    if "" in rests:
        parts.append("")
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


class WordRx:
    """A pattern whose top-level alternatives each start at a word start (``\\b...``), compiled as
    one trie (``trie_regex``) without the leading ``\\b``: the regex engine then rejects a position
    after a character or two instead of trying every alternative there, and the word start is
    checked here, only where the trie matched. ``search`` and ``finditer`` behave like the
    pattern's own (a match starts where ``\\b`` holds)."""

    __slots__ = ("pattern", "rx")

    def __init__(self, pattern: str) -> None:
        alternatives = _split_top(pattern)
        bare = [a.removeprefix(r"\b") for a in alternatives]
        if any(a == b for a, b in zip(alternatives, bare, strict=True)):
            raise ValueError(f"every alternative must start with \\b: {pattern[:80]!r}")
        self.pattern = pattern
        self.rx = re.compile(trie_regex(bare))

    def _at_word_start(self, text: str, m: re.Match[str]) -> bool:
        at = m.start()
        if at == 0:
            return True
        before, first = text[at - 1], text[at]
        return not (before.isalnum() or before == "_") or not (first.isalnum() or first == "_")

    def search(self, text: str, a: int = 0, b: int = sys.maxsize) -> re.Match[str] | None:
        pos = a
        while True:
            m = self.rx.search(text, pos, b)
            if m is None or self._at_word_start(text, m):
                return m
            pos = m.start() + 1

    def finditer(self, text: str, a: int = 0, b: int = sys.maxsize) -> Iterator[re.Match[str]]:
        pos = a
        while True:
            m = self.search(text, pos, b)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


_CAPITAL_WORD = re.compile(r"[A-Z]\w*")


class WholeWordsRx(WordRx):
    """``WordRx("\\bName\\b|...")`` for names that are an ASCII capital and letters ("Nichols"),
    without a trie to build and compile (a document's cited names differ from the next's): the
    words ``[A-Z]\\w*`` that start a word and are one of the names. The same matches: a name is a
    whole word exactly where it is the whole run of word characters from its first letter."""

    __slots__ = ("words",)

    def __init__(self, words: Iterable[str]) -> None:  # noqa: D107 - no WordRx.__init__: no trie
        self.words = frozenset(words)
        self.pattern = "|".join(r"\b" + re.escape(w) + r"\b" for w in sorted(self.words))
        self.rx = _CAPITAL_WORD

    @staticmethod
    def fits(words: Iterable[str]) -> bool:
        return all(w[:1].isascii() and w[:1].isupper() and w.isalpha() for w in words)

    def search(self, text: str, a: int = 0, b: int = sys.maxsize) -> re.Match[str] | None:
        return next(self.finditer(text, a, b), None)

    def finditer(self, text: str, a: int = 0, b: int = sys.maxsize) -> Iterator[re.Match[str]]:
        words = self.words
        for m in _CAPITAL_WORD.finditer(text, a, b):
            if m.group() in words:
                at = m.start()
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                    yield m
