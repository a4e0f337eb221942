"""Per category: sentences that must raise a rule, and near-misses that must not (fictional names)."""

from __future__ import annotations

import pytest

from habeas.domain.flags import Category, Context, Verification, flags_find, rules_default


def _ids(text: str) -> dict[str, str]:
    # one flag per element per sentence carries every rule that hit it
    return {r: f.context.value for f in flags_find(text) for r in f.rule_ids}


POSITIVE = [
    # forensic methods
    (
        "forensic.bite_mark",
        "Dr. Pell testified that the bite mark on the victim's arm matched the defendant.",
    ),
    ("forensic.bite_mark", "A forensic odontologist compared the bitemark to dental casts."),
    (
        "forensic.hair_microscopic",
        "The FBI examiner said the hairs were microscopically consistent with the defendant's.",
    ),
    ("forensic.hair_microscopic", "Microscopic hair comparison linked Mr. Quill to the scene."),
    # the comparison without the word "consistent"
    (
        "forensic.hair_microscopic",
        "Officers collected hairs resembling the defendant's from the blanket in the van.",
    ),
    (
        "forensic.hair_microscopic",
        "The analyst said the accused's blood, hair, and fibers comported with samples from the car.",
    ),
    (
        "forensic.bullet_lead",
        "Comparative bullet-lead analysis showed the bullets came from the same box of ammunition.",
    ),
    (
        "forensic.arson_indicator",
        "The investigator pointed to pour patterns on the floor of the den.",
    ),
    (
        "forensic.arson_indicator_fire_context",
        "After the fire, the investigator cited crazed glass and V-patterns on the wall.",
    ),
    (
        "forensic.arson_cause_opinion",
        "The arson expert testified that the fire at the duplex was an incendiary fire.",
    ),
    ("forensic.shaken_baby", "The pathologist diagnosed shaken baby syndrome."),
    ("forensic.sbs_triad", "The infant had a subdural hematoma and retinal hemorrhages."),
    (
        "firearm.identification",
        "The examiner found the casings were fired from the defendant's gun.",
    ),
    (
        "firearm.examiner_match",
        "The firearms examiner testified that the casings matched Mr. Varga's pistol.",
    ),
    (
        "firearm.bullet_attributed",
        "At trial the State showed that the bullet that struck Mr. Dane was fired from a .38 caliber revolver.",
    ),
    (
        "gsr.residue_found",
        "The criminalist found gunshot residue particles on Mr. Quill's hands.",
    ),
    (
        "forensic.footwear",
        "A footwear impression at the door was compared to Mr. Varga's sneakers.",
    ),
    ("forensic.footwear", "An anthropologist matched the bootprint on the door to his boot."),
    (
        "forensic.dna_mixture",
        "The analyst interpreted a four-person mixture with probabilistic genotyping.",
    ),
    (
        "forensic.latent_print_overstatement",
        "The fingerprint examiner claimed a zero error rate for the latent print.",
    ),
    (
        "forensic.certainty_overstatement",
        "He testified to a reasonable degree of scientific certainty.",
    ),
    # informants
    ("informant.jailhouse_named", "The jailhouse informant testified for the State."),
    ("informant.paid", "The buyer, Ada Quint, was a paid DEA informant."),
    (
        "informant.custody_confession",
        "His cellmate told detectives that Mr. Quill confessed to the killing.",
    ),
    (
        "brady.defense_not_told",
        "The detectives did not inform the defense that a neighbor had named another man.",
    ),
    (
        "informant.custody_confession_generic",
        "A prisoner testified that Mr. Quill admitted the robbery to him in the yard.",
    ),
    ("informant.incentive", "The witness testified in exchange for a reduced sentence."),
    # eyewitness
    (
        "eyewitness.identification_doubted",
        "Ms. Dorn's identification was influenced by a photo she saw in the newspaper.",
    ),
    (
        "eyewitness.identification_withdrawn",
        "Two years later the victim recanted her identification of Mr. Quill.",
    ),
    (
        "eyewitness.face_not_seen",
        "She initially told the police that she could not see the attacker's face.",
    ),
    (
        "eyewitness.suspect_set_apart",
        "Mr. Quill was the only person in the lineup wearing a red jacket.",
    ),
    (
        "eyewitness.misidentified",
        "The clerk later said she had misidentified Mr. Quill in the lineup.",
    ),
    ("eyewitness.only_eyewitness", "The sole eyewitness identified Mr. Quill at trial."),
    ("eyewitness.single_witness", "Ms. Dorn was the only witness to identify Mr. Quill at trial."),
    ("eyewitness.brief_view", "The clerk saw the robber for only a few seconds before he fled."),
    (
        "informant.offered_from_custody",
        "Ortiz contacted the detectives from the county jail and offered to testify against Quill.",
    ),
    (
        "false_confession.evidence_claimed",
        "During the interrogation, detectives told Quill that his DNA had been found on the victim.",
    ),
    ("brady.defense_not_told_passive", "Defense counsel was never told about the second lineup."),
    ("eyewitness.cross_group", "It was a cross-racial identification made at night."),
    ("eyewitness.showup", "The victim identified him at a show-up on Alameda St. an hour later."),
    ("eyewitness.single_photo", "Det. Ruiz showed the witness a single photo of the defendant."),
    (
        "eyewitness.showup_detained",
        "The victim identified him as he stood handcuffed beside the patrol car.",
    ),
    (
        "eyewitness.nonblind_lineup",
        "The lineup was run by the case detective, who knew which photo was the suspect.",
    ),
    (
        "eyewitness.suggestive_procedure",
        "Mr. Quill was the only one wearing a red hoodie in the lineup.",
    ),
    (
        "eyewitness.suggestive_procedure",
        "After the witness picked No. 3, the officer said good job.",
    ),
    (
        "eyewitness.confidence_inflation",
        "At the photo array she was not sure, but she picked No. 2.",
    ),
    (
        "eyewitness.failed_identification",
        "At the first lineup the victim failed to identify Mr. Quill.",
    ),
    (
        "eyewitness.failed_identification",
        "Ms. Dorn was unable to pick Mr. Quill out of a photographic array that night.",
    ),
    (
        "eyewitness.culprit_described",
        "Ms. Dorn described her assailant to the police as a tall man in a red cap.",
    ),
    (
        "eyewitness.stranger_identified",
        "At the preliminary hearing Ms. Dorn identified Mr. Quill as the man who robbed her.",
    ),
    (
        "eyewitness.stranger_identified",
        "Two days later the clerk picked him out of a six-person photographic lineup.",
    ),
    ("eyewitness.stranger_identified", "Mr. Tapp selected the appellant's photograph."),
    (
        "eyewitness.stranger_identified",
        "News coverage led two clerks to identify Mr. Quill as their robber.",
    ),
    (
        "eyewitness.identification_only",
        "Ms. Dorn identified Mr. Quill; Mr. Varga was not able to make an identification.",
    ),
    (
        "eyewitness.identification_only",
        "The clerk said he could not identify the defendant from the store, only from the street.",
    ),
    (
        "eyewitness.certainty_at_trial",
        "At trial the witness said she was 100% sure it was the defendant.",
    ),
    (
        "informant.testified",
        "A cooperating witness testified that Mr. Quill sold him the rifle.",
    ),
    (
        "informant.testimony_of",
        "The verdict rested on the testimony of two informants.",
    ),
    (
        "forensic.bullet_lead_composition",
        "The FBI expert said the bullets were analytically indistinguishable from the box.",
    ),
    (
        "eyewitness.witness_told",
        "Before the lineup, Det. Ruiz told the victim that the suspect had a record.",
    ),
    (
        "informant.mention",
        "The jailhouse informant testified for the State. His plea agreement was in the file.",
    ),
    (
        "eyewitness.identification_only",
        "The case against Mr. Quill rested entirely on Ms. Dorn's identification.",
    ),
    (
        "eyewitness.mention_possessive",
        "The sole eyewitness identified Mr. Quill at trial. Ms. Dorn's identification was attacked.",
    ),
    (
        "eyewitness.mention",
        "The sole eyewitness identified Mr. Quill at trial. Weeks earlier she viewed a lineup.",
    ),
    # recantation
    ("recantation.recanted", "In a 2019 declaration, the witness recanted her testimony."),
    (
        "recantation.recanted",
        "In her 2019 affidavit, Ms. Dorn has since repudiated her trial testimony.",
    ),
    (
        "recantation.admitted_false_testimony",
        "Two years later, Ms. Dorn signed an affidavit stating that her testimony was false.",
    ),
    (
        "recantation.admitted_false_testimony",
        "Ms. Dorn now says she lied at trial because detectives pressured her.",
    ),
    (
        "recantation.changed_account",
        "Years later Ms. Dorn changed her story and said she never saw the shooter.",
    ),
    (
        "recantation.changed_account",
        "At the hearing, Ms. Vale said her earlier statement to the detectives was a fabrication.",
    ),
    (
        "recantation.changed_account",
        "Mr. Dorn testified that he had given that version of the events under police pressure.",
    ),
    (
        "recantation.changed_account",
        "Mr. Dorn testified that detectives had threatened to charge him with the murder unless "
        "he implicated Mr. Quill.",
    ),
    (
        "recantation.admitted_false_testimony",
        "At the hearing on the motion for new trial, the victim said she made up the allegations.",
    ),
    (
        "recantation.mention",
        "In a 2019 declaration, the witness recanted. Her affidavit was filed in 2020.",
    ),
    (
        "forensic.mention",
        "Dr. Pell gave bite mark testimony at trial. He compared the hairs as well.",
    ),
    (
        "untested_biology.mention",
        "The rape kit was never tested. The vaginal swabs were kept in the evidence room.",
    ),
    (
        "recantation.lied_to_police",
        "In a 2019 affidavit, Ms. Dorn says she lied to the police when she named Mr. Quill.",
    ),
    # brady
    ("brady.named", "The petition raises a Brady claim about the lab notes."),
    ("brady.withheld", "The prosecution withheld a police report naming an alternate suspect."),
    ("brady.withheld", "The State failed to disclose to Defendant the tip naming another man."),
    ("brady.undisclosed_deal", "The informant had an undisclosed deal with the prosecutor."),
    ("brady.late_disclosure", "The lab report was not disclosed until the morning of trial."),
    (
        "brady.kept_from_defense",
        "The crime lab's report excluding Quill was never given to the defense.",
    ),
    (
        "brady.mention",
        "The prosecution withheld a police report. Its disclosure came years later.",
    ),
    (
        "brady.withheld",
        "Years later, counsel discovered in the police file a tip naming another suspect.",
    ),
    # false confession
    ("false_confession.juvenile", "The 15-year-old was questioned without a parent and confessed."),
    ("false_confession.juvenile", "Quill, then 15 years of age, was questioned at the station."),
    (
        "false_confession.night_interrogation",
        "Detectives questioned Quill from 1:35 a.m. until 4:10 a.m. before he signed.",
    ),
    (
        "false_confession.night_interrogation",
        "Five days later, the police awakened Quill at 3 a.m.",
    ),
    (
        "false_confession.night_interrogation",
        "Quill's interrogation lasted from 10 p.m. until 6 a.m. the next morning.",
    ),
    ("false_confession.disputed", "The detectives decided to interview Quill under hypnosis."),
    (
        "false_confession.fed_facts",
        "Quill's confession contained details that the police had supplied during the interrogation.",
    ),
    ("informant.testified", "A cooperating co-conspirator testified at trial against Mr. Quill."),
    (
        "false_confession.long_interrogation_words",
        "He confessed after three days of intermittent questioning by detectives.",
    ),
    (
        "false_confession.long_interrogation",
        "He was interrogated for fourteen hours before he confessed.",
    ),
    (
        "false_confession.fed_facts",
        "Detectives fed him details of the crime scene during the interrogation.",
    ),
    (
        "false_confession.intellectual_disability",
        "Mr. Quill, who has an IQ of 68, waived his Miranda rights.",
    ),
    ("false_confession.promised_leniency", "Detectives told him he could go home if he confessed."),
    (
        "false_confession.reid_technique",
        "Investigators used the Reid technique during the interrogation.",
    ),
    (
        "false_confession.disputed",
        "At trial he repudiated his confession, saying the detective threatened him.",
    ),
    (
        "false_confession.mention",
        "He was interrogated for fourteen hours. His written statement was read to the jury.",
    ),
    # untested biology
    ("untested_biology.sexual_assault_kit", "The rape kit was never tested."),
    (
        "untested_biology.sexual_assault_kit",
        "The sexual assault kit was never submitted to the laboratory.",
    ),
    (
        "untested_biology.biological_sample",
        "The vaginal swabs were never submitted for DNA testing.",
    ),
    ("untested_biology.biological_sample", "Hair found on the sweater was not analyzed."),
    ("untested_biology.biological_sample", "The semen stain on the sheet was never tested."),
    (
        "untested_biology.dna_unavailable_at_trial",
        "DNA testing was not available at the time of trial in 1987.",
    ),
    (
        "false_confession.repudiated",
        "At trial Mr. Quill renounced his confession and took the stand with an alibi.",
    ),
    # a role's acts: a person the document puts in the element's role, acting later by name
    (
        "informant.role_act",
        "Otto Brisk, a cellmate of the defendant, told detectives that he confessed. "
        "At trial Brisk testified about their talks in the yard.",
    ),
    (
        "eyewitness.role_act",
        "Nell Orban picked the defendant's photo out of a single photo shown to her by the detective. "
        "Orban later said she had seen the man for only a second.",
    ),
    (
        "recantation.role_act",
        "In 2015 Ivo Prane recanted his testimony against the defendant. "
        "Prane withdrew the account he gave at the first trial.",
    ),
    (
        "false_confession.accused_act",
        "PETER QUILL,\n\nDefendant, Appellant.\n\nThe 15-year-old was interrogated for eleven "
        "hours without a parent. Quill confessed to the police at dawn.",
    ),
    # broader vocabulary (test_vocabulary.py has more, with near-misses)
    (
        "eyewitness.viewing_conditions",
        "Ms. Lyle caught only a brief glimpse of the gunman and later identified Mr. Varga.",
    ),
    (
        "eyewitness.expert",
        "Counsel failed to call an expert on eyewitness identification for the defense.",
    ),
    ("eyewitness.challenged", "Mr. Varga moved to suppress Ms. Lyle's identification."),
    (
        "false_confession.contradicted",
        "His confession was contradicted by the autopsy findings on the victim.",
    ),
    (
        "false_confession.long_interrogation_words",
        "Detectives interrogated the suspect for several hours before he signed a statement.",
    ),
    ("untested_biology.dna_not_done", "The police never conducted any DNA testing in the case."),
    (
        "false_confession.involuntary",
        "The judge found that Mr. Quill's confession to the detectives was coerced.",
    ),
    (
        "false_confession.threat_to_arrest",
        "In the interview room the detective threatened to arrest him unless he confessed.",
    ),
    (
        "untested_biology.serology_only",
        "The analyst testified that the semen came from a type O secretor.",
    ),
]

NEGATIVE = [
    # a description of the suspect's hair is not a hair comparison
    ("forensic.hair_microscopic", "She said the robber had curly hair and a green jacket."),
    # an account that did not change
    (
        "recantation.changed_account",
        "The witness said her account of the evening had stayed the same since the first interview.",
    ),
    ("forensic.hair_microscopic", "Mitochondrial DNA testing of the hair excluded him."),
    ("forensic.arson_indicator_fire_context", "The paint showed crazing from age."),
    ("forensic.sbs_triad", "The triad of witnesses met at the park."),
    ("forensic.latent_print_overstatement", "The witness was absolutely certain about the car."),
    ("firearm.examiner_match", "The firearms examiner testified that the pistol was operable."),
    ("firearm.identification", "The gun was fired twice into the air outside the bar."),
    ("firearm.bullet_attributed", "A bullet is a missile designed to be fired from a firearm."),
    ("eyewitness.culprit_described", "Ms. Dorn described her injuries to the nurse."),
    (
        "eyewitness.stranger_identified",
        "Detective Ames identified Mr. Quill as the man in the surveillance footage.",
    ),
    (
        "eyewitness.stranger_identified",
        "Ms. Dorn identified her former boyfriend as the man who struck her.",
    ),
    (
        "eyewitness.stranger_identified",
        "The warrant sought evidence that could identify Mr. Quill as the shooter.",
    ),
    (
        "eyewitness.stranger_identified",
        "Ms. Dorn, who had known Mr. Quill for years, identified him as the shooter.",
    ),
    (
        "eyewitness.role_act",
        "Nell Orban picked the defendant's photo out of a single photo shown to her by the "
        "detective. Earlier that day Orban identified herself as the owner of the car.",
    ),
    ("firearm.bullet_attributed", "More shots were fired from the Beretta toward the car."),
    (
        "false_confession.fed_facts",
        "In the police interview the officer asked him non-leading questions.",
    ),
    (
        "eyewitness.mention_possessive",
        "Ms. Dorn was unable to pick anyone out of the lineup. The officers found a wallet "
        "with Mr. Quill's identification in the car.",
    ),
    ("gsr.residue_found", "The gunshot residue test of his hands was negative."),
    (
        "informant.incentive",
        "He was arrested for a drug deal near the school, according to a witness.",
    ),
    ("informant.custody_confession", "The cellmate was released on Monday."),
    ("informant.paid", "The informant was paid nothing and asked for nothing."),
    # the evidence itself, with nobody telling the suspect of it
    (
        "false_confession.evidence_claimed",
        "At the station the police noted his fingerprints were on the gun.",
    ),
    # no match: the examiner could not compare the bullet
    (
        "firearm.examiner_match",
        "The firearms examiner said the bullet was too damaged to be compared.",
    ),
    # the same group named twice: no cross-group identification
    (
        "eyewitness.cross_group",
        "The victim, who is black, identified Quill, who is black, as the man.",
    ),
    (
        "informant.custody_confession_generic",
        "Two prisoners testified about the fight in the yard.",
    ),
    (  # someone else's confession, not the accused's
        "informant.custody_confession_generic",
        "He stayed in prison for two years, during which a third party confessed to the crime.",
    ),
    (  # an official's immunity from a civil suit, not a deal for a witness's testimony
        "informant.incentive",
        "The expert witnesses, whose trial testimony was granted absolute immunity, were dismissed.",
    ),
    ("eyewitness.identification_doubted", "Misidentification was raised in many other cases."),
    ("forensic.arson_cause_opinion", "He pleaded guilty to arson of the shed."),
    ("brady.defense_not_told", "The detective told the defendant that he was free to leave."),
    ("false_confession.threat_to_arrest", "The officer threatened to arrest the crowd outside."),
    ("eyewitness.showup", "He did not show up for work on Monday."),
    # the accused threatened into confessing is no witness's recantation
    (
        "recantation.changed_account",
        "Quill testified that detectives had threatened him with the death penalty unless he "
        "signed the statement.",
    ),
    ("eyewitness.face_not_seen", "The nurse could not see the patient's chart from the door."),
    ("eyewitness.suspect_set_apart", "He was the only person in the room wearing a tie."),
    (
        "recantation.admitted_false_testimony",
        "The prosecutor argued that her testimony was false in every detail.",
    ),
    (
        "false_confession.night_interrogation",
        "The store was open from 10 p.m. until 6 a.m., and detectives interviewed the clerk at noon.",
    ),
    ("eyewitness.showup_detained", "Ofc. Lane arrested him and he was handcuffed at 10 p.m."),
    ("eyewitness.single_photo", "The officer took one photo of the car."),
    ("eyewitness.confidence_inflation", "She was not sure whether the store was open."),
    ("eyewitness.failed_identification", "The bank did not identify the source of the funds."),
    (
        "eyewitness.certainty_at_trial",
        "The examiner was absolutely certain the latent print matched.",
    ),
    ("recantation.recanted", "The newspaper printed a retraction notice."),
    # the accused taking back his own confession is false_confession.repudiated, not a recantation
    ("recantation.recanted", "Later, Quill recanted his confession to the detectives."),
    (
        "recantation.recanted",
        "Its own expert having recanted his proposal for the crop yield, Colorado attacks the method.",
    ),
    (
        "brady.withheld",
        "The court ordered that the evidence the prosecution proposed to use at trial be suppressed.",
    ),
    ("brady.withheld", "The officer chose to withhold Miranda warnings from the defendant."),
    (
        "untested_biology.biological_sample",
        "The analyst did not test the hair of a man named Otto Brisk, who had visited the trailer.",
    ),
    # any prosecution witness is a "government witness": a DEA agent, a chemist
    ("informant.testified", "A government witness testified that the cocaine was worth $40,000."),
    (
        "false_confession.repudiated",
        "The defendant's consent claim borrows from the case law on coerced confessions.",
    ),
    ("brady.withheld", "The defense filed a motion to suppress evidence from the search."),
    ("brady.withheld", "He carried a concealed weapon in his waistband."),
    # the accused's own silence, not evidence the state kept back
    (
        "brady.withheld",
        "Officers asked Defendant for his address, which Defendant failed to disclose.",
    ),
    ("brady.withheld", "The State withheld $40.10 from the defendant's inmate account."),
    ("brady.withheld", "The State withheld his wages while the defendant's appeal was pending."),
    (
        "brady.mention",
        "The prosecution withheld a police report. The plea deal was disclosed to the jury, and "
        "Ada Quint agreed to disclose what she knew.",
    ),
    (
        "brady.mention",
        "The prosecution withheld a police report. Precedent required suppression of the "
        "confession Quill gave after his arrest.",
    ),
    ("brady.late_disclosure", "The lab report was disclosed in March."),
    ("false_confession.juvenile", "The minor injuries were treated at the scene by paramedics."),
    ("false_confession.long_interrogation", "The store closed 1.5 hours after the robbery."),
    (
        "false_confession.juvenile",
        "He admitted in the interview that he had a juvenile record from when he was 12 years old.",
    ),
    (
        "false_confession.long_interrogation",
        "Some 29 hours later, the detectives interviewed Mr. Quill again.",
    ),
    (
        "false_confession.night_interrogation",
        "The store was robbed at 1:30 a.m., and detectives interviewed the clerk at 9 a.m.",
    ),
    (
        "false_confession.long_interrogation_words",
        "After several days of misdirecting the police, Mr. Quill turned himself in and confessed.",
    ),
    (
        "false_confession.accused_act",
        "PETER QUILL,\n\nDefendant, Appellant.\n\nThe 15-year-old was interrogated for eleven "
        "hours without a parent. On appeal, Quill waived his claim that the tapes came late.",
    ),
    ("false_confession.fed_facts", "The lab found the sample contaminated with bleach."),
    ("false_confession.promised_leniency", "She went home after work."),
    ("false_confession.mention", "His written statement was read to the jury."),
    ("eyewitness.mention", "Ms. Dorn viewed a lineup that afternoon."),
    ("informant.testified", "A confidential informant's tip supported the search warrant."),
    # the informant is affirmed in the first sentence; inmates and a controlled buy are not him
    (
        "informant.mention",
        "The jailhouse informant testified for the State. Forty inmates signed the petition.",
    ),
    (
        "informant.mention",
        "The jailhouse informant testified for the State. Earlier an informant made a "
        "controlled buy from Mr. Tapp.",
    ),
    (
        "untested_biology.sexual_assault_kit",
        "The rape kit was tested and the profile matched Mr. Dane.",
    ),
    (
        "untested_biology.biological_sample",
        "The blood on the shirt was tested and matched the victim.",
    ),
    ("untested_biology.biological_sample", "The officer noted blood on the floor."),
    ("untested_biology.biological_sample", "His blood alcohol was not tested."),
    # a name alone is no role: the document must put the person in it with another rule
    ("informant.role_act", "Otto Brisk lived on Elm Street. Brisk testified about the weather."),
    (
        "false_confession.accused_act",
        "PETER QUILL,\n\nDefendant, Appellant.\n\nThe 15-year-old was interrogated for eleven "
        "hours without a parent. An inmate said he heard Quill confess in the jail.",
    ),
    (
        "false_confession.repudiated",
        "The expert would have testified about false confessions in general.",
    ),
    (
        "false_confession.repudiated",
        "Due process is violated whenever a truly coerced confession is introduced at trial.",
    ),
    (
        "false_confession.mention",
        "Mr. Quill's confession was coerced by threats. The admission of the nurse's notes was "
        "not error.",
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "text"), POSITIVE, ids=[f"{r}:{n}" for n, (r, _) in enumerate(POSITIVE)]
)
def test_rule_fires_and_is_affirmed(rule_id: str, text: str) -> None:
    found = _ids(text)
    assert found.get(rule_id) == "affirmed", found


@pytest.mark.parametrize(
    ("rule_id", "text"), NEGATIVE, ids=[f"{r}:{n}" for n, (r, _) in enumerate(NEGATIVE)]
)
def test_near_miss_does_not_fire(rule_id: str, text: str) -> None:
    assert rule_id not in _ids(text)


def test_every_rule_has_a_positive_example() -> None:
    assert {rule.id for rule in rules_default()} <= {r for r, _ in POSITIVE}


def test_every_category_has_rules_and_examples() -> None:
    rules = rules_default()
    for category in Category:
        assert any(rule.category is category for rule in rules), category
        assert any(rules.rule(r).category is category for r, _ in POSITIVE), category
        assert any(rules.rule(r).category is category for r, _ in NEGATIVE), category


def test_every_rule_cites_a_source_and_unverified_ones_say_why() -> None:
    for rule in rules_default():
        assert "facts.md" in rule.source, rule.id
        if rule.verification is Verification.UNVERIFIED:
            assert rule.verification_note, rule.id
        if rule.category is Category.FORENSIC_METHOD:
            assert rule.tier is not None and rule.authority, rule.id


def test_unverified_rule_says_so_in_the_reason() -> None:
    flag = next(
        f
        for f in flags_find("The sole eyewitness identified him.")
        if f.rule_id == "eyewitness.only_eyewitness"
    )
    assert flag.verification == "unverified"
    assert "Unverified:" in flag.reason


def test_forensic_flag_carries_tier_and_authority() -> None:
    flag = next(
        f
        for f in flags_find("The bite mark matched, Dr. Pell said.")
        if f.rule_id == "forensic.bite_mark"
    )
    assert flag.tier == "discredited"
    assert "NIST" in flag.authority
    assert flag.nre == ("F/MFE", "BM")
    assert flag.context is Context.AFFIRMED
