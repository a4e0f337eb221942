"""Demo person linkage: over the years the unit's staff entered Det. Raymond Kessler again under other
spellings ("Ray Kesler" with his badge, "R. Kessler" without), as happens in real case files. A linkage
run groups them with the pool record and with the bulk extract's spellings, and queues the doubtful
ones for review. All people are fictional."""

from __future__ import annotations

from habeas.cases.models import Case
from habeas.demo.accounts import CIU
from habeas.demo.writer import DemoWriter
from habeas.linkage.selectors import pairs_to_decide
from habeas.linkage.services import link_pair_decide, link_start

FEATURED_DOCKET = "NA048217"  # the featured case has the pool record already
CONFIRMED_SPELLINGS = {"Det. Raymond Kessler", "KESSLER, RAYMOND"}
VARIANTS: tuple[dict[str, str], ...] = (
    {
        "first_name": "Ray",
        "last_name": "Kesler",
        "badge_number": "14237",
        "agency": "Los Angeles County Sheriff's Department",
    },
    {"first_name": "R.", "last_name": "Kessler", "agency": "LASD"},
)


def demo_person_linkage(w: DemoWriter) -> None:
    cases = list(
        Case.objects.filter(organization__code=CIU.code)
        .exclude(convictions__docket_number=FEATURED_DOCKET)
        .order_by("ref")[:4]
    )
    for n, data in enumerate(VARIANTS):
        person = w.people_create_one("ciu_investigator", **data)
        for case in cases[n * 2 : n * 2 + 2]:
            w.add(
                "ciu_investigator",
                case,
                "people",
                person=person.pk,
                role="detective",
                badge_number=person.badge_number,
                agency=person.agency,
            )
    attorney = w.user("ciu_attorney")
    link_start(actor=attorney)
    # The attorney has already confirmed the extract's full spellings of his name; the rest wait in the queue.
    for pair in pairs_to_decide(user=attorney):
        names = {pair.left.name, pair.right.name}
        if names & CONFIRMED_SPELLINGS:
            link_pair_decide(
                actor=attorney,
                pair_id=pair.pk,
                same=True,
                note="Badge 14237 on the arrest reports of these dockets (demo).",
            )
