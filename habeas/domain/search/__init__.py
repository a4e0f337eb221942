"""Full-text search over document pages (tantivy), with the case permission filter inside the query.

Django-free: the ``documents`` app feeds :class:`PageDoc` rows to :meth:`PageIndex.pages_add` and
calls :meth:`PageIndex.search` with the ids of the cases the user may see.

Query syntax (what a reviewer types)
------------------------------------
- ``rodriguez gun``            every word must be on the page (AND is the default)
- ``"shot the clerk"``         exact phrase; ``"clerk shot"~3`` allows up to 3 words in between
- ``rodriguez OR ramirez``     either; ``AND``, ``OR``, ``NOT`` must be upper case (``&&``, ``||``
                               also work); lower-case "and"/"or"/"not" are ordinary words
- ``NOT knife``, ``-knife``    exclude pages with the word (or ``-"phrase"``, ``-(a OR b)``)
- ``(gun OR pistol) -knife``   parentheses group; AND binds tighter than OR
- ``rodrig*``                  prefix (at least 2 letters); ``witness*`` for witnesses, etc.
- ``rodriguez~``               fuzzy: one edit (insert, delete, substitute or swap two letters),
                               ``rodriguez~2`` two edits; finds misspellings and OCR errors such as
                               "Rodriquez". Exact spellings rank first. Words under 3 letters are
                               never fuzzy.
- ``+word`` is the same as ``word``; punctuation inside a word splits it into an exact phrase
  (``O'Brien`` = ``"o brien"``, ``12-345`` = ``"12 345"``).

Matching is case-insensitive and accent-insensitive (Rodríguez = Rodriguez, straße = strasse). There
is no stemming and there are no stop words, so names are matched exactly as typed: "Rodriguez" does
not become "rodrigu", and "witness" does not find "witnesses" (use ``witness*``).

A query must have at least one positive term: ``NOT knife``, ``-a -b`` or ``a OR -b`` are
rejected ("a query needs at least one positive term"). Syntax errors raise
:class:`QuerySyntaxError` (a ValueError) saying what and where: ``unclosed quote at position 14``
(1-based in the message; ``exc.offset`` is the 0-based index into the query).

Permissions
-----------
The executed query is ``MUST(user query) AND MUST(case_id IN case_ids) AND MUST(filters)``; the
filters score 0, so ranking is that of the user query alone. ``total`` and the top k therefore only
ever count pages of allowed cases; nothing is filtered after the top k. Empty ``case_ids`` returns
``total=0`` without touching the index (the query is still checked for syntax).
"""

from habeas.domain.search.hits import PageDoc, PageHit, SearchFilters, SearchResult
from habeas.domain.search.index import PageIndex, SearchError
from habeas.domain.search.query import QuerySyntaxError, query_parse

__all__ = [
    "PageDoc",
    "PageHit",
    "PageIndex",
    "QuerySyntaxError",
    "SearchError",
    "SearchFilters",
    "SearchResult",
    "query_parse",
]
