"""Live alerts: which cases of the organization name a listed official (a finding on the list or
disclosed), judged by the systemic review's matcher with his whole identity. The names come from
the people on the case, confirmed document mentions, the person names of a newly indexed document
(``core.hooks.document_indexed``) and the confirmed matches of his "find every conviction" review
that became cases. Re-computing is idempotent: one alert per case, official, source and name, and
a reviewer's decision on an alert stays."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case, CasePerson, Conviction, Incident
from habeas.core.errors import ApplicationError
from habeas.credibility.models import Assignment, CredibilityAlert, Finding, Official
from habeas.credibility.permissions import keeper_checked
from habeas.credibility.selectors import alert_get, listed_officials
from habeas.documents.models import Document, Mention, MentionStatus
from habeas.domain.credibility.identity import Named, names_judge, official_entry
from habeas.domain.credibility.vocabulary import ALERT_STATUSES
from habeas.domain.systemic.watch import WatchEntry
from habeas.systemic.models import Decision, ReviewMatch

log = logging.getLogger(__name__)

# A person's role on a case -> the records column the matcher compares it as.
ROLE_FIELD = {
    "detective": "officer",
    "officer": "officer",
    "forensic_analyst": "analyst",
    "informant": "witness",
    "eyewitness": "witness",
    "other_witness": "witness",
}


@dataclass(frozen=True)
class _Source:
    case_id: int
    source: str
    source_key: str
    passage: str


def official_watch_entry(official: Official) -> WatchEntry:
    """His identity for the matcher: every agency and badge of his postings, the window they span."""
    postings = list(official.assignments.all())
    agencies = [official.agency, *(p.agency for p in postings)]
    badges = [*official.badges, *(p.badge for p in postings if p.badge)]
    starts = [p.date_from for p in postings if p.date_from]
    ends = [p.date_to for p in postings if p.date_to]
    open_ended = any(p.date_to is None for p in postings)
    return official_entry(
        official_id=official.pk,
        kind=official.kind,
        name=official.full_name,
        aliases=official.aliases,
        agencies=list(dict.fromkeys(a for a in agencies if a)),
        badges=list(dict.fromkeys(badges)),
        date_from=min(starts) if starts and len(starts) == len(postings) else None,
        date_to=max(ends) if ends and not open_ended else None,
    )


def _people_names(
    case_ids: Sequence[int] | None, organization_id: int
) -> list[tuple[Named, _Source]]:
    people = CasePerson.objects.filter(
        case__organization_id=organization_id, role__in=ROLE_FIELD
    ).select_related("person")
    if case_ids is not None:
        people = people.filter(case_id__in=case_ids)
    out = []
    for cp in people:
        person = cp.person
        names = [person.full_name(), *(a.strip() for a in person.aliases.split(";") if a.strip())]
        for i, name in enumerate(names):
            key = f"{cp.pk}" if i == 0 else f"{cp.pk}:{i}"
            named = Named(
                key=f"p{key}",
                field=ROLE_FIELD[cp.role],
                written=name,
                agency=cp.agency or person.agency,
                badge=cp.badge_number or person.badge_number,
            )
            out.append((named, _Source(cp.case_id, "case_person", key, cp.get_role_display())))
    return out


def _mention_field(mention: Mention) -> str:
    if mention.role in ROLE_FIELD:
        return ROLE_FIELD[mention.role]
    return "officer" if mention.badge or mention.agency else "witness"


def _mention_names(mentions: Iterable[Mention], source: str) -> list[tuple[Named, _Source]]:
    out = []
    for m in mentions:
        named = Named(f"m{m.pk}", _mention_field(m), m.value or m.text, m.agency, m.badge)
        passage = f"{m.page.document.name}, page {m.page.number}: {m.context or m.text}"
        out.append((named, _Source(m.case_id, source, str(m.pk), passage[:500])))
    return out


def _bulk_sources(officials: Sequence[Official]) -> list[tuple[int, int, _Source, str, str, float]]:
    """Confirmed matches of an official's own review that became cases: (official, case, ...)."""
    by_watchlist = {o.watchlist_id: o for o in officials if o.watchlist_id}
    if not by_watchlist:
        return []
    out = []
    for m in ReviewMatch.objects.filter(
        run__watchlist_id__in=by_watchlist, decision=Decision.CONFIRMED, case__isnull=False
    ).select_related("run"):
        official = by_watchlist[m.run.watchlist_id]
        assert m.case_id is not None  # noqa: S101 (filtered above)
        passage = f"Record {m.docket or m.source_record} ({m.court}): {m.written} as {m.field}"
        source = _Source(m.case_id, "bulk", f"{m.import_sha256[:16]}:{m.source_record}", passage)
        out.append((official.pk, m.case_id, source, m.written, m.reason, m.score))
    return out


@dataclass
class AlertCount:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0


def _store(
    found: list[tuple[int, _Source, str, str, float]],
    *,
    organization_id: int,
    scope_case_ids: Sequence[int] | None,
    sources: Sequence[str],
    withdraw: bool,
) -> AlertCount:
    """Create or refresh the alerts found; with ``withdraw``, unreviewed alerts of the same scope
    and sources that no longer match go (a reviewed one stays, with its decision)."""
    count = AlertCount()
    with transaction.atomic():
        existing_qs = CredibilityAlert.objects.filter(
            official__organization_id=organization_id, source__in=sources
        )
        if scope_case_ids is not None:
            existing_qs = existing_qs.filter(case_id__in=scope_case_ids)
        existing = {(a.case_id, a.official_id, a.source, a.source_key): a for a in existing_qs}
        seen: set[tuple[int, int, str, str]] = set()
        new: list[CredibilityAlert] = []
        for official_id, src, written, reason, score in found:
            key = (src.case_id, official_id, src.source, src.source_key)
            if key in seen:
                continue
            seen.add(key)
            alert = existing.get(key)
            if alert is None:
                new.append(
                    CredibilityAlert(
                        case_id=src.case_id,
                        official_id=official_id,
                        source=src.source,
                        source_key=src.source_key,
                        written=written[:300],
                        passage=src.passage[:500],
                        reason=reason[:300],
                        score=score,
                    )
                )
            elif (alert.reason, alert.written, alert.score) != (reason[:300], written[:300], score):
                alert.reason, alert.written, alert.score = reason[:300], written[:300], score
                alert.save(update_fields=["reason", "written", "score"])
                count.updated += 1
        CredibilityAlert.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        count.created = len(new)
        if withdraw:
            stale = [
                a.pk
                for k, a in existing.items()
                if k not in seen and a.status == "new" and a.disclosed_on is None
            ]
            CredibilityAlert.objects.filter(pk__in=stale).delete()
            count.withdrawn = len(stale)
    return count


def _case_dates(case_ids: Iterable[int]) -> dict[int, list[dt.date]]:
    """When each case happened, as far as its record says (incidents, arrests)."""
    dates: dict[int, list[dt.date]] = defaultdict(list)
    ids = set(case_ids)
    for case_id, day in Incident.objects.filter(
        case_id__in=ids, occurred_on__isnull=False
    ).values_list("case_id", "occurred_on"):
        if day is not None:
            dates[case_id].append(day)
    for case_id, day in Conviction.objects.filter(
        case_id__in=ids, arrested_on__isnull=False
    ).values_list("case_id", "arrested_on"):
        if day is not None:
            dates[case_id].append(day)
    return dates


def _window(entry: WatchEntry, days: list[dt.date]) -> str | None:
    """Words for the employment window, or None when the case happened outside it (not him)."""
    if not days or not (entry.date_from or entry.date_to):
        return ""
    inside = [
        d
        for d in days
        if (entry.date_from is None or d >= entry.date_from)
        and (entry.date_to is None or d <= entry.date_to)
    ]
    return "; the case falls in his employment window" if inside else None


# The list as watch entries, per organization, rebuilt only when the list changed: loading 5,000
# officials through the ORM costs a second, far more than judging a document's names.
_ENTRIES: dict[int, tuple[tuple[object, ...], dict[int, WatchEntry]]] = {}


def _list_signature(organization_id: int) -> tuple[object, ...]:
    findings = Finding.objects.filter(official__organization_id=organization_id).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("status_at")
    )
    people = Official.objects.filter(organization_id=organization_id).aggregate(
        n=Count("pk"), changed=Max("updated_at")
    )
    postings = Assignment.objects.filter(official__organization_id=organization_id).aggregate(
        n=Count("pk"), last=Max("pk"), start=Min("date_from"), end=Max("date_to")
    )
    return (*findings.values(), *people.values(), *postings.values())


def listed_entries(organization_id: int) -> dict[int, WatchEntry]:
    """Official id -> his watch entry, for the officials with a finding on the list."""
    signature = _list_signature(organization_id)
    cached = _ENTRIES.get(organization_id)
    if cached is not None and cached[0] == signature:
        return cached[1]
    entries = {o.pk: official_watch_entry(o) for o in listed_officials(organization_id)}
    _ENTRIES[organization_id] = (signature, entries)
    return entries


def _judge(
    entries: dict[int, WatchEntry], names: list[tuple[Named, _Source]]
) -> list[tuple[int, _Source, str, str, float]]:
    by_key = {named.key: (named, src) for named, src in names}
    hits = names_judge(list(entries.values()), [n for n, _ in names])
    dates = _case_dates(by_key[h.key][1].case_id for h in hits)
    found = []
    for hit in hits:
        named, src = by_key[hit.key]
        window = _window(entries[hit.official_id], dates.get(src.case_id, []))
        if window is None:
            continue  # he was not serving there when the case happened
        found.append((hit.official_id, src, named.written, hit.reason + window, hit.score))
    return found


def alerts_refresh(*, organization_id: int, case_ids: Sequence[int] | None = None) -> AlertCount:
    """Every source for the organization's cases (or these cases): the work behind the button, the
    CLI, and every change to the list. Alerts of an official no longer listed stay stored (the
    pages show only officials with a finding still on the list, and the disclosure history stays)."""
    entries = listed_entries(organization_id)
    names = _people_names(case_ids, organization_id)
    mentions = Mention.objects.filter(
        case__organization_id=organization_id, kind="person", status=MentionStatus.CONFIRMED
    ).select_related("page__document")
    if case_ids is not None:
        mentions = mentions.filter(case_id__in=case_ids)
    names += _mention_names(mentions, "mention")
    found = _judge(entries, names) if entries else []
    reviewed = list(listed_officials(organization_id).filter(watchlist__isnull=False))
    for official_id, _, src, written, reason, score in _bulk_sources(reviewed):
        if case_ids is None or src.case_id in case_ids:
            found.append((official_id, src, written, reason, score))
    return _store(
        found,
        organization_id=organization_id,
        scope_case_ids=case_ids,
        sources=("case_person", "mention", "bulk"),
        withdraw=True,
    )


def alerts_compute(*, actor: User) -> AlertCount:
    """Re-check every case of the actor's organization against the list now (audited)."""
    organization_id = keeper_checked(actor)
    count = alerts_refresh(organization_id=organization_id)
    audit_record(
        actor=actor,
        action="credibility.alerts",
        detail={"created": count.created, "updated": count.updated, "withdrawn": count.withdrawn},
    )
    return count


def alerts_for_case(case_id: int) -> None:
    """The hook run when a case's people change or a named person is confirmed."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return
    count = alerts_refresh(organization_id=case.organization_id, case_ids=[case.pk])
    if count.created or count.withdrawn:
        audit_record(
            actor=None,
            username="task",
            action="credibility.alerts",
            case=case,
            detail={"created": count.created, "withdrawn": count.withdrawn},
        )


def alerts_for_document(document_id: int) -> None:
    """The hook run when a document is indexed: its person names against the list."""
    document = Document.objects.filter(pk=document_id).select_related("case").first()
    if document is None:
        return
    organization_id = document.case.organization_id
    entries = listed_entries(organization_id)
    if not entries:
        return
    mentions = Mention.objects.filter(page__document=document, kind="person").select_related(
        "page__document"
    )
    found = _judge(entries, _mention_names(mentions, "document"))
    if not found:
        return
    count = _store(
        found,
        organization_id=organization_id,
        scope_case_ids=[document.case_id],
        sources=("document",),
        withdraw=False,
    )
    if count.created:
        audit_record(
            actor=None,
            username="task",
            action="credibility.alerts",
            obj=document,
            case=document.case,
            detail={"created": count.created},
        )


def alert_review(*, actor: User, alert_id: int, status: str) -> CredibilityAlert:
    """A reviewer's word on an alert: confirmed (it is him) or not him."""
    keeper_checked(actor)
    if status not in ALERT_STATUSES:
        raise ApplicationError("Choose a decision.", {"status": [", ".join(ALERT_STATUSES)]})
    with transaction.atomic():
        alert = alert_get(user=actor, alert_id=alert_id)
        before = alert.status
        if before == status:
            return alert
        alert.status, alert.reviewed_by, alert.reviewed_at = status, actor, timezone.now()
        alert.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=actor,
            action="credibility.alert_review",
            obj=alert,
            case=alert.case,
            detail={"official": alert.official.full_name, "from": before, "to": status},
        )
    return alert
