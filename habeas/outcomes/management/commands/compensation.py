"""habeas compensation --jurisdiction CA --custody-from 2001-01-18 --custody-to 2021-10-19 [--json]"""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand
from habeas.domain.compensation import CompensationInputError, compensation_compute


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


class Command(HabeasCommand):
    help = "Compute statutory compensation for wrongful imprisonment, showing the computation and the statute."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--jurisdiction", required=True, help="Code (CA, US, TX…) or name")
        parser.add_argument("--custody-from", type=_date, required=True)
        parser.add_argument("--custody-to", type=_date, required=True)
        parser.add_argument("--supervision-from", type=_date)
        parser.add_argument("--supervision-to", type=_date)
        parser.add_argument("--death-sentence", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            result = compensation_compute(
                o["jurisdiction"],
                custody_from=o["custody_from"],
                custody_to=o["custody_to"],
                supervision_from=o["supervision_from"],
                supervision_to=o["supervision_to"],
                death_sentence=o["death_sentence"],
            )
        except CompensationInputError as exc:
            raise CommandError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None
        if o["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "jurisdiction": result.jurisdiction,
                        "total": str(result.total) if result.total is not None else None,
                        "statute": result.statute,
                        "source": result.source,
                        "verification": result.verification,
                        "filing_deadline": result.filing_deadline,
                        "explanation": list(result.explanation),
                        "warnings": list(result.warnings),
                        "line_items": [
                            {
                                "label": i.label,
                                "days": i.days,
                                "rate": str(i.rate),
                                "rate_unit": i.rate_unit,
                                "amount": str(i.amount),
                                "basis": i.basis,
                            }
                            for i in result.line_items
                        ],
                    },
                    indent=2,
                )
            )
            return
        lines = [f"{result.jurisdiction}: {result.statute}"]
        lines += [
            f"  {i.label}: {i.days:,} days x ${i.rate:,} per {i.rate_unit} = ${i.amount:,.2f}"
            for i in result.line_items
        ]
        lines.append(
            f"  Total: {'$' + format(result.total, ',.2f') if result.total is not None else 'no statutory amount'}"
        )
        lines.append(f"  Filing deadline: {result.filing_deadline}")
        lines += [f"  ! {w}" for w in result.warnings]
        lines += [f"  - {e}" for e in result.explanation]
        lines.append(f"  Source: {result.source} ({result.verification})")
        self.stdout.write("\n".join(lines))
