"""The featured demo case: a fictional case with the shape of a real CIU exoneration.

Modelled on the pattern in shared/domain/facts.md section 0 (New Year's Eve shooting, mistaken
eyewitness identification, joint CIU / innocence-organization reinvestigation, vacatur and release
on the same day, a factual-innocence finding months later, a real-perpetrator lead still open).
Every name, number and detail is invented.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from habeas.cases.models import Case, Conviction, EvidenceItem, Party
from habeas.cases.services.children import case_child_update
from habeas.cases.services.intake import case_intake
from habeas.cases.services.team import case_share_grant
from habeas.cases.services.workflow import recusal_record
from habeas.demo.accounts import CIU, CLINIC
from habeas.demo.writer import DemoWriter
from habeas.outcomes.services import outcome_code

FEATURED_TITLE = "People v. Adrian Solano"
COURT = "Los Angeles Superior Court"
SOURCE_JUDGMENT = "Abstract of judgment (demo document), p. 1"
SOURCE_CLINIC = "Pacific Innocence Clinic case summary (demo document)"


def featured_case_ref() -> str | None:
    """The featured case's reference once the demo is loaded (the case to open first)."""
    return Case.objects.filter(title=FEATURED_TITLE).values_list("ref", flat=True).first()


ALL_YES = {
    "jurisdiction": ("yes", "Tried in Los Angeles Superior Court."),
    "felony": ("yes", "Murder, second degree."),
    "factual_innocence": ("yes", "Applicant says he was at a family party two miles away."),
    "new_evidence": ("yes", "Both eyewitnesses now doubt their identification; untested cap."),
    "consent": ("yes", "Signed consent and records release, 2019-03-20."),
    "no_bar_litigation": ("yes", "No petition pending."),
}


def featured_case_create(w: DemoWriter) -> Case:
    lead, lawyer2, inv, rev = "ciu_attorney", "ciu_attorney2", "ciu_investigator", "ciu_reviewer"
    org = CIU.code
    case = case_intake(
        actor=w.user(lead),
        case={
            "title": FEATURED_TITLE,
            "received_on": dt.date(2019, 3, 14),
            "county": "Los Angeles",
            "intake_source": "Letter from applicant",
            "summary": (
                "Convicted of a New Year's Eve 2000 shooting in Bellflower on the identification of two eyewitnesses "
                "who saw the shooter for seconds at night. No physical evidence tied him to the crime; a knit cap "
                "dropped by the shooter was never DNA-tested. Reinvestigated jointly with the Pacific Innocence Clinic."
            ),
        },
        sections={
            "applicant": {
                "first_name": "Adrian",
                "last_name": "Solano",
                "date_of_birth": dt.date(1981, 3, 9),
                "corrections_id": "V-40217",
                "custody_status": Party.Custody.IN_CUSTODY,
                "facility": "State prison (demo)",
            },
            "incident": {
                "occurred_on": dt.date(2000, 12, 31),
                "place": "Parking lot on Rosecrans Ave, Bellflower",
                "county": "Los Angeles",
                "agency": "Los Angeles County Sheriff's Department",
                "agency_report_number": "000-31217-2412-011",
                "description": "Victim shot three times after an argument outside a New Year's Eve party.",
            },
            "conviction": {
                "court": COURT,
                "docket_number": "NA048217",
                "arrested_on": dt.date(2001, 1, 19),
                "convicted_on": dt.date(2001, 6, 15),
                "form": Conviction.Form.JURY,
                "offense": "Murder, second degree",
                "statute": "Cal. Penal Code 187(a)",
            },
            "claim": {
                "basis": (
                    "Mistaken eyewitness identification: both eyewitnesses picked the applicant from a six-pack in which "
                    "his photo alone matched the description of a shaved head; one later said the detective pointed at it. "
                    "The gunshot-residue testimony overstated what a single particle could show."
                ),
                "nre_factors": ["MWID", "F/MFE"],
            },
        },
    )
    applicant = case.parties.get(kind=Party.Kind.APPLICANT)
    conviction = case.convictions.get()
    w.add(
        lead,
        case,
        "parties",
        kind=Party.Kind.VICTIM,
        first_name="Ruben",
        last_name="Castellanos",
        notes="Died at the scene.",
    )

    # The CIU team, then the innocence organization through a share.
    w.team(lead, case, inv, rev, lawyer2, "ciu_student")
    case_share_grant(actor=w.user(lead), case_ref=case.ref, organization_code=CLINIC.code)
    w.team(lead, case, "pic_attorney", "pic_investigator")

    w.add(
        lead,
        case,
        "charges",
        conviction=conviction.pk,
        count_number=1,
        statute="Cal. Penal Code 187(a)",
        description="Murder, second degree",
        disposition="Convicted",
    )
    w.add(
        lead,
        case,
        "charges",
        conviction=conviction.pk,
        count_number=2,
        statute="Cal. Penal Code 12022.53(d)",
        description="Personal discharge of a firearm causing death",
        disposition="Found true",
    )
    w.add(
        lead,
        case,
        "sentences",
        conviction=conviction.pk,
        sentenced_on=dt.date(2001, 7, 20),
        description="40 years to life",
        min_years=40,
        life=True,
    )
    # Sources disagree on the sentence: record both, with where each came from.
    w.add(
        lead,
        case,
        "facts",
        key="sentence",
        value="40 years to life",
        source=SOURCE_JUDGMENT,
        source_page=1,
    )
    w.add(
        "pic_attorney",
        case,
        "facts",
        key="sentence",
        value="50 years to life",
        source=SOURCE_CLINIC,
    )
    w.add(
        lead,
        case,
        "facts",
        key="incident_date",
        value="2000-12-31",
        source="Sheriff's incident report (demo document), p. 1",
        source_page=1,
    )
    w.add(
        inv,
        case,
        "facts",
        key="arrest_date",
        value="2001-01-19",
        source="Booking record (demo document)",
    )
    w.add(
        lead,
        case,
        "filings",
        kind="direct_appeal",
        court="Court of Appeal, Second Appellate District",
        docket_number="B151907",
        filed_on=dt.date(2001, 9, 10),
        decided_on=dt.date(2003, 2, 11),
        outcome="Affirmed",
    )
    w.add(
        lead,
        case,
        "filings",
        kind="state_habeas",
        court=COURT,
        docket_number="BH008812",
        filed_on=dt.date(2012, 5, 2),
        decided_on=dt.date(2012, 8, 30),
        outcome="Denied without a hearing",
    )

    # People: pool detectives and lawyers recur in other cases; the witnesses are this case's own.
    for key, role in (
        ("det_kessler", "detective"),
        ("det_brannigan", "detective"),
        ("dda_prescott", "prosecutor"),
        ("pd_okoro", "defense_counsel"),
        ("judge_oduya", "judge"),
        ("lab_fordyce", "forensic_analyst"),
    ):
        p = w.person(org, key)
        w.add(
            inv,
            case,
            "people",
            person=p.pk,
            role=role,
            badge_number=p.badge_number,
            agency=p.agency,
        )
    witnesses = {
        "quintero": (
            "Maribel",
            "Quintero",
            "eyewitness",
            "Picked #4 in the six-pack; 2020: 'I'm not sure anymore.'",
        ),
        "hollis": ("Dwayne", "Hollis", "eyewitness", "Identified the applicant at trial only."),
        "almanza": (
            "Victor",
            "Almanza",
            "alternate_suspect",
            "Named as the shooter by the getaway driver.",
        ),
        "bracamonte": ("Luis", "Bracamonte", "other_witness", "Admitted in 2020 he drove the car."),
    }
    made = {}
    for key, (first, last, role, note) in witnesses.items():
        made[key] = w.people_create_one(
            inv, first, last, aliases="Chino" if key == "almanza" else ""
        )
        w.add(inv, case, "people", person=made[key].pk, role=role, notes=note)

    cap = w.add(
        inv,
        case,
        "evidence",
        item_number="E-02",
        description="Black knit cap dropped by the shooter",
        custodian="Sheriff's Scientific Services Bureau",
        location="Evidence warehouse, shelf 14-C",
        is_biological=True,
        dna_tested=False,
        preservation_status=EvidenceItem.Preservation.PRESERVED,
        notes="Never submitted for DNA testing before trial.",
    )
    w.add(
        inv,
        case,
        "evidence",
        item_number="E-01",
        description="Three 9mm cartridge casings",
        custodian="Sheriff's Scientific Services Bureau",
        preservation_status=EvidenceItem.Preservation.PRESERVED,
    )
    w.add(
        inv,
        case,
        "evidence",
        item_number="E-03",
        description="Six-pack photo lineup shown to both eyewitnesses",
        custodian="Homicide Bureau file",
        preservation_status=EvidenceItem.Preservation.PRESERVED,
    )
    w.add(
        inv,
        case,
        "evidence",
        item_number="E-04",
        description="Gunshot-residue kit taken from the applicant",
        custodian="County Crime Laboratory (fictional)",
        preservation_status=EvidenceItem.Preservation.CONSUMED,
        notes="One particle reported; testimony called it 'consistent with firing a gun'.",
    )
    for day, action, src, dst in (
        (dt.date(2001, 1, 1), "Collected at scene", "Deputy at scene", "Homicide Bureau"),
        (dt.date(2001, 1, 4), "Booked into evidence", "Homicide Bureau", "Evidence warehouse"),
        (
            dt.date(2019, 8, 12),
            "Located and photographed",
            "Evidence warehouse",
            "CIU investigator",
        ),
    ):
        w.add(
            inv,
            case,
            "custody-events",
            item=cap.pk,
            occurred_on=day,
            action=action,
            from_party=src,
            to_party=dst,
        )

    today = timezone.localdate()
    w.add(
        lead,
        case,
        "tasks",
        title="Send the knit cap (E-02) for STR and Y-STR testing",
        due_on=today + dt.timedelta(days=10),
        assignee=w.user(inv).pk,
    )
    w.add(
        lead,
        case,
        "tasks",
        title="Prepare the charging memo on the alternate suspect",
        due_on=today + dt.timedelta(days=30),
        assignee=w.user(lead).pk,
    )
    w.add(
        inv,
        case,
        "notes",
        body="Quintero re-interviewed: she says the detective tapped photo #4 and said 'take your time with this one'.",
    )
    w.add(
        "pic_attorney",
        case,
        "notes",
        body="Clinic intake file lists the sentence as 50 to life; the abstract of judgment says 40 to life. Recorded both.",
        privileged=False,
    )

    # Workflow, every stage in order.
    w.move(
        lead,
        case,
        "screening",
        "Applicant letter reviewed; meets intake requirements.",
        on=dt.date(2019, 4, 2),
    )
    w.screen(lead, case, ALL_YES)
    w.move(
        lead,
        case,
        "record_gathering",
        "Meets every criterion.",
        "meets_criteria",
        on=dt.date(2019, 5, 14),
    )
    w.move(
        lead,
        case,
        "reinvestigation",
        "Trial file, homicide book and lab notes gathered.",
        on=dt.date(2019, 11, 4),
    )
    w.move(
        lead,
        case,
        "decision",
        "Driver's admission corroborated by phone records; both IDs undermined.",
        on=dt.date(2021, 6, 7),
    )
    recusal_record(
        actor=w.user(lead),
        case_ref=case.ref,
        username=lawyer2,
        reason="Worked with trial counsel on a related matter",
    )
    w.vote(
        "ciu_admin",
        case,
        "support_relief",
        "The identifications cannot bear the weight the verdict put on them.",
    )
    w.vote(
        rev,
        case,
        "support_relief",
        "New evidence points to another man; no evidence left connects the applicant.",
    )
    w.vote(lead, case, "abstain", "Lead investigator on the case; abstaining from the vote.")
    w.move(
        lead,
        case,
        "resolution",
        "Committee supports a joint motion to vacate.",
        on=dt.date(2021, 7, 12),
    )
    w.add(
        lead,
        case,
        "resolutions",
        kind="vacated",
        occurred_on=dt.date(2021, 10, 19),
        court=COURT,
        notes="Joint habeas motion of the CIU and the clinic granted; charges dismissed the same day.",
    )
    w.add(
        lead,
        case,
        "resolutions",
        kind="released",
        occurred_on=dt.date(2021, 10, 19),
        notes="Released that afternoon.",
    )
    w.add(
        lead,
        case,
        "resolutions",
        kind="factual_innocence",
        occurred_on=dt.date(2022, 4, 14),
        court=COURT,
        statute="Cal. Penal Code 1485.55",
        standard_of_proof="preponderance of the evidence",
        notes="Joint motion for a finding of factual innocence granted.",
    )
    case_child_update(
        actor=w.user(lead),
        case_ref=case.ref,
        kind_slug="parties",
        pk=applicant.pk,
        data={"custody_status": Party.Custody.RELEASED, "facility": ""},
    )
    w.add(
        lead,
        case,
        "leads",
        person=made["almanza"].pk,
        status="open",
        description="The getaway driver says Almanza fired the shots; gathering evidence for a charging decision.",
    )
    w.move(
        lead,
        case,
        "closed",
        "Relief granted and factual innocence found. The real-perpetrator lead stays open.",
        on=dt.date(2022, 4, 20),
    )
    return case


def featured_outcome_code(w: DemoWriter, case: Case) -> None:
    """Code the featured case in the Registry's terms (the exoneration date and event come from its
    resolution events: the factual-innocence finding)."""

    outcome_code(
        actor=w.user("ciu_attorney"),
        case_ref=case.ref,
        data={
            "factors": ["MWID", "F/MFE"],
            "tags": ["CIU", "IO", "H"],
            "notes": "Two eyewitnesses from a suggestive six-pack; gunshot-residue testimony overstated a single particle.",
        },
    )
