"""The one name normaliser of Habeas, for the systemic review, person linkage and document mentions.

Names as they are written in police reports, court extracts and lab files ("Det. Ann Kessler
#4412", "KESSLER, ANN, Shield #12", "P.O. Di Napoli (Badge 882)", "Luis Hernandez-Lopez") are
parsed into first name, middle names, surname parts and badge (``name_parse``), and compared
level by level (``surname_level``, ``first_level``). Everything the rules know is data under
``data/`` (titles and ranks, particles, badge words, OCR confusions) or the ``nicknames`` package.
Plain Python, no Django.
"""

from habeas.domain.names.agency import agency_key
from habeas.domain.names.badges import badge_normalize, badge_split
from habeas.domain.names.compare import (
    FIRST_WORDS,
    SURNAME_WORDS,
    First,
    Surname,
    first_level,
    surname_level,
)
from habeas.domain.names.nicknames import given_names, nickname_set, nicknames_agree
from habeas.domain.names.ocr import ocr_fold
from habeas.domain.names.parse import ParsedName, ascii_lower, name_parse
from habeas.domain.names.titles import Title, title_phrases, titles

__all__ = [
    "FIRST_WORDS",
    "SURNAME_WORDS",
    "First",
    "ParsedName",
    "Surname",
    "Title",
    "agency_key",
    "ascii_lower",
    "badge_normalize",
    "badge_split",
    "first_level",
    "given_names",
    "name_parse",
    "nickname_set",
    "nicknames_agree",
    "ocr_fold",
    "surname_level",
    "title_phrases",
    "titles",
]
