"""Context labels, offsets, pages, de-duplication and robustness of the flag engine (fictional names)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.flags import (
    Category,
    Context,
    Flag,
    flags_find,
    flags_find_pages,
    rules_default,
    rules_parse,
    sentence_split,
)
from habeas.domain.flags.context import CONTEXT_WEIGHT
from habeas.domain.flags.rules import ruleset_build


def _one(text: str, rule_id: str) -> Flag:
    # one flag per element per sentence: the rule may be any of the rules that hit it
    found = [f for f in flags_find(text) if rule_id in f.rule_ids]
    assert len(found) == 1, [(f.rule_id, f.context) for f in flags_find(text)]
    return found[0]


def _check_offsets(text: str, flags: list[Flag]) -> None:
    for f in flags:
        assert 0 <= f.start <= f.match_start < f.match_end <= f.end <= len(text)
        assert f.passage == text[f.start : f.end]
        assert f.matched == text[f.match_start : f.match_end]
        assert len(f.passage) <= 400


# --- context ---------------------------------------------------------------------------------------------


def test_negated() -> None:
    flag = _one("No bite mark evidence was introduced at trial.", "forensic.bite_mark")
    assert flag.context is Context.NEGATED
    assert flag.cue.lower() == "no"
    assert flag.confidence == round(0.8 * CONTEXT_WEIGHT[Context.NEGATED], 2)
    assert "negate" in flag.reason


def test_negated_after_the_match() -> None:
    assert (
        _one("The bite mark evidence was not introduced.", "forensic.bite_mark").context
        is Context.NEGATED
    )


def test_negation_stops_at_but() -> None:
    text = "The State did not call the dentist but relied on bite mark testimony from Dr. Pell."
    assert _one(text, "forensic.bite_mark").context is Context.AFFIRMED


def test_pseudo_negation_is_not_negation() -> None:
    text = "There is no doubt that bite mark testimony was central to the verdict."
    assert _one(text, "forensic.bite_mark").context is Context.AFFIRMED


def test_citation() -> None:
    flag = _one("See State v. Doe, 123 P.3d 456 (bite mark).", "forensic.bite_mark")
    assert flag.context is Context.CITATION
    assert "State v. Doe" in flag.cue


def test_citation_in_a_list_of_cases() -> None:
    text = (
        "See, e.g., State v. Doe, 123 P.3d 456 (Ariz. 2005) (bite mark); People v. Roe, 45 Cal.App.4th 67 "
        "(1996) (hair comparison)."
    )
    # one flag per element per sentence: both rules are on the one forensic_method flag
    flags = {r: f.context for f in flags_find(text) for r in f.rule_ids}
    assert flags["forensic.bite_mark"] is Context.CITATION
    assert flags["forensic.hair_microscopic"] is Context.CITATION


def test_citation_yields_to_this_case() -> None:
    text = "Unlike State v. Doe, 123 P.3d 456, here, the bite mark was the only physical evidence."
    assert _one(text, "forensic.bite_mark").context is not Context.CITATION


def test_rejected_claim() -> None:
    text = "The court rejected the claim that the informant was promised leniency in exchange for his testimony."
    flag = _one(text, "informant.incentive")
    assert flag.context is Context.REJECTED_CLAIM
    assert "rejected the claim" in flag.cue


def test_rejected_claim_after_the_match() -> None:
    text = "Petitioner's argument that the show-up was suggestive lacks merit."
    assert _one(text, "eyewitness.showup").context is Context.REJECTED_CLAIM


def test_a_claim_the_court_rejected_it_after_the_match() -> None:
    text = (
        "Addressing petitioner's claim of an undisclosed agreement between the State and the "
        "informant, the Court of Appeals rejected it on the merits."
    )
    flag = [f for f in flags_find(text) if f.category is Category.BRADY]
    assert [f.context for f in flag] == [Context.REJECTED_CLAIM], flag


def test_hypothetical() -> None:
    flag = _one(
        "If hair analysis had been performed, the result would have differed.",
        "forensic.hair_microscopic",
    )
    assert flag.context is Context.HYPOTHETICAL
    assert flag.cue.lower() == "if"


def test_a_counterfactual_is_hypothetical() -> None:
    text = "Ada Quint believed a sincere confession would have been rewarded with leniency."
    flag = _one(text, "false_confession.promised_leniency")
    assert flag.context is Context.HYPOTHETICAL
    assert flag.cue == "would have been"


def test_affirmed_is_default() -> None:
    flag = _one(
        "The criminalist performed hair analysis on the sweater.", "forensic.hair_microscopic"
    )
    assert flag.context is Context.AFFIRMED
    assert flag.cue == ""
    assert flag.confidence == 0.75


def test_required_not_tested_cue_is_part_of_the_element() -> None:
    assert (
        _one("The rape kit was never tested.", "untested_biology.sexual_assault_kit").context
        is Context.AFFIRMED
    )


def test_negated_required_cue_negates_the_element() -> None:
    flag = _one(
        "The informant was not promised anything in exchange for his testimony.",
        "informant.incentive",
    )
    assert flag.context is Context.NEGATED


def test_context_labels_are_not_suppressed() -> None:
    # every non-affirmed match is kept at a lower confidence for the reviewer
    for context, weight in CONTEXT_WEIGHT.items():
        assert 0 < weight <= 1, context
    assert CONTEXT_WEIGHT[Context.AFFIRMED] == 1.0


# --- offsets, pages, de-duplication ------------------------------------------------------------------------


def test_offsets_point_into_the_page() -> None:
    text = (
        "Det. Ruiz #4411 arrived at 10:15 p.m.\n\nThe sole eyewitness, Ms. Dorn, identified Mr. Quill.\n"
        "Later the swabs were never tested for DNA. Dr. Pell gave bite mark testimony."
    )
    flags = flags_find(text)
    assert {f.rule_id for f in flags} >= {
        "eyewitness.only_eyewitness",
        "untested_biology.biological_sample",
        "forensic.bite_mark",
    }
    _check_offsets(text, flags)
    assert [f.match_start for f in flags] == sorted(f.match_start for f in flags)


def test_passage_is_the_sentence_not_the_neighbours() -> None:
    text = "Ofc. Lane wrote the report. Dr. Pell testified about a bite mark. The jury deliberated."
    flag = _one(text, "forensic.bite_mark")
    assert "Dr. Pell testified about a bite mark." in flag.passage
    assert len(flag.passage) <= 400


def test_long_sentence_passage_is_capped() -> None:
    filler = " ".join(["the officer walked along the street"] * 40)
    text = f"{filler} and then a bite mark was found {filler}."
    flags = flags_find(text)
    _check_offsets(text, flags)
    assert any(f.rule_id == "forensic.bite_mark" for f in flags)


def test_pages_keep_their_numbers_and_offsets() -> None:
    pages = [
        (3, "Nothing to see here."),
        (4, "The rape kit was never tested."),
        (7, "A bite mark was found."),
    ]
    flags = flags_find_pages(pages)
    assert [(f.page, f.rule_id) for f in flags] == [
        (4, "untested_biology.sexual_assault_kit"),
        (7, "forensic.bite_mark"),
    ]
    for f in flags:
        page_text = dict(pages)[f.page]  # type: ignore[index]
        assert f.passage == page_text[f.start : f.end]


def test_flags_find_page_argument() -> None:
    assert {f.page for f in flags_find("A bite mark was found.", page=12)} == {12}
    assert {f.page for f in flags_find("A bite mark was found.")} == {None}


def test_one_flag_per_rule_per_sentence() -> None:
    text = "The bite mark expert compared the bite mark to a second bitemark and a forensic odontologist agreed."
    assert [f.rule_id for f in flags_find(text)].count("forensic.bite_mark") == 1


def test_one_flag_per_rule_per_sentence_keeps_the_most_confident() -> None:
    text = "No bite mark was shown to the jury, yet Dr. Pell described the bite mark in detail."
    flag = _one(text, "forensic.bite_mark")
    assert flag.context is Context.AFFIRMED


def test_same_rule_in_two_sentences_gives_two_flags() -> None:
    text = "A bite mark was found. Another bite mark was found."
    assert [f.rule_id for f in flags_find(text)].count("forensic.bite_mark") == 2


def test_no_flags_for_empty_or_ordinary_text() -> None:
    assert flags_find("") == []
    assert flags_find("Ofc. Lane responded to 123 Main St. at 10:15 p.m. and took a report.") == []


def test_as_dict_fields() -> None:
    flag = _one("A bite mark was found.", "forensic.bite_mark")
    data = flag.as_dict()
    assert set(data) == {
        "rule_id",
        "category",
        "title",
        "passage",
        "start",
        "end",
        "page",
        "confidence",
        "reason",
        "context",
        "nre",
        "match_start",
        "match_end",
        "matched",
        "cue",
        "tier",
        "authority",
        "source",
        "verification",
        "rule_ids",
        "cues",
        "sentence_start",
        "sentence_end",
    }
    assert data["category"] == "forensic_method"
    assert data["context"] == "affirmed"
    assert data["nre"] == ["F/MFE", "BM"]


# --- unicode -------------------------------------------------------------------------------------------------


def test_unicode_that_changes_length_when_lowered() -> None:
    # "İ".lower() is two characters: offsets must still point into the original text
    text = "İİİ İstanbul report. Dr. Pell described a bite mark on the İnfant's arm. İ"
    flag = _one(text, "forensic.bite_mark")
    assert text[flag.match_start : flag.match_end].lower() == "bite mark"
    _check_offsets(text, flags_find(text))


def test_curly_apostrophes_and_hyphen_variants() -> None:
    assert _one("He said that’s our guy after the lineup pick.", "eyewitness.suggestive_procedure")
    assert _one("The bite-mark evidence was weak.", "forensic.bite_mark")
    assert _one("The bitemark evidence was weak.", "forensic.bite_mark")


def test_a_withdrawn_identification_is_no_suggestive_procedure() -> None:
    # the pick the witness took back is at risk, but nothing says how it was obtained
    flag = _one(
        "At the hearing the victim recanted her identification.",
        "eyewitness.identification_withdrawn",
    )
    assert "eyewitness.suggestive_procedure" not in flag.rule_ids
    assert flag.title == "An identification withdrawn or called mistaken"


def test_withdrawn_identification_needs_no_other_identification_word() -> None:
    # the trigger names the identification; the sentence need not say "witness" or "lineup" again
    flag = _one(
        "Fenn later recanted her identification in a sworn declaration.",
        "eyewitness.identification_withdrawn",
    )
    assert flag.context is Context.AFFIRMED
    # "misidentified" alone is no eyewitness matter (the drug, not a pick), nor is the research
    for text in (
        "The lab report misidentified the substance as cocaine base.",
        "The expert testified that mistaken identification is common at night.",
    ):
        assert not [f for f in flags_find(text) if f.category is Category.EYEWITNESS], text


def test_sentence_split_knows_abbreviations() -> None:
    text = "Det. J. Smith met Sgt. Ruiz at 10 a.m. on Main St. in L.A. today. Then they left."
    spans = sentence_split(text)
    assert [text[a:b] for a, b in spans] == [
        "Det. J. Smith met Sgt. Ruiz at 10 a.m. on Main St. in L.A. today.",
        "Then they left.",
    ]


def test_custom_rules_argument() -> None:
    rules = ruleset_build(
        rules_parse(
            """
[[rule]]
id = "test.widget"
category = "brady"
title = "Widget"
terms = ["widget*"]
nre = ["OM"]
confidence = 0.5
reason = "A widget."
source = "Test."
verification = "sourced"
""",
            file="test.toml",
        )
    )
    flags = flags_find("Two widgets and a bite mark.", rules=rules)
    assert [f.rule_id for f in flags] == ["test.widget"]
    assert flags[0].matched == "widgets"


# --- property ------------------------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "bite",
        "mark",
        "hair",
        "analysis",
        "no",
        "not",
        "never",
        "if",
        "rape",
        "kit",
        "tested",
        "swabs",
        "were",
        "the",
        "jailhouse",
        "informant",
        "State",
        "v.",
        "Doe,",
        "123",
        "P.3d",
        "rejected",
        "claim",
        "show-up",
        "İ",
        "Det.",
        "a.m.",
        ".",
        "\n\n",
        ";",
        "but",
        "recanted",
        "withheld",
        "exculpatory",
        "15-year-old",
        "confessed",
        "interrogated",
        "14",
        "hours",
        "“",
        "’",
        "(",
        ")",
        "ǅ",
        "ß",
        "ﬁ",
        "\u0130",
        "\t",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=80).map(" ".join))
def test_property_trigger_soup_never_raises_and_offsets_are_valid(text: str) -> None:
    flags = flags_find(text, page=1)
    _check_offsets(text, flags)
    keys = [(f.rule_id, f.match_start) for f in flags]
    assert len(keys) == len(set(keys))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_property_random_text_never_raises(text: str) -> None:
    _check_offsets(text, flags_find(text))
    for a, b in sentence_split(text):
        assert 0 <= a < b <= len(text)


def test_default_rules_are_cached() -> None:
    assert rules_default() is rules_default()
