"""Small helpers so the demo scripts read like a story; every write still goes through a service."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case, Person
from habeas.cases.services.children import case_child_create
from habeas.cases.services.people import person_create
from habeas.cases.services.team import team_member_add
from habeas.cases.services.workflow import case_transition, screening_answers_set, vote_cast
from habeas.demo.names import PEOPLE_POOL


@dataclass
class DemoWriter:
    users: dict[str, User]
    # (organization code, pool key) -> Person
    people: dict[tuple[str, str], Person] = field(default_factory=dict)
    _cursor: dict[int, datetime] = field(default_factory=dict)

    def user(self, username: str) -> User:
        return self.users[username]

    def pool_create(self, *, org_code: str, actor: str, keys: set[str] | None = None) -> None:
        """Each organization keeps its own people records; both draw on the same fictional pool."""
        for p in PEOPLE_POOL:
            if keys is not None and p.key not in keys:
                continue
            self.people[(org_code, p.key)] = person_create(
                actor=self.user(actor),
                data={
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                    "aliases": p.aliases,
                    "badge_number": p.badge,
                    "agency": p.agency,
                    "notes": p.notes,
                },
            )

    def people_create_one(self, actor: str, first_name: str, last_name: str, **data: Any) -> Person:
        return person_create(
            actor=self.user(actor), data={"first_name": first_name, "last_name": last_name, **data}
        )

    def person(self, org_code: str, key: str) -> Person:
        return self.people[(org_code, key)]

    def add(self, actor: str, case: Case, kind_slug: str, /, **data: Any) -> Model:
        return case_child_create(
            actor=self.user(actor), case_ref=case.ref, kind_slug=kind_slug, data=data
        )

    def team(self, actor: str, case: Case, *usernames: str) -> None:
        for username in usernames:
            team_member_add(actor=self.user(actor), case_ref=case.ref, username=username)

    def move(
        self,
        actor: str,
        case: Case,
        target: str,
        reason: str,
        code: str = "",
        *,
        on: date | None = None,
    ) -> None:
        """Move the case; ``on`` pins the date (the featured case follows its story), else it is spread out."""
        moment = (
            datetime.combine(on, time(17, 0), tzinfo=UTC)
            if on is not None
            else self._next_moment(case, target)
        )
        self._cursor[case.pk] = moment
        case_transition(
            actor=self.user(actor),
            case_ref=case.ref,
            target=target,
            reason=reason,
            reason_code=code,
            effective_at=moment,
        )

    def _next_moment(self, case: Case, target: str) -> datetime:
        """Spread a case's history over the months after it was received (deterministic per case and
        stage), never past now, so "days in stage" and stage ages look like a real backlog."""
        now = timezone.now()
        start = self._cursor.get(case.pk) or datetime.combine(
            case.received_on, time(9, 0), tzinfo=UTC
        )
        step = 14 + zlib.crc32(f"{case.ref}:{target}".encode()) % 150
        moment = min(start + timedelta(days=step), now)
        self._cursor[case.pk] = moment
        return moment

    def screen(self, actor: str, case: Case, answers: dict[str, tuple[str, str]]) -> None:
        screening_answers_set(actor=self.user(actor), case_ref=case.ref, answers=answers)

    def vote(self, actor: str, case: Case, vote: str, rationale: str) -> None:
        vote_cast(actor=self.user(actor), case_ref=case.ref, vote=vote, rationale=rationale)
