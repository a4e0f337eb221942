"""The only tags and filters a letter template may use.

Deliberately small: no {% load %}, {% include %}, {% extends %}, {% url %}, {% debug %} (which
would reach other templates, URLs or server internals), no {% for %} (loops over strings only
waste time) and no {% autoescape %} or |safe (everything a letter prints is escaped).
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

register = Library()

ALLOWED_TAGS = ("if", "comment", "firstof", "with", "now", "templatetag")
ALLOWED_FILTERS = (
    "upper",
    "lower",
    "title",
    "capfirst",
    "default",
    "default_if_none",
    "cut",
    "truncatechars",
    "truncatewords",
    "length",
    "yesno",
    "wordwrap",
    "ljust",
    "rjust",
    "center",
)

for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in ALLOWED_FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]
