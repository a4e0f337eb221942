"""Flag rules as data: loading, validation, and the combined scanner built from them.

Rule files are TOML (``habeas/domain/flags/rules/*.toml``), one ``[[rule]]`` table per rule::

    [[rule]]
    id = "forensic.bite_mark"            # unique across all files: "<group>.<name>", lower case
    category = "forensic_method"         # see model.Category
    title = "Bite-mark comparison"
    terms = ["bite-mark*", "forensic odontolog*"]   # literal triggers (see below)
    patterns = ['hairs? (?:was|were) consistent']   # regex triggers (see below)
    nre = ["F/MFE", "BM"]                # NRE factors (MWID, FC, P/FA, F/MFE, OM, ILD, DNA), tags (BM, A,
                                         # SBS, JI, JV ...) and official-misconduct sub-codes as "OM-WH" ...
    confidence = 0.8                     # 0 < c <= 1, for an affirmed match
    reason = "Why a reviewer should look at this, citing the authority."
    source = "Citation text of the authority or data source."
    verification = "sourced"             # sourced ([V]/[S] in facts.md) or unverified ([U])
    verification_note = "..."            # required when unverified: what was not checked
    tier = "discredited"                 # forensic categories only (required there): see flag.Tier
    authority = "NIST (2023); PCAST (2016)"   # forensic categories only (required there)
    notes = "..."                        # optional
    ocr = true                           # optional: terms also match common OCR confusions
    support = true                       # optional: a plain mention of the element ("the photo
                                         # array"), kept only where the same document affirms the
                                         # element with another rule
    role = true                          # optional: an act of the element's role ("testified"),
                                         # kept only next to a person the document puts in that
                                         # role (roles.py; informant, eyewitness, recantation,
                                         # false confession: the accused)
    accused = true                       # optional: the trigger is about the accused; dropped
                                         # where another named person is nearer to it than the
                                         # accused ("the police told Brown ..."; roles.py)
    witness = true                       # optional: the trigger is someone else's act; dropped
                                         # where the accused is its subject ("Quill changed his
                                         # statement" is no witness's recantation; roles.py)

    [[rule.require]]                     # optional, repeatable: ALL must hold
    terms = ["cellmate", "jailhouse"]    # ANY of these cues ...
    patterns = []
    within = 20                          # ... within this many words of the trigger, same sentence
    side = "either"                      # before | after | either (default either)
    sentence = true                      # false: the cue may be in a neighbouring sentence

    [[rule.exclude]]                     # optional, repeatable: drop the match if ANY cue is this near
    terms = ["drug deal"]                # (within = 0: only a cue that overlaps the trigger)
    within = 0

Terms are literal and case-insensitive: a space matches any run of spaces, hyphens and line breaks;
a hyphen matches an optional hyphen or space ("bite-mark" finds "bitemark", "bite mark", "bite-mark");
an apostrophe matches ' or ’; a trailing ``*`` lets the word continue ("recant*" finds "recanted").
Patterns are Python regular expressions matched against LOWER-CASED text (write letters in lower
case; escapes such as ``\\W`` are fine); a literal space in a pattern matches any run of white
space (text is hard-wrapped). Every trigger must start at the beginning of a word and end at the
end of one (the engine adds the boundaries); end a pattern with ``\\w*`` to allow a suffix. A
trigger is best written to start with a distinctive word ("exchange for", not "in exchange for"):
the scanner tries each trigger's first letters at every word start.

``ocr = true`` lets a rule's terms also match common OCR confusions (rules.term_regex);
``support = true`` makes a rule a plain mention of its element, kept only where another rule
affirms the element in the same document (document.py); ``role = true`` makes it an act of the
element's role, kept only next to the name of a person the document puts in that role (roles.py);
``sentence = false`` on a require block
lets its cue be in a neighbouring sentence (within its ``within`` words).

Loading validates everything and fails with :class:`RuleFileError`, which names the file and the
rule id: unknown or missing keys, wrong types, bad regexes, patterns that match the empty string,
unknown categories, tiers, NRE codes or verification values, a missing source, duplicate ids.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from habeas.domain.flags.alternation import (
    cue_keys,
    literal_prefix,
    phrase_trie_regex,
    regex_expand,
    trie_regex,
)
from habeas.domain.flags.alternation import (
    lead_char as lead_char,  # re-exported: public before it moved
)
from habeas.domain.flags.flag import (
    FORENSIC_CATEGORIES,
    Category,
    Nearby,
    Rule,
    Side,
    Tier,
    Verification,
)
from habeas.domain.flags.roles import ROLE_CATEGORIES
from habeas.domain.flags.starts import TriggerStarts
from habeas.domain.nre.schema import FACTORS, OM_TAGS, TAGS

RULES_DIR = Path(__file__).with_name("rules")

NRE_CODES = frozenset(FACTORS) | frozenset(TAGS) | frozenset(f"OM-{code}" for code in OM_TAGS)

_REQUIRED = ("id", "category", "title", "nre", "confidence", "reason", "source", "verification")
_OPTIONAL = (
    "terms",
    "patterns",
    "require",
    "exclude",
    "verification_note",
    "tier",
    "authority",
    "notes",
    "ocr",
    "support",
    "role",
    "accused",
    "witness",
)
_NEARBY_KEYS = ("terms", "patterns", "within", "side", "sentence")
_ID = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]+")
_BACKREF = re.compile(r"(?<!\\)(?:\\\\)*\\(?:[1-9]|g<)")
MAX_WITHIN = 60
KEY_CHARS = 4  # characters of a candidate's text used to pick the rules to try there
MAX_TERM = 100


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and, where known, the rule."""

    def __init__(self, file: str, rule_id: str | None, message: str) -> None:
        where = f"{file}: rule {rule_id!r}" if rule_id else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.rule_id = rule_id
        self.message = message


@dataclass(frozen=True)
class RuleSet:
    """Validated rules plus the scanner: one compiled alternation of every trigger, grouped by first
    letter, that finds candidate word starts in a single pass (see engine.py)."""

    rules: tuple[Rule, ...]
    scanner: re.Pattern[str]  # r"\W(?=...)": the match END is a candidate word start
    head: re.Pattern[str]  # the same alternation, for a candidate at offset 0
    by_char: Mapping[str, tuple[Rule, ...]]  # first character -> rules to try there
    loose: tuple[
        Rule, ...
    ]  # rules with a trigger whose first character is not fixed: tried everywhere
    files: tuple[str, ...]
    by_pair: Mapping[str, tuple[Rule, ...]] = field(
        default_factory=dict
    )  # first two characters -> rules
    by_char_short: Mapping[str, tuple[Rule, ...]] = field(
        default_factory=dict
    )  # first character, no pair known
    # rule id -> the literal prefixes of its trigger alternatives, cut to KEY_CHARS
    prefixes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    roles: tuple[Rule, ...] = ()  # role rules: not in the scanner (engine.py looks near names)
    # the first KEY_CHARS characters at a candidate -> the rules that can match there (filled on
    # first use: a page meets a few hundred distinct keys)
    by_key: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def is_support(self, rule_id: str) -> bool:
        """Whether the rule only supports an element another rule affirms (``support = true``)."""
        return rule_id in self.support_ids

    @cached_property
    def starts(self) -> TriggerStarts | None:
        """The scanner's candidates, found where the first characters of a trigger occur
        (starts.py); None when some trigger starts too vaguely for that to pay."""
        scanned = (src for rule in self.rules if not rule.role for src in rule.triggers)
        return TriggerStarts.build(scanned, self.head)

    @cached_property
    def support_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rules if r.support)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def candidates(self, char: str) -> tuple[Rule, ...]:
        """Rules that may have a trigger starting with ``char``."""
        return self.by_char.get(char, self.loose)

    def candidates_at(self, low: str, p: int) -> tuple[Rule, ...]:
        """Rules that may have a trigger starting at ``low[p]``, by its first ``KEY_CHARS``
        characters (each rule is then matched with its own regex)."""
        key = low[p : p + KEY_CHARS]
        found = self.by_key.get(key)
        if found is None:
            base = self.by_pair.get(key[:2])
            if base is None:
                base = self.by_char_short.get(key[:1], self.loose)
            found = self.by_key[key] = tuple(
                rule
                for rule in base
                if any(x[: len(key)] == key[: len(x)] for x in self.prefixes.get(rule.id, ("",)))
            )
        return found


# Characters OCR confuses, as classes a term with ``ocr = true`` accepts in their place.
_OCR_CLASS = {
    "m": "(?:m|rn|nn)",
    "i": "[il1!|]",
    "l": "[li1|]",
    "o": "[o0]",
    "e": "[ec]",
}
OCR_LITERAL = 3  # leading characters kept literal, so the scanner's trie keeps its prefixes
OCR_MIN = 6  # shorter terms stay exact: their variants would match ordinary words


def term_regex(term: str, *, ocr: bool = False) -> str:
    """A literal term as a regex source for lower-cased text (rules above). With ``ocr``, a term
    of at least ``OCR_MIN`` characters also matches the usual OCR confusions after its first
    ``OCR_LITERAL`` characters ("rn" for "m", "1" or "l" for "i", "0" for "o", "c" for "e") and
    words run together ("gunshotresidue")."""
    text = " ".join(term.strip().lower().split())
    star = text.endswith("*")
    if star:
        text = text[:-1]
    ocr = ocr and len(text) >= OCR_MIN
    out = []
    for n, ch in enumerate(text):
        if ch == " ":
            out.append(r"[\s\-]*" if ocr else r"[\s\-]+")
        elif ch == "-":
            out.append(r"[\s\-]*")
        elif ch in "'’":
            out.append("['’]")
        elif ocr and n >= OCR_LITERAL and ch in _OCR_CLASS:
            out.append(_OCR_CLASS[ch])
        else:
            out.append(re.escape(ch))
    return "".join(out) + (r"\w*" if star else "")


def pattern_spaces(src: str) -> str:
    """A pattern's literal spaces (outside character classes) as ``\\s+``, so that, as in terms, a
    space matches a line break (page text is hard-wrapped); a space before a quantifier becomes
    ``\\s`` ("mug ?shot")."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            out.append(src[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == " ":
            out.append(r"\s" if src[i + 1 : i + 2] in ("?", "*", "+", "{") else r"\s+")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# --- validation -----------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str, rule_id: str | None) -> None:
        self.file = file
        self.rule_id = rule_id

    def fail(self, message: str) -> RuleFileError:
        return RuleFileError(self.file, self.rule_id, message)

    def text(self, data: Mapping[str, object], key: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                f"{key} must be a non-empty string" if value is not None else f"{key} is missing"
            )
        return value.strip()

    def strings(self, data: Mapping[str, object], key: str, where: str = "") -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}{key} must be a list of strings")
        return [str(v) for v in value]

    def terms(self, values: list[str], where: str, *, ocr: bool = False) -> list[str]:
        out = []
        for term in values:
            clean = term.strip().lower()
            if not clean or not re.match(r"\w", clean):
                raise self.fail(f"{where}term {term!r} must start with a letter or digit")
            if "*" in clean[:-1]:
                raise self.fail(f"{where}term {term!r}: '*' is only allowed at the end")
            if len(clean) > MAX_TERM:
                raise self.fail(f"{where}term {term!r} is longer than {MAX_TERM} characters")
            out.append(term_regex(clean, ocr=ocr))
        return out

    def patterns(self, values: list[str], where: str) -> list[str]:
        values = [pattern_spaces(v) for v in values]
        for pattern in values:
            try:
                compiled = re.compile(pattern)
                re.compile(rf"\W(?=(?:{pattern}))")  # it must also work inside the combined scanner
            except re.error as exc:
                raise self.fail(
                    f"{where}pattern {pattern!r} is not a valid regular expression: {exc}"
                ) from None
            bare = re.sub(r"\(\?P[<=]", "", re.sub(r"\\.", "", pattern))
            if any(ch.isupper() for ch in bare):
                raise self.fail(
                    f"{where}pattern {pattern!r} has upper-case letters; patterns are matched "
                    "against lower-cased text, so write them in lower case"
                )
            if compiled.fullmatch(""):
                raise self.fail(f"{where}pattern {pattern!r} matches the empty string")
            if "(?P" in pattern or _BACKREF.search(pattern) or compiled.groups:
                raise self.fail(
                    f"{where}pattern {pattern!r} has a capturing group or a back-reference; "
                    "use (?:...) groups (patterns are combined into one scanner)"
                )
        return list(values)

    def nearby(self, value: object, key: str) -> tuple[Nearby, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{key} must be an array of tables ([[rule.{key}]])")
        out = []
        for n, group in enumerate(value, 1):
            where = f"{key} #{n}: "
            unknown = sorted(set(group) - set(_NEARBY_KEYS))
            if unknown:
                raise self.fail(
                    f"{where}unknown key {unknown[0]!r} (allowed: {', '.join(_NEARBY_KEYS)})"
                )
            terms = self.strings(group, "terms", where)
            patterns = self.strings(group, "patterns", where)
            if not terms and not patterns:
                raise self.fail(f"{where}needs terms or patterns")
            within = group.get("within", 10)
            if (
                not isinstance(within, int)
                or isinstance(within, bool)
                or not 0 <= within <= MAX_WITHIN
            ):
                raise self.fail(
                    f"{where}within must be a whole number of words from 0 to {MAX_WITHIN}"
                )
            side = group.get("side", "either")
            if side not in {s.value for s in Side}:
                raise self.fail(f"{where}side must be one of {', '.join(s.value for s in Side)}")
            sentence = group.get("sentence", True)
            if not isinstance(sentence, bool):
                raise self.fail(f"{where}sentence must be true or false")
            sources = self.terms(terms, where) + self.patterns(patterns, where)
            rx = re.compile(trie_regex(sources) + r"(?!\w)")  # the engine checks the word start
            out.append(
                Nearby(
                    rx=rx,
                    within=within,
                    side=Side(side),
                    cues=tuple(terms + patterns),
                    sentence=sentence,
                    keys=cue_keys(sources),
                )
            )
        return tuple(out)


def _rule_build(data: object, file: str, index: int) -> Rule:
    anon = _Checker(file, f"#{index} (no id)")
    if not isinstance(data, dict):
        raise anon.fail("each [[rule]] must be a table")
    raw_id = data.get("id")
    check = _Checker(file, raw_id if isinstance(raw_id, str) and raw_id else f"#{index} (no id)")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise check.fail(
            f"unknown key {unknown[0]!r} (allowed: {', '.join(_REQUIRED + _OPTIONAL)})"
        )
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise check.fail(f"{missing[0]} is missing")
    rule_id = check.text(data, "id")
    if not _ID.fullmatch(rule_id):
        raise check.fail("id must look like 'group.name' (lower-case letters, digits, underscores)")
    category_name = check.text(data, "category")
    if category_name not in {c.value for c in Category}:
        raise check.fail(
            f"unknown category {category_name!r} (known: {', '.join(c.value for c in Category)})"
        )
    category = Category(category_name)
    title, reason, source = (
        check.text(data, "title"),
        check.text(data, "reason"),
        check.text(data, "source"),
    )
    verification_name = check.text(data, "verification")
    if verification_name not in {v.value for v in Verification}:
        raise check.fail(f"verification must be one of {', '.join(v.value for v in Verification)}")
    verification = Verification(verification_name)
    verification_note = check.text(
        data, "verification_note", required=verification is Verification.UNVERIFIED
    )
    confidence = data["confidence"]
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 < confidence <= 1
    ):
        raise check.fail("confidence must be a number above 0 and at most 1")
    nre = check.strings(data, "nre")
    bad = [code for code in nre if code not in NRE_CODES]
    if bad:
        raise check.fail(f"unknown NRE code {bad[0]!r} (factors, tags, or OM-<sub-code>)")
    tier: Tier | None = None
    forensic = category in FORENSIC_CATEGORIES
    authority = check.text(data, "authority", required=forensic)
    if forensic:
        tier_name = check.text(data, "tier")
        if tier_name not in {t.value for t in Tier}:
            raise check.fail(f"tier must be one of {', '.join(t.value for t in Tier)}")
        tier = Tier(tier_name)
    elif "tier" in data:
        raise check.fail(
            "tier is only used by forensic_method, firearm_toolmark and gunshot_residue rules"
        )
    ocr, support, role = data.get("ocr", False), data.get("support", False), data.get("role", False)
    if not isinstance(ocr, bool) or not isinstance(support, bool):
        raise check.fail("ocr and support must be true or false")
    if not isinstance(role, bool):
        raise check.fail("role must be true or false")
    accused, witness = data.get("accused", False), data.get("witness", False)
    if not isinstance(accused, bool) or not isinstance(witness, bool):
        raise check.fail("accused and witness must be true or false")
    if accused and witness:
        raise check.fail(
            "a trigger is about the accused (accused) or someone else (witness), not both"
        )
    if support and role:
        raise check.fail("a rule is a plain mention (support) or a role's act (role), not both")
    if role and category not in ROLE_CATEGORIES:
        raise check.fail(
            f"role rules are for {', '.join(sorted(c.value for c in ROLE_CATEGORIES))} only"
        )
    triggers = check.terms(check.strings(data, "terms"), "", ocr=ocr) + check.patterns(
        check.strings(data, "patterns"), ""
    )
    if not triggers:
        raise check.fail("needs at least one trigger in terms or patterns")
    triggers = list(dict.fromkeys(triggers))
    trigger_rx = re.compile("(?:" + "|".join(sorted(triggers, key=len, reverse=True)) + r")(?!\w)")
    return Rule(
        id=rule_id,
        category=category,
        title=title,
        triggers=tuple(triggers),
        trigger_rx=trigger_rx,
        requires=check.nearby(data.get("require"), "require"),
        excludes=check.nearby(data.get("exclude"), "exclude"),
        nre=tuple(nre),
        confidence=float(confidence),
        reason=reason,
        source=source,
        verification=verification,
        verification_note=verification_note,
        tier=tier,
        authority=authority,
        notes=check.text(data, "notes", required=False),
        file=file,
        support=support,
        role=role,
        accused=accused,
        witness=witness,
    )


def rules_parse(text: str, *, file: str = "<string>") -> tuple[Rule, ...]:
    """Validate one rule file's text; ``file`` is only used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(file, None, f"not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise RuleFileError(
            file, None, f"unknown top-level key {unknown[0]!r} (rules go in [[rule]] tables)"
        )
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RuleFileError(file, None, "no [[rule]] tables")
    return tuple(_rule_build(table, file, n) for n, table in enumerate(tables, 1))


def _rule_files(sources: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleFileError(str(path), None, "no such rule file or directory")
    return files


def ruleset_build(rules: Iterable[Rule]) -> RuleSet:
    """Check ids are unique and compile the scanner."""
    rules = tuple(rules)
    if not rules:
        raise RuleFileError("<rules>", None, "no rules to build a rule set from")
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(
                rule.file, rule.id, f"duplicate id (also defined in {seen[rule.id]})"
            )
        seen[rule.id] = rule.file
    bucket_rules: dict[str, set[Rule]] = {}  # first character -> rules with a trigger starting so
    pair_rules: dict[
        str, set[Rule]
    ] = {}  # first two characters -> rules whose trigger starts with both
    short_rules: dict[
        str, set[Rule]
    ] = {}  # first character -> rules whose literal prefix is that one character
    loose_rules: set[Rule] = set()
    scanned = [rule for rule in rules if not rule.role]  # role acts are looked for near names
    for rule in scanned:
        for src in rule.triggers:
            for alt in regex_expand(src):
                prefix, _ = literal_prefix(alt)
                if not prefix:
                    loose_rules.add(rule)
                    continue
                bucket_rules.setdefault(prefix[0], set()).add(rule)
                if len(prefix) >= 2:
                    pair_rules.setdefault(prefix[:2], set()).add(rule)
                else:
                    short_rules.setdefault(prefix, set()).add(rule)
    # the scanner only asks whether some trigger starts at a position: phrases share their words
    alternation = phrase_trie_regex(src for rule in scanned for src in rule.triggers)
    order = {rule.id: n for n, rule in enumerate(rules)}

    def ordered(found: set[Rule]) -> tuple[Rule, ...]:
        return tuple(sorted(found, key=lambda r: order[r.id]))

    by_char = {char: ordered(found | loose_rules) for char, found in bucket_rules.items()}
    by_pair = {
        pair: ordered(found | short_rules.get(pair[0], set()) | loose_rules)
        for pair, found in pair_rules.items()
    }
    # a pair no trigger starts with: only the one-character prefixes and the loose rules can match there
    by_char_short = {
        char: ordered(short_rules.get(char, set()) | loose_rules) for char in bucket_rules
    }
    try:
        scanner, head = re.compile(r"\W(?=" + alternation + ")"), re.compile(alternation)
    except (re.error, RecursionError) as exc:  # e.g. the same group name in two rules' patterns
        raise RuleFileError(
            ", ".join(dict.fromkeys(r.file for r in rules)),
            None,
            f"the rules' triggers cannot be combined into one scanner: {exc}",
        ) from None
    return RuleSet(
        rules=rules,
        roles=tuple(rule for rule in rules if rule.role),
        scanner=scanner,
        head=head,
        by_char=by_char,
        loose=ordered(loose_rules),
        files=tuple(dict.fromkeys(rule.file for rule in rules)),
        by_pair=by_pair,
        by_char_short=by_char_short,
        prefixes={
            rule.id: tuple(
                dict.fromkeys(
                    literal_prefix(alt)[0][:KEY_CHARS]
                    for src in rule.triggers
                    for alt in regex_expand(src)
                )
            )
            for rule in rules
        },
    )


def rules_load(*sources: Path | str) -> RuleSet:
    """Load and validate rule files (paths of files or directories of ``*.toml``; default: the
    bundled rules)."""
    files = _rule_files(sources or (RULES_DIR,))
    if not files:
        raise RuleFileError(", ".join(str(s) for s in sources), None, "no *.toml rule files found")
    rules: list[Rule] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(str(path), None, f"cannot read: {exc}") from None
        rules.extend(rules_parse(text, file=_display(path)))
    return ruleset_build(rules)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(RULES_DIR.parents[2]))
    except ValueError:
        return str(path)


@cache
def rules_default() -> RuleSet:
    """The bundled rules, loaded once per process."""
    return rules_load(RULES_DIR)
