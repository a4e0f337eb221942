"""The kinds of error seen on real opinions, each in our own words (fictional people): doctrine and
other cases, generic lists and history, testing done and someone else's evidence, loose cues,
negation and contrast out of reach, misses, one flag per element, and the case-level summary."""

from __future__ import annotations

import pytest

from habeas.domain.flags import Category, Context, Flag, case_summary, flags_find, flags_find_pages


def _of(text: str, category: Category) -> list[Flag]:
    return [f for f in flags_find(text) if f.category is category]


def _context(text: str, category: Category) -> Context:
    found = _of(text, category)
    assert len(found) == 1, [(f.rule_ids, f.context, f.cue) for f in flags_find(text)]
    return found[0].context


# an opinion's first lines, so that a sentence under test is not read with the caption
OPENING = "State v. Quill\n\nThe defendant, Peter Quill, appeals his conviction. "


def _affirmed(text: str, category: Category) -> bool:
    return any(f.context is Context.AFFIRMED for f in _of(text, category))


# --- doctrine and other cases read as this case -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "To establish a Brady violation, a defendant must show that the prosecution "
            "suppressed evidence favorable to him.",
            Category.BRADY,
        ),
        (
            "Under Massiah, the government may not use a jailhouse informant to elicit "
            "statements from a charged defendant.",
            Category.INFORMANT,
        ),
        (
            "Courts have long recognized that a prolonged interrogation can render a "
            "confession involuntary.",
            Category.FALSE_CONFESSION,
        ),
        (
            "Show-up identifications are inherently suggestive.",
            Category.EYEWITNESS,
        ),
        (
            "The general rule requires a grant of immunity before a witness is compelled to "
            "testify.",
            Category.INFORMANT,
        ),
    ],
)
def test_the_law_of_an_element_is_not_this_case(text: str, category: Category) -> None:
    assert _context(text, category) is Context.LAW


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("A show-up is permissible when the police must act quickly.", Category.EYEWITNESS),
        ("Recantations are viewed with great suspicion by the courts.", Category.RECANTATION),
        (
            "Microscopic hair comparison has been widely discredited as a basis for identification.",
            Category.FORENSIC_METHOD,
        ),
        (
            "Juveniles are more susceptible than adults to pressure during interrogation.",
            Category.FALSE_CONFESSION,
        ),
    ],
)
def test_a_kind_of_thing_said_in_general_is_the_law(text: str, category: Category) -> None:
    # the subject names a kind of thing (no "the", no one's), a present-tense verb follows it
    assert _context(OPENING + text, category) is Context.LAW


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("A show-up was held an hour later, and the clerk identified Quill.", Category.EYEWITNESS),
        ("Jailhouse informant Ray Thomas is the only witness against Quill.", Category.INFORMANT),
        # a name in the subject is someone, not a kind of thing
        ("Jailhouse informant Ray Thomas is the only witness against him.", Category.INFORMANT),
        ("The recantation is credible, the court found.", Category.RECANTATION),
    ],
)
def test_this_case_s_things_in_the_present_tense_are_no_law(text: str, category: Category) -> None:
    assert _affirmed(OPENING + text, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a finding that it did not happen, turned round by a negation, is the element itself
        (
            "The rape kit collected from the victim was never tested for DNA.",
            Category.UNTESTED_BIOLOGY,
        ),
        (
            "The police did not turn over the report, and the State never gave the defense a copy.",
            Category.BRADY,
        ),
    ],
)
def test_a_negated_finding_of_no_element_is_the_element(text: str, category: Category) -> None:
    assert _affirmed(OPENING + text, category)


def test_a_negation_across_but_does_not_reach_the_match_through_its_cue() -> None:
    # "nothing" negates the testimony's reward in its own clause, not the letter after "but"
    text = (
        OPENING + "Thomas said he expected nothing in return for his testimony, but the "
        "prosecutor later wrote a letter to the parole board on his behalf."
    )
    assert _affirmed(text, Category.INFORMANT)


def test_his_family_threatened_is_a_threat_in_the_interrogation() -> None:
    text = (
        OPENING
        + "The detectives threatened that Quill's mother would be arrested unless he confessed."
    )
    assert _affirmed(text, Category.FALSE_CONFESSION)


def test_a_holding_about_this_case_s_events_is_no_law() -> None:
    # "the court held that" states the law when the holding is general, not when it finds what
    # happened in this case
    held = "Quill v. Warden\n\nThe court held that the confession Quill gave was involuntary."
    assert _context(held, Category.FALSE_CONFESSION) is Context.AFFIRMED
    law = "The court held that a juvenile's confession obtained without a parent must be excluded."
    assert _context(law, Category.FALSE_CONFESSION) is Context.LAW


def test_another_case_cited_is_not_this_case() -> None:
    text = "In State v. Marlow, 41 P.3d 220 (Ariz. 2002), the detectives withheld a tip."
    assert _context(text, Category.BRADY) is Context.CITATION


def test_the_case_a_match_is_in_is_another_case_but_the_authority_applied_is_not() -> None:
    # named right after the match, "in Marlow v. State" is where the informant was
    told = "Quill v. Warden\n\nWe first considered the jailhouse informant in Marlow v. State, 41 P.3d 220 (Ariz. 2002)."
    assert _context(told, Category.INFORMANT) is Context.CITATION
    # the reviewer reads the case's whole name, not its last word before "v."
    federal = "Quill v. Warden\n\nWe first considered the jailhouse informant in United States v. Marlow, 41 F.3d 220."
    [flag] = [f for f in flags_find(federal) if f.category is Category.INFORMANT]
    assert flag.context is Context.CITATION and flag.cue == "United States v. Marlow"
    # further on, "as construed in ..." is the law applied to this case's informant
    applied = (
        "Quill v. Warden\n\nQuill alleged that the jailhouse informant's testimony violated his "
        "right to counsel as construed in Massiah v. United States, 377 U.S. 201 (1964)."
    )
    assert _context(applied, Category.INFORMANT) is Context.AFFIRMED


@pytest.mark.parametrize(
    "text",
    [
        # "There," after a sentence that names another case speaks of that case
        "Quill v. Warden\n\nThe claims Quill makes resemble those of the plaintiff in Marlow v. "
        "State, 41 P.3d 220 (Ariz. 2002). There, the detectives withheld a tip from the defense.",
        # the story of a case the sentence before opened on ("In Marlow, ...")
        "Quill v. Warden\n\nSee Marlow v. State, 41 P.3d 220 (Ariz. 2002).\n\nIn Marlow, a "
        "sheriff arrested three men at a farm. Only later did the detectives withhold a tip.",
        # a case that "overruled" another, then its own story
        "Quill v. Warden\n\nMarlow v. State, 41 P.3d 220 (Ariz. 2002), overruled that holding. "
        "Marlow claimed that the detectives withheld a tip.",
    ],
)
def test_a_sentence_that_goes_on_with_another_case_is_that_case(text: str) -> None:
    assert _context(text, Category.BRADY) is Context.CITATION


def test_there_after_a_sentence_of_this_case_is_this_case() -> None:
    text = (
        "Quill v. Warden\n\nDetectives took Quill to the county jail. There, the detectives "
        "withheld a tip from the defense."
    )
    assert _context(text, Category.BRADY) is Context.AFFIRMED


def test_a_short_form_of_a_cited_case_is_still_that_case() -> None:
    pages = [
        (1, "Quill v. Warden\n\nSee Marlow v. State, 41 P.3d 220 (Ariz. 2002)."),
        (2, "In Marlow, the only eyewitness identified the driver at a show-up."),
    ]
    flags = [f for f in flags_find_pages(pages) if f.category is Category.EYEWITNESS]
    assert flags and all(f.context is Context.CITATION for f in flags)


def test_authority_cited_after_a_fact_of_this_case_keeps_it_affirmed() -> None:
    text = (
        "Mr. Quill claims the State withheld the lab notes in violation of Brady v. Maryland, "
        "373 U.S. 83 (1963)."
    )
    assert _context(text, Category.BRADY) is Context.AFFIRMED


def test_an_earlier_appeal_in_this_prosecution_is_this_case() -> None:
    text = (
        "People v. Quill\n\nAs we explained in People v. Quill, 12 Cal.App.5th 1 (2017), the "
        "cellmate testified that Mr. Quill confessed to him."
    )
    assert _affirmed(text, Category.INFORMANT)


def test_a_claim_the_court_rejects_later_takes_the_rejection() -> None:
    pages = [
        (1, "Quill v. Warden\n\nMr. Quill contends that the State withheld the lab notes."),
        (
            2,
            "We reject the claim: the lab notes were disclosed to defense counsel before "
            "trial, and no Brady violation occurred.",
        ),
    ]
    flags = [f for f in flags_find_pages(pages) if f.category is Category.BRADY]
    assert flags and all(f.context is not Context.AFFIRMED for f in flags)
    assert Category.BRADY not in case_summary(flags).categories()


def test_a_section_heading_is_no_finding_against_the_rejection() -> None:
    # the heading names the issue; the claim under it is rejected, so is the heading's flag
    pages = [
        (
            1,
            "Quill v. Warden\n\nWITHHOLDING OF EVIDENCE BY THE STATE\n\nMr. Quill contends that "
            "the State withheld the lab notes.",
        ),
        (2, "We reject the claim: the State turned over to Quill all of the lab notes."),
    ]
    flags = [f for f in flags_find_pages(pages) if f.category is Category.BRADY]
    assert len(flags) >= 2 and all(f.context is not Context.AFFIRMED for f in flags)
    assert Category.BRADY not in case_summary(flags).categories()


def test_a_heading_in_capitals_with_a_past_verb_is_a_finding() -> None:
    # an all-capitals police report tells events: its sentences are findings, not headings
    pages = [
        (1, "PEOPLE V. QUILL\n\nTHE STATE WITHHELD THE LAB NOTES FROM THE DEFENSE"),
        (2, "We reject the claim: the State turned over to Quill all of the lab notes."),
    ]
    flags = [f for f in flags_find_pages(pages) if f.category is Category.BRADY]
    assert any(f.context is Context.AFFIRMED for f in flags)


def test_a_claim_that_fails_only_for_materiality_stays_affirmed() -> None:
    pages = [
        (1, "Quill v. Warden\n\nMr. Quill contends that the State withheld the lab notes."),
        (
            2,
            "Even if the notes had been turned over, they would not have changed the outcome; "
            "the claim fails for want of materiality.",
        ),
    ]
    flags = [f for f in flags_find_pages(pages) if f.category is Category.BRADY]
    assert any(f.context is Context.AFFIRMED for f in flags)


# --- generic lists and history ------------------------------------------------------------------


def test_a_method_in_a_generic_list_is_not_this_case() -> None:
    text = "Disciplines such as bite-mark comparison and hair comparison are criticized."
    assert _context(text, Category.FORENSIC_METHOD) is Context.LAW


def test_the_history_of_a_method_is_not_this_case() -> None:
    text = "The FBI discontinued comparative bullet-lead analysis in 2005."
    assert _context(text, Category.FORENSIC_METHOD) is Context.LAW


def test_a_method_the_expert_did_not_rely_on_is_negated() -> None:
    text = "The State's expert did not rely on microscopic hair comparison."
    assert _context(text, Category.FORENSIC_METHOD) is Context.NEGATED


def test_a_method_used_at_trial_and_discredited_since_stays_affirmed() -> None:
    text = "At trial, Dr. Pell testified that the bite mark matched Mr. Quill's teeth."
    assert _context(text, Category.FORENSIC_METHOD) is Context.AFFIRMED


# --- testing done, someone else's evidence, remedies ------------------------------------------------


def test_testing_that_was_done_is_not_untested_biology() -> None:
    assert not _affirmed(
        "The vaginal swabs were tested for DNA and excluded Mr. Quill.", Category.UNTESTED_BIOLOGY
    )


def test_post_conviction_testing_as_a_remedy_is_not_untested_biology() -> None:
    assert not _of(
        "Mr. Quill moves for post-conviction DNA testing under section 1405.",
        Category.UNTESTED_BIOLOGY,
    )


def test_biology_never_tested_is_affirmed() -> None:
    assert _affirmed("The semen stain on the sheet was never tested.", Category.UNTESTED_BIOLOGY)


# --- loose cues -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The jury had the benefit of the transcript during deliberations.", Category.INFORMANT),
        ("The court showed leniency in sentencing Mr. Quill.", Category.INFORMANT),
        (
            "Ms. Dorn admitted at trial that she lied to the police about her age.",
            Category.RECANTATION,
        ),
        ("The only witness to testify about the car was Ofc. Lane.", Category.EYEWITNESS),
        ("The bank could not identify the source of the deposits.", Category.EYEWITNESS),
        ("He has a fourteen-year-old conviction for burglary.", Category.FALSE_CONFESSION),
        ("Withholding of removal was denied by the immigration judge.", Category.BRADY),
        ("He held a valid firearms identification card.", Category.FIREARM_TOOLMARK),
    ],
)
def test_a_loose_cue_is_no_flag(text: str, category: Category) -> None:
    assert not _affirmed(text, category), [(f.rule_ids, f.context) for f in _of(text, category)]


# --- negation and contrast ----------------------------------------------------------------------


def test_a_negation_several_words_before_the_trigger() -> None:
    text = "This is not a case that turned on the identification by a single eyewitness."
    assert _context(text, Category.EYEWITNESS) is Context.NEGATED


def test_a_contrast_marker_returns_to_this_case() -> None:
    text = (
        "See State v. Marlow, 41 P.3d 220 (Ariz. 2002); here, by contrast, the bite mark was "
        "the only evidence against Mr. Quill."
    )
    assert _affirmed(text, Category.FORENSIC_METHOD)


def test_a_double_negative_affirms() -> None:
    text = "It is undisputed that the rape kit was never tested."
    assert _context(text, Category.UNTESTED_BIOLOGY) is Context.AFFIRMED


def test_no_evidence_that_negates_the_clause() -> None:
    text = "There is no evidence that the jailhouse informant received a reduced sentence."
    assert not _affirmed(text, Category.INFORMANT)


# --- misses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "The examiner said the hairs from the blanket were microscopically alike to "
            "Mr. Quill's.",
            Category.FORENSIC_METHOD,
        ),
        (
            "The FBI chemist said the bullets were analytically indistinguishable from those "
            "in the box.",
            Category.FORENSIC_METHOD,
        ),
        (
            "A man held in the same cell block testified that Mr. Quill told him he shot the "
            "clerk.",
            Category.INFORMANT,
        ),
        (
            "Apart from Ms. Dorn's identification, no witness connected Mr. Quill to the robbery.",
            Category.EYEWITNESS,
        ),
        ("Det. Ruiz coached the witness before the photo array.", Category.EYEWITNESS),
        (
            "The anonymous tip naming another man was missing from the discovery.",
            Category.BRADY,
        ),
        (
            "The state's expert testified that the hairs were microscopica1ly simi1ar.",
            Category.FORENSIC_METHOD,
        ),
        (
            "The firearms examiner testified that the casings matched Mr. Quill's pistol.",
            Category.FIREARM_TOOLMARK,
        ),
        (
            "The criminalist testified that gunshot residue on his hands showed he fired the gun.",
            Category.GUNSHOT_RESIDUE,
        ),
        (
            "Mr. Quill repudiated his confession at trial, saying the detective threatened him.",
            Category.FALSE_CONFESSION,
        ),
    ],
)
def test_phrasings_the_old_rules_missed(text: str, category: Category) -> None:
    assert _affirmed(text, category), [(f.rule_ids, f.context) for f in flags_find(text)]


def test_a_firearm_match_is_not_a_forensic_method_flag() -> None:
    text = "The firearms examiner testified that the bullet was fired from Mr. Quill's revolver."
    assert _of(text, Category.FIREARM_TOOLMARK)
    assert not _of(text, Category.FORENSIC_METHOD)


# --- one flag per element per passage ----------------------------------------------------------------


def test_overlapping_rules_on_one_passage_make_one_flag() -> None:
    text = (
        "The forensic odontologist said the bite mark matched, and the hair comparison was "
        "consistent with Mr. Quill."
    )
    found = _of(text, Category.FORENSIC_METHOD)
    assert len(found) == 1
    assert {"forensic.bite_mark", "forensic.hair_microscopic"} <= set(found[0].rule_ids)
    assert found[0].rule_id == found[0].rule_ids[0]


def test_every_flag_names_its_rule_passage_and_cue() -> None:
    text = "No bite mark evidence was introduced. The cellmate testified that Mr. Quill confessed."
    for f in flags_find(text):
        assert f.passage and f.rule_id in f.rule_ids
        assert (
            text[f.sentence_start : f.sentence_end] in f.passage
            or f.sentence_end - f.sentence_start > 400
        )
        assert (f.context is Context.AFFIRMED) == (f.cue == "")


# --- the case-level summary ------------------------------------------------------------------------


def test_case_summary_counts_affirmed_flags_only() -> None:
    text = (
        "The cellmate testified that Mr. Quill confessed to him in exchange for a reduced "
        "sentence. No bite mark evidence was introduced. A Brady violation requires that the "
        "prosecution suppress favorable evidence."
    )
    summary = case_summary(flags_find(text))
    assert summary.categories() == {Category.INFORMANT}
    assert Category.FORENSIC_METHOD in summary.set_aside
    assert Category.BRADY in summary.set_aside


def test_case_summary_keeps_one_weak_passage_apart() -> None:
    text = "A footwear impression at the door was compared to Mr. Varga's sneakers."
    flags = flags_find(text)
    summary = case_summary(flags)
    assert Category.FORENSIC_METHOD in summary.weak
    assert Category.FORENSIC_METHOD not in summary.categories()
    assert case_summary(flags, min_confidence=0.3).categories() == {Category.FORENSIC_METHOD}


def test_a_civil_case_is_not_about_a_prosecution() -> None:
    text = " ".join(
        ["The plaintiffs sued the city for damages and the plaintiffs won."] * 6
        + ["A sworn statement from Mr. Vance recanted his deposition testimony."]
    )
    flags = _of(text, Category.RECANTATION)
    assert flags and all(f.context is Context.NOT_CRIMINAL for f in flags)
