"""Pattern alerts: "Det. X appears in 7 other cases; 2 involve recantations; 1 was vacated", counted
only over the cases the user may see (plus, where the organization allows it, how many others exist,
never which). People are an organization's own records, so patterns never cross organizations."""

from __future__ import annotations

from dataclasses import dataclass, field

from habeas.accounts.models import User
from habeas.cases.models import Case, CasePerson, Person, PersonRole, ResolutionEvent
from habeas.cases.selectors import case_queryset
from habeas.documents.models import ElementFlag, Verdict

# Roles whose repeated appearance is what systemic reviews look for.
PATTERN_ROLES = (PersonRole.DETECTIVE, PersonRole.OFFICER, PersonRole.INFORMANT, PersonRole.FORENSIC_ANALYST, PersonRole.PROSECUTOR)
FLAG_COUNTS = {"recantation": "involve recantations", "informant": "involve a jailhouse informant or incentivised witness",
               "brady": "involve withheld evidence", "forensic_method": "involve a discredited or contested forensic method"}


@dataclass
class PatternAlert:
    person: Person
    roles: list[str]
    cases: list[Case]  # other visible cases, newest first
    counts: list[tuple[str, int, list[Case]]] = field(default_factory=list)  # label, n, which cases
    hidden: int | None = None  # other cases the user may not see (only if the organization allows saying so)

    def sentence(self) -> str:
        n = len(self.cases)
        parts = [f"{self.person} appears in {n} other case{'s' if n != 1 else ''} you may see"]
        parts += [f"{k} {label}" for label, k, _ in self.counts if k]
        text = "; ".join(parts)
        if self.hidden:
            text += f" (and in {self.hidden} case{'s' if self.hidden != 1 else ''} you may not see)"
        return text + "."


def person_pattern(*, user: User, person: Person, exclude_case: Case | None = None) -> PatternAlert | None:
    appearances = CasePerson.objects.filter(person=person)
    if exclude_case is not None:
        appearances = appearances.exclude(case=exclude_case)
    all_ids = set(appearances.values_list("case_id", flat=True))
    if not all_ids:
        return None
    visible = list(case_queryset(user).filter(pk__in=all_ids).order_by("-received_on", "ref"))
    ids = [c.pk for c in visible]
    by_id = {c.pk: c for c in visible}
    counts: list[tuple[str, int, list[Case]]] = []
    for category, label in FLAG_COUNTS.items():
        with_flag = set(ElementFlag.objects.filter(case_id__in=ids, category=category).exclude(verdict=Verdict.NOT_APPLICABLE).values_list("case_id", flat=True))
        counts.append((label, len(with_flag), [by_id[i] for i in ids if i in with_flag]))
    vacated = set(ResolutionEvent.objects.filter(case_id__in=ids, kind=ResolutionEvent.Kind.VACATED).values_list("case_id", flat=True))
    counts.append(("were vacated", len(vacated), [by_id[i] for i in ids if i in vacated]))
    org = user.organization
    hidden = len(all_ids - set(ids)) if org is not None and org.pattern_hidden_counts else None
    if not visible and not hidden:
        return None
    roles = sorted(set(appearances.values_list("role", flat=True)))
    return PatternAlert(person=person, roles=roles, cases=visible, counts=counts, hidden=hidden)


def case_pattern_alerts(*, user: User, case: Case) -> list[PatternAlert]:
    """For a case already fetched through ``case_get``: an alert per person on it (in a pattern role)
    who appears in other cases."""
    alerts = []
    people = Person.objects.filter(appearances__case=case, appearances__role__in=PATTERN_ROLES).distinct().order_by("last_name")
    for person in people:
        alert = person_pattern(user=user, person=person, exclude_case=case)
        if alert is not None:
            alerts.append(alert)
    return alerts
