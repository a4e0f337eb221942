"""About fifty generated demo cases spread over every stage, built from a seeded random generator so
every load produces the same cases. Names come from habeas.demo.names and are fictional."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from habeas.cases.models import Case, Conviction, EvidenceItem, Party
from habeas.cases.services.children import case_child_update
from habeas.cases.services.intake import case_intake
from habeas.cases.services.saved_filters import case_filter_save
from habeas.cases.services.team import case_share_grant
from habeas.demo.accounts import CIU, CLINIC, DemoOrg
from habeas.demo.names import (
    AGENCY_OF_COUNTY,
    CLAIM_TEMPLATES,
    COUNTIES,
    FIRST_NAMES,
    LAST_NAMES,
    OFFENSES,
    POOL_BY_ROLE,
)
from habeas.demo.writer import DemoWriter
from habeas.domain.screening import DEFAULT_CRITERIA

# Where the generated cases end up; 50 in all, every stage represented.
STAGE_PLAN: tuple[str, ...] = (
    ("intake",) * 6
    + ("screening",) * 6
    + ("record_gathering",) * 6
    + ("reinvestigation",) * 7
    + ("decision",) * 5
    + ("resolution",) * 4
    + ("closed",) * 4
    + ("declined",) * 8
    + ("withdrawn",) * 4
)
ORDER = (
    "intake",
    "screening",
    "record_gathering",
    "reinvestigation",
    "decision",
    "resolution",
    "closed",
)
LATEST_RECEIVED = dt.date(2026, 6, 30)  # fixed, so loads on different days agree
LATEST_RESOLUTION = dt.date(2025, 12, 31)
SCREEN_DECLINES = (
    ("jurisdiction", "outside_jurisdiction", "Conviction was entered in another county."),
    ("felony", "not_felony", "Misdemeanor conviction only."),
    (
        "factual_innocence",
        "no_innocence_claim",
        "Applicant challenges the sentence, not the conviction.",
    ),
    ("new_evidence", "no_new_evidence", "Every point raised was litigated on appeal; nothing new."),
    ("consent", "no_consent", "Applicant did not return the consent form after two requests."),
    (
        "no_bar_litigation",
        "pending_litigation",
        "A federal habeas petition is pending on the same claims.",
    ),
)
EVIDENCE = (
    ("Sexual assault kit", True),
    ("Blood-stained shirt", True),
    ("Cigarette butts from the scene", True),
    ("Fingernail scrapings", True),
    ("Spent shell casings", False),
    ("Surveillance video (VHS)", False),
    ("911 call recording", False),
    ("Photo lineup packet", False),
)
INTAKE_SOURCES = (
    "Letter from applicant",
    "Referral from defense counsel",
    "Referral from innocence organization",
    "Systemic review",
    "Family member",
)
WITHDRAW_REASONS = (
    "Applicant withdrew the request.",
    "Applicant died while the review was pending.",
    "Applicant retained private counsel and asked us to stop.",
)


@dataclass(frozen=True)
class OrgStaff:
    org: DemoOrg
    leads: tuple[str, ...]
    investigator: str
    reviewer: str
    student: str
    admin: str
    voter_attorney: str


STAFF = {
    CIU.code: OrgStaff(
        CIU,
        ("ciu_attorney", "ciu_attorney2"),
        "ciu_investigator",
        "ciu_reviewer",
        "ciu_student",
        "ciu_admin",
        "ciu_attorney",
    ),
    CLINIC.code: OrgStaff(
        CLINIC,
        ("pic_attorney",),
        "pic_investigator",
        "pic_reviewer",
        "pic_student",
        "pic_admin",
        "pic_attorney",
    ),
}


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class CaseFactory:
    def __init__(self, w: DemoWriter, rng: random.Random) -> None:
        self.w, self.rng = w, rng
        self.titles: set[str] = set()
        self.dockets: set[tuple[str, str]] = {
            ("Los Angeles Superior Court", "NA048217")
        }  # the featured case's

    def _name(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if f"People v. {first} {last}" not in self.titles:
                self.titles.add(f"People v. {first} {last}")
                return first, last

    def _docket(self, court: str, county: str) -> str:
        prefix = {"Los Angeles": self.rng.choice(("BA", "NA", "TA", "KA", "VA"))}.get(
            county, county[:2].upper() + "F"
        )
        while True:
            docket = f"{prefix}{self.rng.randint(100000, 999999)}"
            if (court, docket) not in self.dockets:
                self.dockets.add((court, docket))
                return docket

    def create(self, staff: OrgStaff, target: str) -> Case:
        rng, w = self.rng, self.w
        first, last = self._name()
        county = "Los Angeles" if staff.org is CIU else rng.choice(list(COUNTIES))
        court = (
            "Los Angeles Superior Court"
            if county == "Los Angeles"
            else f"{county} County Superior Court"
        )
        incident = _date_between(rng, dt.date(1986, 1, 1), dt.date(2016, 12, 31))
        arrested = incident + dt.timedelta(days=rng.randint(1, 200))
        convicted = arrested + dt.timedelta(days=rng.randint(150, 700))
        received = _date_between(
            rng, max(convicted + dt.timedelta(days=2 * 365), dt.date(2014, 1, 1)), LATEST_RECEIVED
        )
        offense, statute = rng.choice(OFFENSES)
        basis, factors = rng.choice(CLAIM_TEMPLATES)
        lead = rng.choice(staff.leads)
        case = case_intake(
            actor=w.user(lead),
            case={
                "title": f"People v. {first} {last}",
                "received_on": received,
                "county": county,
                "intake_source": rng.choice(INTAKE_SOURCES),
                "summary": f"{offense} conviction from {incident.year}. {basis}",
            },
            sections={
                "applicant": {
                    "first_name": first,
                    "last_name": last,
                    "date_of_birth": incident - dt.timedelta(days=rng.randint(16 * 365, 40 * 365)),
                    "corrections_id": f"{rng.choice('BCDEFGHJKT')}-{rng.randint(10000, 99999)}",
                    "custody_status": rng.choice(
                        (Party.Custody.IN_CUSTODY,) * 4 + (Party.Custody.PAROLE,)
                    ),
                    "facility": "State prison (demo)",
                },
                "incident": {
                    "occurred_on": incident,
                    "place": rng.choice(COUNTIES[county]),
                    "county": county,
                    "agency": AGENCY_OF_COUNTY[county],
                    "agency_report_number": f"{incident:%y}-{rng.randint(10000, 99999)}",
                },
                "conviction": {
                    "court": court,
                    "docket_number": self._docket(court, county),
                    "arrested_on": arrested,
                    "convicted_on": convicted,
                    "form": rng.choices(Conviction.Form.values, weights=(7, 1, 2))[0],
                    "offense": offense,
                    "statute": statute,
                },
                "claim": {"basis": basis, "nre_factors": list(factors)},
            },
        )
        self._team(case, staff, lead, target)
        self._record(case, staff, lead, convicted, factors)
        self._walk(case, staff, lead, target)
        return case

    def _team(self, case: Case, staff: OrgStaff, lead: str, target: str) -> None:
        members = [staff.investigator]
        if self.rng.random() < 0.4:
            members.append(staff.student)
        late = target in {"decision", "resolution", "closed", "declined"}
        if late or self.rng.random() < 0.3:
            members.append(staff.reviewer)
        if late and staff.voter_attorney != lead:
            members.append(staff.voter_attorney)
        self.w.team(lead, case, *members)
        if staff.org is CIU and self.rng.random() < 0.2:
            case_share_grant(
                actor=self.w.user(lead), case_ref=case.ref, organization_code=CLINIC.code
            )
            self.w.team(lead, case, "pic_attorney")

    def _record(
        self, case: Case, staff: OrgStaff, lead: str, convicted: dt.date, factors: list[str]
    ) -> None:
        rng, w, inv, org = self.rng, self.w, staff.investigator, staff.org.code
        conviction = case.convictions.get()
        if rng.random() < 0.6:
            low = rng.choice((15, 25, 7, 16, 30))
            life = low >= 15
            w.add(
                lead,
                case,
                "sentences",
                conviction=conviction.pk,
                sentenced_on=convicted + dt.timedelta(days=rng.randint(20, 60)),
                description=f"{low} years to life" if life else f"{low} years",
                min_years=low,
                life=life,
            )
        if rng.random() < 0.5:
            w.add(
                lead,
                case,
                "parties",
                kind=Party.Kind.VICTIM,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
            )
        roles = ["detective", "prosecutor", "defense_counsel", "judge"]
        if rng.random() < 0.5:
            roles.append("detective")
        if "F/MFE" in factors or rng.random() < 0.2:
            roles.append("forensic_analyst")
        if "P/FA" in factors or rng.random() < 0.2:
            roles.append("informant")
        used: set[tuple[str, str]] = set()
        for role in roles:
            pool_person = rng.choice(POOL_BY_ROLE[role])
            if (pool_person.key, role) in used:
                continue
            used.add((pool_person.key, role))
            person = w.person(org, pool_person.key)
            w.add(
                inv,
                case,
                "people",
                person=person.pk,
                role=role,
                badge_number=person.badge_number,
                agency=person.agency,
            )
        for description, biological in rng.sample(EVIDENCE, rng.randint(1, 3)):
            tested = biological and rng.random() < 0.3
            w.add(
                inv,
                case,
                "evidence",
                item_number=f"{rng.randint(1, 40):02d}",
                description=description,
                custodian=rng.choice(
                    (
                        "Crime laboratory",
                        "Sheriff's evidence warehouse",
                        "Court exhibit room",
                        "Police property room",
                    )
                ),
                is_biological=biological,
                dna_tested=tested,
                preservation_status=rng.choice(EvidenceItem.Preservation.values),
            )
        today = timezone.localdate()
        for title in rng.sample(
            (
                "Request the trial transcript",
                "Request the police homicide book",
                "Interview trial counsel",
                "Locate the original eyewitnesses",
                "Ask the lab for bench notes",
                "Order the evidence inventory",
            ),
            rng.randint(1, 3),
        ):
            w.add(
                lead,
                case,
                "tasks",
                title=title,
                due_on=today + dt.timedelta(days=rng.randint(-20, 60)),
                assignee=w.user(rng.choice((lead, inv))).pk,
            )
        w.add(
            inv,
            case,
            "notes",
            body=rng.choice(
                (
                    "Applicant's letter is detailed and consistent with the police report on times and places.",
                    "Trial counsel's file was destroyed in 2009; transcripts are the only record.",
                    "The investigator found the lead detective's notes in the homicide book; they differ from his testimony.",
                    "Family says two alibi witnesses are still willing to talk.",
                )
            ),
        )
        if rng.random() < 0.25:
            suspect = w.people_create_one(inv, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            w.add(inv, case, "people", person=suspect.pk, role="alternate_suspect")
            w.add(
                inv,
                case,
                "leads",
                person=suspect.pk,
                description="Named by a witness who was never called at trial.",
            )
        if rng.random() < 0.15:
            w.add(
                lead,
                case,
                "facts",
                key="conviction_date",
                value=convicted.isoformat(),
                source="Minute order (demo document)",
            )
            w.add(
                inv,
                case,
                "facts",
                key="conviction_date",
                value=(convicted + dt.timedelta(days=1)).isoformat(),
                source="Department of Corrections record (demo document)",
            )

    def _advance(self, case: Case, staff: OrgStaff, lead: str, upto: str) -> None:
        w, rng = self.w, self.rng
        current = case.stage if isinstance(case.stage, str) else str(case.stage)
        for stage in ORDER[ORDER.index(current) + 1 : ORDER.index(upto) + 1]:
            if stage == "record_gathering":
                answers = {key: ("yes", "") for key, _ in DEFAULT_CRITERIA}
                code = "meets_criteria"
                if rng.random() < 0.15:
                    answers["new_evidence"] = (
                        "no",
                        "Nothing new yet, but a strong systemic concern (same detective).",
                    )
                    code = "exception"
                w.screen(lead, case, answers)
                w.move(
                    lead,
                    case,
                    stage,
                    "Screened and accepted."
                    if code == "meets_criteria"
                    else "Accepted by exception.",
                    code,
                )
            elif stage == "resolution":
                self._votes(
                    case,
                    staff,
                    lead,
                    (
                        "support_relief",
                        "support_relief",
                        rng.choice(("support_relief", "deny_relief", "abstain")),
                    ),
                )
                w.move(lead, case, stage, "Committee supports relief.")
                resolution_events_add(w, case, lead, rng, finding=rng.random() < 0.5)
            else:
                w.move(
                    lead,
                    case,
                    stage,
                    {
                        "screening": "Ready for screening.",
                        "reinvestigation": "Records in; reinvestigating.",
                        "decision": "Reinvestigation complete; to the committee.",
                        "closed": "Relief granted; file closed.",
                    }.get(stage, "Next stage."),
                )
            case.stage = stage

    def _votes(self, case: Case, staff: OrgStaff, lead: str, votes: tuple[str, ...]) -> None:
        for voter, vote in zip(
            (staff.admin, staff.reviewer, staff.voter_attorney), votes, strict=False
        ):
            self.w.vote(voter, case, vote, "")

    def _walk(self, case: Case, staff: OrgStaff, lead: str, target: str) -> None:
        rng, w = self.rng, self.w
        if target in ORDER:
            self._advance(case, staff, lead, target)
            if target == "decision":
                self._votes(
                    case, staff, lead, ("support_relief", "deny_relief")[: rng.randint(0, 2)]
                )
            return
        if target == "withdrawn":
            self._advance(
                case,
                staff,
                lead,
                rng.choice(("intake", "screening", "record_gathering", "reinvestigation")),
            )
            w.move(lead, case, "withdrawn", rng.choice(WITHDRAW_REASONS))
            return
        # declined: at screening on a failed criterion, or by the committee after reinvestigation
        if rng.random() < 0.6:
            self._advance(case, staff, lead, "screening")
            key, code, reason = rng.choice(SCREEN_DECLINES)
            answers = {k: ("yes", "") for k, _ in DEFAULT_CRITERIA}
            answers[key] = ("no", reason)
            w.screen(lead, case, answers)
            w.move(lead, case, "declined", reason, code)
        else:
            self._advance(case, staff, lead, "decision")
            self._votes(
                case,
                staff,
                lead,
                ("deny_relief", "deny_relief", rng.choice(("deny_relief", "support_relief"))),
            )
            w.move(
                lead,
                case,
                "declined",
                "The committee found no basis for relief after reinvestigation.",
                "committee_denied",
            )


def resolution_events_add(
    w: DemoWriter, case: Case, lead: str, rng: random.Random, *, finding: bool
) -> None:
    conviction = case.convictions.get()
    convicted = conviction.convicted_on or dt.date(2000, 1, 1)
    day = _date_between(
        rng, max(convicted + dt.timedelta(days=5 * 365), dt.date(2012, 1, 1)), LATEST_RESOLUTION
    )
    w.add(lead, case, "resolutions", kind="vacated", occurred_on=day, court=conviction.court)
    w.add(lead, case, "resolutions", kind="dismissed", occurred_on=day)
    w.add(lead, case, "resolutions", kind="released", occurred_on=day)
    applicant = case.parties.filter(kind=Party.Kind.APPLICANT).first()
    if applicant is not None:
        case_child_update(
            actor=w.user(lead),
            case_ref=case.ref,
            kind_slug="parties",
            pk=applicant.pk,
            data={"custody_status": Party.Custody.RELEASED},
        )
    if finding:
        w.add(
            lead,
            case,
            "resolutions",
            kind="factual_innocence",
            occurred_on=min(LATEST_RESOLUTION, day + dt.timedelta(days=rng.randint(60, 300))),
            statute="Cal. Penal Code 1485.55",
            standard_of_proof="preponderance of the evidence",
        )


def generated_cases_create(w: DemoWriter, rng: random.Random) -> list[Case]:
    factory = CaseFactory(w, rng)
    plan = list(STAGE_PLAN)
    rng.shuffle(plan)
    return [
        factory.create(STAFF[CLINIC.code] if i % 3 == 2 else STAFF[CIU.code], target)
        for i, target in enumerate(plan)
    ]


def demo_saved_filters(w: DemoWriter) -> None:
    """Two sets of case-list filters the demo attorney saved, so the list shows what they look like."""
    attorney = w.user("ciu_attorney")
    case_filter_save(
        actor=attorney, name="My screening cases", params={"stage": "screening", "scope": "mine"}
    )
    case_filter_save(
        actor=attorney,
        name="Los Angeles County, all cases",
        params={"county": "Los Angeles", "scope": "all", "sort": "updated"},
    )
