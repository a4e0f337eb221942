"""The label registry's template filters, loaded in every template (a builtin in settings).

{{ case.stage|label:"stage" }}           Record gathering
{{ coding.factors|labels_join:"nre_factor" }}
{{ code|nre_name:"nre_factor" }}         Mistaken witness identification (NRE: MWID)
{{ total|money }}                        $4,264,120.00
{{ rows|number }}                        3,090
{{ pair.probability|percent }}           93%
{{ flag.verdict_by|person }}             Marcus Oyelaran
{{ rule.source|plain_source }}           the citation without research bookkeeping
{{ c.verification|verification_note:"statute" }}
"""

from __future__ import annotations

from django import template

from habeas.core import labels

register = template.Library()


@register.filter(name="label")
def label(code: object, kind: str) -> str:
    return labels.label(kind, code)


@register.filter
def labels_join(codes: object, kind: str) -> str:
    if not codes:
        return ""
    items = [codes] if isinstance(codes, str) else list(codes)  # type: ignore[call-overload]
    return labels.labels_join(kind, items)


@register.filter
def nre_name(code: object, kind: str = labels.NRE_FACTOR) -> str:
    return labels.nre_name(kind, code)


@register.filter
def money(value: object) -> str:
    return labels.money(value)


@register.filter
def number(value: object, places: int | None = None) -> str:
    return labels.number(value, places)


@register.filter
def percent(value: object) -> str:
    return labels.percent(value)


@register.filter
def person(user: object) -> str:
    """A user's name (never their username when a name is known); "" for nobody."""
    if user is None or user == "":
        return ""
    display = getattr(user, "display_name", None)
    return str(display()) if callable(display) else str(user)


@register.filter
def plain_source(text: object) -> str:
    return labels.plain_source(text)


@register.filter
def plain_note(text: object, kind: str = "") -> str:
    return labels.plain_note(text, kind)


@register.filter
def verification_note(status: object, subject: str = "rule") -> str:
    return labels.verification_note(status, subject)
