"""The daily deadline digest: one e-mail per active user with an address, listing the overdue and
soon-due deadlines of the cases that user may see (through ``deadlines_upcoming``, so never more;
computed deadlines a case team acknowledged for their current date are left out). Links are absolute
when ``HABEAS_SITE_URL`` is set, paths otherwise.

Idempotent per day: a ``DigestSent`` row per user and day means a second run the same day sends
nothing to that user again unless forced. The run is one audit event (who got a digest, counts).
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.labels import plain_source, verification_note
from habeas.deadlines.models import DigestSent
from habeas.deadlines.selectors import DeadlineRow, deadlines_upcoming, digest_buckets

DIGEST_ACTOR = "deadline-digest"  # the audit username of a run (no person starts a cron job)


@dataclass
class DigestReport:
    today: dt.date
    within_days: int
    dry_run: bool
    sent: list[tuple[str, int]] = field(default_factory=list)  # (username, deadlines listed)
    already_sent: list[str] = field(default_factory=list)
    nothing_due: int = 0
    no_email: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def _line(r: DeadlineRow, today: dt.date, base: str) -> list[str]:
    if r.days_left < 0:
        when = f"{-r.days_left} day{'s' if r.days_left != -1 else ''} ago"
    else:
        when = (
            "today"
            if r.days_left == 0
            else f"in {r.days_left} day{'s' if r.days_left != 1 else ''}"
        )
    flag = {
        "unverified": f" ({verification_note('unverified', 'deadline')})",
        "custom": " (recorded by the case team)",
    }.get(r.verification, "")
    return [
        f"- {r.due.isoformat()} ({when})  {r.case_ref} {r.case_title}: {r.name}",
        f"    Rule: {plain_source(r.rule)}",
        f"    Source: {plain_source(r.source)}{flag}",
        f"    Case: {base}{reverse('cases:detail', args=[r.case_ref])}?tab=outcome",
    ]


def digest_message(
    user: User, rows: list[DeadlineRow], *, within_days: int, today: dt.date
) -> tuple[str, str]:
    """Subject and plain-text body of one user's digest."""
    overdue, upcoming = digest_buckets(rows)
    parts = [f"{len(overdue)} overdue"] if overdue else []
    if upcoming:
        parts.append(f"{len(upcoming)} due within {within_days} days")
    subject = f"Habeas deadlines: {', '.join(parts)}"
    lines = [
        f"Hello {user.display_name()},",
        "",
        f"Deadlines in the cases you may see in Habeas, as of {today.isoformat()}.",
        "These dates are a planning aid, computed from the case record or recorded by the case team; they are not",
        "legal advice. Check each rule and its source (and any court-day rule) before relying on a date.",
    ]
    base = getattr(settings, "HABEAS_SITE_URL", "").rstrip("/")
    for title, bucket in (
        (f"OVERDUE ({len(overdue)})", overdue),
        (f"DUE WITHIN {within_days} DAYS ({len(upcoming)})", upcoming),
    ):
        if bucket:
            lines += ["", title]
            for r in bucket:
                lines += _line(r, today, base)
    lines += [
        "",
        f"All your deadlines: {base}{reverse('deadlines:list')}",
        "A computed deadline that does not apply (e.g. a petition already filed) can be acknowledged with a reason on",
        "the case's Outcome tab: it then leaves this digest until a change to the record moves its date.",
        "",
        "You receive this because you have an active Habeas account with this address.",
    ]
    return subject, "\n".join(lines) + "\n"


def digest_send(
    *,
    within_days: int = 30,
    dry_run: bool = False,
    force: bool = False,
    today: dt.date | None = None,
) -> DigestReport:
    today = today or timezone.localdate()
    report = DigestReport(today=today, within_days=within_days, dry_run=dry_run)
    users = User.objects.filter(is_active=True).select_related("organization").order_by("username")
    already = set(DigestSent.objects.filter(sent_on=today).values_list("user_id", flat=True))
    connection = None if dry_run else get_connection()
    for user in users:
        if not (user.email or "").strip():
            report.no_email += 1
            continue
        rows = deadlines_upcoming(
            user=user, within_days=within_days, include_overdue=True, today=today
        )
        if not rows:
            report.nothing_due += 1
            continue
        if user.pk in already and not force:
            report.already_sent.append(user.username)
            continue
        if dry_run:
            report.sent.append((user.username, len(rows)))
            continue
        subject, body = digest_message(user, rows, within_days=within_days, today=today)
        try:
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
            ).send()
        except (
            smtplib.SMTPException,
            OSError,
        ) as exc:  # one bad address or a hiccup must not stop the rest
            report.failed.append((user.username, str(exc) or type(exc).__name__))
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.update_or_create(
                    user=user, sent_on=today, defaults={"items": len(rows)}
                )
        except IntegrityError:  # a concurrent run recorded it first: the mail went out either way
            pass
        report.sent.append((user.username, len(rows)))
    audit_record(
        actor=None,
        username=DIGEST_ACTOR,
        action="deadlines.digest",
        detail={
            "today": today.isoformat(),
            "within_days": within_days,
            "dry_run": dry_run,
            "force": force,
            "sent": [name for name, _ in report.sent],
            "already_sent": report.already_sent,
            "failed": [name for name, _ in report.failed],
            "nothing_due": report.nothing_due,
            "no_email": report.no_email,
        },
    )
    return report
