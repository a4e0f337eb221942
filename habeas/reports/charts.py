"""Server-rendered SVG bar charts. Plain Python, free of Django, so the same markup works in the
browser, in the PDF (WeasyPrint renders inline SVG, and nothing is fetched) and in tests.

Every chart is ``role="img"`` with an ``aria-label`` plus ``<title>``/``<desc>``; the numbers are
always repeated in a data table next to it (screen readers and copy-paste use the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 6
PAD = 8
COLOR = "#3b6ea5"

_ids = count(1)  # unique id per chart so <title>/<desc> references never collide on one page


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""  # the value as shown; defaults to the number with thousands separators

    @property
    def text(self) -> str:
        if self.display:
            return self.display
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.1f}"


def bars(rows: Sequence[tuple[str, float]]) -> list[Bar]:
    return [Bar(label, value) for label, value in rows]


def _truncate(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, description: str, data: Sequence[Bar], *, chart_id: str = "") -> str:
    """A horizontal bar chart as an inline ``<svg>`` string (all text escaped).

    Horizontal bars keep long labels (reason codes, counties) readable without rotation.
    Negative values are drawn as zero-length bars; the table carries the real number.
    """
    cid = chart_id or f"chart-{next(_ids)}"
    rows = list(data)
    height = PAD * 2 + max(1, len(rows)) * (BAR_HEIGHT + GAP)
    peak = max((b.value for b in rows), default=0.0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    if not rows:
        parts.append(
            f'<text x="{PAD}" y="{PAD + BAR_HEIGHT - 4}" font-size="13" fill="#57606a">No data</text>'
        )
    for i, bar in enumerate(rows):
        y = PAD + i * (BAR_HEIGHT + GAP)
        length = 0.0 if peak <= 0 or bar.value <= 0 else span * bar.value / peak
        text_y = y + BAR_HEIGHT - 4
        parts.append(
            f'<g><text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" font-size="12" fill="#24292f">'
            f"{escape(_truncate(bar.label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{COLOR}"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{text_y}" font-size="12" fill="#24292f">'
            f"{escape(bar.text)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


COLUMN_AREA_HEIGHT = 160
AXIS_LABELS = 12  # at most this many x-axis labels, so a 13-year monthly series stays legible


def column_chart(title: str, description: str, data: Sequence[Bar], *, chart_id: str = "") -> str:
    """A vertical column chart for time series (months, years), as an inline ``<svg>`` string.

    With many periods only every n-th label is printed; every value is in the accompanying table.
    """
    cid = chart_id or f"chart-{next(_ids)}"
    rows = list(data)
    left, bottom, top = 44, 22, 14
    height = top + COLUMN_AREA_HEIGHT + bottom
    span = WIDTH - left - PAD
    peak = max((b.value for b in rows), default=0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top + COLUMN_AREA_HEIGHT}" x2="{WIDTH - PAD}" y2="{top + COLUMN_AREA_HEIGHT}" stroke="#8c959f"/>',
    ]
    if not rows:
        parts.append(
            f'<text x="{left + 4}" y="{top + COLUMN_AREA_HEIGHT - 6}" font-size="13" fill="#57606a">No data</text>'
        )
    else:
        peak_text = Bar("", peak).text
        parts.append(
            f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11" fill="#57606a">{escape(peak_text)}</text>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{top + COLUMN_AREA_HEIGHT}" text-anchor="end" font-size="11" fill="#57606a">0</text>'
        )
    slot = span / max(1, len(rows))
    every = max(1, -(-len(rows) // AXIS_LABELS))  # ceiling division
    for i, bar in enumerate(rows):
        h = 0.0 if peak <= 0 or bar.value <= 0 else COLUMN_AREA_HEIGHT * bar.value / peak
        x = left + i * slot
        w = max(1.0, slot * 0.8)
        parts.append(
            f'<rect x="{x + slot * 0.1:.1f}" y="{top + COLUMN_AREA_HEIGHT - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{COLOR}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="10" '
                f'fill="#24292f">{escape(_truncate(bar.label, 10))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def chart_svg(kind: str, title: str, description: str, data: Sequence[tuple[str, float]]) -> str:
    """``kind`` "column" for time series, anything else for horizontal bars."""
    series = bars(data)
    return (
        column_chart(title, description, series)
        if kind == "column"
        else bar_chart(title, description, series)
    )


def months_filled(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A monthly series ('YYYY-MM', n) with the months nobody applied in as 0, from the first month
    to the last: a column chart whose axis skipped them would not be to scale."""
    if not counts:
        return []
    known = dict(counts)
    (year, month), (last_year, last_month) = (
        tuple(int(part) for part in key.split("-")) for key in (counts[0][0], counts[-1][0])
    )
    filled = []
    while (year, month) <= (last_year, last_month):
        key = f"{year:04d}-{month:02d}"
        filled.append((key, known.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled
