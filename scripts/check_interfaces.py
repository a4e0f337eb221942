"""Two habits of docs/architecture.md that no linter knows, checked by ./scripts/test.sh:

1. Views, APIs, commands and the panels features add to pages read through selectors: no
   ``Model.objects`` in them (a query written there skips the one permission-checked fetch).
2. No import of Habeas's own modules inside a function, except in ``AppConfig.ready`` (Django needs
   the app registry ready there): a local import is how a cycle between apps hides. (Third-party
   libraries may be imported late: optional or heavy ones such as pyspark and WeasyPrint.)

Prints each offence as ``path:line: what`` and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "habeas"
INTERFACE_PARTS = {"views", "apis", "commands"}
INTERFACE_FILES = {"views.py", "apis.py", "tabs.py", "panels.py"}


def _is_interface(path: Path) -> bool:
    parts = set(path.relative_to(ROOT).parts[:-1])
    return path.name in INTERFACE_FILES or bool(parts & INTERFACE_PARTS)


def _orm_queries(path: Path, tree: ast.AST) -> list[str]:
    return [
        f"{path}:{node.lineno}: {ast.unparse(node.value)}.objects in an interface module (use a selector)"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def _local_imports(path: Path, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and node.name == "ready":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                names = inner.module if isinstance(inner, ast.ImportFrom) else inner.names[0].name
                if names and names.split(".")[0] == "habeas":
                    found.append(f"{path}:{inner.lineno}: import of {names} inside {node.name}()")
    return found


def main() -> int:
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if _is_interface(path):
            problems += _orm_queries(path, tree)
        problems += _local_imports(path, tree)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "interfaces read through selectors; no local imports")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
