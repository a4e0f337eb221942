"""Forensic methods a document mentions. This only says "the page mentions method X";
whether X is discredited, and in what context, is the flags module's job."""

from __future__ import annotations

import re
from collections.abc import Iterator

from habeas.domain.mentions.mention import Mention, MentionKind, cased, ci, context_of, word_trie

_S = r"[ \t\n-]*"  # "bite mark", "bite-mark", "bitemark", and OCR line breaks between words
_STUDY = rf"{_S}(?:comparisons?|analysis|examinations?|examiner|identification)"

# canonical name -> (case-insensitive phrases, case-sensitive acronyms, confidence). Checked in
# this order, so the specific ("mitochondrial DNA") comes before the general ("DNA").
METHODS: dict[str, tuple[tuple[str, ...], str, float]] = {
    "bite mark comparison": ((rf"bite{_S}marks?", rf"forensic{_S}odontolog(?:y|ist)"), "", 0.9),
    "microscopic hair comparison": (
        (
            rf"microscopic{_S}hairs?(?:{_STUDY})?",
            rf"hair{_S}(?:comparisons?|microscopy|analysis|examinations?|examiner)",
            rf"hairs?{_S}(?:were|was){_S}(?:microscopically{_S})?(?:similar|consistent)",
        ),
        "",
        0.9,
    ),
    "comparative bullet lead analysis": (
        (
            rf"comparative{_S}bullet{_S}lead(?:{_STUDY})?",
            rf"bullet{_S}lead{_S}(?:analysis|comparisons?|composition)",
            rf"compositional{_S}analysis{_S}of{_S}bullet",
        ),
        "CBLA",
        0.9,
    ),
    "fire burn pattern analysis": (
        (
            rf"burn{_S}patterns?",
            rf"pour{_S}patterns?",
            rf"crazed{_S}glass",
            r"alligator(?:ing|ed)",
            rf"v{_S}patterns?",
            rf"accelerant{_S}(?:detection|canine|dog|residue)",
            rf"arson{_S}(?:investigat(?:ion|or)|analysis|expert)",
        ),
        "",
        0.85,
    ),
    "shaken baby syndrome": (
        (rf"shaken{_S}(?:baby|infant)(?:{_S}syndrome)?", rf"abusive{_S}head{_S}trauma"),
        "",
        0.9,
    ),
    "mitochondrial DNA": ((rf"mitochondrial{_S}DNA",), "mtDNA", 0.9),
    "DNA analysis": (
        (rf"touch{_S}DNA",),
        rf"Y-?STR|DNA|STR{_S}(?:analysis|profil\w*|typing)|CODIS|RFLP",
        0.85,
    ),
    "latent fingerprint comparison": (
        (
            rf"latent{_S}(?:finger|palm|thumb)?{_S}prints?",
            rf"(?:finger|palm|thumb){_S}prints?",
            r"fingerprint\w*",
            rf"friction{_S}ridge",
        ),
        "ACE-V|AFIS",
        0.85,
    ),
    "serology": (
        (r"serolog(?:y|ical|ist)", rf"blood{_S}typ(?:e|ing)", r"secretor", r"phosphoglucomutase"),
        rf"ABO(?:{_S}blood)?{_S}typ\w*|PGM",
        0.85,
    ),
    "toolmark comparison": ((rf"tool{_S}marks?",), "", 0.85),
    "firearms identification": (
        (
            rf"firearms?{_STUDY}",
            rf"ballistics?{_S}(?:comparisons?|tests?|testing|match(?:ed)?|evidence|expert|report)",
            rf"cartridge{_S}case{_S}comparisons?",
            rf"bullet{_S}comparisons?",
        ),
        "NIBIN|IBIS",
        0.85,
    ),
    "gunshot residue": ((rf"gun{_S}shot{_S}residue", rf"primer{_S}residue"), "GSR", 0.85),
    "bloodstain pattern analysis": (
        (
            rf"blood{_S}stain{_S}pattern\w*",
            rf"blood{_S}spatter",
            rf"impact{_S}spatter",
            rf"cast-?off{_S}spatter",
            rf"high{_S}velocity{_S}spatter",
            rf"spatter{_S}analysis",
        ),
        "",
        0.85,
    ),
    "dog scent lineup": (
        (
            rf"dog{_S}scent{_S}line{_S}ups?",
            rf"scent{_S}(?:line{_S}ups?|identification|transfer|pads?)",
            rf"(?:scent|trailing){_S}dogs?",
            "bloodhound",
        ),
        "",
        0.9,
    ),
    "polygraph": ((r"polygraph\w*", rf"lie{_S}detector"), "", 0.9),
    "voice spectrography": ((rf"voice{_S}prints?", r"spectrograph\w*"), "", 0.85),
    "footwear impression comparison": (
        (rf"footwear{_S}impressions?", rf"shoe{_S}prints?", rf"(?:shoe|foot){_S}impressions?"),
        "",
        0.8,
    ),
    "fiber comparison": (
        (rf"fib(?:er|re)s?{_S}(?:comparisons?|analysis|examination|evidence)",),
        "",
        0.8,
    ),
    "handwriting comparison": (
        (rf"handwriting{_S}(?:comparison|analysis|examin\w*)", rf"questioned{_S}documents?"),
        "",
        0.8,
    ),
    "toxicology": ((r"toxicolog(?:y|ical|ist)",), "", 0.8),
    "hypnotically refreshed testimony": ((r"hypno(?:sis|tic\w*)",), "", 0.8),
}
_KEYS = list(METHODS)


def _alternatives(phrases: tuple[str, ...], acronyms: str) -> str:
    # ci() wants a plain first letter; a leading group like "(?:finger|palm)" is expanded here.
    expanded: list[str] = []
    for phrase in phrases:
        lead = re.match(r"\(\?:([a-z|]+)\)(\??)", phrase)
        if lead:
            rest = phrase[lead.end() :]
            expanded += [f"{word}{rest}" for word in lead.group(1).split("|")]
            if lead.group(2):
                expanded.append(rest.removeprefix(_S))
        else:
            expanded.append(phrase)
    return "|".join(p for p in (ci(*expanded) if expanded else "", acronyms) if p)


def _lead(pattern: str) -> str:
    """The literal letters a pattern starts with; a letter made optional ("firearms?") is not
    required, so it is left out."""
    word = re.match(r"[A-Za-z]*", pattern).group()  # type: ignore[union-attr]
    return word[:-1] if pattern[len(word) : len(word) + 1] in ("?", "*") else word


def _leads() -> set[str]:
    """The word each alternative starts with, in the casings a page would use."""
    words: set[str] = set()
    for phrases, acronyms, _confidence in METHODS.values():
        for phrase in phrases:
            group = re.match(r"\(\?:([a-z|]+)\)", phrase)
            if group is None:
                words |= cased(_lead(phrase), lower=True)
                continue
            for word in group.group(1).split("|"):
                words |= cased(word, lower=True)
            if phrase[group.end()] == "?":  # "(?:latent{_S})?" -> the phrase may start later
                words |= cased(_lead(phrase[group.end() + 1 :].removeprefix(_S)), lower=True)
        # Acronyms are split crudely on "|": an extra lead word only costs a little speed.
        words |= {_lead(acronym) for acronym in acronyms.split("|")}
    return {w for w in words if w}


_METHOD = re.compile(
    rf"(?<![\w-])(?={word_trie(_leads())})(?:"
    + "|".join(f"(?P<m{i}>{_alternatives(*METHODS[k][:2])})" for i, k in enumerate(_KEYS))
    + r")(?![\w])"
)


def methods_find(text: str) -> Iterator[Mention]:
    for m in _METHOD.finditer(text):
        key = _KEYS[int((m.lastgroup or "m0")[1:])]
        yield Mention(
            kind=MentionKind.FORENSIC_METHOD,
            text=m.group(),
            start=m.start(),
            end=m.end(),
            value=key,
            confidence=METHODS[key][2],
            context=context_of(text, m.start(), m.end()),
        )
