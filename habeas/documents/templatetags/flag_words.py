"""``{{ flag|flag_reason }}``: a flag's explanation in the reviewer's words (flag_words.py)."""

from __future__ import annotations

from django import template

from habeas.documents.flag_words import flag_reason_plain
from habeas.documents.models import ElementFlag

register = template.Library()


@register.filter
def flag_reason(flag: ElementFlag) -> str:
    return flag_reason_plain(flag)
