"""From the registry to the systemic review in one step: "find every conviction" keeps one
watchlist per official (one entry carrying his identity and employment window) and starts its
review run over the organization's bulk records, through the systemic services."""

from __future__ import annotations

from django.db import transaction

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import PermissionDeniedError
from habeas.credibility.models import Official
from habeas.credibility.permissions import keeper_checked
from habeas.credibility.selectors import official_get
from habeas.credibility.services.alerts import official_watch_entry
from habeas.domain.credibility.vocabulary import FINDING_TYPES
from habeas.systemic.models import ReviewRun, WatchEntry, Watchlist
from habeas.systemic.permissions import can_manage_reviews
from habeas.systemic.services.reviews import review_enqueue, review_start, watchlist_create


def _reason(official: Official) -> str:
    findings = [
        f"{FINDING_TYPES.get(f.type, f.type)}{f' ({f.date.year})' if f.date else ''}"
        for f in official.findings.all()
        if f.status != "removed"
    ]
    return (
        f"On the unit's credibility list: {', '.join(findings) or 'no finding yet'}."
        " Every conviction he worked on, from the credibility registry."
    )[:5000]


def _entry_row(official: Official) -> dict[str, object]:
    entry = official_watch_entry(official)
    return {
        "name": official.full_name,
        "kind": entry.kind,
        "agency": entry.agency,
        "badges": list(entry.badges),
        "aliases": list(entry.aliases),
        "date_from": entry.date_from.isoformat() if entry.date_from else "",
        "date_to": entry.date_to.isoformat() if entry.date_to else "",
        "note": "From the credibility registry",
    }


def find_convictions(*, actor: User, official_id: int, wait: bool = False) -> ReviewRun:
    """Create (or bring up to date) his watchlist and start its run; ``wait`` runs it at once (CLI)."""
    keeper_checked(actor)
    if not can_manage_reviews(actor):
        raise PermissionDeniedError("Your role may not run systemic reviews.")
    with transaction.atomic():
        official = official_get(user=actor, official_id=official_id)
        row = _entry_row(official)
        watchlist = official.watchlist
        if watchlist is None:
            name = f"Credibility list: {official.full_name} ({official.pk})"[:200]
            watchlist, _ = watchlist_create(
                actor=actor, name=name, reason=_reason(official), entries=[row]
            )
            official.watchlist = watchlist
            official.save(update_fields=["watchlist"])
        else:
            # His identity may have changed since the last run: the one entry follows it.
            Watchlist.objects.filter(pk=watchlist.pk).update(reason=_reason(official))
            entry = watchlist.entries.first() or WatchEntry(watchlist=watchlist)
            for key, value in row.items():
                setattr(entry, key, value or None if key in ("date_from", "date_to") else value)
            entry.save()
        audit_record(
            actor=actor,
            action="credibility.find_convictions",
            obj=official,
            detail={"official": official.full_name, "watchlist": watchlist.name},
        )
    if wait:
        return review_start(actor=actor, watchlist=watchlist.pk)
    return review_enqueue(actor=actor, watchlist=watchlist.pk)
