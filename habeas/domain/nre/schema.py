"""The two public NRE file layouts and the code tables that map them onto one vocabulary
(shared/domain/facts.md §1.2-1.5; column names checked against public copies of both files:
the May 2024 spreadsheet and the June 2026 full export)."""

from __future__ import annotations

from enum import StrEnum


class Schema(StrEnum):
    SPREADSHEET = "spreadsheet"  # 23-column "Explore/Detailed View" export (XLSX, or CSV in cp1252)
    FULL = "full"  # 78-column export (CSV, UTF-8 with BOM)


# Contributing factors (code -> the NRE's name), in the order the NRE lists them, with the DNA flag
# last. The one factor list of Habeas: case coding, outcome forms, reports and the readers use it.
FACTORS: dict[str, str] = {
    "MWID": "Mistaken witness identification",
    "FC": "False confession",
    "P/FA": "Perjury or false accusation",
    "F/MFE": "False or misleading forensic evidence",
    "OM": "Official misconduct",
    "ILD": "Inadequate legal defense",
    "DNA": "DNA evidence",
}

SPREADSHEET_COLUMNS = (
    "Last Name",
    "First Name",
    "Age",
    "Race",
    "Sex",
    "State",
    "County",
    "Tags",
    "Worst Crime Display",
    "Sentence",
    "Posting Date",
    "OM Tags",
    "F/MFE",
    "FC",
    "ILD",
    "P/FA",
    "DNA",
    "MWID",
    "OM",
    "Date of Crime Year",
    "Date of Exoneration",
    "Date of 1st Conviction",
    "Date of Release",
)

FULL_COLUMNS = (
    "ID",
    "Name",
    "State",
    "County of Crime",
    "Sex",
    "Race",
    "Age at Crime Years",
    "Worst Crime Display",
    "List Add'l Crimes Recode",
    "Posting Date",
    "Last Update Date",
    "Pre-1989",
    "Date of Exon",
    "Date of Release",
    "Years Lost",
    "Date of 1st Convic",
    "Date of 2nd Convic Year",
    "Date of 2nd Convic Month",
    "Date of 2nd Convic Day",
    "Date of Crime Year",
    "Date of Crime Month",
    "Date of Crime Day",
    "Date of Arrest Year",
    "Date of Arrest Month",
    "Date of Arrest Day",
    "Case Characteristics",
    "Why was D Suspected? Recode",
    "Closest Relation V→D",
    "Form of 1st Conviction",
    "Death Penalty?",
    "Sentence",
    "Sentence (Other)",
    "2nd Sentence",
    "False Confession",
    "False or Misleading Forensic Evidence",
    "Inadequate Legal Defense",
    "Mistaken Witness ID",
    "Official Misconduct",
    "Perjury or False Accusation?",
    "DNA",
    "Exonerated CoDs?",
    "Part of a Group Exon?",
    "# Mistaken ID Witnesses",
    "# Mistaken ID Witnesses at Trial",
    "Other False ID",
    "Mistaken Cross-group ID?",
    "Tainted ID procedure(s)?",
    "Any known recanters",
    "# victim recanters",
    "Year of recantation",
    "Forensic Evidence Used?",
    "Perjury by Official Actors",
    "OF - OM by Police Officer",
    "PR: Prosecutor Misconduct",
    "CW - OM by Child Welfare Worker",
    "FA - OM by Forensic Analyst",
    "WH - Exculpatory withheld",
    "Witness Tampering by OA?",
    "NW - OM not withholding",
    "KP - Prosecutor permitted perjury",
    "PJ - Perjury by OA",
    "INT - Misconduct in Interrogation",
    "PL - Prosecutor Lied in Court",
    "OM by prosecutor during trial?",
    "Official actor disciplined for OM?",
    "OM not connected to conviction",
    "Extreme judicial misconduct",
    "# Dead Vs",
    "# Female Vs",
    "Race of Vs",
    "White Victim",
    "Black Victim",
    "Hispanic Victim",
    "Asian Victim",
    "Native Victim",
    "Other Race/Ethnicity Victim",
    "Female Victim",
    "Child Victim",
)

# Full-export columns the reader uses; the others are known but not read (their absence is one remark).
FULL_READ = (
    "ID",
    "Name",
    "State",
    "County of Crime",
    "Sex",
    "Race",
    "Age at Crime Years",
    "Worst Crime Display",
    "Posting Date",
    "Pre-1989",
    "Date of Exon",
    "Date of Release",
    "Years Lost",
    "Date of 1st Convic",
    "Date of Crime Year",
    "Date of Crime Month",
    "Date of Crime Day",
    "Date of Arrest Year",
    "Date of Arrest Month",
    "Date of Arrest Day",
    "Case Characteristics",
    "Death Penalty?",
    "Sentence",
    "False Confession",
    "False or Misleading Forensic Evidence",
    "Inadequate Legal Defense",
    "Mistaken Witness ID",
    "Official Misconduct",
    "Perjury or False Accusation?",
    "DNA",
    "OF - OM by Police Officer",
    "PR: Prosecutor Misconduct",
    "CW - OM by Child Welfare Worker",
    "FA - OM by Forensic Analyst",
    "WH - Exculpatory withheld",
    "Witness Tampering by OA?",
    "NW - OM not withholding",
    "KP - Prosecutor permitted perjury",
    "PJ - Perjury by OA",
    "INT - Misconduct in Interrogation",
    "PL - Prosecutor Lied in Court",
    "Child Victim",
)

# Without these a row cannot be named or placed in a year: a file lacking one is refused as a whole.
# Every other missing column is a warning and reads as blank.
SPREADSHEET_ESSENTIAL = ("Last Name", "Date of Exoneration")
FULL_ESSENTIAL = ("Name", "Date of Exon")

# Full export: factor columns hold Yes/No.
FULL_FACTOR_COLUMNS = {
    "Mistaken Witness ID": "MWID",
    "False Confession": "FC",
    "Perjury or False Accusation?": "P/FA",
    "False or Misleading Forensic Evidence": "F/MFE",
    "Official Misconduct": "OM",
    "Inadequate Legal Defense": "ILD",
    "DNA": "DNA",
}

# Full export: official-misconduct sub-codes, one Yes/No column each (facts.md §1.4).
FULL_OM_COLUMNS = {
    "OF - OM by Police Officer": "OF",
    "PR: Prosecutor Misconduct": "PR",
    "FA - OM by Forensic Analyst": "FA",
    "CW - OM by Child Welfare Worker": "CW",
    "WH - Exculpatory withheld": "WH",
    "NW - OM not withholding": "NW",
    "Witness Tampering by OA?": "WT",
    "INT - Misconduct in Interrogation": "INT",
    "PJ - Perjury by OA": "PJ",
    "KP - Prosecutor permitted perjury": "KP",
    "PL - Prosecutor Lied in Court": "PL",
}

# Spreadsheet tag codes (facts.md §1.3) and the full export's spelled-out "Case Characteristics" labels.
TAGS = {
    "A": "Arson",
    "BM": "Bitemark",
    "CDC": "Codefendant confessed",
    "CIU": "Conviction Integrity Unit",
    "CSH": "Child sex abuse hysteria",
    "CV": "Child Victim",
    "F": "Female exoneree",
    "FED": "Federal case",
    "H": "Homicide",
    "IO": "Innocence organization",
    "JI": "Jailhouse informant",
    "JV": "Juvenile defendant",
    "M": "Misdemeanor",
    "NC": "No crime case",
    "P": "Plea",
    "PH": "Posthumous exoneration",
    "SA": "Sexual Assault",
    "SBS": "Shaken baby syndrome",
}
CHARACTERISTIC_TAGS = {label.lower(): code for code, label in TAGS.items()} | {
    "ciu": "CIU",
    "io": "IO",
}
# The official-misconduct sub-codes of the "OM Tags" column (facts.md section 1.4), in words.
OM_TAGS: dict[str, str] = {
    "OF": "Misconduct by a police officer",
    "PR": "Prosecutor misconduct",
    "FA": "Misconduct by a forensic analyst",
    "CW": "Misconduct by a child welfare worker",
    "WH": "Exculpatory evidence withheld",
    "NW": "Misconduct other than withholding evidence",
    "WT": "Witness tampering by an official",
    "INT": "Misconduct in interrogation",
    "PJ": "Perjury by an official",
    "KP": "Prosecutor knowingly permitted perjury",
    "PL": "Prosecutor lied in court",
}


def column_key(name: str) -> str:
    """Header names compared without case, surrounding space or a BOM, inner runs of space collapsed."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def schema_detect(header: list[str]) -> Schema | None:
    names = {column_key(h) for h in header}
    if {"tags", "mwid"} <= names:
        return Schema.SPREADSHEET
    if {"case characteristics", "mistaken witness id"} <= names:
        return Schema.FULL
    return None


def schema_columns(schema: Schema) -> tuple[str, ...]:
    return SPREADSHEET_COLUMNS if schema is Schema.SPREADSHEET else FULL_COLUMNS


def schema_read(schema: Schema) -> tuple[str, ...]:
    return SPREADSHEET_COLUMNS if schema is Schema.SPREADSHEET else FULL_READ


def schema_essential(schema: Schema) -> tuple[str, ...]:
    return SPREADSHEET_ESSENTIAL if schema is Schema.SPREADSHEET else FULL_ESSENTIAL
