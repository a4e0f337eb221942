"""The automaton's candidate word starts (starts.py) are exactly the scanner's: the offsets where
``\\W(?=...)`` (or the head pattern at offset 0) matches. Fictional names."""

from __future__ import annotations

import random

import pytest

from habeas.domain.flags import flags_find
from habeas.domain.flags.engine import text_lower
from habeas.domain.flags.rules import RuleSet, rules_default, rules_parse, ruleset_build
from habeas.domain.flags.starts import page_fold, trigger_keys

SENTENCES = [
    "The rape kit collected at the hospital was never submitted to the laboratory.",
    "Det. Quill showed the witness a single photo of the suspect; she was not sure.",
    "Varga, a cellmate of the defendant, said he confessed in exchange for leniency.",
    "The swabs were not tested for DNA, and the 16-year-old was interrogated for 11 hours.",
    "The examiner testified the cartridge cases were fired from the gun (bite-mark, gsr).",
    "I.Q. of 68; no DNA testing was available; 100 percent sure; non-disclosure of notes.",
    "The fire investigator described pour patterns and a V-pattern on the wall.",
]
NOISE = [
    " ",
    "  ",
    "\n",
    "-",
    "-\n",
    "\u00a0",
    "’",
    "“",
    "é",
    "_",
    "x",
    "1",
    "\u0663",
    ".",
    "(",
    "İ",
]


def _scanner_starts(rules: RuleSet, low: str) -> list[int]:
    found = [m.end() for m in rules.scanner.finditer(low)]
    return [0, *found] if rules.head.match(low) else found


def _noisy(rng: random.Random) -> str:
    words = " ".join(rng.choice(SENTENCES) for _ in range(3)).split(" ")
    out = []
    for word in words:
        out.append(word)
        out.append(rng.choice(NOISE) if rng.random() < 0.3 else " ")
        if rng.random() < 0.1:
            out.append(rng.choice(NOISE))
    return "".join(out)


def test_the_bundled_rules_use_the_automaton() -> None:
    assert rules_default().starts is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "rape kit",
        "xrape kit",
        "érape kit and éwas not tested",
        "café rape kit; “rape kit”; (rape-\nkit); rape\u00a0kit; rape  kit; rape   kit",
        "1\u0663 hours; 16 hours; 16  hours; 16-year-old",
        "İ rape kit İnot tested",
        *SENTENCES,
    ],
)
def test_the_automaton_finds_the_scanner_starts(text: str) -> None:
    rules = rules_default()
    assert rules.starts is not None
    low = text_lower(text)
    assert rules.starts.find(low) == _scanner_starts(rules, low)


def test_the_automaton_finds_the_scanner_starts_on_noisy_text() -> None:
    rules = rules_default()
    assert rules.starts is not None
    rng = random.Random(5)
    for _ in range(400):
        low = text_lower(_noisy(rng))
        assert rules.starts.find(low) == _scanner_starts(rules, low)


def test_the_fold_keeps_offsets() -> None:
    low = "a’b\u00a0c_d-1é\n"
    folded = page_fold(low)
    assert folded == " a b c_d 1  "
    assert len(folded) == len(low) + 1


def test_keys_spell_out_classes_options_groups_and_runs() -> None:
    assert trigger_keys([r"bite[\s\-]*mark\w*"]) == frozenset(
        {" bite mark", " bitemark", " bite  "}
    )
    assert trigger_keys([r"was(?:n['’]t|\s+not)"]) == frozenset({" wasn t", " was not", " was  "})
    assert trigger_keys([r"i\.?q\.?"]) == frozenset({" iq", " i q"})


def test_a_vague_trigger_leaves_the_scanner_in_place() -> None:
    text = """
[[rule]]
id = "test.vague"
category = "eyewitness"
title = "Vague"
patterns = ['\\w+ly identified']
nre = ["MWID"]
confidence = 0.5
reason = "A test rule."
source = "None: a test."
verification = "sourced"
"""
    rules = ruleset_build(rules_parse(text))
    assert trigger_keys(rules.rules[0].triggers) is None
    assert rules.starts is None
    flags = flags_find("The witness positively identified Quill.", rules=rules)
    assert [f.rule_id for f in flags] == ["test.vague"]
