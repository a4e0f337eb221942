"""How courts describe each element in general words, and the scope of citation, law and negation,
each in our own words (fictional people): the vocabulary and scope rules added for opinions the
rules were never tuned on."""

from __future__ import annotations

import pytest

from habeas.domain.flags import Category, Context, Flag, flags_find


def _of(text: str, category: Category) -> list[Flag]:
    return [f for f in flags_find(text) if f.category is category]


def _affirmed(text: str, category: Category) -> bool:
    return any(f.context is Context.AFFIRMED for f in _of(text, category))


AFFIRMED = [
    # withholding, as courts put it
    (
        Category.BRADY,
        "Ms. Ferrell contends that the State violated her rights by suppressing the statements "
        "of two neighbors who saw another man leave the house.",
    ),
    (
        Category.BRADY,
        "Neither did the detectives inform her counsel of the anonymous caller's account.",
    ),
    (
        Category.BRADY,
        "The county violated her rights under Brady when it kept the lab notes in a drawer.",
    ),
    (
        Category.BRADY,
        "While the withheld notes were not material to guilt, they may have mattered to the "
        "sentence Ms. Ferrell received.",
    ),
    # a firearm match to one particular gun
    (
        Category.FIREARM_TOOLMARK,
        "The examiner testified that the bullet was fired from the .38 revolver found in Mr. "
        "Hale's truck.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "Laboratory tests identified the second pistol as the Marlow murder weapon.",
    ),
    # an identification at risk
    (
        Category.EYEWITNESS,
        "Mr. Pike argued that Ms. Dunn's identification was suspect because she saw the robber "
        "across a dark lot.",
    ),
    (
        Category.EYEWITNESS,
        "The caller said the detective had pressured the two boys into identifying Mr. Reyes.",
    ),
    (
        Category.EYEWITNESS,
        "The State's case against Mr. Reyes consisted solely of the identifications made by two "
        "neighbors.",
    ),
    # coercion of this case's statements
    (
        Category.FALSE_CONFESSION,
        "The trial court found that Mr. Lund's statements after the warnings were involuntary.",
    ),
    (
        Category.FALSE_CONFESSION,
        "During the questioning the sergeant threatened to lock him up for good.",
    ),
    # testing never done, or evidence never collected
    (
        Category.UNTESTED_BIOLOGY,
        "Trial counsel should have had the sheet tested, since semen stains were visible on it.",
    ),
    (
        Category.UNTESTED_BIOLOGY,
        "No sample was taken from the blood pool by the kitchen door.",
    ),
]


@pytest.mark.parametrize(("category", "sentence"), AFFIRMED)
def test_general_vocabulary_affirms(category: Category, sentence: str) -> None:
    assert _affirmed(sentence, category), [
        (f.rule_id, f.context, f.cue) for f in flags_find(sentence)
    ]


NOT_AFFIRMED = [
    # the exclusion remedy is not withholding
    (
        Category.BRADY,
        "The defense argued that the identification should be suppressed because the officer "
        "showed the witness a single photograph.",
    ),
]


@pytest.mark.parametrize(("category", "sentence"), NOT_AFFIRMED)
def test_loose_cues_are_not_affirmed(category: Category, sentence: str) -> None:
    assert not _affirmed(sentence, category), [
        (f.rule_id, f.context, f.cue) for f in flags_find(sentence)
    ]


def test_under_a_doctrine_a_finding_about_this_case_stays_affirmed() -> None:
    # "under the Due Process Clause" in a sentence about this case's events is not the law
    text = "Ms. Vance's statements were involuntary under the Due Process Clause."
    assert _affirmed(text, Category.FALSE_CONFESSION)
    law = "Under the Due Process Clause, the prosecution must disclose favorable evidence."
    assert not _affirmed(law, Category.BRADY)


def test_a_case_cited_for_a_party_argument_is_an_applied_authority() -> None:
    text = (
        "Mr. Toro argued, citing Larkin v. Ohio, 123 U.S. 45 (1890), that the show-up at the gas "
        "station was suggestive."
    )
    assert _affirmed(text, Category.EYEWITNESS)


def test_ignorance_of_the_element_does_not_negate_it() -> None:
    text = (
        "The defense did not learn of the undisclosed payments to the witness until after the "
        "verdict."
    )
    assert _affirmed(text, Category.BRADY)
    assert not _affirmed("The State made no undisclosed payments to the witness.", Category.BRADY)


def test_an_inmate_is_an_informant_only_where_he_recounts_admissions() -> None:
    told = "An inmate testified that Mr. Cole told him he had shot the clerk."
    assert _affirmed(told, Category.INFORMANT)
    events = "Two inmates testified that Mr. Cole was in the dining hall when the fight began."
    assert not _affirmed(events, Category.INFORMANT), flags_find(events)


def test_an_arson_opinion_is_a_method_and_the_crime_is_not() -> None:
    opinion = (
        "The State's arson investigator testified that the fire in the garage was set by hand."
    )
    assert _affirmed(opinion, Category.FORENSIC_METHOD)
    crime = "He was convicted of aggravated arson and burglary."
    assert not _affirmed(crime, Category.FORENSIC_METHOD)


CITED = (
    "In Larkin v. Ohio, 123 U.S. 45 (1890), the Court held that a show-up at the hospital did not "
    "require suppression."
)


def _after(text: str, words: str) -> list[Flag]:
    at = text.index(words)
    return [f for f in _of(text, Category.EYEWITNESS) if f.match_start >= at]


def test_the_story_of_another_case_goes_on_until_this_case_or_a_new_paragraph() -> None:
    told = CITED + (
        " The victim's identification was reliable: she had watched her attacker for ten "
        "minutes before the show-up."
    )
    later = _after(told, "The victim")
    assert later and all(f.context is Context.CITATION for f in later), flags_find(told)
    # the story ends where a sentence names this case's party ...
    back = CITED + " The petitioner was shown to the witness at a show-up in a police car."
    assert any(f.context is Context.AFFIRMED for f in _after(back, "The petitioner"))
    # ... or at a new paragraph
    apart = CITED + "\n\nThe victim was shown one man at a show-up an hour after the robbery."
    assert any(f.context is Context.AFFIRMED for f in _after(apart, "The victim"))
