"""The ``habeas`` command: a thin front over Django management commands.

``habeas case list`` runs the ``case`` command with ``list``; every command that touches case
data needs ``--as USERNAME`` so reads go through the same permission-checked selectors as the web.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habeas.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        args = ["help", "--commands"] if not args else ["help"]
        print(__doc__.strip() if __doc__ else "")
        print(
            "\nCommands: demo, serve, worker, createuser, token, case, import, export, ingest, search, reindex, documents, audit, nre, compensation, and Django's own.\n"
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(["habeas", *args])


if __name__ == "__main__":
    main()
