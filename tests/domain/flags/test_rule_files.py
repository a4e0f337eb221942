"""Rule files: validation errors name the file and the rule id; bundled files load and are package data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from habeas.domain.flags import RuleFileError, rules_load, rules_parse
from habeas.domain.flags.alternation import (
    literal_prefix,
    phrase_prefix,
    phrase_trie_regex,
    regex_expand,
    trie_regex,
)
from habeas.domain.flags.rules import RULES_DIR, ruleset_build

GOOD = """
[[rule]]
id = "test.widget"
category = "brady"
title = "Widget"
terms = ["widget*"]
nre = ["OM", "OM-WH"]
confidence = 0.5
reason = "A widget."
source = "Test source."
verification = "sourced"
"""


def _variant(**changes: str | None) -> str:
    lines = []
    for line in GOOD.strip().splitlines():
        key = line.split(" = ")[0] if " = " in line else None
        if key in changes:
            if changes[key] is not None:
                lines.append(f"{key} = {changes[key]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _error(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        rules_parse(text, file="rules/bad.toml")
    return info.value


def test_good_rule_parses() -> None:
    (rule,) = rules_parse(GOOD, file="rules/good.toml")
    assert rule.id == "test.widget"
    assert rule.file == "rules/good.toml"
    assert rule.nre == ("OM", "OM-WH")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": '"hunch"'}, "unknown category 'hunch'"),
        ({"confidence": "1.5"}, "confidence"),
        ({"confidence": "true"}, "confidence"),
        ({"verification": '"probably"'}, "verification must be one of"),
        ({"verification": '"unverified"'}, "verification_note is missing"),
        ({"nre": '["XYZ"]'}, "unknown NRE code 'XYZ'"),
        ({"source": None}, "source is missing"),
        ({"reason": '"  "'}, "reason must be a non-empty string"),
        ({"terms": '["*widget"]'}, "must start with a letter or digit"),
        ({"terms": '["wid*get"]'}, "only allowed at the end"),
        ({"terms": "[]"}, "needs at least one trigger"),
        ({"terms": '"widget"'}, "terms must be a list of strings"),
    ],
)
def test_invalid_rule_names_file_and_rule(changes: dict[str, str | None], message: str) -> None:
    error = _error(_variant(**changes))
    assert error.file == "rules/bad.toml"
    assert error.rule_id == "test.widget"
    assert message in str(error)
    assert str(error).startswith("rules/bad.toml: rule 'test.widget': ")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("'wid(get'", "not a valid regular expression"),
        ("'Widget'", "upper-case"),
        ("'(?:x)?'", "matches the empty string"),
        ("'(wid)get'", "capturing group"),
        ("'(?P<w>wid)get'", "capturing group"),
    ],
)
def test_invalid_pattern(pattern: str, message: str) -> None:
    error = _error(_variant(terms=None) + f"patterns = [{pattern}]\n")
    assert message in str(error)
    assert error.rule_id == "test.widget"


def test_unknown_key_and_bad_id() -> None:
    assert "unknown key 'colour'" in str(_error(GOOD + 'colour = "red"\n'))
    error = _error(_variant(id='"Widget Rule"'))
    assert "id must look like" in str(error)
    assert error.rule_id == "Widget Rule"


def test_rule_without_id_is_named_by_position() -> None:
    error = _error(_variant(id=None))
    assert error.rule_id == "#1 (no id)"
    assert "id is missing" in str(error)


def test_tier_rules() -> None:
    assert "tier is only used by forensic_method" in str(_error(GOOD + 'tier = "discredited"\n'))
    forensic = _variant(category='"forensic_method"')
    assert "authority is missing" in str(_error(forensic))
    assert "tier" in str(_error(forensic + 'authority = "NAS (2009)"\n'))
    (rule,) = rules_parse(forensic + 'authority = "NAS (2009)"\ntier = "contested"\n')
    assert rule.tier is not None and rule.tier.value == "contested"


def test_require_block_validation() -> None:
    error = _error(GOOD + "[[rule.require]]\nterms = []\n")
    assert "require #1: needs terms or patterns" in str(error)
    error = _error(GOOD + '[[rule.require]]\nterms = ["x"]\nwithin = 999\n')
    assert "within must be a whole number" in str(error)
    error = _error(GOOD + '[[rule.exclude]]\nterms = ["x"]\nside = "above"\n')
    assert "exclude #1: side must be one of" in str(error)
    error = _error(GOOD + '[[rule.require]]\nterms = ["x"]\nnear = 3\n')
    assert "unknown key 'near'" in str(error)


def test_file_level_errors() -> None:
    assert "not valid TOML" in str(_error("[[rule]\n"))
    assert "no [[rule]] tables" in str(_error("# empty\n"))
    assert "unknown top-level key 'rules'" in str(_error("[[rules]]\nid = 'x'\n"))
    assert _error("[[rule]\n").rule_id is None


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        rules_load(tmp_path)
    assert info.value.rule_id == "test.widget"
    assert "duplicate id" in str(info.value)
    assert "a.toml" in str(info.value) and "b.toml" in str(info.value)


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(_variant(confidence="0"), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        rules_load(bad)
    assert info.value.file.endswith("bad.toml")
    assert info.value.rule_id == "test.widget"
    with pytest.raises(RuleFileError, match="no such rule file"):
        rules_load(tmp_path / "missing.toml")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RuleFileError, match=r"no \*\.toml rule files"):
        rules_load(empty)


def test_bundled_rule_files_load_and_cover_every_file() -> None:
    files = sorted(p.name for p in RULES_DIR.glob("*.toml"))
    assert files == [
        "brady.toml",
        "eyewitness.toml",
        "false_confession.toml",
        "firearm_toolmark.toml",
        "forensic.toml",
        "gunshot_residue.toml",
        "informant.toml",
        "recantation.toml",
        "untested_biology.toml",
    ]
    rules = rules_load(RULES_DIR)
    assert {Path(f).name for f in rules.files} == set(files)


def test_rule_files_are_package_data() -> None:
    root = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '"*.toml"' in text


# --- the scanner helpers ---------------------------------------------------------------------------------


def test_literal_prefix_and_expansion() -> None:
    assert literal_prefix(r"bite[\s\-]*mark\w*") == ("bite", r"[\s\-]*mark\w*")
    assert literal_prefix(r"i\.d\.") == ("i.d.", "")
    assert literal_prefix("ab?c") == ("a", "b?c")
    assert literal_prefix("a|b") == ("", "a|b")
    assert regex_expand("(?:told|showed) (?:him|her)") == ["told (?:him|her)", "showed (?:him|her)"]
    assert regex_expand("(?:a|b)+c") == ["(?:a|b)+c"]


@pytest.mark.parametrize(
    "sources",
    [
        ["deal", "deals", r"dealer\w*", "(?:x|y)z", r"[1-9]\d? hours?"],
        [r"bite[\s\-]*mark\w*", "bite impression", "biter", r"(?:same|identical) (?:box|lot)"],
    ],
)
def test_trie_regex_matches_what_the_sources_match(sources: list[str]) -> None:
    combined = re.compile(trie_regex(sources))
    words = [
        "deal",
        "deals",
        "dealers",
        "xz",
        "yz",
        "zz",
        "7 hours",
        "12 hour",
        "bite mark",
        "bitemarks",
        "bite impression",
        "biter",
        "same box",
        "identical lot",
        "other",
    ]
    for word in words:
        expected = any(re.fullmatch(src, word) for src in sources)
        assert bool(re.fullmatch(f"(?:{combined.pattern})", word)) == expected, word


def test_phrase_prefix_goes_past_the_spaces_of_a_phrase() -> None:
    assert phrase_prefix(r"no[\s\-]+dna") == (["n", "o", r"[\s\-]+", "d", "n", "a"], "")
    assert phrase_prefix(r"hairs? (?:was|were)") == (
        ["h", "a", "i", "r", "s?", r"\ "],
        "(?:was|were)",
    )
    assert phrase_prefix(r"x\s+?y") == (["x"], r"\s+?y")  # a lazy quantifier ends the tokens
    assert phrase_prefix("a|b") == ([], "a|b")


@pytest.mark.parametrize(
    "sources",
    [
        [r"evidence\s+(?:\w+\s+){0,2}?contradicted", r"evidence[\s\-]+collection[\s\-]+kit\w*"],
        [
            r"not[\s\-]+disclosed",
            r"not[\s\-]+turned[\s\-]+over",
            r"no[\s\-]+blind",
            r"non[\s\-]*blind\w*",
        ],
        [r"[1-9]\d? hours?", r"1\d(?:%|\s+percent)\s+sure", r"bite[\s\-]*mark\w*"],
    ],
)
def test_phrase_trie_matches_where_the_sources_match(sources: list[str]) -> None:
    combined = re.compile(f"(?:{phrase_trie_regex(sources)})")
    texts = [
        "evidence later contradicted",
        "evidence collection kits",
        "evidence was",
        "not disclosed",
        "not  turned over",
        "no blind",
        "nonblind",
        "non blinded",
        "12 hours",
        "15 percent sure",
        "bitemark",
        "bite",
    ]
    for text in texts:
        expected = any(re.match(src, text) for src in sources)
        assert bool(combined.match(text)) == expected, text


def test_ruleset_build_rejects_empty() -> None:
    with pytest.raises(RuleFileError):
        ruleset_build([])


def test_ocr_support_and_sentence_keys() -> None:
    (rule,) = rules_parse(GOOD + "ocr = true\nsupport = true\n")
    assert rule.support
    assert re.fullmatch(rule.triggers[0], "widgcts")  # OCR: "c" for "e" after the first letters
    assert not re.fullmatch(rule.triggers[0], "w1dgets")  # the first letters stay exact
    assert "ocr and support must be true or false" in str(_error(GOOD + 'ocr = "yes"\n'))
    error = _error(GOOD + '[[rule.require]]\nterms = ["x"]\nsentence = "no"\n')
    assert "require #1: sentence must be true or false" in str(error)
    (rule,) = rules_parse(GOOD + '[[rule.require]]\nterms = ["x"]\nsentence = false\n')
    assert rule.requires[0].sentence is False


def test_accused_and_witness_keys() -> None:
    (rule,) = rules_parse(GOOD + "witness = true\n")
    assert rule.witness and not rule.accused
    assert "accused and witness must be true or false" in str(_error(GOOD + 'witness = "yes"\n'))
    assert "not both" in str(_error(GOOD + "witness = true\naccused = true\n"))


def test_pattern_spaces_match_line_breaks() -> None:
    (rule,) = rules_parse(_variant(terms=None) + "patterns = ['the widget (?:was|were) red']\n")
    assert rule.trigger_rx.match("the widget\n\nwas red")
