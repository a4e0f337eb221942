"""People named with a role: "Det. Maria Alvarez #4471", "Deputy District Attorney Ellen Park",
"witness Tamara Lee stated", "Raymond Choi, a criminalist". Only titled or role-tagged names are
suggested: a bare capitalized pair is too often a street, a school or a business."""

from __future__ import annotations

import re
from collections.abc import Iterator

from habeas.domain.mentions.mention import Mention, MentionKind, cased, ci, context_of, word_trie
from habeas.domain.names import Title, titles

# The fine word the document used -> the app's PersonRole value ("" = the reviewer picks).
# Sergeants, lieutenants and captains are sworn officers: "officer", unless the title says
# "Detective Sergeant", which the title table maps to "detective" directly. Sheriff's deputies
# are "officer"; investigators (DA, police) do a detective's work: "detective". PersonRole has
# no victim/defendant/suspect, so those stay "" with role_detail kept.
ROLE_FOR_DETAIL: dict[str, str] = {
    "detective": "detective",
    "investigator": "detective",
    "officer": "officer",
    "sergeant": "officer",
    "lieutenant": "officer",
    "captain": "officer",
    "deputy": "officer",
    "prosecutor": "prosecutor",
    "defense_counsel": "defense_counsel",
    "judge": "judge",
    "eyewitness": "eyewitness",
    "witness": "other_witness",
    "informant": "informant",
    "forensic_analyst": "forensic_analyst",
    "victim": "",
    "defendant": "",
    "suspect": "",
}

_W = r"[ \t]+"


def _spelling_regex(spelling: str, *, lower_start: bool = True) -> str:
    """One spelling of ``names/data/titles.csv`` as a regex: a space is spaces or tabs, "x?"
    makes x optional, a word written in lower case may start with either case."""
    out: list[str] = []
    word_start = True
    for i, char in enumerate(spelling):
        if char == "?":
            continue
        optional = spelling[i + 1 : i + 2] == "?"
        if char == " ":
            out.append(r"[ \t]*" if optional else _W)
        elif word_start and lower_start and char.islower():
            out.append(f"[{char.upper()}{char}]" + ("?" if optional else ""))
        else:
            out.append(re.escape(char) + ("?" if optional else ""))
        word_start = char == " "
    return "".join(out)


def _title_pattern(title: Title) -> str:
    alternatives: list[str] = []
    for spelling in title.spellings:
        if title.any_case:  # "witness", "Witness", "WITNESS", "wItNeSs"
            alternatives.append(ci(_spelling_regex(spelling.lower(), lower_start=False)))
            continue
        alternatives.extend(_spelling_regex(v) for v in dict.fromkeys((spelling, spelling.upper())))
    return "|".join(dict.fromkeys(alternatives))


def _first_word(spelling: str) -> str:
    """The part of a spelling's first word that is always written ("Det" of "Det.?Sgt.?")."""
    out = ""
    for i, char in enumerate(spelling):
        if char == " " or spelling[i + 1 : i + 2] == "?":
            break
        out += char
    return out


# (pattern, role_detail, role override or None, base confidence), from the shared title table
# (names/data/titles.csv). Order matters: the first title that matches wins, so longer titles
# come first in the file.
_TITLES: list[tuple[str, str, str | None, float]] = [
    (_title_pattern(t), t.role_detail, t.role, t.confidence) for t in titles()
]
# Every word a title can start with; the lookahead built from them keeps the scan fast.
_FIRST_WORDS: set[str] = set()
for _title in titles():
    for _spelling in _title.spellings:
        _word = _first_word(_spelling)
        if _word:
            _FIRST_WORDS |= cased(_word, lower=_title.any_case or _word[0].islower())

# Name tokens: "Maria", "O'Neill", "McDonald", "Smith-Jones", all-caps "ALVAREZ" (reports are
# often typed in caps), initials "P." / "J.P.". A name must end in a full token.
_WORD = r"(?!(?:Jr|Sr|JR|SR)\b)(?:[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*|[A-Z](?:['’][A-Z])?[A-Z]+(?:-[A-Z]+)*)"
_INITIALS = r"[A-Z]\.(?:[ \t]?[A-Z]\.)*"
_NAME = (
    rf"(?:(?:{_INITIALS}|{_WORD})[ \t]+){{0,3}}{_WORD}(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![\w.]))?"
)
_PIECE = re.compile(rf"Jr\.|Sr\.|{_INITIALS}|{_WORD}")
_BADGE = (
    r"(?:[ \t]*,?[ \t]*(?P<open>\()?[ \t]*"
    r"(?:(?:Badge|BADGE|Serial|SERIAL|Ser\.|ID|Emp(?:loyee)?\.?|P)[ \t]*(?:No\.?|Number|#)?[ \t]*:?[ \t]*|#[ \t]*)"
    r"(?P<badge>\d{2,7})\b(?(open)[ \t]*\)))?"
)

_titles_alt = "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _d, _r, _c) in enumerate(_TITLES))
_TITLED = re.compile(
    rf"(?<![\w'’.-])(?={word_trie(_FIRST_WORDS)})(?:{_titles_alt})(?:[ \t]*[,:]?[ \t]+|(?<=\.)[ \t]*)(?P<name>{_NAME}){_BADGE}"
)

_POST_NOUNS = {
    "eyewitness": "eyewitness",
    "witness": "witness",
    "victim": "victim",
    "informant": "informant",
    "criminalist": "forensic_analyst",
    "analyst": "forensic_analyst",
    "detective": "detective",
    "officer": "officer",
    "deputy": "deputy",
    "prosecutor": "prosecutor",
    "defendant": "defendant",
    "investigator": "investigator",
}
# "Tamara Lee, an eyewitness," / "Raymond Choi, the criminalist who ...": find the cheap tail
# first, then look back for the name just before it (a leading name pattern would be slow).
_POSTFIX_TAIL = re.compile(
    rf",[ \t]+(?:an?|the)[ \t]+(?:[a-z]+[ \t]+)?(?P<noun>{'|'.join(_POST_NOUNS)})\b"
)
_NAME_BEFORE = re.compile(rf"(?<![\w'’.-])(?:(?:{_INITIALS}|{_WORD})[ \t]+){{1,3}}{_WORD}\Z")
_LOOKBACK = 60


_AGENCY = re.compile(
    r"\b(?:LAPD|LASD|SFPD|SDPD|OPD|SJPD|LBPD|CHP|FBI|ATF|DEA|DOJ|OCSD|SDSO|[A-Z]{2,4}PD|[A-Z]{2,4}SO)\b"
    r"|(?:[A-Z][a-z]+[ \t]+){1,4}(?:Police[ \t]+Department|Sheriff(?:'s|’s|s)?[ \t]+(?:Department|Office)"
    r"|Highway[ \t]+Patrol|Crime[ \t]+Lab(?:oratory)?|District[ \t]+Attorney(?:'s|’s)[ \t]+Office"
    r"|Public[ \t]+Defender(?:'s|’s)?[ \t]+Office|Coroner(?:'s|’s)?[ \t]+Office)"
)
_AGENCY_WINDOW = 80

# Words that follow a title but are not a name ("Detective Bureau", "Officer Safety",
# "THE WITNESS: Yes"). Compared case-insensitively; the name is cut at the first one.
_NOT_NAME_WORDS = """
bureau division unit units safety services service department dept office section squad team
station report reports notes log academy training involved shooting supervisor commander chief
pro tem court chambers trial box statement interview summary name signature number no badge
serial id identification information testimony stated said told asked observed arrived
responded was were is are had has did does also then the a an and or of on in at to for from
with by as he she it we they you his her their my our yes correct right okay ok sure well
yeah not that this there these those who which what when where why how because never maybe
sir maam unknown unk none homicide robbery narcotics gang patrol vice detail lab laboratory
crime scene evidence property personnel county city state police sheriff sheriffs attorney
district general public defender superior supreme federal appeal appeals hearing order
ruling minute minutes exhibit item memo memorandum agency mr mrs ms dr page line see
interviewed contacted advised went saw arrested detained transported booked recovered
collected impounded noted reported testified identified showed prepared conducted met spoke
wrote please thank objection sustained overruled honor if but so lapd lasd chp fbi doj dna
senior supervising criminalist analyst detective det officer ofc sergeant sgt lieutenant lt
deputy dep judge justice honorable hon investigator examiner witness victim defendant
"""
_NOT_NAME = frozenset(_NOT_NAME_WORDS.split())
_NOT_NAME_CAPS = re.compile(r"[A-Z]{2,4}(?:PD|SO)")


def _first_title(m: re.Match[str]) -> int:
    for i in range(len(_TITLES)):
        if m.group(f"t{i}") is not None:
            return i
    return 0


def _clean_name(text: str, start: int, end: int) -> tuple[int, int, list[str], bool]:
    """Cut the name at the first non-name word; returns (start, end, tokens, cut)."""
    tokens: list[tuple[int, int, str]] = []
    cut = False
    for p in _PIECE.finditer(text, start, end):
        word = p.group()
        if word.replace("’", "'").replace("'", "").rstrip(
            "."
        ).lower() in _NOT_NAME or _NOT_NAME_CAPS.fullmatch(word):
            cut = True
            break
        tokens.append((p.start(), p.end(), word))
    # A name ends in a full token, not an initial or a suffix alone.
    while tokens and tokens[-1][2].endswith(".") and tokens[-1][2] not in ("Jr.", "Sr."):
        tokens.pop()
        cut = True
    if not tokens or not any(not t[2].endswith(".") for t in tokens):
        return start, start, [], True
    return tokens[0][0], tokens[-1][1], [t[2] for t in tokens], cut


def _normal_token(word: str) -> str:
    if (
        word.isupper()
        and len(word) > 1
        and not word.endswith(".")
        and word not in ("II", "III", "IV")
    ):
        # ALVAREZ -> Alvarez, O'NEILL -> O'Neill, SMITH-JONES -> Smith-Jones
        return re.sub(r"[A-Z]+", lambda s: s.group()[0] + s.group()[1:].lower(), word)
    return word


def _agency(text: str, start: int, end: int) -> str:
    line_end = text.find("\n", end)
    after_stop = min(end + _AGENCY_WINDOW, len(text) if line_end < 0 else line_end)
    found = _AGENCY.search(text, end, after_stop)
    if found:
        return _strip_the(found.group())
    line_start = text.rfind("\n", 0, start) + 1
    best = ""
    for cand in _AGENCY.finditer(text, max(line_start, start - _AGENCY_WINDOW), start):
        best = cand.group()  # the nearest one before the name
    return _strip_the(best)


def _strip_the(agency: str) -> str:
    return re.sub(r"^(?:The|THE)[ \t]+", "", agency).strip()


def _person(
    text: str,
    span: tuple[int, int],
    name: tuple[int, int],
    detail: str,
    role: str | None,
    confidence: float,
    badge: str,
) -> Mention | None:
    n_start, n_end, tokens, cut = _clean_name(text, *name)
    if not tokens:
        return None
    start, end = span
    if cut:
        end, badge = n_end, ""
    if start >= end:
        return None
    full_tokens = [t for t in tokens if not t.endswith(".")]
    if len(full_tokens) < 2:
        confidence -= 0.1  # "Judge Ruiz": right role, but which Ruiz?
    if badge:
        confidence += 0.1
    value = " ".join(_normal_token(t) for t in tokens)
    return Mention(
        kind=MentionKind.PERSON,
        text=text[start:end],
        start=start,
        end=end,
        value=value,
        role=ROLE_FOR_DETAIL[detail] if role is None else role,
        badge=badge,
        agency=_agency(text, start, end),
        confidence=round(min(confidence, 0.95), 2),
        context=context_of(text, start, end),
        role_detail=detail,
    )


def people_find(text: str) -> Iterator[Mention]:
    pos = 0
    while (m := _TITLED.search(text, pos)) is not None:
        # Resume right after what was kept, so "DET. ALVAREZ INTERVIEWED WITNESS LEE" still
        # finds the witness whose title the first, longer match had swallowed.
        pos = m.end()
        i = _first_title(m)
        _pattern, detail, role, confidence = _TITLES[i]
        # Transcript speaker labels ("THE WITNESS:", "THE DEFENDANT:") introduce speech, not names.
        title = m.group(f"t{i}")
        if title.isupper() and text[max(0, m.start() - 4) : m.start()] == "THE ":
            continue
        found = _person(
            text,
            m.span(),
            m.span("name"),
            detail,
            role,
            confidence,
            m.group("badge") or "",
        )
        if found is not None:
            pos = max(found.end, m.start() + 1)
            yield found
        else:
            pos = m.start("name")
    for m in _POSTFIX_TAIL.finditer(text):
        window_start = max(0, m.start() - _LOOKBACK)
        detail = _POST_NOUNS[m.group("noun")]
        found = None
        # The earliest start may begin with a non-name ("The Tamara Lee"); try later starts.
        while found is None and (name := _NAME_BEFORE.search(text, window_start, m.start())):
            found = _person(text, name.span(), name.span(), detail, None, 0.65, "")
            window_start = name.start() + 1
        if found is not None:
            yield found
