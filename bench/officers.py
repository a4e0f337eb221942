"""A seeded, case-style generator of fictional officers and the bulk records that name them, with
every noise type of issue 10 and the officers a review confuses with the watched ones; and the
evaluation of the watchlist review (recall and precision per mention, per noise type) and of
person linkage of officials (pairwise precision, recall, F1), each next to a plain exact-name
baseline in the same run.

    .venv/bin/python -m bench.officers                       # dev seed 1 and held-out seed 2
    .venv/bin/python -m bench.officers --seeds 1 --no-linkage

Every person here is invented: names are drawn from lists of common given names and surnames
and combined at random; agencies are fictional. The watched officers' mentions each carry one
noise type, drawn evenly from those that apply to the name (a compound surname can be shortened,
a simple one cannot); confusable officers are written with the everyday noise types.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AGENCIES = [
    "Harbor City Police Department",
    "Kessling County Sheriff's Office",
    "State Highway Patrol",
    "Metro Narcotics Task Force",
    "Port Ellery Police Department",
    "Almond Valley Police Department",
    "Ridgeback County Sheriff's Office",
    "Lakemont Police Department",
    "University of Harbor City Police",
    "Juniper Falls Police Department",
]
# The same agency as different extracts write it: the case and punctuation vary, never the words.
AGENCY_SPELLINGS = [
    lambda a: a,
    lambda a: a.upper(),
    lambda a: a.replace("'", ""),
    lambda a: a.replace("Department", "Dept."),
]
# Formal given name -> diminutives in everyday US use (written for this generator, not taken from
# the matcher's nickname data, so the benchmark measures that data's coverage).
NICKNAMES = {
    "Robert": ["Bob", "Bobby", "Rob"],
    "William": ["Bill", "Billy", "Will"],
    "Richard": ["Rick", "Dick", "Rich"],
    "James": ["Jim", "Jimmy"],
    "Thomas": ["Tom", "Tommy"],
    "Joseph": ["Joe", "Joey"],
    "Margaret": ["Peggy", "Maggie", "Meg"],
    "Elizabeth": ["Liz", "Beth", "Betty"],
    "Katherine": ["Kate", "Kathy", "Katie"],
    "Michael": ["Mike", "Mickey"],
    "Daniel": ["Dan", "Danny"],
    "Anthony": ["Tony"],
    "Patricia": ["Pat", "Patty", "Trish"],
    "Theodore": ["Ted", "Teddy"],
    "Edward": ["Ed", "Eddie"],
    "Raymond": ["Ray"],
    "Christopher": ["Chris"],
    "Jennifer": ["Jen", "Jenny"],
    "Charles": ["Charlie", "Chuck"],
    "Steven": ["Steve"],
    "Gregory": ["Greg"],
    "Timothy": ["Tim"],
    "Kenneth": ["Ken", "Kenny"],
    "Ronald": ["Ron", "Ronnie"],
    "Lawrence": ["Larry"],
    "Nicholas": ["Nick"],
    "Samuel": ["Sam"],
    "Benjamin": ["Ben"],
    "Douglas": ["Doug"],
    "Matthew": ["Matt"],
    "Andrew": ["Andy", "Drew"],
    "Frederick": ["Fred"],
    "Harold": ["Harry", "Hal"],
    "Leonard": ["Len", "Lenny"],
    "Walter": ["Walt"],
    "Jose": ["Pepe"],
    "Francisco": ["Paco", "Pancho"],
    "Guillermo": ["Memo"],
    "Ignacio": ["Nacho"],
    "Roberto": ["Beto"],
    "Eduardo": ["Lalo"],
}
OTHER_FIRSTS = [
    "Ann",
    "Maria",
    "Luis",
    "Carlos",
    "Juan",
    "Ana",
    "Sofia",
    "Lena",
    "Helen",
    "Marcus",
    "Darnell",
    "Keisha",
    "Priya",
    "Hiroshi",
    "Mei",
    "Omar",
    "Fatima",
    "Ivan",
    "Olga",
    "Andre",
    "Rosa",
    "Elena",
    "Diego",
    "Tariq",
    "Ngozi",
    "Dmitri",
    "Ingrid",
    "Rafael",
    "Yolanda",
    "Lucia",
    "Gloria",
    "Wendell",
    "Bernadette",
    "Cornelius",
    "Esperanza",
    "Fiona",
    "Gideon",
    "Hortense",
    "Imani",
    "Jasper",
    "Kendra",
    "Lionel",
    "Marisol",
    "Nadia",
    "Octavia",
    "Percival",
    "Quentin",
    "Rosalind",
    "Soren",
    "Thaddeus",
    "Ulrich",
    "Vivian",
    "Winifred",
    "Xavier",
    "Yusuf",
    "Zora",
    "Agnes",
    "Brigid",
    "Desmond",
    "Eloise",
    "Fabian",
    "Greta",
    "Hector",
    "Isadora",
    "Jules",
    "Leopold",
    "Magnus",
    "Noor",
]
SIMPLE_SURNAMES = [
    "Kessler",
    "Pellham",
    "Quill",
    "Voss",
    "Brandt",
    "Marsh",
    "Holloway",
    "Thackeray",
    "Ashworth",
    "Lindqvist",
    "Nakamura",
    "Petrov",
    "Abernathy",
    "Castellano",
    "Drummond",
    "Whitlock",
    "Calloway",
    "Ferreira",
    "Gallagher",
    "Harrow",
    "Iverson",
    "Jankowski",
    "Kowalczyk",
    "Novak",
    "Prendergast",
    "Quintero",
    "Rasmussen",
    "Salazar",
    "Tenorio",
    "Underhill",
    "Weatherby",
    "Yamamoto",
    "Zielinski",
    "Brennan",
    "Corrigan",
    "Donnelly",
    "Esposito",
    "Fitzgerald",
    "Hawthorne",
    "Ibarra",
    "Kaminski",
    "Lombardi",
    "Mancini",
    "Navarro",
    "Ostrowski",
    "Pacheco",
    "Santoro",
    "Trujillo",
    "Urquhart",
    "Winslow",
    "Ybarra",
    "Zamora",
    "Barnes",
    "Carter",
    "Dawson",
    "Ellison",
    "Fletcher",
    "Graves",
    "Hughes",
    "Ingram",
    "Jacobs",
    "Keller",
    "Lawson",
    "Morgan",
    "Nolan",
    "Owens",
    "Porter",
    "Sutton",
    "Tucker",
    "Vaughn",
    "Walsh",
    "Okonkwo",
    "Balasubramanian",
    "Haverford",
    "Merriweather",
    "Blackwood",
    "Sorensen",
    "Castellanos",
    "Delacroix",
    "Ambrose",
    "Bellamy",
    "Crowther",
    "Dunmore",
    "Eastwick",
    "Fairbanks",
    "Greenhalgh",
    "Hollister",
    "Kilbride",
    "Lockhart",
    "Mortimer",
    "Northcott",
    "Pemberton",
    "Radcliffe",
    "Stanhope",
    "Thornbury",
    "Wakefield",
    "Ainsworth",
    "Bramley",
    "Cartwright",
    "Ellery",
    "Fenwick",
    "Gresham",
    "Hartigan",
]
HISPANIC_SURNAMES = [
    "Hernandez",
    "Lopez",
    "Garcia",
    "Martinez",
    "Rodriguez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Morales",
    "Reyes",
    "Gutierrez",
    "Chavez",
    "Alvarez",
    "Castillo",
    "Jimenez",
    "Moreno",
    "Romero",
    "Herrera",
    "Medina",
    "Aguilar",
    "Vargas",
    "Mendoza",
    "Guerrero",
    "Delgado",
    "Cabrera",
]
PARTICLE_SURNAMES = [
    ("Di", "Napoli"),
    ("De La", "Cruz"),
    ("Del", "Rio"),
    ("Van Der", "Berg"),
    ("De", "Luca"),
    ("Da", "Silva"),
    ("St.", "John"),
    ("Le", "Blanc"),
    ("Van", "Dyke"),
    ("Dos", "Santos"),
    ("Della", "Rosa"),
    ("De", "Angelis"),
]
APOSTROPHE_SURNAMES = [
    "O'Neill",
    "O'Hara",
    "D'Angelo",
    "O'Brien",
    "O'Connor",
    "D'Amico",
    "O'Malley",
]
TITLES = [
    "P.O.",
    "Police Officer",
    "Ofc.",
    "Officer",
    "Det.",
    "Detective",
    "Sgt.",
    "Det. Sgt.",
    "Inv.",
    "Agent",
    "Trooper",
    "Deputy",
    "Lt.",
    "Criminalist",
]
BADGE_FORMATS = [
    "{name} #{b}",
    "{name} Badge #{b}",
    "{name}, Shield #{b}",
    "{name} (Badge {b})",
    "{name} Serial No. {b}",
    "{name} Star {b}",
    "{name}, Badge No. {b}",
    "{name} # {b}",
]
OCR_SWAPS = [("m", "rn"), ("rn", "m"), ("l", "1"), ("o", "0"), ("O", "0"), ("I", "l"), ("d", "cl")]

NOISE_TYPES = [
    "clean",
    "last_first",
    "initial",
    "title",
    "badge_format",
    "bare_badge",
    "nickname",
    "typo1",
    "typo2",
    "ocr",
    "compound_short",
    "compound_hyphen",
    "hyphen_space",
    "hyphen_first",
    "particle_joined",
    "particle_apart",
    "apostrophe",
]
CONFUSABLE_TYPES = [
    "same_name_other_agency",
    "one_letter_other_agency",
    "compound_half_other_agency",
    "same_surname_other_first",
]


@dataclass
class Officer:
    oid: str
    first: str
    surname: str  # as written in full: "Hernandez Lopez", "Di Napoli", "O'Neill", "Smith-Jones"
    style: str  # simple, compound, particle, apostrophe, hyphen
    agency: str
    badge: str
    title: str
    role: str  # watched, background, or a confusable type
    of: str = ""  # the watched officer a confusable is confused with

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass
class Mention:
    record: int  # source_record (1-based row of the file)
    oid: str
    written: str
    noise: str
    agency: str


@dataclass
class Dataset:
    seed: int
    officers: dict[str, Officer]
    watched: list[str]
    records: list[dict[str, str]]
    mentions: list[Mention] = field(default_factory=list)


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))  # the first letter is rarely the one mistyped
    kind = rng.randrange(4)
    letters = "aeioulnrst"
    if kind == 0 and len(word) > 4:
        return word[:i] + word[i + 1 :]
    if kind == 1 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 2:
        return word[:i] + rng.choice(letters) + word[i:]
    out = word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    return out


def _edits(a: str, b: str) -> int:
    from habeas.domain.names.distance import damerau_levenshtein

    return damerau_levenshtein(a.lower(), b.lower())


def _surname(rng: random.Random, style: str) -> str:
    if style == "compound":
        a, b = rng.sample(HISPANIC_SURNAMES, 2)
        return f"{a} {b}"
    if style == "hyphen":
        a, b = rng.sample(SIMPLE_SURNAMES, 2)
        return f"{a}-{b}"
    if style == "particle":
        p, core = rng.choice(PARTICLE_SURNAMES)
        return f"{p} {core}"
    if style == "apostrophe":
        return rng.choice(APOSTROPHE_SURNAMES)
    return rng.choice(SIMPLE_SURNAMES + HISPANIC_SURNAMES)


def _first(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(list(NICKNAMES))
    return rng.choice(OTHER_FIRSTS)


def _write(rng: random.Random, o: Officer, noise: str) -> str | None:
    """``o``'s name written with ``noise``; None when the noise cannot apply to this name."""
    title = rng.choice([o.title, o.title, ""])
    full = f"{o.first} {o.surname}"

    def titled(name: str) -> str:
        return f"{title} {name}".strip()

    if noise == "clean":
        text = titled(full)
        return text.upper() if rng.random() < 0.3 else text
    if noise == "last_first":
        last = o.surname.upper() if rng.random() < 0.6 else o.surname
        return f"{last}, {o.first.upper() if last.isupper() else o.first}"
    if noise == "initial":
        return titled(f"{o.first[0]}. {o.surname}")
    if noise == "title":
        return f"{rng.choice(TITLES)} {full}"
    if noise == "badge_format":
        return rng.choice(BADGE_FORMATS).format(name=titled(full), b=o.badge)
    if noise == "bare_badge":
        return rng.choice(BADGE_FORMATS).format(name=titled(o.surname), b=o.badge)
    if noise == "nickname":
        if o.first not in NICKNAMES:
            return None
        return titled(f"{rng.choice(NICKNAMES[o.first])} {o.surname}")
    if noise in ("typo1", "typo2"):
        core = o.surname.replace("'", "")
        if noise == "typo2" and len(core) < 6:
            return None
        typed = _typo(rng, o.surname)
        if noise == "typo2":
            for _ in range(10):
                again = _typo(rng, typed)
                if _edits(again, o.surname) == 2:
                    typed = again
                    break
            else:
                return None
        if _edits(typed, o.surname) != (1 if noise == "typo1" else 2):
            return None
        return titled(f"{o.first} {typed}")
    if noise == "ocr":
        swaps = [(a, b) for a, b in OCR_SWAPS if a in full]
        if not swaps:
            return None
        a, b = rng.choice(swaps)
        at = [i for i in range(len(full)) if full.startswith(a, i)]
        i = rng.choice(at)
        return titled(full[:i] + b + full[i + len(a) :])
    if noise == "compound_short":
        if o.style != "compound":
            return None
        return titled(f"{o.first} {o.surname.split()[0]}")
    if noise == "compound_hyphen":
        if o.style != "compound":
            return None
        return titled(f"{o.first} {o.surname.replace(' ', '-')}")
    if noise == "hyphen_space":
        return titled(f"{o.first} {o.surname.replace('-', ' ')}") if o.style == "hyphen" else None
    if noise == "hyphen_first":
        return titled(f"{o.first} {o.surname.split('-')[0]}") if o.style == "hyphen" else None
    if noise == "particle_joined":
        if o.style != "particle":
            return None
        joined = o.surname.replace(" ", "").replace(".", "")
        return titled(f"{o.first} {joined if rng.random() < 0.5 else joined.capitalize()}")
    if noise == "particle_apart":
        if o.style != "particle":
            return None
        words = o.surname.replace(".", "").split()
        # "De La Cruz" -> "Dela Cruz" / "de la cruz" / "DE LA CRUZ"
        variant = rng.choice(
            [
                " ".join(words).lower(),
                " ".join(words).upper(),
                "".join(words[:-1]) + " " + words[-1],
            ]
        )
        return titled(f"{o.first} {variant}")
    if noise == "apostrophe":
        if o.style != "apostrophe":
            return None
        written = o.surname.replace("'", rng.choice(["", " ", "’"]))
        return titled(f"{o.first} {written}")
    raise ValueError(noise)


def _other_first(rng: random.Random, o: Officer) -> str:
    from habeas.domain.names import nicknames_agree

    while True:
        first = _first(rng)
        if first[0] != o.first[0] and not nicknames_agree(first.lower(), o.first.lower()):
            return first


def _one_letter(rng: random.Random, surname: str) -> str:
    while True:
        typed = _typo(rng, surname)
        if _edits(typed, surname) == 1 and typed.lower() != surname.lower():
            return typed


def generate(
    seed: int, *, watched: int = 48, background: int = 2500, records: int = 15_000
) -> Dataset:
    rng = random.Random(seed)
    officers: dict[str, Officer] = {}
    used: set[tuple[str, str, str]] = set()  # (agency, first, surname): no namesakes in one agency
    badges: dict[str, set[str]] = defaultdict(set)

    def add(first: str, surname: str, style: str, agency: str, role: str, of: str = "") -> Officer:
        key = (agency, first.lower(), surname.lower())
        if key in used:
            raise LookupError(key)
        used.add(key)
        while (badge := str(rng.randint(100, 49_999))) in badges[agency]:
            pass
        badges[agency].add(badge)
        title = rng.choice(["Det.", "Officer", "Sgt.", "P.O.", "Inv.", "Deputy", "Trooper"])
        officer = Officer(
            f"o{len(officers)}", first, surname, style, agency, badge, title, role, of
        )
        officers[officer.oid] = officer
        return officer

    styles = ["simple", "compound", "particle", "apostrophe", "hyphen", "simple"]
    watched_ids: list[str] = []
    while len(watched_ids) < watched:
        style = styles[len(watched_ids) % len(styles)]
        first = rng.choice(list(NICKNAMES)) if len(watched_ids) % 2 == 0 else _first(rng)
        try:
            o = add(first, _surname(rng, style), style, rng.choice(AGENCIES), "watched")
        except LookupError:
            continue
        watched_ids.append(o.oid)
    for oid in watched_ids:
        w = officers[oid]
        others = [a for a in AGENCIES if a != w.agency]
        made = [
            ("same_name_other_agency", w.first, w.surname, w.style, rng.choice(others)),
            (
                "one_letter_other_agency",
                w.first,
                _one_letter(rng, w.surname),
                "simple",
                rng.choice(others),
            ),
            (
                "compound_half_other_agency",
                w.first,
                rng.choice(w.surname.replace("-", " ").split()[-2:])
                if w.style in ("compound", "hyphen")
                else f"{w.surname}-{rng.choice(SIMPLE_SURNAMES)}",
                "simple" if w.style in ("compound", "hyphen") else "hyphen",
                rng.choice(others),
            ),
            ("same_surname_other_first", _other_first(rng, w), w.surname, w.style, w.agency),
        ]
        for role, first, surname, style, agency in made:
            with contextlib.suppress(LookupError):
                add(first, surname, style, agency, role, of=oid)
    # Two officers of one agency with one surname and one initial cannot be told apart from
    # "J. Rasmussen" by anyone; the background never repeats a watched officer's that way (his
    # confusables do it on purpose, with another initial or at another agency).
    taken = {
        (w.agency, w.first[0], part.lower())
        for w in (officers[i] for i in watched_ids)
        for part in w.surname.replace("-", " ").split()
    }
    while sum(o.role == "background" for o in officers.values()) < background:
        style = rng.choices(
            ["simple", "compound", "particle", "apostrophe", "hyphen"], [8, 2, 1, 1, 1]
        )[0]
        first, surname, agency = _first(rng), _surname(rng, style), rng.choice(AGENCIES)
        parts = surname.replace("-", " ").split()
        if any((agency, first[0], p.lower()) in taken for p in parts):
            continue
        try:
            add(first, surname, style, agency, "background")
        except LookupError:
            continue
    by_agency: dict[str, list[Officer]] = defaultdict(list)
    for o in officers.values():
        if o.role != "watched":
            by_agency[o.agency].append(o)
    data = Dataset(seed, officers, watched_ids, [])
    # Each watched officer is on ~records/10/watched records, each confusable on a few; the rest
    # are background. Noise types are dealt round-robin per officer so each type gets its share.
    noise_cycle: dict[str, int] = defaultdict(int)
    for i in range(records):
        agency = rng.choice(AGENCIES)
        crew: list[Officer] = []
        if rng.random() < 0.10:
            crew.append(
                officers[
                    rng.choice(
                        [w for w in watched_ids if officers[w].agency == agency] or watched_ids
                    )
                ]
            )
            agency = crew[0].agency
        n = rng.choice([1, 1, 2, 2, 3])
        pool = by_agency[agency]
        while len(crew) < n:
            pick = rng.choice(pool)
            if (pick.role != "background" or rng.random() < 0.85) and pick not in crew:
                crew.append(pick)
        record = i + 1
        written: list[str] = []
        for o in crew:
            if o.role == "watched":
                applicable = [t for t in NOISE_TYPES if _write(random.Random(0), o, t) is not None]
                k = noise_cycle[o.oid]
                noise_cycle[o.oid] += 1
                noise = applicable[k % len(applicable)]
            else:
                noise = rng.choice(
                    [
                        "clean",
                        "clean",
                        "last_first",
                        "initial",
                        "title",
                        "badge_format",
                        "bare_badge",
                    ]
                )
            text = None
            for _ in range(5):
                text = _write(rng, o, noise)
                if text is not None:
                    break
            if text is None:
                noise, text = "clean", _write(rng, o, "clean")
            assert text is not None
            written.append(text)
            data.mentions.append(Mention(record, o.oid, text, noise, agency))
        spelled = rng.choice(AGENCY_SPELLINGS)(agency)
        data.records.append(
            {
                "defendant": f"Defendant {seed}-{record}",
                "docket": f"BA{seed}{record:06d}",
                "court": "Superior Court",
                "conviction date": f"{2000 + record % 20}-{1 + record % 12:02d}-{1 + record % 27:02d}",
                "officers": "; ".join(written),
                "agency": spelled,
            }
        )
    return data


def entries_for(data: Dataset) -> list[Any]:
    from habeas.domain.systemic.matching import WatchEntry

    out = []
    for oid in data.watched:
        o = data.officers[oid]
        out.append(WatchEntry(oid, o.name, "officer", agency=o.agency, badges=(o.badge,)))
    return out


def store_write(data: Dataset, store: Path) -> None:
    """The records as a court extract CSV, imported with the real importer."""
    from habeas.domain.systemic import bulk_import

    path = store / f"extract-{data.seed}.csv"
    store.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data.records[0]))
        writer.writeheader()
        writer.writerows(data.records)
    report = bulk_import(path, store)
    if report.rows != len(data.records) or report.rejected_count:
        raise RuntimeError(f"import lost rows: {report.rows} of {len(data.records)}")


# ---------------------------------------------------------------- review ------------------------


def _exact_baseline(data: Dataset) -> set[tuple[str, int, str]]:
    """(entry, record, written) a plain exact-name search returns: the written name, lower case
    and spaces collapsed, equal to the watched name."""
    wanted = {" ".join(data.officers[w].name.lower().split()): w for w in data.watched}
    out = set()
    for m in data.mentions:
        entry = wanted.get(" ".join(m.written.lower().split()))
        if entry:
            out.add((entry, m.record, m.written))
    return out


def _review_hits(data: Dataset, store: Path) -> tuple[set[tuple[str, int, str]], float]:
    from habeas.domain.systemic import bulk_connect
    from habeas.domain.systemic.matching import review_run

    con = bulk_connect(store)
    t0 = time.perf_counter()
    rows = review_run(con, entries_for(data)).to_pylist()
    seconds = time.perf_counter() - t0
    con.close()
    return {(r["entry_id"], int(r["source_record"]), r["written"]) for r in rows}, seconds


def review_table(data: Dataset, hits: set[tuple[str, int, str]]) -> dict[str, dict[str, float]]:
    """Per noise type: watched mentions, recall; returned mentions, precision."""
    by_written: dict[tuple[int, str], list[Mention]] = defaultdict(list)
    for m in data.mentions:
        by_written[(m.record, m.written)].append(m)
    watched = set(data.watched)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    found: set[tuple[int, str, str]] = set()  # (record, written, oid) found for the right entry
    for entry, record, written in hits:
        mentions = by_written.get((record, written), [])
        right = [m for m in mentions if m.oid == entry]
        if right:
            for m in right:
                found.add((m.record, m.written, m.oid))
                stats[m.noise]["tp"] += 1
        else:
            wrong = mentions[0] if mentions else None
            noise = wrong.noise if wrong else "?"
            stats[noise]["fp"] += 1
            role = data.officers[wrong.oid].role if wrong else "?"
            stats[f"fp from {role}"]["fp"] += 1
    for m in data.mentions:
        if m.oid in watched:
            stats[m.noise]["n"] += 1
            if (m.record, m.written, m.oid) not in found:
                stats[m.noise]["missed"] += 1
    out: dict[str, dict[str, float]] = {}
    for noise, c in stats.items():
        returned = c["tp"] + c["fp"]
        out[noise] = {
            "mentions": c["n"],
            "recall": (c["n"] - c["missed"]) / c["n"] if c["n"] else float("nan"),
            "returned": returned,
            "precision": c["tp"] / returned if returned else float("nan"),
            "fp": c["fp"],
        }
    n = sum(c["n"] for k, c in stats.items() if not k.startswith("fp "))
    missed = sum(c["missed"] for k, c in stats.items() if not k.startswith("fp "))
    tp = sum(c["tp"] for k, c in stats.items() if not k.startswith("fp "))
    fp = sum(c["fp"] for k, c in stats.items() if not k.startswith("fp "))
    out["ALL"] = {
        "mentions": n,
        "recall": (n - missed) / n,
        "returned": tp + fp,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "fp": fp,
    }
    return out


def review_print(
    data: Dataset, ours: dict[str, dict[str, float]], base: dict[str, dict[str, float]]
) -> None:
    print(
        f"{'noise type':<30}{'mentions':>9}{'recall':>9}{'precision':>11}{'returned':>10}"
        f"   | exact-name baseline {'recall':>7}{'precision':>11}"
    )
    order = [*NOISE_TYPES, "ALL"]
    for noise in order:
        if noise not in ours and noise not in base:
            continue
        o, b = ours.get(noise, {}), base.get(noise, {})
        print(
            f"{noise:<30}{int(o.get('mentions', b.get('mentions', 0))):>9}{o.get('recall', 0):>9.3f}"
            f"{o.get('precision', float('nan')):>11.3f}{int(o.get('returned', 0)):>10}"
            f"   | {'':<20}{b.get('recall', 0):>7.3f}{b.get('precision', float('nan')):>11.3f}"
        )
    fps = {k: v for k, v in ours.items() if k.startswith("fp from")}
    if fps:
        print(
            "false matches by who they were: "
            + ", ".join(f"{k[8:]} {int(v['fp'])}" for k, v in sorted(fps.items()))
        )


# ---------------------------------------------------------------- linkage -----------------------


def linkage_records(data: Dataset) -> tuple[Any, dict[str, str], int]:
    """The officials as the linking app collects them: one record per distinct (name as written,
    agency) of the bulk records, plus a case-file Person for each watched officer and one in five
    others. Returns the table, the truth (record_id -> officer) and the ambiguous tuples left out."""
    import pyarrow as pa

    from habeas.domain.names import agency_key

    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in data.mentions:
        owners[(m.written.strip(), agency_key(m.agency) or "")].add(m.oid)
    agency_of = {agency_key(a): a for a in AGENCIES}
    rows: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    ambiguous = 0
    for i, ((written, agency), oids) in enumerate(sorted(owners.items())):
        if len(oids) > 1:  # one spelling at one agency for two officers: no truth to score
            ambiguous += 1
            continue
        rid = f"ba{i}"
        rows.append(
            {
                "record_id": rid,
                "source": "bulk_actor",
                "full_name": written,
                "agency": agency_of[agency],
                "role": "police",
            }
        )
        truth[rid] = next(iter(oids))
    rng = random.Random(data.seed + 1000)
    for o in data.officers.values():
        if o.role == "watched" or rng.random() < 0.2:
            first, _, last = o.name.partition(" ")
            rows.append(
                {
                    "record_id": f"p{o.oid}",
                    "source": "person",
                    "first_name": first,
                    "last_name": last,
                    "badge": o.badge,
                    "agency": o.agency,
                    "role": "police",
                }
            )
            truth[f"p{o.oid}"] = o.oid
    columns = [
        "record_id",
        "source",
        "first_name",
        "last_name",
        "full_name",
        "badge",
        "agency",
        "role",
    ]
    table = pa.table({c: [r.get(c) for r in rows] for c in columns})
    return table, truth, ambiguous


def _pairs_of(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    out = set()
    for members in groups.values():
        members = sorted(members)
        out |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    return out


def pair_scores(clusters: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    predicted: dict[str, list[str]] = defaultdict(list)
    actual: dict[str, list[str]] = defaultdict(list)
    for rid, oid in truth.items():
        predicted[clusters[rid]].append(rid)
        actual[oid].append(rid)
    p_pairs, t_pairs = _pairs_of(predicted), _pairs_of(actual)
    tp = len(p_pairs & t_pairs)
    precision = tp / len(p_pairs) if p_pairs else 0.0
    recall = tp / len(t_pairs) if t_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def linkage_eval(data: Dataset) -> dict[str, Any]:
    from habeas.domain.linkage import person_link
    from habeas.domain.names import name_parse

    table, truth, ambiguous = linkage_records(data)
    t0 = time.perf_counter()
    result = person_link(table)
    seconds = time.perf_counter() - t0
    ours = pair_scores(result.clusters, truth)
    # Baseline: records with the same name, lower case (first and last, or the written name).
    exact: dict[str, str] = {}
    for row in table.to_pylist():
        name = row["full_name"] or f"{row['first_name']} {row['last_name']}"
        exact[row["record_id"]] = " ".join(name.lower().split())
    normalized = {rid: name_parse(n).key or rid for rid, n in exact.items()}
    return {
        "records": table.num_rows,
        "officers": len(set(truth.values())),
        "ambiguous_left_out": ambiguous,
        "ours": ours,
        "exact-name": pair_scores(exact, truth),
        "normalized-name": pair_scores(normalized, truth),
        "seconds": seconds,
        "warnings": result.warnings[:5],
        "trained": result.trained,
        "review_pairs": len(result.review),
    }


def linkage_print(res: dict[str, Any]) -> None:
    print(
        f"person linkage of officials: {res['records']:,} records of {res['officers']:,} officers "
        f"({res['ambiguous_left_out']} ambiguous spellings left out), {res['seconds']:.1f} s, "
        f"trained={res['trained']}, review pairs={res['review_pairs']}"
    )
    print(f"{'setup':<34}{'precision':>10}{'recall':>9}{'F1':>8}")
    for name in ("ours", "exact-name", "normalized-name"):
        p, r, f = res[name]
        label = {
            "ours": "habeas.domain.linkage",
            "exact-name": "exact name (baseline)",
            "normalized-name": "normalized name, no agency",
        }[name]
        print(f"{label:<34}{p:>10.4f}{r:>9.4f}{f:>8.4f}")
    for w in res["warnings"]:
        print(f"  warning: {w}")


# ---------------------------------------------------------------- linkage misses ----------------

HELD_OUT_SEEDS = frozenset({2})  # their errors are never printed: they would be tuned on
_MISS_REASONS = (
    "ambiguous at its agency",
    "never blocked together",
    "scored below the completion floor",
    "scored below the review line, not joined",
    "sent to review, not joined",
    "above the merge line, refused",
)


def _record_noise(data: Dataset) -> dict[tuple[str, str], str]:
    """(written, agency key) -> the noise type most of its mentions carry."""
    from habeas.domain.names import agency_key

    seen: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in data.mentions:
        seen[(m.written.strip(), agency_key(m.agency) or "")][m.noise] += 1
    return {key: c.most_common(1)[0][0] for key, c in seen.items()}


def linkage_misses(data: Dataset) -> dict[str, Any]:
    """Why true pairs of officials end up in two clusters. A record without a full first name
    that two officers of its agency fit (surname and initial) is ambiguous; otherwise each
    missed pair gets the reason of its own scored pair (never blocked, scored below the completion floor, below the review
    line, in the review band, above the merge line but refused by the agency roster); each
    record outside its officer's largest cluster ("stray") gets the best reason among its pairs
    with that cluster. A second run scores every blocked pair (no floor) to tell them apart."""
    from habeas.domain.linkage import LinkSettings, person_link
    from habeas.domain.linkage.names import split_full_name
    from habeas.domain.names import agency_key, ocr_fold

    if data.seed in HELD_OUT_SEEDS:
        raise ValueError(f"seed {data.seed} is held out: its misses are never printed")
    table, truth, ambiguous = linkage_records(data)
    settings = LinkSettings()
    result = person_link(table, settings=settings)
    every = person_link(table, settings=LinkSettings(prediction_floor=0.0, completion_floor=0.0))
    score = {(p.left_id, p.right_id): p.match_probability for p in every.pairs}
    refused = {tuple(sorted(p)) for p in ((q.left_id, q.right_id) for q in result.review)}
    noise_of = _record_noise(data)
    rows = {r["record_id"]: r for r in table.to_pylist()}

    def noise(rid: str) -> str:
        row = rows[rid]
        if row["source"] == "person":
            return "case-file person"
        return noise_of.get((row["full_name"].strip(), agency_key(row["agency"]) or ""), "?")

    # Who a record without a full first name may be: the officers of its agency with its
    # surname and, if it has one, its initial. Two or more: nobody can say which.
    roster: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for o in data.officers.values():
        name = split_full_name(o.name)
        roster[(agency_key(o.agency) or "", ocr_fold(name.last or ""))].append(
            (o.oid, (name.first or "")[:1])
        )

    def ambiguous_here(rid: str) -> bool:
        row = rows[rid]
        name = split_full_name(row["full_name"] or f"{row['first_name']} {row['last_name']}")
        if name.first and len(name.first) > 1:
            return False
        fits = roster[(agency_key(row["agency"]) or "", ocr_fold(name.last or ""))]
        return len({oid for oid, i in fits if not name.first or i == name.first}) > 1

    def reason(a: str, b: str) -> int:
        if ambiguous_here(a) or ambiguous_here(b):
            return 0
        pair = (a, b) if a < b else (b, a)
        p = score.get(pair)
        if p is None:
            return 1
        if p < settings.completion_floor:
            return 2
        if p >= settings.merge_threshold:
            return 5 if pair in refused else 4
        return 4 if p >= settings.review_threshold else 3

    by_officer: dict[str, list[str]] = defaultdict(list)
    for rid, oid in truth.items():
        by_officer[oid].append(rid)
    pair_reasons: Counter[str] = Counter()
    pair_noise: dict[str, Counter[str]] = defaultdict(Counter)
    stray_reasons: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for oid, members in by_officer.items():
        members.sort()
        clusters = Counter(result.clusters[r] for r in members)
        main = clusters.most_common(1)[0][0]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if result.clusters[a] != result.clusters[b]:
                    why = _MISS_REASONS[reason(a, b)]
                    pair_reasons[why] += 1
                    for n in {noise(a), noise(b)}:
                        pair_noise[n][why] += 1
            if result.clusters[a] == main:
                continue
            mains = [b for b in members if result.clusters[b] == main]
            why = _MISS_REASONS[0 if ambiguous_here(a) else max(reason(a, b) for b in mains)]
            stray_reasons[noise(a)][why] += 1
            o = data.officers[oid]
            examples[(noise(a), why)].append(
                f"{rows[a]['full_name'] or rows[a]['first_name'] + ' ' + rows[a]['last_name']!r}"
                f" of {o.name} #{o.badge} ({o.role})"
            )
    return {
        "ambiguous_left_out": ambiguous,
        "pairs": pair_reasons,
        "pair_noise": pair_noise,
        "strays": stray_reasons,
        "examples": examples,
        "review_pairs": len(result.review),
    }


def linkage_misses_print(res: dict[str, Any], examples: int = 0) -> None:
    total = sum(res["pairs"].values())
    print(
        f"\nlinkage misses: {total:,} true pairs in two clusters "
        f"({res['ambiguous_left_out']} ambiguous spellings left out of the truth)"
    )
    for why in _MISS_REASONS:
        print(f"  {why:<44}{res['pairs'][why]:>8,}")
    header = "".join(f"{w.split(',')[0][:14]:>16}" for w in _MISS_REASONS)
    for title, table in (
        (
            "missed pairs by noise type (a pair counts for both its records' types)",
            res["pair_noise"],
        ),
        ("stray records (outside their officer's largest cluster), best pair to it", res["strays"]),
    ):
        print(f"\n{title}\n{'noise type':<22}{header}{'all':>8}")
        for n in sorted(table, key=lambda k: -sum(table[k].values())):
            c = table[n]
            print(
                f"{n:<22}"
                + "".join(f"{c[w]:>16,}" for w in _MISS_REASONS)
                + f"{sum(c.values()):>8,}"
            )
    if examples:
        print("\nexamples of stray records:")
        for (n, why), found in sorted(res["examples"].items()):
            print(f"  {n} / {why}:")
            for text in found[:examples]:
                print(f"      {text}")


def run(
    seed: int, *, linkage: bool, label: str, misses: int | None = None
) -> tuple[dict[str, dict[str, float]], dict[str, Any] | None]:
    data = generate(seed)
    print(
        f"\n=== seed {seed} ({label}): {len(data.records):,} records, {len(data.officers):,} officers, "
        f"{len(data.watched)} watched, {len(data.mentions):,} mentions"
    )
    with tempfile.TemporaryDirectory(prefix="habeas-bench-officers-") as tmp:
        store = Path(tmp)
        store_write(data, store)
        hits, seconds = _review_hits(data, store)
    ours = review_table(data, hits)
    base = review_table(data, _exact_baseline(data))
    print(f"watchlist review ({seconds:.2f} s):")
    review_print(data, ours, base)
    res = None
    if linkage:
        res = linkage_eval(data)
        linkage_print(res)
    if misses is not None:
        if seed in HELD_OUT_SEEDS:
            print(f"linkage misses of seed {seed} not shown: it is held out")
        else:
            linkage_misses_print(linkage_misses(data), examples=misses)
    return ours, res


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[1, 2], help="first is the dev seed"
    )
    parser.add_argument("--no-linkage", action="store_true")
    parser.add_argument(
        "--linkage-misses",
        type=int,
        nargs="?",
        const=0,
        default=None,
        metavar="EXAMPLES",
        help="also say why true pairs of officials were missed (never for held-out seeds), "
        "with EXAMPLES stray records per reason",
    )
    args = parser.parse_args()
    ok = True
    for i, seed in enumerate(args.seeds):
        ours, res = run(
            seed,
            linkage=not args.no_linkage,
            label="dev" if i == 0 else "held out",
            misses=args.linkage_misses,
        )
        worst_recall = min(v["recall"] for k, v in ours.items() if k in NOISE_TYPES)
        worst_precision = min(
            v["precision"] for k, v in ours.items() if k in NOISE_TYPES and v["returned"]
        )
        print(f"worst per-noise recall {worst_recall:.3f}, worst precision {worst_precision:.3f}")
        ok &= worst_recall >= 0.98 and worst_precision >= 0.95
        if res is not None:
            ok &= res["ours"][2] >= 0.95
    print(
        f"\ntargets (review recall >= 0.98, precision >= 0.95 per noise type; linkage F1 >= 0.95): {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
