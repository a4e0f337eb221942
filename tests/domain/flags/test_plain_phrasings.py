"""Plain phrasings of each element, written by us from the elements' definitions (fictional
people), each after a one-line opinion opening: sentences a reviewer would expect to be flagged,
and hard negatives (the same words, not a fact of this case) a reviewer would expect not to be.
Both lists were written before looking at what the engine did with them (2026-12-07): 66 of the
101 phrasings were found then, and 8 of the 45 hard negatives were called affirmed; rules and a
context check were added for some of them. What still fails is a strict xfail, so the gaps stay
on record and a change that fixes one moves it up."""

from __future__ import annotations

import pytest

from habeas.domain.flags import Category, Context, flags_find

OPENING = "State v. Quill\n\nThe defendant, Peter Quill, appeals his conviction. "
GAP = pytest.mark.xfail(strict=True, reason="no rule knows this phrasing yet")
FALSE_CALL = pytest.mark.xfail(strict=True, reason="still called affirmed about this case")

PHRASINGS = [
    (Category.EYEWITNESS, "The victim was the only eyewitness to the robbery."),
    (
        Category.EYEWITNESS,
        "No physical evidence linked Quill to the crime; the State's case rested on the testimony of a single eyewitness.",
    ),
    (
        Category.EYEWITNESS,
        "The clerk picked Quill's photograph from an array of six pictures two weeks after the robbery.",
    ),
    (Category.EYEWITNESS, "Quill was the only person in the lineup wearing a red jacket."),
    (
        Category.EYEWITNESS,
        "The officer showed the victim a single photograph of Quill and asked whether he was the man.",
    ),
    (
        Category.EYEWITNESS,
        "The victim, who is white, identified Quill, who is black, as her attacker.",
    ),
    (Category.EYEWITNESS, "At the first lineup the witness was unable to identify anyone."),
    (Category.EYEWITNESS, "She initially told police she could not see the attacker's face."),
    (Category.EYEWITNESS, "The witness viewed the assailant for only a few seconds in the dark."),
    (
        Category.EYEWITNESS,
        "Before the lineup, the detective told the witness that the suspect had been arrested.",
    ),
    (
        Category.EYEWITNESS,
        "The witness had seen Quill's photograph in the newspaper before she identified him.",
    ),
    (Category.EYEWITNESS, "Her description of the robber did not match Quill's height or weight."),
    (
        Category.EYEWITNESS,
        "The victim identified Quill in court, although she had failed to pick him from a photo array.",
    ),
    (
        Category.EYEWITNESS,
        "Defense counsel argued that the identification was the product of a suggestive show-up.",
    ),
    (
        Category.EYEWITNESS,
        "The witness was 80 percent sure of her choice at the photo array but was certain at trial.",
    ),
    (
        Category.INFORMANT,
        "Thomas, who shared a cell with Quill, testified that Quill admitted the shooting.",
    ),
    (
        Category.INFORMANT,
        "In exchange for his testimony, the State dropped the burglary charges against Thomas.",
    ),
    (Category.INFORMANT, "The informant received $500 from the police for his information."),
    pytest.param(
        *(Category.INFORMANT, "Thomas had testified as an informant in three other murder trials."),
        marks=GAP,
    ),
    (Category.INFORMANT, "A fellow inmate told detectives that Quill bragged about the killing."),
    pytest.param(
        *(
            Category.INFORMANT,
            "The prosecution did not tell the jury that Thomas had been promised a reduced sentence.",
        ),
        marks=GAP,
    ),
    (Category.INFORMANT, "Thomas testified under a grant of immunity."),
    (
        Category.INFORMANT,
        "The jailhouse snitch later admitted he had read about the case in the newspaper.",
    ),
    (
        Category.RECANTATION,
        "Two years after trial, Thomas signed an affidavit stating that his testimony against Quill was false.",
    ),
    (
        Category.RECANTATION,
        "The victim later recanted, saying that she had been pressured by detectives to name Quill.",
    ),
    (
        Category.RECANTATION,
        "At the evidentiary hearing, Thomas testified that he had lied at trial because the police threatened him.",
    ),
    (Category.RECANTATION, "The witness has since repudiated her trial testimony."),
    (Category.RECANTATION, "Thomas now says he never saw Quill that night."),
    pytest.param(
        *(
            Category.RECANTATION,
            "In a sworn declaration, the co-defendant stated that Quill was not involved in the robbery.",
        ),
        marks=GAP,
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill, who was fifteen, was questioned for nine hours without a parent present.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The detectives told Quill that his fingerprints had been found on the gun, which was not true.",
    ),
    pytest.param(*(Category.FALSE_CONFESSION, "Quill has an IQ of 68."), marks=GAP),
    (
        Category.FALSE_CONFESSION,
        "Quill confessed after the officers told him he could go home if he admitted the shooting.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill's confession contained details that did not match the crime scene.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill recanted his confession the next day, claiming the detectives had beaten him.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The interrogation lasted from 10 p.m. until 6 a.m. the next morning.",
    ),
    (Category.BRADY, "The prosecution never disclosed the police report naming another suspect."),
    (
        Category.BRADY,
        "The defense did not learn until years later that the State had withheld the witness's prior statement.",
    ),
    (
        Category.BRADY,
        "The detectives failed to turn over notes of an interview in which the witness described a different man.",
    ),
    (Category.BRADY, "The prosecutor did not reveal that the key witness had been paid."),
    (Category.BRADY, "The crime lab's report excluding Quill was never given to the defense."),
    (
        Category.INFORMANT,
        "At trial, the State called Ray Thomas, who had been housed with Quill in the county jail, and Thomas testified that Quill told him he shot the clerk.",
    ),
    (
        Category.INFORMANT,
        "Thomas, a jailhouse informant, testified that Quill had described the shooting to him.",
    ),
    (
        Category.INFORMANT,
        "Thomas testified pursuant to a plea agreement under which the State agreed to recommend probation.",
    ),
    (
        Category.INFORMANT,
        "Thomas acknowledged on cross-examination that he hoped to receive a lighter sentence for his testimony.",
    ),
    (
        Category.INFORMANT,
        "The State's key witness, Ray Thomas, was an accomplice who testified in exchange for a reduced charge.",
    ),
    (
        Category.INFORMANT,
        "Thomas had been an informant for the sheriff's office for several years and was paid for his work.",
    ),
    (
        Category.INFORMANT,
        "In return for his cooperation, the prosecutor agreed to dismiss the pending robbery charge against Thomas.",
    ),
    pytest.param(
        *(
            Category.INFORMANT,
            "Thomas, who was awaiting sentencing on federal drug charges, contacted the prosecutor and offered information about Quill.",
        ),
        marks=GAP,
    ),
    (Category.RECANTATION, "Thomas later recanted his trial testimony."),
    (
        Category.RECANTATION,
        "In 2015, Thomas executed an affidavit in which he stated that his trial testimony was false and that Quill never confessed to him.",
    ),
    (
        Category.RECANTATION,
        "At the hearing on the motion for new trial, the victim testified that she had falsely accused Quill.",
    ),
    (
        Category.RECANTATION,
        "The victim's mother testified that her daughter admitted she had made up the allegations.",
    ),
    (
        Category.RECANTATION,
        "Thomas testified at the evidentiary hearing that detectives had threatened to charge him with the murder unless he implicated Quill.",
    ),
    (
        Category.RECANTATION,
        "The trial court found the recantation not credible and denied the motion.",
    ),
    (Category.RECANTATION, "Thomas's recantation came nearly ten years after the trial."),
    (
        Category.EYEWITNESS,
        "The victim identified Quill from a photographic lineup two days after the robbery.",
    ),
    (
        Category.EYEWITNESS,
        "The only evidence connecting Quill to the robbery was the identification by the store clerk.",
    ),
    (
        Category.EYEWITNESS,
        "The clerk had only a brief opportunity to view the robber, who wore a hooded sweatshirt.",
    ),
    (
        Category.EYEWITNESS,
        "Quill moved to suppress the identification, arguing that the photo array was unduly suggestive because his photograph was the only one with a beard.",
    ),
    (
        Category.EYEWITNESS,
        "The witness did not identify Quill at the first lineup, but picked him out at a second lineup a week later.",
    ),
    (
        Category.EYEWITNESS,
        "The detective who administered the lineup knew which photograph was Quill's.",
    ),
    pytest.param(
        *(
            Category.EYEWITNESS,
            "The witness identified Quill for the first time at trial, when he was seated at the defense table.",
        ),
        marks=GAP,
    ),
    (
        Category.EYEWITNESS,
        "The victim was shown a single photograph of Quill and asked if he was the man who robbed her.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill, who was sixteen at the time, was interrogated for eleven hours before he confessed.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The detectives falsely told Quill that he had failed a polygraph examination.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill testified that the detectives promised him he could go home if he signed the statement.",
    ),
    (
        Category.FALSE_CONFESSION,
        "A psychologist testified that Quill was of borderline intelligence and highly suggestible.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The confession contained details that the police had supplied during the interrogation.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill repudiated his confession at trial, testifying that he had confessed only to end the questioning.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill was held incommunicado for two days before he made the statement.",
    ),
    (
        Category.BRADY,
        "Quill argues that the State violated Brady by failing to disclose the police report of an interview with an eyewitness who described a different man.",
    ),
    (
        Category.BRADY,
        "The prosecution did not disclose that Thomas had been promised leniency in exchange for his testimony.",
    ),
    (
        Category.BRADY,
        "Years after the trial, Quill's counsel discovered in the police file a tip naming another suspect.",
    ),
    (Category.BRADY, "The State concedes that the notes were not produced before trial."),
    (
        Category.BRADY,
        "The lab report, which excluded Quill as the source of the blood, was never turned over to the defense.",
    ),
    (
        Category.FORENSIC_METHOD,
        "An FBI analyst testified that a hair found on the victim's sweater was microscopically indistinguishable from Quill's hair.",
    ),
    (
        Category.FORENSIC_METHOD,
        "The State's expert testified that the bullets recovered from the victim came from the same box of ammunition found in Quill's apartment.",
    ),
    (
        Category.FORENSIC_METHOD,
        "A forensic odontologist testified that the bite mark on the victim's arm matched Quill's teeth.",
    ),
    (
        Category.FORENSIC_METHOD,
        "The fire investigator testified that the pour patterns on the floor showed that an accelerant had been used.",
    ),
    (
        Category.FORENSIC_METHOD,
        "The pediatrician testified that the infant's injuries could only have been caused by violent shaking.",
    ),
    (
        Category.FORENSIC_METHOD,
        "The analyst told the jury that the latent print matched Quill's thumb to the exclusion of all other people.",
    ),
    pytest.param(
        *(
            Category.FORENSIC_METHOD,
            "A dog handler testified that his dog alerted to Quill's scent in a lineup of six jars.",
        ),
        marks=GAP,
    ),
    (
        Category.FIREARM_TOOLMARK,
        "The firearms examiner testified that the casing found at the scene was fired from Quill's pistol.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "The State's ballistics expert matched the bullet taken from the victim to the revolver found in Quill's car.",
    ),
    (
        Category.GUNSHOT_RESIDUE,
        "A criminalist testified that particles found on Quill's hands were consistent with gunshot residue, showing that he had fired a gun.",
    ),
    (
        Category.GUNSHOT_RESIDUE,
        "The GSR test on Quill's jacket was positive, and the prosecutor told the jury this proved he was the shooter.",
    ),
    (Category.UNTESTED_BIOLOGY, "The rape kit collected from the victim was never tested for DNA."),
    (
        Category.UNTESTED_BIOLOGY,
        "The fingernail scrapings taken at the autopsy were never submitted to the laboratory.",
    ),
    pytest.param(
        *(
            Category.UNTESTED_BIOLOGY,
            "The blood on the knife was typed as group A, which included Quill and forty percent of the population; no DNA testing was done.",
        ),
        marks=GAP,
    ),
    (
        Category.UNTESTED_BIOLOGY,
        "Quill moved for DNA testing of the cigarette butts found next to the body, which had never been analyzed.",
    ),
    (
        Category.BRADY,
        "The police never told the prosecutor, and the prosecutor never told the defense, that a second witness had described a taller man.",
    ),
    (
        Category.BRADY,
        "The State suppressed evidence that its key witness had failed a polygraph test.",
    ),
    (Category.BRADY, "Defense counsel was not told about the deal the State had made with Thomas."),
    (
        Category.EYEWITNESS,
        "Before the lineup, the detective showed the witness a photograph of Quill.",
    ),
    (
        Category.EYEWITNESS,
        "The victim first described her attacker as a white man in his forties; Quill is black and was nineteen.",
    ),
    (
        Category.EYEWITNESS,
        "The witness selected Quill from the array only after the officer pointed to his photograph.",
    ),
    (
        Category.INFORMANT,
        "Thomas told the jury that he expected nothing in return for his testimony, but the prosecutor later wrote a letter to the parole board on his behalf.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill was questioned for fourteen hours without food or sleep before he signed the confession.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The detectives threatened that Quill's mother would be arrested unless he confessed.",
    ),
    pytest.param(
        *(
            Category.RECANTATION,
            "The complainant has since admitted that she accused Quill to protect her boyfriend.",
        ),
        marks=GAP,
    ),
    # a second set of our own, in the words of appellate opinions (2026-12-07)
    (
        Category.RECANTATION,
        "At the evidentiary hearing, Smith testified that his trial testimony identifying petitioner had been false.",
    ),
    (
        Category.RECANTATION,
        "In a 2009 affidavit, Jones swore that she had not seen the shooting and had named Quill because detectives pressured her.",
    ),
    (
        Category.RECANTATION,
        "The victim later admitted that she had fabricated the allegations against her stepfather.",
    ),
    (
        Category.RECANTATION,
        "Two of the State's witnesses have since recanted, stating that police coerced their statements.",
    ),
    (Category.RECANTATION, "Williams disavowed his prior statement implicating Quill."),
    (Category.RECANTATION, "He now says that he did not see who fired the shots."),
    (Category.RECANTATION, "Brown repudiated his trial testimony in a sworn statement."),
    (
        Category.RECANTATION,
        "At the hearing on the motion for a new trial, Davis retracted her identification of appellant.",
    ),
    (
        Category.RECANTATION,
        "Rivera, the State's key witness, wrote a letter to the court saying he had lied at trial.",
    ),
    pytest.param(
        *(
            Category.RECANTATION,
            "The co-defendant, who had testified against Quill, later signed an affidavit exculpating him.",
        ),
        marks=GAP,
    ),
    (
        Category.INFORMANT,
        "Martin, who shared a cell with petitioner at the county jail, testified that petitioner admitted the killing.",
    ),
    (
        Category.INFORMANT,
        "In exchange for his testimony, the State agreed to reduce Harris's pending charges.",
    ),
    (
        Category.INFORMANT,
        "A fellow inmate, Lee, told detectives that Quill had confessed to him while they were housed together.",
    ),
    (
        Category.INFORMANT,
        "The prosecution's case rested largely on the testimony of a jailhouse informant.",
    ),
    (
        Category.INFORMANT,
        "Cole had pending charges at the time he testified and hoped for leniency.",
    ),
    (
        Category.INFORMANT,
        "The witness had received immunity from prosecution in return for his testimony against appellant.",
    ),
    (
        Category.INFORMANT,
        "Ortiz contacted the police from jail and offered information about the murder.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill, who was sixteen at the time, was questioned for nine hours without a parent present.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The interrogation lasted from late evening until the early morning hours.",
    ),
    (
        Category.FALSE_CONFESSION,
        "He signed a confession written by the detective after being told he could go home.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Quill later recanted his confession, claiming that the officers had threatened him.",
    ),
    (
        Category.FALSE_CONFESSION,
        "The confession contained details that did not match the physical evidence.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Appellant, whose IQ was measured at 65, waived his Miranda rights and confessed.",
    ),
    pytest.param(
        *(
            Category.EYEWITNESS,
            "The victim initially told police that she could not identify her attacker.",
        ),
        marks=GAP,
    ),
    (
        Category.EYEWITNESS,
        "Only after viewing a second photo array did the witness select petitioner's photograph.",
    ),
    (
        Category.EYEWITNESS,
        "Petitioner's photograph was the only one in the array that depicted a man with a beard.",
    ),
    (
        Category.EYEWITNESS,
        "The witness was shown a single photograph of appellant before the lineup.",
    ),
    (Category.EYEWITNESS, "The officer told the witness that the suspect was in the lineup."),
    (
        Category.EYEWITNESS,
        "At trial, the witness was certain, although she had hesitated at the lineup.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "The State's firearms examiner testified that the bullet recovered from the victim was fired from the defendant's revolver to the exclusion of all other firearms.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "A ballistics expert matched the shell casings found at the scene to the pistol seized from Quill's car.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "The examiner concluded that the cartridge cases had been fired in the same gun.",
    ),
    (Category.UNTESTED_BIOLOGY, "The rape kit was never sent to the laboratory for analysis."),
    (Category.UNTESTED_BIOLOGY, "No DNA testing was performed on the fingernail scrapings."),
]


@pytest.mark.parametrize(("category", "sentence"), PHRASINGS)
def test_a_plain_phrasing_is_flagged_about_this_case(category: Category, sentence: str) -> None:
    found = [f for f in flags_find(OPENING + sentence) if f.category is category]
    assert any(f.context is Context.AFFIRMED for f in found), [f.rule_id for f in found]


# The same words, not a fact of this case: the law, other cases, negations, hypotheticals, loose cues.
HARD_NEGATIVES = [
    (
        Category.INFORMANT,
        "Jailhouse informants are notoriously unreliable, and courts have long viewed their testimony with caution.",
    ),
    (
        Category.INFORMANT,
        "The jury was instructed to view the testimony of an accomplice with caution.",
    ),
    (Category.INFORMANT, "No informant testified at Quill's trial."),
    (
        Category.INFORMANT,
        "In Giglio, the government's key witness had been promised that he would not be prosecuted.",
    ),
    (
        Category.INFORMANT,
        "Quill does not claim that any witness received a benefit for testifying.",
    ),
    pytest.param(
        *(
            Category.INFORMANT,
            "The plea agreement required Quill himself to testify against his co-defendant.",
        ),
        marks=FALSE_CALL,
    ),
    (
        Category.INFORMANT,
        "A confidential informant told police that drugs were being sold from the house, and officers obtained a warrant.",
    ),
    (
        Category.EYEWITNESS,
        "Eyewitness identifications made under stress are often unreliable, as the research shows.",
    ),
    (Category.EYEWITNESS, "Quill does not argue that the lineup was suggestive."),
    (
        Category.EYEWITNESS,
        "Three neighbors who had known Quill for years identified him as the man on the porch.",
    ),
    (
        Category.EYEWITNESS,
        "In Biggers, the victim had viewed her assailant for nearly half an hour under adequate light.",
    ),
    (
        Category.EYEWITNESS,
        "A show-up is permissible when the police have a legitimate need to act quickly.",
    ),
    (
        Category.EYEWITNESS,
        "The surveillance video showed the robber's face clearly, and Quill's fingerprints were on the counter.",
    ),
    (Category.RECANTATION, "Recantations are viewed with great suspicion by the courts."),
    (Category.RECANTATION, "No witness has recanted."),
    (Category.RECANTATION, "Had the victim recanted, the result might have been different."),
    (Category.RECANTATION, "The newspaper later retracted its story about the mayor."),
    (
        Category.FALSE_CONFESSION,
        "A confession is involuntary if it is obtained by threats or promises of leniency.",
    ),
    (Category.FALSE_CONFESSION, "Quill never confessed; he has always maintained his innocence."),
    (
        Category.FALSE_CONFESSION,
        "The interrogation lasted about forty minutes, and Quill was given food and water.",
    ),
    (
        Category.FALSE_CONFESSION,
        "Juveniles are more susceptible than adults to pressure during interrogation.",
    ),
    (
        Category.FALSE_CONFESSION,
        "In Miranda, the Court held that a suspect must be warned of his rights before custodial interrogation.",
    ),
    (
        Category.BRADY,
        "Under Brady, the prosecution must disclose evidence favorable to the accused.",
    ),
    (
        Category.BRADY,
        "The State disclosed the police report to the defense two months before trial.",
    ),
    (Category.BRADY, "Quill does not claim that the prosecution withheld any evidence."),
    (
        Category.BRADY,
        "The trial court denied the motion to suppress the evidence found in Quill's car.",
    ),
    (Category.BRADY, "Even assuming the notes were withheld, they were not material."),
    (
        Category.FORENSIC_METHOD,
        "Microscopic hair comparison has been widely discredited as a basis for individual identification.",
    ),
    (Category.FORENSIC_METHOD, "No hair evidence was introduced at trial."),
    (
        Category.FORENSIC_METHOD,
        "The FBI has acknowledged flaws in hair testimony given in other cases.",
    ),
    (Category.UNTESTED_BIOLOGY, "The semen sample was tested, and the DNA profile excluded Quill."),
    (
        Category.UNTESTED_BIOLOGY,
        "Post-conviction DNA testing is available under the statute when identity was at issue.",
    ),
    (
        Category.FIREARM_TOOLMARK,
        "The revolver was test-fired to determine whether it was operable.",
    ),
    (Category.FORENSIC_METHOD, "The hair on the victim's sweater was a dog's, the analyst found."),
    (Category.FORENSIC_METHOD, "No bite mark evidence was offered at trial."),
    (Category.FIREARM_TOOLMARK, "The police never recovered the gun used in the shooting."),
    (Category.GUNSHOT_RESIDUE, "The victim died of a single gunshot wound to the chest."),
    (
        Category.UNTESTED_BIOLOGY,
        "DNA testing of the swabs excluded Quill, and the court vacated his conviction.",
    ),
    (
        Category.UNTESTED_BIOLOGY,
        "The statute permits a convicted person to request DNA testing of evidence.",
    ),
    (Category.BRADY, "The prosecution turned over the police reports in discovery."),
    (
        Category.BRADY,
        "The defense knew about the witness's prior statement before trial and used it on cross-examination.",
    ),
    (
        Category.EYEWITNESS,
        "The witness had known Quill since childhood and recognized him immediately.",
    ),
    (
        Category.INFORMANT,
        "Thomas was the victim's brother and testified about the night of the shooting.",
    ),
    pytest.param(
        *(
            Category.FALSE_CONFESSION,
            "Quill declined to speak with the detectives and asked for a lawyer.",
        ),
        marks=FALSE_CALL,
    ),
    (
        Category.RECANTATION,
        "The witness's account at trial was consistent with her statement to the police.",
    ),
    # the second set's hard negatives
    (
        Category.RECANTATION,
        "Courts have long recognized that recantation testimony is viewed with suspicion.",
    ),
    pytest.param(
        *(
            Category.INFORMANT,
            "A jailhouse informant's testimony must be corroborated under the statute.",
        ),
        marks=FALSE_CALL,
    ),
    (Category.RECANTATION, "Petitioner does not claim that any witness recanted."),
    (
        Category.FIREARM_TOOLMARK,
        "The firearms examiner testified that the bullet was too damaged to be compared.",
    ),
]


@pytest.mark.parametrize(("category", "sentence"), HARD_NEGATIVES)
def test_a_hard_negative_is_not_affirmed(category: Category, sentence: str) -> None:
    found = [f for f in flags_find(OPENING + sentence) if f.category is category]
    assert not any(f.context is Context.AFFIRMED for f in found), [
        (f.rule_id, f.cue) for f in found
    ]
