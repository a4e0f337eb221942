"""Who an element is about: the people a document puts in an element's role.

Opinions name an informant, an identifying witness or a recanting witness once with the words
that make the element ("Offie Evans, who occupied the cell next to the defendant's"), then tell
the rest of the story by name alone ("Evans testified that ..."; "Sarivola passed this on to an
agent"). A sentence like that states the element just as much, without a trigger word.

So, after the first pass over a document:

1. ``role_names`` reads the names of people next to the trigger of every affirmed, non-mention
   flag of a role element (``ROLE_CATEGORIES``): capitalised words within ``SOURCE_WORDS`` words
   of the trigger, in its sentence, that the document never writes in lower case (so "Court",
   "State" or "However" are not names: the document's own spelling decides, no dictionary), that
   are not the caption's parties (the defendant is not his own informant) nor the names of other
   cases cited, and not a stop word of legal prose (``_NOT_NAMES``);
2. the accused (the caption's parties, whom the opinion introduces as petitioner or defendant,
   or failing those its protagonist: context.names_find) holds the roles of rules with
   ``accused = true``: "McCleskey confessed to the police" is a confession the document puts at
   risk elsewhere ("a man said he heard him confess" is not his), "a dozen photographs of Tevlin"
   were shown to a witness;
3. a role rule (``role = true`` in a rule file: an act of that role, "testified", "overheard",
   "was paid", "confessed") is kept only where one of those names is within ``ROLE_WORDS`` words
   of it in the same sentence, and only for an element the document affirms with other rules. The flag says whose role it is and where the document gave it
   (``cues`` and the reason).

Role flags only ever repeat an element the document already affirms with another rule, so they
never make a case-level category on their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from habeas.domain.flags.context import GENERIC_WORDS, DocumentNames
from habeas.domain.flags.flag import Category, Context, Flag
from habeas.domain.flags.words import CALENDAR_WORDS, accents_fold

NAMED_ROLE_CATEGORIES = frozenset(
    {Category.INFORMANT, Category.EYEWITNESS, Category.RECANTATION}
)  # elements a person carries through an opinion, named by the document's other flags
ROLE_CATEGORIES = NAMED_ROLE_CATEGORIES | {Category.FALSE_CONFESSION}  # role rules' elements
ACCUSED = "the accused"  # Role.matched of the accused's role: named by the caption, not a flag
SOURCE_WORDS = 8  # a name this near the trigger of an affirmed flag takes the element's role
ROLE_WORDS = 12  # a role rule's act this near a role name states the element
MAX_NAMES = 8  # per element and document: more is a list of people, not a role

_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # ASCII and Latin-1 letters: "Ibáñez", "Núñez"
_NAME = re.compile(rf"\b[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?(?=(?:['’]s)?\b)")
_INSIDE = re.compile(r"[\w,;)][^\S\n]+(?:[A-Z][a-z]*[^\S\n]+)?$")  # mid-sentence, before a word
_RUN_GAP = re.compile(r"[^\S\n]+(?:[A-Z]\.[^\S\n]+)?")  # "Offie Evans", "John L. Doe"
_WORD = re.compile(r"\w+")
# Capitalised words of legal prose that a short opinion may never happen to write in lower case.
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "when",
        "while",
        "after",
        "before",
        "during",
        "in",
        "on",
        "at",
        "of",
        "for",
        "from",
        "to",
        "by",
        "with",
        "without",
        "as",
        "if",
        "under",
        "upon",
        "since",
        "although",
        "however",
        "because",
        "thus",
        "also",
        "again",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "judge",
        "justice",
        "chief",
        "trooper",
        "detective",
        "det",
        "officer",
        "deputy",
        "sheriff",
        "agent",
        "sergeant",
        "sgt",
        "lieutenant",
        "lt",
        "captain",
        "special",
        "investigator",
        "prosecutor",
        "attorney",
        "counsel",
        "district",
        "assistant",
        "defendant",
        "petitioner",
        "appellant",
        "appellee",
        "respondent",
        "plaintiff",
        "witness",
        "victim",
        "court",
        "state",
        "states",
        "united",
        "government",
        "commonwealth",
        "people",
        "federal",
        "county",
        "city",
        "police",
        "department",
        "bureau",
        "investigation",
        "office",
        "jail",
        "prison",
        "penitentiary",
        "correctional",
        "supreme",
        "appeals",
        "circuit",
        "superior",
        "amendment",
        "constitution",
        "article",
        "section",
        "rule",
        "code",
        "act",
        "statute",
        "brady",
        "giglio",
        "napue",
        "massiah",
        "miranda",
        "bagley",
        "kyles",
        "strickland",
        "jackson",
        *CALENDAR_WORDS,
        "id",
        "ibid",
        "app",
        "pet",
        "tr",
        "cert",
        "supp",
        "see",
        "cf",
        "accord",
        "but",
        "compare",
        "contra",
        "footnote",
        "n",
        "nn",
    ]
)


@dataclass(frozen=True, slots=True)
class Role:
    """A person in an element's role: the name, and the flag passage that gave it."""

    name: str
    category: Category
    page: int | None
    at: int  # offset of the source flag's trigger on its page
    matched: str  # the source flag's trigger


def _people(text: str, a: int, b: int) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words in text[a:b] ("Offie Evans", "Deputy Sheriff Huff"): (start,
    end, words), one run per person."""
    out: list[tuple[int, int, list[str]]] = []
    for m in _NAME.finditer(text, a, b):
        if out and _RUN_GAP.fullmatch(text, out[-1][1], m.start()):
            out[-1] = (out[-1][0], m.end(), [*out[-1][2], m.group()])
        else:
            out.append((m.start(), m.end(), [m.group()]))
    return out


def _words_between(low: str, a: int, b: int) -> int:
    return len(_WORD.findall(low, min(a, b), max(a, b)))


class _Spelling:
    """How a document spells a word: whether it is ever in lower case, and whether it is ever
    capitalised inside a sentence (a word capitalised only where sentences start is no name)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.seen: dict[str, bool] = {}

    def name_like(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = not self._lower(word) and self._inside(word)
        return found

    def _lower(self, word: str) -> bool:
        low = word.lower()
        for text in self.texts:
            at = text.find(low)
            while at != -1:  # str.find: C speed; the whole-word checks only where it is found
                end = at + len(low)
                if (at == 0 or not _word_char(text[at - 1])) and (
                    end == len(text) or not _word_char(text[end], quotes=False)
                ):
                    return True
                at = text.find(low, at + 1)
        return False

    def _inside(self, word: str) -> bool:
        for text in self.texts:
            at = text.find(word)
            while at != -1:
                end = at + len(word)
                if (end == len(text) or not _word_char(text[end], quotes=False)) and _INSIDE.search(
                    text, max(0, at - 30), at
                ):
                    return True
                at = text.find(word, at + 1)
        return False


def _word_char(ch: str, *, quotes: bool = True) -> bool:
    return ch.isalnum() or ch == "_" or (quotes and ch in "'’")


def _is_name(word: str, names: DocumentNames, spelling: _Spelling) -> bool:
    low = word.lower()
    if len(low) < 3 or low in _NOT_NAMES or low in GENERIC_WORDS or low in names.parties:
        return False
    return word not in names.cited and spelling.name_like(word)


def _nearest(
    text: str, s: int, e: int, flag: Flag, names: DocumentNames, spelling: _Spelling
) -> list[str]:
    """The words of the person nearest the flag's trigger in its sentence: the nearest one before
    it (the subject, or an appositive: "Evans, a cellmate, ..."), else the nearest after it ("the
    informant, Curtis Elwell, ..."), within ``SOURCE_WORDS`` words."""
    before: list[str] = []
    after: list[str] = []
    for a, b, words in _people(text, s, e):
        kept = [w for w in words if _is_name(w, names, spelling)]
        if not kept:
            continue
        if b <= flag.match_start:
            if _words_between(text, b, flag.match_start) <= SOURCE_WORDS:
                before = kept  # the last one before the trigger wins
        elif (
            a >= flag.match_end
            and not after
            and _words_between(text, flag.match_end, a) <= SOURCE_WORDS
        ):
            after = kept
    return before or after


def role_names(
    flags: Sequence[Flag],
    pages: Mapping[int | None, str],
    names: DocumentNames,
    support_ids: frozenset[str],
) -> dict[Category, dict[str, Role]]:
    """Per role element, the lower-cased names of the people the document puts in that role."""
    spellings = {page: _Spelling([text]) for page, text in pages.items()}  # a page's own spelling
    out: dict[Category, dict[str, Role]] = {}
    for flag in flags:
        if flag.category not in NAMED_ROLE_CATEGORIES or flag.context is not Context.AFFIRMED:
            continue
        if all(r in support_ids for r in (flag.rule_ids or (flag.rule_id,))):
            continue  # a plain mention names no role (role acts are not in ``flags`` yet)
        text = pages.get(flag.page, "")
        s, e = max(0, flag.sentence_start), flag.sentence_end
        if e <= s:
            continue
        found = out.setdefault(flag.category, {})
        person = _nearest(text, s, e, flag, names, spellings[flag.page])
        for word in person:
            found.setdefault(  # keyed as found in the engine's lower-cased, folded text
                accents_fold(word.lower()),
                Role(word, flag.category, flag.page, flag.match_start, flag.matched),
            )
    return {c: roles for c, roles in out.items() if 0 < len(roles) <= MAX_NAMES}


def accused_roles(names: DocumentNames) -> dict[str, Role]:
    """The accused's names as roles (for role rules with ``accused = true``: his confession, the
    photographs of him shown to a witness)."""
    return {
        accents_fold(party): Role(party.title(), Category.FALSE_CONFESSION, None, -1, ACCUSED)
        for party in sorted(names.parties)
    }


def role_names_ordered(roles: Mapping[str, Role]) -> list[str]:
    """The role names in the order ``role_regex`` tries them (the longest pattern first)."""
    return sorted(roles, key=lambda name: len(re.escape(name)), reverse=True)


def role_regex(roles: Mapping[str, Role]) -> re.Pattern[str]:
    """The role names as whole words, on lower-cased text (a possessive "'s" allowed). The engine
    finds its matches with ``role_spans``: change both (test_fast_paths.py compares them)."""
    alternation = "|".join(map(re.escape, role_names_ordered(roles)))
    return re.compile(r"(?:" + alternation + r")(?:['’]s)?(?!\w)")


def role_spans(low: str, roles: Mapping[str, Role]) -> list[tuple[int, int]]:
    """The spans of ``role_regex(roles).finditer(low)``, found with ``str.find`` per name (C
    speed; the alternation is tried at every position where a name's first letter is): at each
    position the first name in ``role_names_ordered`` order that matches there, leftmost first,
    not overlapping."""
    first: dict[int, int] = {}  # start -> end of the match there
    n = len(low)
    for name in role_names_ordered(roles):
        at = low.find(name)
        while at != -1:
            if at not in first:
                end = at + len(name)
                if low.startswith(("'s", "’s"), end) and (
                    end + 2 == n or not _word_char(low[end + 2], quotes=False)
                ):
                    first[at] = end + 2
                elif end == n or not _word_char(low[end], quotes=False):
                    first[at] = end
            at = low.find(name, at + 1)
    spans: list[tuple[int, int]] = []
    last = 0
    for at in sorted(first):
        if at >= last:
            last = first[at]
            spans.append((at, last))
    return spans


_ACCUSED_WORDS = re.compile(
    r"\b(?:petitioner|defendant|appellant|accused|respondent|suspect|the boy|the girl|the teen)\b"
)
OTHER_WORDS = 8  # a named person this near the trigger, nearer than the accused, owns the act


# What may stand between a subject and its verb: "Quill later changed his statement" (one space
# or comma per step, so a long run of spaces cannot make the regex backtrack)
_SUBJECT_GAP = re.compile(
    r"(?:\s|,|\b(?:later|then|also|subsequently|again|himself|herself|had|has|have)\b)*"
)


def the_accused_acts(text: str, low: str, s: int, e: int, ms: int, names: DocumentNames) -> bool:
    """Whether the subject right before the trigger at ``ms`` (a name, or "petitioner", "the
    defendant" ...) in sentence [s, e) is the accused: "Huffington changed his statement to the
    police" is the accused's own account, not a witness's recantation; "Defendant failed to
    disclose his address" is his own silence, not evidence the state withheld."""
    if names.parties:  # a name is the accused's only where the document says who the accused is
        people = [(a, b, words) for a, b, words in _people(text, s, e) if b <= ms]
        last = people[-1] if people else None
        if last is not None and _SUBJECT_GAP.fullmatch(low, last[1], ms):
            return any(
                w.lower() in names.parties or _ACCUSED_WORDS.fullmatch(w.lower()) for w in last[2]
            )
    words = list(_ACCUSED_WORDS.finditer(low, max(s, ms - 40), ms))
    return bool(words) and _SUBJECT_GAP.fullmatch(low, words[-1].end(), ms) is not None


def someone_else(
    text: str, low: str, s: int, e: int, ms: int, me: int, names: DocumentNames
) -> str:
    """The name of a person other than the accused who is nearer the trigger [ms, me) than any
    mention of the accused, within ``OTHER_WORDS`` words in sentence [s, e), or "": "the police
    told Brown they would talk to the D.A." is a promise to a witness, not to the accused."""
    if not names.parties:
        return ""  # who the accused is is not known: nobody is "someone else"
    best, best_gap = "", OTHER_WORDS + 1.0
    accused_gap = OTHER_WORDS + 1.0
    for a, b, words in _people(text, s, e):
        if a < me and b > ms:
            continue
        # a person before the trigger (its subject) wins a tie with the accused after it
        gap = _words_between(low, b, ms) - 0.5 if b <= ms else _words_between(low, me, a)
        kept = [w for w in words if len(w) > 2 and w.lower() not in _NOT_NAMES]
        if not kept or gap > OTHER_WORDS:
            continue
        if any(w.lower() in names.parties for w in kept):
            accused_gap = min(accused_gap, gap + 0.5 if b <= ms else gap)
        elif a > s and all(w.lower() not in GENERIC_WORDS for w in kept) and gap < best_gap:
            best, best_gap = " ".join(kept), gap
    for m in _ACCUSED_WORDS.finditer(low, max(s, ms - 200), min(e, me + 200)):
        gap = (
            _words_between(low, m.end(), ms)
            if m.end() <= ms
            else _words_between(low, me, m.start())
        )
        accused_gap = min(accused_gap, gap)
    return best if best and best_gap < accused_gap else ""
