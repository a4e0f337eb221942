"""Element flags: rules as data that point a reviewer at passages of case documents (police reports,
transcripts, lab reports, opinions) naming a discredited forensic method, a jailhouse informant, a
suggestive identification, a recantation, withheld evidence, false-confession risk or biological
evidence never tested. Free of Django.

Each flag is one element with its category, passage, page, offsets, rule id, confidence, a reason
citing the rule's authority, a context label and NRE codes. There is no composite score, and no flag
is never "clean". A reviewer gives each flag a verdict.

- ``flags_find(text, page=..., rules=...)`` -> list[Flag] for one page;
- ``flags_find_pages(pages)`` for (page number, text) pairs;
- ``rules_default()`` / ``rules_load(paths)`` -> RuleSet from ``habeas/domain/flags/rules/*.toml``,
  validated on load (``RuleFileError`` names the file and rule id);
- ``sentence_split(text)`` -> sentence offsets (police and legal abbreviations aware).
"""

from habeas.domain.flags.engine import flags_find, flags_find_pages
from habeas.domain.flags.flag import Category, Context, Flag, Rule, Tier, Verification
from habeas.domain.flags.negation import sentence_split
from habeas.domain.flags.rules import RuleFileError, RuleSet, rules_default, rules_load, rules_parse

__all__ = [
    "Category",
    "Context",
    "Flag",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "Tier",
    "Verification",
    "flags_find",
    "flags_find_pages",
    "rules_default",
    "rules_load",
    "rules_parse",
    "sentence_split",
]
