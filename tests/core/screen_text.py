"""What a person reads on a page, and the code-shaped tokens that must not be in it.

``visible_text`` keeps what a browser shows or reads aloud (text, option labels, placeholders,
``alt``, ``title`` and ``aria-label``) and drops scripts, styles and hidden inputs.

Text inside an element marked ``data-verbatim`` is data a person typed or uploaded (a username on
the administration page, a file name, a letter template's variables): it may contain underscores
and dots, so only the checks that can never be legitimate (CLI commands, internal files, research
markers, record keys, raw dicts) apply to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Tags whose content is never shown.
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "option", "section",
        "article", "br", "dt", "dd", "summary", "legend", "label", "caption", "pre", "blockquote",
    }
)  # fmt: skip
_SHOWN_ATTRIBUTES = ("placeholder", "alt", "title", "aria-label")

# Management commands a CLI hint could name (``habeas NAME``). "habeas corpus" and "habeas
# petition" are law, not commands, so only these words count.
CLI_COMMANDS = [
    "demo",
    "serve",
    "worker",
    "createuser",
    "token",
    "case",
    "import",
    "export",
    "ingest",
    "search",
    "reindex",
    "documents",
    "audit",
    "nre",
    "compensation",
    "link",
    "linkage",
    "review",
    "reviews",
    "records",
    "watchlist",
    "deadlines",
    "digest",
    "migrate",
    "collectstatic",
    "shell",
]

# Only the checks in VERBATIM_CHECKS apply inside data-verbatim elements.
CHECKS: dict[str, re.Pattern[str]] = {
    "snake_case word": re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]\b"),
    "internal file": re.compile(r"\b[\w-]+\.(?:md|py|toml|pyc)\b"),
    "research marker": re.compile(r"\[(?:V|U|S)\]|\bUNVERIFIED\b|\bUnverified:"),
    "module path or dotted code": re.compile(
        r"\b[a-z][a-z0-9_]*\.(?!(?:org|com|net|gov|edu|us|uk|io|pdf|txt|csv|tsv|xlsx|xls|html?|"
        r"png|jpe?g|tiff?|docx?|eml|msg|zip|parquet)\b)[a-z][a-z0-9_]+(?:\.[a-z0-9_]+)*\b"
    ),
    "CLI command": re.compile(r"\bhabeas (?:" + "|".join(CLI_COMMANDS) + r")\b"),
    "backtick": re.compile(r"`"),
    "record key": re.compile(r"\b(?:bd|ba):[0-9a-f]{3,}|\b[pyam]\d+(?:\.\d+)?\b"),
    "Python dict": re.compile(r"\{\s*['\"][^'\"]*['\"]\s*:|\[\s*'[^']*'\s*(?:,|\])"),
    "unformatted money": re.compile(r"(?:\$|\(USD\)|\bUSD)\s*\d{4,}(?:\.\d\d)?(?!\d)"),
    "engine name": re.compile(r"\b(?:duckdb|pyspark|splink)\b|\bBackend\b"),
    "raw weight": re.compile(r"\bweight \d"),
}
VERBATIM_CHECKS = frozenset(
    {"internal file", "research marker", "CLI command", "record key", "Python dict"}
)


@dataclass(frozen=True)
class Hit:
    check: str
    token: str
    context: str

    def __str__(self) -> str:
        return f"{self.check}: {self.token!r} in “{self.context}”"


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.plain: list[str] = []
        self.verbatim: list[str] = []
        self._hidden = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, opened a verbatim region)
        self._verbatim = 0

    def _out(self) -> list[str]:
        return self.verbatim if self._verbatim else self.plain

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        hidden_input = tag == "input" and values.get("type") == "hidden"
        if not self._hidden and not hidden_input:
            for name in _SHOWN_ATTRIBUTES:
                if values.get(name):
                    self._out().append(f"\n{values[name]}\n")
            if (
                tag == "input"
                and values.get("type") in ("submit", "button")
                and values.get("value")
            ):
                self._out().append(f"\n{values['value']}\n")
        if tag in _BLOCK_TAGS:
            self._out().append("\n")
        if tag in _VOID_TAGS:
            return
        opens = "data-verbatim" in values
        self._verbatim += opens
        self._stack.append((tag, opens))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        # Close back to the matching tag (HTML lets some end tags be left out).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, opened in self._stack[i:]:
                    self._verbatim -= opened
                del self._stack[i:]
                break
        if tag in _BLOCK_TAGS:
            self._out().append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._out().append(data)


def _tidy(parts: list[str]) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def visible_text(html: str) -> tuple[str, str]:
    """(the page's own text, the text of its data-verbatim elements)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return _tidy(parser.plain), _tidy(parser.verbatim)


def _context(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    line = text[left : right if right >= 0 else len(text)]
    return line if len(line) <= 160 else text[max(left, start - 70) : min(len(text), end + 70)]


def code_tokens(text: str, *, verbatim: bool = False) -> list[Hit]:
    """Every code-shaped token in ``text`` (only the never-legitimate ones if ``verbatim``)."""
    hits: list[Hit] = []
    for name, pattern in CHECKS.items():
        if verbatim and name not in VERBATIM_CHECKS:
            continue
        hits.extend(
            Hit(name, m.group(0), _context(text, m.start(), m.end()))
            for m in pattern.finditer(text)
        )
    return hits


def page_problems(html: str) -> list[Hit]:
    plain, verbatim = visible_text(html)
    return code_tokens(plain) + code_tokens(verbatim, verbatim=True)
