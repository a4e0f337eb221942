"""The credibility list's line in a case's Overview summary (registered by CredibilityConfig.ready):
an alert is the kind of thing an attorney must see on opening the case, not only on its tab."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import CaseFact, case_summary_line
from habeas.credibility.selectors import case_alerts
from habeas.credibility.services.disclosure import official_words


def _summary(case: Case, user: User) -> CaseFact | None:
    alerts = [a for a in case_alerts(user=user, case=case) if a.status != "not_him"]
    if not alerts:
        # "So far": a match not found yet (a name spelt beyond recognition, a record not yet
        # read) is not a finding that no listed official touched the case.
        return CaseFact(text="No listed official named so far", tab="credibility")
    names: dict[int, tuple[str, bool]] = {}
    for a in alerts:
        _, undisclosed = names.get(a.official_id, ("", False))
        names[a.official_id] = (official_words(a.official), undisclosed or a.disclosed_on is None)
    pending = [who for who, undisclosed in names.values() if undisclosed]
    done = [who for who, undisclosed in names.values() if not undisclosed]
    parts = [f"{who}: not yet disclosed" for who in pending] + [f"{who}: disclosed" for who in done]
    return CaseFact(text="; ".join(parts), tab="credibility", tone="overdue" if pending else "")


def case_facts_install() -> None:
    case_summary_line("credibility", "Credibility list", _summary, after="flags")
