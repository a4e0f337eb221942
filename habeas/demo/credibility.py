"""The demo unit's credibility list: Det. Raymond Kessler (the demo pool detective of the featured
case and the systemic review) with a sustained finding, a lab analyst under audit, and a namesake
at another agency who must not alert. Everything fictional."""

from __future__ import annotations

import datetime as dt

from habeas.credibility.services.alerts import alerts_compute
from habeas.credibility.services.registry import assignment_add, finding_add, official_create
from habeas.demo.writer import DemoWriter


def demo_credibility_list(w: DemoWriter) -> None:
    attorney = w.user("ciu_attorney")
    kessler = official_create(
        actor=attorney,
        full_name="Raymond Kessler",
        kind="detective",
        agency="Los Angeles County Sheriff's Department",
        badges=["14237"],
        aliases=["Ray Kessler"],
        notes="Demo entry (fictional).",
    )
    assignment_add(
        actor=attorney,
        official_id=kessler.pk,
        agency="Los Angeles County Sheriff's Department",
        unit="Narcotics",
        badge="14237",
        date_from=dt.date(1994, 3, 1),
    )
    finding_add(
        actor=attorney,
        official_id=kessler.pk,
        type="sustained_ia",
        om_code="OF",
        date=dt.date(2009, 5, 12),
        description="Internal affairs sustained a finding that he wrote a false arrest report (demo).",
        citation="Internal affairs file IA-2009-0412 (fictional)",
        status="listed",
    )
    fordyce = official_create(
        actor=attorney,
        full_name="Harold Fordyce",
        kind="analyst",
        agency="County Crime Laboratory",
    )
    finding_add(
        actor=attorney,
        official_id=fordyce.pk,
        type="lab_audit",
        date=dt.date(2012, 8, 1),
        description="An audit found drug-weight results reported without the required second check (demo).",
        citation="Laboratory audit report 2012-07 (fictional)",
    )
    namesake = official_create(
        actor=attorney,
        full_name="Raymond Kessler",
        kind="officer",
        agency="Harbor City Police Department",
        badges=["882"],
    )
    finding_add(
        actor=attorney,
        official_id=namesake.pk,
        type="discipline",
        date=dt.date(2018, 2, 1),
        description="Suspended for ten days for missing court dates (demo).",
        status="listed",
    )
    alerts_compute(actor=attorney)
