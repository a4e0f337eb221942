"""The broader trigger vocabulary: how courts describe each element in their own words, with
near-misses (the law, another case, a negation) that must not be affirmed. Invented sentences and
fictional names only."""

from __future__ import annotations

import pytest

from habeas.domain.flags import Category, Context, flags_find

CAPTION = (
    "STATE OF OHIO v. MARCUS QUILLER\nThe defendant, Marcus Quiller, was convicted by a jury.\n\n"
)


def _contexts(sentence: str, category: Category) -> set[Context]:
    text = CAPTION + sentence
    return {
        f.context
        for f in flags_find(text)
        if f.category is category and f.match_start >= len(CAPTION)
    }


EW, FC, UB = Category.EYEWITNESS, Category.FALSE_CONFESSION, Category.UNTESTED_BIOLOGY
FT, INF = Category.FIREARM_TOOLMARK, Category.INFORMANT

AFFIRMED = [
    # eyewitness
    (
        EW,
        "The State's case rested almost entirely on the testimony of two eyewitnesses who "
        "identified Quiller.",
    ),
    (
        EW,
        "Pardell caught only a brief glimpse of the gunman before she ducked, and later "
        "identified Quiller in a lineup.",
    ),
    (EW, "The gunman was a complete stranger to Pardell, who picked Quiller from a photo array."),
    (EW, "Defense counsel failed to call an expert on eyewitness identification."),
    (
        EW,
        "Quiller filed a motion to suppress Pardell's identification, and the court held a "
        "Wade hearing.",
    ),
    # false confession
    (FC, "Quiller later recanted his earlier statements to the police."),
    (FC, "Detective Rhee threatened Quiller into signing a confession."),
    (
        FC,
        "Quiller asked for a lawyer, but the detectives continued to question him until he "
        "confessed.",
    ),
    (FC, "The medical examiner's findings contradicted Quiller's confession in several respects."),
    (
        FC,
        "Quiller's statements to the police were repeatedly contradicted by the physical evidence.",
    ),
    (FC, "Detectives interrogated Quiller through the night before he signed a statement."),
    # untested biology
    (UB, "Trial counsel did not request DNA testing of the bloodstained shirt."),
    (UB, "Quiller was convicted without any DNA testing of the semen sample."),
    (UB, "The serologist testified that the stain came from a type A secretor, as was Quiller."),
    # firearm and toolmark
    (
        FT,
        "Sergeant Ovitt test-fired the recovered handgun and compared the test bullets with the "
        "fatal bullet.",
    ),
    (
        FT,
        "The cartridge casings found at the scene were matched to the gun seized from Quiller's "
        "apartment.",
    ),
    (FT, "Later tests identified the rifle as the murder weapon."),
    (FT, "A NIBIN lead linked the shell casings to a pistol recovered from Quiller."),
    # informant
    (
        INF,
        "Tobin testified against Quiller in exchange for favorable treatment on his own "
        "pending burglary charges.",
    ),
    (INF, "After Tobin testified, the charges against him were dismissed."),
    (INF, "Tobin, a paid informer, testified that Quiller had admitted the shooting."),
    # "never disclosed" hides a deal that existed: not a negation of it
    (
        INF,
        "The prosecution never disclosed its understanding with the state's witness Tobin "
        "that his charges would be dropped.",
    ),
]

NOT_AFFIRMED = [
    # the law, another case, a finding against the element, a negation, a loose cue
    (EW, "The trial court has discretion to admit expert testimony on eyewitness identification."),
    (
        EW,
        "In State v. Harlan, the victim caught only a brief glimpse of the robber before "
        "identifying him.",
    ),
    (EW, "The street was dimly lit, and officers found the car abandoned there."),
    (
        EW,
        "The court denied the motion to suppress the identification, finding the lineup was "
        "not unduly suggestive.",
    ),
    (EW, "The robber wore a hooded sweatshirt, according to the report."),
    (FC, "In State v. Harlan, the defendant recanted his confession after hours of questioning."),
    (FC, "Quiller did not claim that his confession was coerced."),
    (FC, "The trial court found that Quiller's statements were voluntary."),
    (FC, "The officer relayed the message to the lieutenant during the interview."),
    (UB, "DNA testing was performed on the swabs and excluded Quiller."),
    (UB, "The statute permits a prisoner to request DNA testing of evidence."),
    (UB, "The swabs had been destroyed in a flood at the warehouse."),
    (FT, "In State v. Harlan, the toolmark examiner matched the casings to the defendant's gun."),
    (FT, "The bullets were not matched to any gun."),
    (
        INF,
        "Quiller asked the court for leniency at sentencing, and the court imposed a lighter "
        "sentence.",
    ),
    (
        INF,
        "Tobin testified that he received no favorable treatment and had no agreement with "
        "the state.",
    ),
    (INF, "In State v. Harlan, the informant testified in exchange for a reduced charge."),
]


@pytest.mark.parametrize(("category", "sentence"), AFFIRMED)
def test_vocabulary_affirms(category: Category, sentence: str) -> None:
    assert Context.AFFIRMED in _contexts(sentence, category)


@pytest.mark.parametrize(("category", "sentence"), NOT_AFFIRMED)
def test_near_miss_is_not_affirmed(category: Category, sentence: str) -> None:
    assert Context.AFFIRMED not in _contexts(sentence, category)
