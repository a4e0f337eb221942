"""Parser for the reviewer query syntax (see the package docstring) into a small AST.

The parser is pure Python and needs no index: words are run through the same analyzer the index
uses (:func:`habeas.domain.search.analysis.analyze`), so the AST already holds the exact terms to look up.
Errors are :class:`QuerySyntaxError` with a 0-based ``offset`` into the query and a message that
names a 1-based ``position`` for people ("unclosed quote at position 14").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from habeas.domain.search.analysis import analyze

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MIN_PREFIX_CHARS = 2
MIN_FUZZY_CHARS = 3
MAX_SLOP = 20
OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}


class QuerySyntaxError(ValueError):
    """A query the reviewer has to fix. ``offset`` is the 0-based index in the query (or None)."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    @property
    def position(self) -> int | None:
        """1-based position, as used in the message."""
        return None if self.offset is None else self.offset + 1


def _err(message: str, offset: int) -> QuerySyntaxError:
    return QuerySyntaxError(f"{message} at position {offset + 1}", offset)


# --- AST -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """A leaf. ``kind``: 'word' (one token = term, several tokens e.g. O'Brien = exact phrase),
    'phrase' ("..."; ``slop`` = allowed gaps), 'prefix' (last token is a prefix), 'fuzzy'
    (each token within ``distance`` edits; tokens shorter than MIN_FUZZY_CHARS match exactly)."""

    kind: Literal["word", "phrase", "prefix", "fuzzy"]
    tokens: tuple[str, ...]
    offset: int
    source: str
    slop: int = 0
    distance: int = 0


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    offset: int


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    offset: int


@dataclass(frozen=True)
class Not:
    child: Node
    offset: int


Node = Terms | And | Or | Not


# --- lexer -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: Literal["LPAREN", "RPAREN", "AND", "OR", "NOT", "MINUS", "TERMS", "EMPTY"]
    offset: int
    text: str
    terms: Terms | None = None


_BREAK = set('()"') | {" ", "\t", "\n", "\r", "\f", "\v"}


def _is_break(ch: str) -> bool:
    return ch in _BREAK or ch.isspace()


def _word(raw: str, offset: int) -> _Tok:
    if raw in OPERATORS:
        return _Tok(OPERATORS[raw], offset, raw)  # type: ignore[arg-type]
    base, kind, distance = raw, "word", 0
    if "~" in raw:
        cut = raw.rindex("~")
        base, suffix = raw[:cut], raw[cut + 1 :]
        if "~" in base:
            raise _err(
                f"'~' may appear once, at the end of a word ('{raw}')", offset + base.index("~")
            )
        if suffix not in ("", "1", "2"):
            raise _err(f"fuzzy distance must be 1 or 2 ('{raw}')", offset + cut)
        if "*" in raw:
            raise _err(f"a word cannot be both fuzzy '~' and prefix '*' ('{raw}')", offset + cut)
        kind, distance = "fuzzy", int(suffix or "1")
    elif raw.endswith("*"):
        base = raw.rstrip("*")
        kind = "prefix"
    if "*" in base:
        raise _err(
            f"wildcard '*' is only allowed at the end of a word ('{raw}')", offset + base.index("*")
        )
    tokens = tuple(analyze(base))
    if not tokens:
        if kind != "word":
            raise _err(f"'{raw}' has no letters or digits to search for", offset)
        return _Tok("EMPTY", offset, raw)
    if kind == "prefix" and len(tokens) == 1 and len(tokens[0]) < MIN_PREFIX_CHARS:
        raise _err(
            f"a prefix needs at least {MIN_PREFIX_CHARS} letters before '*' ('{raw}')", offset
        )
    terms = Terms(kind, tokens, offset, raw, distance=distance)  # type: ignore[arg-type]
    return _Tok("TERMS", offset, raw, terms)


def _lex(query: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            out.append(_Tok("LPAREN", i, ch))
            i += 1
        elif ch == ")":
            out.append(_Tok("RPAREN", i, ch))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise _err("unclosed quote", i)
            inner = query[i + 1 : end]
            j, slop = end + 1, 0
            if j < n and query[j] == "~":
                k = j + 1
                while k < n and query[k].isdigit():
                    k += 1
                if k == j + 1 or int(query[j + 1 : k]) > MAX_SLOP:
                    raise _err(f'a phrase proximity "..."~N needs N from 0 to {MAX_SLOP}', j)
                slop, j = int(query[j + 1 : k]), k
            tokens = tuple(analyze(inner))
            if not tokens:
                raise _err("empty phrase", i)
            out.append(
                _Tok("TERMS", i, query[i:j], Terms("phrase", tokens, i, query[i:j], slop=slop))
            )
            i = j
        elif ch in "-+" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != ")":
            if ch == "-":
                out.append(_Tok("MINUS", i, ch))
            i += 1
        else:
            j = i
            while j < n and not _is_break(query[j]):
                j += 1
            out.append(_word(query[i:j], i))
            i = j
    return out


# --- parser ----------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a stray ')' stops or_expr early
            raise _err("unmatched ')'", tok.offset)
        return node

    def or_expr(self) -> Node | None:
        first = self.peek()
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.next()
            self._need_operand(tok)
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept), first.offset if first else 0)

    def and_expr(self) -> Node | None:
        first = self.peek()
        if first is not None and first.kind in ("AND", "OR"):
            raise _err(f"'{first.text}' needs a term before it", first.offset)
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.next()
                self._need_operand(tok)
            parts.append(self.unary())
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else And(tuple(kept), first.offset if first else 0)

    def _need_operand(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in ("AND", "OR", "RPAREN"):
            raise _err(f"'{op.text}' needs a term after it", op.offset)

    def unary(self) -> Node | None:
        tok = self.peek()
        if tok is None:  # pragma: no cover - callers check
            raise QuerySyntaxError("the query ends too early", None)
        if tok.kind in ("NOT", "MINUS"):
            self.next()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("AND", "OR", "RPAREN"):
                raise _err(f"'{tok.text}' needs a term after it", tok.offset)
            child = self.unary()
            if child is None:
                return None
            if isinstance(child, Not):  # NOT NOT x == x
                return child.child
            return Not(child, tok.offset)
        return self.primary()

    def primary(self) -> Node | None:
        tok = self.next()
        if tok.kind == "LPAREN":
            nxt = self.peek()
            if nxt is None:
                raise _err("unclosed '('", tok.offset)
            if nxt.kind == "RPAREN":
                raise _err("empty parentheses", tok.offset)
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise _err("unclosed '('", tok.offset)
            self.next()
            return node
        if tok.kind == "RPAREN":
            raise _err("unmatched ')'", tok.offset)
        if tok.kind == "TERMS":
            return tok.terms
        if tok.kind == "EMPTY":
            return None
        raise _err(f"unexpected '{tok.text}'", tok.offset)  # pragma: no cover - unreachable


def _require_positive(node: Node) -> None:
    """Every branch must match something by itself: 'NOT x' alone, '-a -b' or 'a OR -b' has
    nothing to exclude from (tantivy would silently match no page)."""
    if isinstance(node, Not):
        raise _err(
            "a query needs at least one positive term: 'NOT'/'-' has nothing to exclude from",
            node.offset,
        )
    if isinstance(node, And):
        positives = [c for c in node.children if not isinstance(c, Not)]
        if not positives:
            raise _err(
                "a query needs at least one positive term: 'NOT'/'-' has nothing to exclude from",
                node.offset,
            )
        for child in node.children:
            _require_positive(child.child if isinstance(child, Not) else child)
    elif isinstance(node, Or):
        for child in node.children:
            _require_positive(child)


def _count_terms(node: Node) -> int:
    if isinstance(node, Terms):
        return len(node.tokens)
    if isinstance(node, Not):
        return _count_terms(node.child)
    return sum(_count_terms(c) for c in node.children)


def query_parse(query: str) -> Node:
    """Parse a reviewer query into an AST, or raise :class:`QuerySyntaxError`."""
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"the query is too long ({len(query)} characters, at most {MAX_QUERY_CHARS})",
            MAX_QUERY_CHARS,
        )
    if not query.strip():
        raise QuerySyntaxError("the query is empty", 0)
    node = _Parser(_lex(query)).parse()
    if node is None:
        raise QuerySyntaxError("the query has no letters or digits to search for", 0)
    _require_positive(node)
    if _count_terms(node) > MAX_TERMS:
        raise QuerySyntaxError(f"the query has too many words (at most {MAX_TERMS})", 0)
    return node


def positive_leaves(node: Node) -> list[Terms]:
    """The leaves that must or may match (not those under NOT): what snippets highlight."""
    if isinstance(node, Terms):
        return [node]
    if isinstance(node, Not):
        return []
    return [leaf for child in node.children for leaf in positive_leaves(child)]
