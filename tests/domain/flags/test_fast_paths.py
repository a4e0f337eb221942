"""The engine's fast paths give exactly what the plain forms they replace give (bench.flags_same
checks the whole engine against an earlier revision; these pin the pieces). Fictional names."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata

import pytest

from habeas.domain.flags import Category, Context, flags_find_pages
from habeas.domain.flags.alternation import WholeWordsRx
from habeas.domain.flags.context import _cited_regex, _cited_trie, _whole_word_in
from habeas.domain.flags.document import civil_reason
from habeas.domain.flags.flag import Flag, flag_replace
from habeas.domain.flags.roles import Role, role_regex, role_spans
from habeas.domain.flags.words import accents_fold

NAMES = ["quill", "quills", "varga", "arga", "o'dell", "ibarra-lind", "lind", "ann", "anne"]


def _roles(names: list[str]) -> dict[str, Role]:
    return {n: Role(n.title(), Category.INFORMANT, 1, 0, "cellmate") for n in names}


@pytest.mark.parametrize(
    "text",
    [
        "quill's cellmate, quills and varga’s brother met lind.",
        "vargas quillx quill_ quill's's o'dell's ibarra-lind lind-ibarra",
        "annex anne ann's anne’s annanne",
        "",
        "quill",
    ],
)
def test_role_spans_are_the_role_regex_matches(text: str) -> None:
    roles = _roles(NAMES)
    assert role_spans(text, roles) == [m.span() for m in role_regex(roles).finditer(text)]


def test_role_spans_on_random_text() -> None:
    rng = random.Random(9)
    for _ in range(2000):
        names = rng.sample(NAMES, rng.randint(1, 4))
        roles = _roles(names)
        text = "".join(rng.choice("aquilnvrgs'’ -_1\n") for _ in range(rng.randint(0, 60)))
        for _ in range(3):
            at = rng.randrange(len(text) + 1)
            tail = rng.choice(["", "'s", "’s", "x", " ", "'", "'sx"])
            text = text[:at] + rng.choice(names) + tail + text[at:]
        assert role_spans(text, roles) == [m.span() for m in role_regex(roles).finditer(text)]


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("quill", "Quill met quill."),
        ("quill", "quills"),
        ("quill", "xquill"),
        ("quill", "quill_"),
        ("quill", "équill"),
        ("quill", "quill's"),
        ("quill", ""),
        ("quill", "qui ll"),
    ],
)
def test_whole_word_in_is_a_word_boundary_search(word: str, text: str) -> None:
    assert _whole_word_in(word, text) == bool(re.search(r"\b" + word + r"\b", text))


def test_flag_replace_is_dataclasses_replace() -> None:
    text = "The jailhouse informant testified that the defendant confessed to him."
    flag = flags_find_pages([(1, text)])[0]
    changes: dict[str, object] = {
        "rule_ids": ("a.b", "c.d"),
        "cues": ("x",),
        "context": Context.NEGATED,
    }
    assert flag_replace(flag, **changes) == dataclasses.replace(flag, **changes)  # type: ignore[arg-type]
    assert isinstance(flag_replace(flag), Flag) and flag_replace(flag) == flag


def test_civil_reason_with_the_pages_lowered_already() -> None:
    pages: list[tuple[int | None, str]] = [
        (1, "The Plaintiff sued the city. " * 20),
        (2, "The plaintiffs' claim was dismissed. " * 5),
    ]
    lows = [text.lower() for _, text in pages]
    assert civil_reason(pages) == civil_reason(pages, lows) != ""


def test_whole_words_rx_finds_what_the_word_trie_finds() -> None:
    names = ["Brady", "Brad", "Bradys", "Nichols", "Mira", "Miranda"]
    assert (
        WholeWordsRx.fits(names)
        and not WholeWordsRx.fits(["Élan"])
        and not WholeWordsRx.fits(["O'Dell"])
    )
    rng = random.Random(4)
    for _ in range(2000):
        chosen = rng.sample(names, rng.randint(1, 4))
        trie = _cited_trie(frozenset(chosen))
        fast = _cited_regex(frozenset(chosen))
        assert isinstance(fast, WholeWordsRx)
        text = "".join(rng.choice("BradyNichols _'’.,é1 \nx") for _ in range(rng.randint(0, 50)))
        for _ in range(3):
            at = rng.randrange(len(text) + 1)
            tail = rng.choice(["", "s", "'s", " ", "_", "é", "x"])
            text = text[:at] + rng.choice(chosen) + tail + text[at:]
        a = rng.randrange(len(text) + 1)
        b = rng.randrange(a, len(text) + 1)
        expected = [(m.span(), m.group()) for m in trie.finditer(text, a, b)]
        assert [(m.span(), m.group()) for m in fast.finditer(text, a, b)] == expected
        first = trie.search(text, a, b)
        found = fast.search(text, a, b)
        assert (first and first.span()) == (found and found.span())


def test_accents_fold_is_the_decomposition_of_each_letter() -> None:
    # the regex pass gives what removing each Latin letter's combining marks gives, length kept
    letters = "".join(chr(c) for c in range(0x20, 0x250)).lower()
    text = letters + " his éarlier statement, josé peña, naïve ﬁne 証人"

    def plain(ch: str) -> str:
        base = unicodedata.normalize("NFKD", ch)
        letter, marks = base[:1], base[1:]
        if (
            marks
            and letter.isascii()
            and letter.isalpha()
            and all(map(unicodedata.combining, marks))
        ):
            return letter
        return ch

    folded = accents_fold(text)
    assert len(folded) == len(text)
    assert folded == "".join(plain(ch) if len(ch.lower()) == 1 else ch for ch in text)
    assert accents_fold("plain ascii") == "plain ascii"
