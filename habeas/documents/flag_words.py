"""A flag's explanation as a reviewer reads it.

The flag engine (habeas/domain/flags) stores one ``reason`` per flag that strings together the
rule's explanation, its authority, the research note of a rule whose sources were not checked, the
words found nearby and where a role was named. The authority and the verification status are shown
on their own (``verification_note``), so they are taken out here, and positions in the text become
page numbers."""

from __future__ import annotations

import re

from habeas.core.labels import plain_source
from habeas.documents.models import ElementFlag
from habeas.domain.flags.rules import rules_default

# What follows the research note in a stored reason (see domain/flags/engine.py ``_reason``).
_AFTER_NOTE = r"(?=\s+(?:Found with |It is |The sentence |The document |[A-Z][\w.' -]* is (?:the accused|in this role))|$)"
_NOTE = re.compile(r"\s*Unverified: .*?" + _AFTER_NOTE, re.DOTALL)
_OFFSET_ON_PAGE = re.compile(r",? offset \d+ on page (\d+)\)")
_OFFSET = re.compile(r",? offset \d+\)")


def _rule_note(rule_id: str) -> str:
    try:
        rule = rules_default().rule(rule_id)
    except (KeyError, ValueError):
        return ""
    return str(getattr(rule, "verification_note", "") or "")


def flag_reason_plain(flag: ElementFlag) -> str:
    """The stored reason without the authority (shown apart), the research note and offsets."""
    text = flag.reason
    if flag.authority:
        text = text.replace(f"Authority: {flag.authority}.", "")
    note = _rule_note(flag.rule_id)
    if note:
        text = text.replace(f"Unverified: {note}", "")
    text = _NOTE.sub("", text)
    text = _OFFSET_ON_PAGE.sub(r", page \1)", text)
    text = _OFFSET.sub(")", text)
    return plain_source(" ".join(text.split()))
