"""Element flags: rules as data that point a reviewer at passages of case documents (police reports,
transcripts, lab reports, opinions) naming a discredited forensic method, a firearm or toolmark
match, gunshot residue, a jailhouse informant, a suggestive identification, a recantation, withheld
evidence, false-confession risk or biological evidence never tested. Free of Django.

Each flag is one element (category) in one sentence of one page: the passage, page, offsets, the
rules that hit it (``rule_id`` first, all in ``rule_ids``), a confidence, a reason citing the
rules' authority, a context label with the cue that set it, and NRE codes. There is no composite
score, and no flag is never "clean". A reviewer gives each flag a verdict.

- ``flags_find(text, page=..., rules=...)`` -> list[Flag] for one page;
- ``flags_find_pages(pages)`` for the (page number, text) pairs of one document;
- ``case_summary(flags)`` -> the elements affirmed about this case (only affirmed flags count);
- ``rules_default()`` / ``rules_load(paths)`` -> RuleSet from ``habeas/domain/flags/rules/*.toml``,
  validated on load (``RuleFileError`` names the file and rule id);
- ``sentence_split(text)`` -> sentence offsets (police and legal abbreviations aware);
- ``engine_fingerprint()`` -> a digest of the engine's code and rules, stored with a document's
  flags so that documents flagged by an earlier engine can be flagged again.

What "affirmed" means: in this case
-----------------------------------
The context of a flag says whether its sentence states the element as part of THIS case (the
rule the corpus in bench/data/flags is labelled by, LABELLING.md there):

- ``affirmed``: read with its sentence, the element was part of the facts, the evidence, the
  investigation, the trial or the post-conviction record of the case the document is about
  (co-defendants' trials in the same prosecution included), and nothing in the sentence rejects
  it. Findings, recited facts, testimony in this case, and a party's allegation about this case
  count. A claim that fails only for want of prejudice or materiality, where the element itself
  occurred, is still affirmed: a reviewer needs it.
- ``rejected_claim``: the element is raised for this case but the court holds that it did not
  happen (the evidence was disclosed or the defence knew of it; the procedure was not suggestive;
  no promise was made; the testing was in fact done).
- not this case: ``law`` (the law of the element, e.g. what Brady requires or Massiah as
  doctrine; a method in a generic list or in its history), ``citation`` (another case the court
  cites), ``hypothetical``, ``negated`` ("the expert did not rely on hair comparison"; "this is
  not a case that turned on a single eyewitness").

Loose cues that belong to another idea (the benefit of the transcript, a witness's minor lie to
the police, leniency at sentencing), testing that was done, someone else's evidence and
post-conviction testing as a remedy are kept out by the rules themselves (requirements and
exclusions), not by context.
"""

from habeas.domain.flags.engine import flags_find, flags_find_pages
from habeas.domain.flags.fingerprint import engine_fingerprint
from habeas.domain.flags.flag import Category, Context, Flag, Rule, Tier, Verification
from habeas.domain.flags.rules import RuleFileError, RuleSet, rules_default, rules_load, rules_parse
from habeas.domain.flags.sentences import sentence_split
from habeas.domain.flags.summary import CaseElement, CaseSummary, case_summary

__all__ = [
    "CaseElement",
    "CaseSummary",
    "Category",
    "Context",
    "Flag",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "Tier",
    "Verification",
    "case_summary",
    "engine_fingerprint",
    "flags_find",
    "flags_find_pages",
    "rules_default",
    "rules_load",
    "rules_parse",
    "sentence_split",
]
