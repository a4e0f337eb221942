"""NRE contributing-factor codes used to classify innocence claims (see shared/domain/facts.md §1.2)."""

from __future__ import annotations

NRE_FACTORS: dict[str, str] = {
    "MWID": "Mistaken witness identification",
    "FC": "False confession",
    "P/FA": "Perjury or false accusation",
    "F/MFE": "False or misleading forensic evidence",
    "OM": "Official misconduct",
    "ILD": "Inadequate legal defense",
    "DNA": "DNA evidence",
}
