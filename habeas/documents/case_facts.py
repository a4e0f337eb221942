"""Element flags in the case list's "Flags" column and the Overview summary (registered by
DocumentsConfig.ready through ``habeas.cases.panels``: cases imports no feature).

Counts of passages to read, never a score: the Flags tab says what each one is and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import CaseFact, case_list_column, case_summary_line
from habeas.core.labels import FLAG_CATEGORY, label
from habeas.documents.models import DocumentStatus, ElementFlag, Verdict
from habeas.documents.selectors import document_status_counts

FlagCounts = dict[str, tuple[int, int]]  # category -> (flags, of them not yet reviewed)


def flag_counts(case_ids: Sequence[int]) -> dict[int, FlagCounts]:
    """For cases already fetched through ``case_list`` or ``case_get``: their flags by category,
    with how many await review. One query however many cases."""
    ids = list(case_ids)
    counts: dict[int, FlagCounts] = defaultdict(dict)
    if not ids:
        return {}
    for row in (
        ElementFlag.objects.filter(case_id__in=ids)
        .order_by()
        .values("case_id", "category")
        .annotate(n=Count("id"), pending=Count("id", filter=Q(verdict=Verdict.PENDING)))
    ):
        counts[row["case_id"]][row["category"]] = (row["n"], row["pending"])
    return dict(counts)


def _in_words(total: int, pending: int) -> str:
    if pending == 0:
        return f"{total} reviewed"
    if pending == total:
        return f"{total} to review"
    return f"{pending} to review of {total}"


def _by_category(counts: Sequence[tuple[str, tuple[int, int]]]) -> str:
    """ "Eyewitness identification: 3 to review; Recantation: 1 reviewed"."""
    return "; ".join(f"{label(FLAG_CATEGORY, c)}: {_in_words(n, p)}" for c, (n, p) in counts)


def _column(case_ids: Sequence[int]) -> dict[int, CaseFact]:
    result = {}
    for case_id, by_category in flag_counts(case_ids).items():
        total = sum(n for n, _ in by_category.values())
        pending = sum(p for _, p in by_category.values())
        result[case_id] = CaseFact(
            text=_in_words(total, pending),
            tab="flags",
            tone="soon" if pending else "",
            title=_by_category(sorted(by_category.items())),
        )
    return result


def _summary(case: Case, user: User) -> CaseFact | None:
    by_category = flag_counts([case.pk]).get(case.pk)
    if by_category:
        return CaseFact(
            text=_by_category(sorted(by_category.items(), key=lambda kv: -kv[1][0])),
            tab="flags",
            tone="soon" if any(p for _, p in by_category.values()) else "",
        )
    processed = document_status_counts(case).get(DocumentStatus.INDEXED, 0)
    if processed:
        return CaseFact(
            text=f"None raised in {processed} processed document{'s' if processed != 1 else ''} "
            "(no flag is not a finding)",
            tab="flags",
        )
    return None


def case_facts_install() -> None:
    case_list_column("flags", "Flags", _column, after="activity")
    case_summary_line("flags", "Flags", _summary, after="tasks")
