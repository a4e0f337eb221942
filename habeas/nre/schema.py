"""The two public NRE file layouts and the code tables that map them onto one vocabulary
(shared/domain/facts.md §1.2-1.5)."""

from __future__ import annotations

from enum import StrEnum


class Schema(StrEnum):
    SPREADSHEET = "spreadsheet"  # 23-column "Explore/Detailed View" export (XLSX, or CSV in cp1252)
    FULL = "full"  # 78-column export (CSV, UTF-8 with BOM)


FACTORS = ("MWID", "FC", "P/FA", "F/MFE", "OM", "ILD", "DNA")

SPREADSHEET_REQUIRED = ("Last Name", "First Name", "State", "Tags", "Date of Exoneration", "Date of 1st Conviction", "Date of Release", *FACTORS)
SPREADSHEET_COLUMNS = (
    "Last Name", "First Name", "Age", "Race", "Sex", "State", "County", "Tags", "Worst Crime Display", "Sentence",
    "Posting Date", "OM Tags", "F/MFE", "FC", "ILD", "P/FA", "DNA", "MWID", "OM", "Date of Crime Year",
    "Date of Exoneration", "Date of 1st Conviction", "Date of Release",
)

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
FULL_REQUIRED = ("Name", "State", "Case Characteristics", "Date of Exon", "Date of 1st Convic", "Date of Release", *FULL_FACTOR_COLUMNS)

# Spelled-out "Case Characteristics" labels -> spreadsheet tag codes (both spellings seen for some).
CHARACTERISTIC_TAGS = {
    "arson": "A", "bitemark": "BM", "codefendant confessed": "CDC", "ciu": "CIU", "conviction integrity unit": "CIU",
    "child sex abuse hysteria": "CSH", "child victim": "CV", "female exoneree": "F", "federal case": "FED", "homicide": "H",
    "innocence organization": "IO", "io": "IO", "jailhouse informant": "JI", "juvenile defendant": "JV", "misdemeanor": "M",
    "no crime case": "NC", "plea": "P", "posthumous exoneration": "PH", "sexual assault": "SA", "shaken baby syndrome": "SBS",
}


def schema_detect(header: list[str]) -> Schema | None:
    names = {h.strip() for h in header}
    if "Tags" in names and "MWID" in names:
        return Schema.SPREADSHEET
    if "Case Characteristics" in names and "Mistaken Witness ID" in names:
        return Schema.FULL
    return None
