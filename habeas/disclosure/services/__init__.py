"""Writes of the disclosure app: redactions, productions (and their build job), the privilege log
and the disclosure ledger. Each checks the case, the role and the organization, writes atomically
and is audited once."""
