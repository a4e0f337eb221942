"""The only tags and filters a letter template may use.

Deliberately small: no {% load %}, {% include %}, {% extends %}, {% url %}, {% debug %} (which
would reach other templates, URLs or server internals), no {% for %} (loops over strings only
waste time) and no {% autoescape %} or |safe (everything a letter prints is escaped).

The filters that take a width are Django's own behind a bound: ``ljust:"200000000"`` would build
a 200-million-character string, and a long run of padding makes the PDF layout crawl. A width
outside the bound stops the render with a message for the template's author
(``LetterRuleError``); ``rendering`` also refuses it when the template is read, before any render.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template import Library, defaultfilters, defaulttags
from django.template.defaultfilters import stringfilter

register = Library()

ALLOWED_TAGS = ("if", "comment", "firstof", "with", "now", "templatetag")
# The closing and middle parts of the allowed tags (not tags of their own).
TAG_PARTS = ("elif", "else", "endif", "endcomment", "endwith")
PLAIN_FILTERS = (
    "upper",
    "lower",
    "title",
    "capfirst",
    "default",
    "default_if_none",
    "cut",
    "length",
    "yesno",
)

# A letter line holds under 100 characters: padding or wrapping wider has no use on paper.
LINE_WIDTH_MAX = 200
# Shortening never lengthens the text; the bound only keeps the number sane (a decision's reason
# holds up to 5,000 characters).
TRUNCATE_MAX = 5_000

# Filter name -> (smallest, largest) number it accepts.
WIDTH_FILTERS: dict[str, tuple[int, int]] = {
    "ljust": (0, LINE_WIDTH_MAX),
    "rjust": (0, LINE_WIDTH_MAX),
    "center": (0, LINE_WIDTH_MAX),
    "wordwrap": (1, LINE_WIDTH_MAX),
    "truncatechars": (0, TRUNCATE_MAX),
    "truncatewords": (0, TRUNCATE_MAX),
}
ALLOWED_FILTERS = PLAIN_FILTERS + tuple(WIDTH_FILTERS)


class LetterRuleError(Exception):
    """A template breaks a letter rule; ``message`` is fit to show its author."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def width_problem(name: str, arg: object) -> str:
    """Why ``arg`` is not a width ``name`` accepts; empty when it is."""
    low, high = WIDTH_FILTERS[name]
    try:
        width = int(str(arg).strip())
    except ValueError:
        return f'The width after |{name} must be a whole number, e.g. {name}:"{min(high, 30)}".'
    if not low <= width <= high:
        return f"The width after |{name} must be from {low} to {high}; {width} is not allowed."
    return ""


def _bounded(name: str) -> Callable[[str, object], str]:
    django_filter = defaultfilters.register.filters[name]

    @stringfilter
    def bounded(value: str, arg: object) -> str:
        problem = width_problem(name, arg)
        if problem:
            raise LetterRuleError(problem)
        result: str = django_filter(value, arg)
        return result

    bounded.__name__ = name
    return bounded


for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in PLAIN_FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]
for _name in WIDTH_FILTERS:
    register.filter(_name, _bounded(_name), is_safe=True)
