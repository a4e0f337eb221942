"""Person linkage's template filters (vocabulary.py): ``{{ run.by_source|link_sources }}`` ("33
people, 3 aliases …") and ``{{ pair.agreed|link_comparisons }}`` ("date of birth: within a year")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template

from habeas.linkage.vocabulary import comparisons_words, sources_words

register = template.Library()


@register.filter
def link_sources(by_source: Mapping[str, int] | None) -> str:
    return sources_words(by_source or {})


@register.filter
def link_comparisons(phrases: Iterable[str] | None) -> str:
    return comparisons_words(phrases or ())
