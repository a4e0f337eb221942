"""The case list's filters as a query string carries them (``q``, ``stage``, ``county``, ``scope``,
``sort``), checked in one place: the page reads them leniently (a value it does not know falls back
to the default, as a hand-edited URL should), and a set being saved is checked against the same
rules strictly (a value that would not be applied as given is left out, with a sentence saying so),
so a saved set holds exactly what the list applies."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from habeas.accounts.models import User
from habeas.cases.selectors import SORTS, CaseFilters, mine_by_default
from habeas.domain.workflow import Stage

FILTER_KEYS = ("q", "stage", "county", "scope", "sort")
DEFAULT_SORT = "-received_on"
SCOPES = ("mine", "all")
TEXT_LIMITS = {"q": 100, "county": 80}
# How a sentence about a value left out names its filter.
_FILTER_WORDS = {
    "q": "The search",
    "stage": "The stage",
    "county": "The county",
    "scope": "The choice between your cases and all cases",
    "sort": "The order",
}


def _stage_known(value: str) -> bool:
    return value in Stage.__members__.values()


def _scope_mine(params: Mapping[str, str], user: User) -> bool:
    """``scope=mine|all`` from the toggle; ``mine=1`` as before; otherwise the user's default."""
    if params.get("mine") == "1":
        return True
    scope = params.get("scope", "")
    if scope in SCOPES:
        return scope == "mine"
    return mine_by_default(user)


def case_filters_read(params: Mapping[str, str], user: User) -> CaseFilters:
    """The filters a query string asks for, as the case list applies them."""
    sort = params.get("sort", DEFAULT_SORT)
    stage = params.get("stage", "")
    return CaseFilters(
        stage=stage if _stage_known(stage) else "",
        county=params.get("county", "").strip()[: TEXT_LIMITS["county"]],
        q=params.get("q", "").strip()[: TEXT_LIMITS["q"]],
        mine=_scope_mine(params, user),
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


def case_filters_params(filters: CaseFilters) -> dict[str, str]:
    """The query string of ``filters``: the values set, the order unless it is the default, and
    always the scope (whose default depends on the user's role)."""
    params = {
        "q": filters.q,
        "stage": filters.stage,
        "county": filters.county,
        "scope": "mine" if filters.mine else "all",
        "sort": "" if filters.sort == DEFAULT_SORT else filters.sort,
    }
    return {key: value for key, value in params.items() if value}


def case_list_url(params: Mapping[str, str]) -> str:
    """The case list page with these filters applied."""
    query = urlencode({key: value for key, value in params.items() if value})
    return reverse("cases:list") + (f"?{query}" if query else "")


@dataclass(frozen=True)
class CheckedFilters:
    kept: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # one sentence per value not kept


def _storable(text: str) -> bool:
    """No control characters or lone surrogates (neither a database nor a page can hold them)."""
    return not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)


def _problem(key: str, value: str) -> str:
    if not _storable(value):
        return "contains characters that cannot be saved"
    if key in TEXT_LIMITS and len(value) > TEXT_LIMITS[key]:
        return f"is longer than {TEXT_LIMITS[key]} characters"
    if key == "stage" and not _stage_known(value):
        return "is not a stage of a case"
    if key == "scope" and value not in SCOPES:
        return "is neither your cases nor all cases"
    if key == "sort" and value not in SORTS:
        return "is not an order the list offers"
    return ""


def _shown_key(key: str) -> str:
    clean = "".join(ch for ch in key if _storable(ch))
    return clean[:40] + ("…" if len(clean) > 40 else "")


def case_filters_checked(params: Mapping[str, object]) -> CheckedFilters:
    """The known filters of ``params`` whose values the list applies as given (text trimmed of
    surrounding spaces; empty values mean "any" and are not kept); the rest, one sentence each."""
    kept: dict[str, str] = {}
    left_out: list[str] = []
    for key, raw in params.items():
        if key not in FILTER_KEYS:
            left_out.append(f"“{_shown_key(key)}” is not a filter of the case list: left out.")
            continue
        if not isinstance(raw, str):
            left_out.append(f"{_FILTER_WORDS[key]} was not text: left out.")
            continue
        value = raw.strip()
        if not value:
            continue
        problem = _problem(key, value)
        if problem:
            left_out.append(f"{_FILTER_WORDS[key]} {problem}: left out.")
        else:
            kept[key] = value
    return CheckedFilters(kept=kept, left_out=left_out)
