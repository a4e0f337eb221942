"""A fictional court extract (bulk conviction records) and a watchlist for the demo's systemic review:
Det. Raymond Kessler (a demo pool detective) appears under several spellings, with his partner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
from pathlib import Path

from habeas.demo.names import FIRST_NAMES, LAST_NAMES
from habeas.demo.writer import DemoWriter
from habeas.systemic.services.records import records_import
from habeas.systemic.services.reviews import review_start, watchlist_create

ROWS = 3000
KESSLER = [
    "Det. Raymond Kessler",
    "R. Kessler",
    "KESSLER, RAYMOND",
    "Det. Raymond Kesler",
    "Raymond Kessler #14237",
]
OTHER_OFFICERS = [
    "Det. Carla Whitfield",
    "Det. Armando Sosa",
    "Det. Gretchen Pike",
    "Det. Neil McAndrew",
    "Officer Curtis Redd",
    "Officer Maya Lindgren",
    "Det. Oscar Feld",
    "Officer Tina Marsh",
    "Det. Hugo Brandt",
    "Officer Ray Kessling",
]
ANALYSTS = ["Criminalist Harold Fordyce", "Criminalist Celeste Amari", "Criminalist Ida Stroud"]
OFFENSES = [
    "Possession for sale (HS 11351)",
    "Robbery (PC 211)",
    "Burglary (PC 459)",
    "Assault with a deadly weapon (PC 245)",
    "Murder (PC 187)",
]


def _extract(rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Defendant",
            "DOB",
            "Case Number",
            "Court",
            "Offense",
            "Arrest Date",
            "Conviction Date",
            "Officers",
            "Analyst",
            "Lab No",
        ]
    )
    for i in range(ROWS):
        arrest = dt.date(1994, 1, 1) + dt.timedelta(days=rng.randrange(0, 5800))
        officers = rng.sample(OTHER_OFFICERS, rng.randint(1, 2))
        if (
            rng.random() < 0.04
        ):  # his cases: about 120, under five spellings, often with his partner
            officers = [rng.choice(KESSLER)] + (
                ["Det. Lowell Brannigan"] if rng.random() < 0.6 else officers[:1]
            )
        name = (
            f"{rng.choice(LAST_NAMES).upper()}, {rng.choice(FIRST_NAMES)}"
            if rng.random() < 0.5
            else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        )
        dob = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 12000))
        writer.writerow(
            [
                name,
                dob.isoformat() if rng.random() > 0.05 else "",
                f"BA{100000 + i}",
                "Superior Court (demo)",
                rng.choice(OFFENSES),
                arrest.strftime("%m/%d/%Y"),
                (arrest + dt.timedelta(days=rng.randrange(60, 500))).isoformat(),
                "; ".join(officers),
                rng.choice(ANALYSTS) if rng.random() < 0.3 else "",
                f"L{rng.randrange(10000, 99999)}" if rng.random() < 0.3 else "",
            ]
        )
    writer.writerow(["Broken row with too few fields"])  # the import report shows it by line
    return out.getvalue()


def demo_systemic_review(w: DemoWriter, rng: random.Random) -> None:
    actor = w.user("ciu_attorney")
    with tempfile.TemporaryDirectory(prefix="habeas-demo-") as tmp:
        path = Path(tmp) / "superior-court-extract-1994-2010 (fictional).csv"
        path.write_text(_extract(rng), encoding="utf-8")
        records_import(actor=actor, path=path)
    watchlist, _ = watchlist_create(
        actor=actor,
        name="Det. Raymond Kessler (demo)",
        reason="Fictional: a 2019 internal review found he steered eyewitnesses in photo lineups (see the featured case).",
        entries=[{"name": "Det. Raymond Kessler", "kind": "officer", "badges": "14237"}],
    )
    review_start(actor=actor, watchlist=watchlist.pk)
