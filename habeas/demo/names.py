"""Fictional names, places and the shared pool of recurring people (detectives, analysts, informants…).

The pool is what makes the people view interesting: the same detective or informant turns up in
several cases, the pattern a conviction-integrity review looks for. None of these are real people.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES = (
    "Andre",
    "Beatriz",
    "Calvin",
    "Dario",
    "Elena",
    "Felix",
    "Gloria",
    "Hector",
    "Isaiah",
    "Jasmine",
    "Kendrick",
    "Lorena",
    "Mateo",
    "Nadia",
    "Omar",
    "Paloma",
    "Quentin",
    "Rosa",
    "Silvio",
    "Tanya",
    "Ulises",
    "Valeria",
    "Wendell",
    "Ximena",
    "Yusuf",
    "Zora",
    "Dominic",
    "Marisol",
    "Terrence",
    "Lucia",
    "Javier",
    "Imani",
)
LAST_NAMES = (
    "Abernathy",
    "Baptiste",
    "Carvajal",
    "Dunmore",
    "Echeverria",
    "Fairbanks",
    "Galindo",
    "Holloway",
    "Ibarra",
    "Jessup",
    "Kowalczyk",
    "Lomeli",
    "Marchetti",
    "Nakashima",
    "Okafor",
    "Pruitt",
    "Quiroga",
    "Rendon",
    "Stroud",
    "Tafoya",
    "Underhill",
    "Villareal",
    "Whitlock",
    "Yarborough",
    "Zamudio",
    "Ashworth",
    "Bocanegra",
    "Calloway",
    "Delgadillo",
    "Esparza",
    "Fennimore",
    "Gutierrez-Lane",
)

# (county, cities) for incidents; the CIU works Los Angeles County only.
COUNTIES: dict[str, tuple[str, ...]] = {
    "Los Angeles": (
        "Bellflower",
        "Compton",
        "Downey",
        "Lynwood",
        "Norwalk",
        "Pomona",
        "Inglewood",
        "Long Beach",
        "Lancaster",
        "Whittier",
    ),
    "San Diego": ("Chula Vista", "Escondido", "Oceanside", "El Cajon"),
    "Riverside": ("Moreno Valley", "Corona", "Hemet"),
    "Orange": ("Santa Ana", "Anaheim", "Garden Grove"),
    "San Bernardino": ("Fontana", "Rialto", "Ontario"),
    "Kern": ("Bakersfield", "Delano"),
}
AGENCY_OF_COUNTY = {
    "Los Angeles": "Los Angeles County Sheriff's Department",
    "San Diego": "San Diego Police Department",
    "Riverside": "Riverside County Sheriff's Department",
    "Orange": "Santa Ana Police Department",
    "San Bernardino": "San Bernardino County Sheriff's Department",
    "Kern": "Bakersfield Police Department",
}

# (offense, statute, NRE factors that commonly go with it)
OFFENSES: tuple[tuple[str, str], ...] = (
    ("Murder", "Cal. Penal Code 187(a)"),
    ("Attempted murder", "Cal. Penal Code 664/187(a)"),
    ("Robbery", "Cal. Penal Code 211"),
    ("Carjacking", "Cal. Penal Code 215"),
    ("Assault with a deadly weapon", "Cal. Penal Code 245(a)(1)"),
    ("Kidnapping", "Cal. Penal Code 207"),
    ("Arson of an inhabited structure", "Cal. Penal Code 451(b)"),
    ("Forcible rape", "Cal. Penal Code 261(a)(2)"),
)

CLAIM_TEMPLATES = (
    (
        "Conviction rested on a single stranger eyewitness identification made from a suggestive photo lineup.",
        ["MWID"],
    ),
    (
        "A jailhouse informant testified to a confession; the informant's benefits were never disclosed.",
        ["P/FA", "OM"],
    ),
    ("Bite-mark / hair comparison testimony overstated what the science could show.", ["F/MFE"]),
    (
        "Trial counsel never interviewed three alibi witnesses who place the applicant at work.",
        ["ILD"],
    ),
    (
        "The applicant, then 16, confessed after a 14-hour interrogation; details came from the detectives.",
        ["FC", "OM"],
    ),
    (
        "Untested biological evidence could identify the perpetrator; the victim's description does not match.",
        ["MWID", "DNA"],
    ),
    (
        "A co-defendant's statement blaming the applicant was recanted; he now says he named him to get a deal.",
        ["P/FA"],
    ),
    (
        "Police reports show an alternate suspect was identified and never disclosed to the defense.",
        ["OM"],
    ),
)


@dataclass(frozen=True)
class PoolPerson:
    key: str
    first_name: str
    last_name: str
    role: str  # PersonRole value used when the person is put on a case
    agency: str = ""
    badge: str = ""
    aliases: str = ""
    notes: str = ""


LASD = "Los Angeles County Sheriff's Department"
LAPD_LIKE = "Southeast Area Police Department (fictional)"

PEOPLE_POOL: tuple[PoolPerson, ...] = (
    PoolPerson(
        "det_kessler",
        "Raymond",
        "Kessler",
        "detective",
        LASD,
        "14237",
        notes="Homicide Bureau 1994-2009.",
    ),
    PoolPerson("det_whitfield", "Carla", "Whitfield", "detective", LASD, "18822"),
    PoolPerson(
        "det_brannigan",
        "Lowell",
        "Brannigan",
        "detective",
        LASD,
        "11904",
        notes="Lineup procedures questioned in two reviews.",
    ),
    PoolPerson("det_sosa", "Armando", "Sosa", "detective", LAPD_LIKE, "3371"),
    PoolPerson("det_pike", "Gretchen", "Pike", "detective", LAPD_LIKE, "4410"),
    PoolPerson("det_mcandrew", "Neil", "McAndrew", "detective", LASD, "16058"),
    PoolPerson("ofc_redd", "Curtis", "Redd", "officer", LAPD_LIKE, "7782"),
    PoolPerson("ofc_lindgren", "Maya", "Lindgren", "officer", LASD, "20515"),
    PoolPerson(
        "lab_fordyce",
        "Harold",
        "Fordyce",
        "forensic_analyst",
        "County Crime Laboratory (fictional)",
        notes="Hair and fiber comparisons 1986-2001.",
    ),
    PoolPerson(
        "lab_amari", "Celeste", "Amari", "forensic_analyst", "County Crime Laboratory (fictional)"
    ),
    PoolPerson(
        "inf_tully",
        "Rodney",
        "Tully",
        "informant",
        aliases="Rooster",
        notes="Testified in several cases while in county jail.",
    ),
    PoolPerson("inf_vance", "Darnell", "Vance", "informant", aliases="D-Boy"),
    PoolPerson("inf_corliss", "Shawna", "Corliss", "informant"),
    PoolPerson(
        "dda_prescott", "Warren", "Prescott", "prosecutor", "Office of the District Attorney"
    ),
    PoolPerson("dda_huang", "Beverly", "Huang", "prosecutor", "Office of the District Attorney"),
    PoolPerson(
        "dda_dorsey",
        "Colleen",
        "Dorsey",
        "prosecutor",
        "Office of the District Attorney",
        notes="Trial deputy 1995-2008.",
    ),
    PoolPerson("pd_okoro", "Samuel", "Okoro", "defense_counsel", "Public Defender"),
    PoolPerson("pd_lisle", "Judith", "Lisle", "defense_counsel", "Alternate Public Defender"),
    PoolPerson("atty_gravano", "Peter", "Gravenstein", "defense_counsel", "Private counsel"),
    PoolPerson("judge_oduya", "Franklin", "Oduya", "judge", "Superior Court"),
    PoolPerson("judge_marquez", "Adela", "Marquez-Hoyt", "judge", "Superior Court"),
    PoolPerson("judge_bell", "Thaddeus", "Bellweather", "judge", "Superior Court"),
)
POOL_BY_ROLE: dict[str, tuple[PoolPerson, ...]] = {
    role: tuple(p for p in PEOPLE_POOL if p.role == role) for role in {p.role for p in PEOPLE_POOL}
}
