"""Pattern alerts: "Det. X appears in 7 other cases; 2 involve recantations; 1 was vacated", counted
only over the cases the user may see (plus, where the organization allows it, how many others exist,
never which). People are an organization's own records, so patterns never cross organizations: a
partner on a shared case sees only the cases it may see, never the owner's linkage, bulk records or
hidden counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from habeas.accounts.models import User
from habeas.cases.models import Case, CasePerson, Person, PersonRole, ResolutionEvent
from habeas.cases.selectors import case_queryset, person_list
from habeas.documents.models import ElementFlag, Verdict
from habeas.linkage.selectors import bulk_mentions, linked_person_ids

# Roles whose repeated appearance is what systemic reviews look for.
PATTERN_ROLES = (
    PersonRole.DETECTIVE,
    PersonRole.OFFICER,
    PersonRole.INFORMANT,
    PersonRole.FORENSIC_ANALYST,
    PersonRole.PROSECUTOR,
)
FLAG_COUNTS = {
    "recantation": "involve recantations",
    "informant": "involve a jailhouse informant or incentivised witness",
    "brady": "involve withheld evidence",
    "forensic_method": "involve a discredited or contested forensic method",
}


@dataclass
class PatternAlert:
    person: Person
    roles: list[str]
    cases: list[Case]  # other visible cases, newest first
    counts: list[tuple[str, int, list[Case]]] = field(default_factory=list)  # label, n, which cases
    hidden: int | None = (
        None  # other cases the user may not see (only if the organization allows saying so)
    )
    also_recorded_as: list[Person] = field(
        default_factory=list
    )  # other Person records linked to this one
    bulk_rows: int = 0  # bulk conviction records naming a linked record

    def sentence(self) -> str:
        n = len(self.cases)
        who = str(self.person)
        if self.also_recorded_as:
            who += f" (also recorded as {'; '.join(p.full_name() for p in self.also_recorded_as)})"
        parts = [f"{who} appears in {n} other case{'s' if n != 1 else ''} you may see"]
        parts += [f"{k} {label}" for label, k, _ in self.counts if k]
        if self.bulk_rows:
            parts.append(
                f"named in {self.bulk_rows:,} bulk conviction record{'s' if self.bulk_rows != 1 else ''}"
            )
        text = "; ".join(parts)
        if self.hidden:
            text += f" (and in {self.hidden} case{'s' if self.hidden != 1 else ''} you may not see)"
        return text + "."


def person_pattern(
    *, user: User, person: Person, exclude_case: Case | None = None
) -> PatternAlert | None:
    """Over every Person record linked to ``person`` (misspellings, initials, nicknames; see
    habeas.linkage), not just the one record. The people directory, its linkage and its bulk
    records belong to the person's organization (a shared case's owner): a user who may not read
    that directory (a partner) gets only the cases it may see, and the hidden count follows the
    owner's setting, shown to the owner's own staff only."""
    reads_directory = person_list(user=user).filter(pk=person.pk).exists()
    linked = linked_person_ids(person) if reads_directory else [person.pk]
    appearances = CasePerson.objects.filter(person_id__in=linked)
    if exclude_case is not None:
        appearances = appearances.exclude(case=exclude_case)
    all_ids = set(appearances.values_list("case_id", flat=True))
    bulk_rows = bulk_mentions(person) if reads_directory else 0
    if not all_ids and not bulk_rows:
        return None
    visible = list(case_queryset(user).filter(pk__in=all_ids).order_by("-received_on", "ref"))
    ids = [c.pk for c in visible]
    by_id = {c.pk: c for c in visible}
    counts: list[tuple[str, int, list[Case]]] = []
    for category, label in FLAG_COUNTS.items():
        with_flag = set(
            ElementFlag.objects.filter(case_id__in=ids, category=category)
            .exclude(verdict=Verdict.NOT_APPLICABLE)
            .values_list("case_id", flat=True)
        )
        counts.append((label, len(with_flag), [by_id[i] for i in ids if i in with_flag]))
    vacated = set(
        ResolutionEvent.objects.filter(
            case_id__in=ids, kind=ResolutionEvent.Kind.VACATED
        ).values_list("case_id", flat=True)
    )
    counts.append(("were vacated", len(vacated), [by_id[i] for i in ids if i in vacated]))
    # Only one who reads the directory is of the person's organization (the owner), so its own
    # setting is the owner's; a partner's setting never reaches the owner's unshared cases.
    owner = user.organization if reads_directory else None
    hidden = len(all_ids - set(ids)) if owner is not None and owner.pattern_hidden_counts else None
    if not visible and not hidden and not bulk_rows:
        return None
    roles = sorted(set(appearances.values_list("role", flat=True)))
    also = list(
        Person.objects.filter(pk__in=linked)
        .exclude(pk=person.pk)
        .order_by("last_name", "first_name", "pk")
    )
    return PatternAlert(
        person=person,
        roles=roles,
        cases=visible,
        counts=counts,
        hidden=hidden,
        also_recorded_as=also,
        bulk_rows=bulk_rows,
    )


def case_pattern_alerts(*, user: User, case: Case) -> list[PatternAlert]:
    """For a case already fetched through ``case_get``: an alert per person on it (in a pattern role)
    who appears in other cases."""
    alerts = []
    seen: set[int] = set()
    people = (
        Person.objects.filter(appearances__case=case, appearances__role__in=PATTERN_ROLES)
        .distinct()
        .order_by("last_name", "pk")
    )
    for person in people:
        if person.pk in seen:
            continue  # two records of one linked person on this case: one alert
        alert = person_pattern(user=user, person=person, exclude_case=case)
        if alert is not None:
            # A linked record of the same person would give the same alert (or none, like this one).
            seen.update(p.pk for p in alert.also_recorded_as)
            alerts.append(alert)
    return alerts
