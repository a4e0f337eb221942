"""The SVG chart module (plain Python, no Django)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405  (parses our own output in tests)

from habeas.reports.charts import WIDTH, Bar, bar_chart, bars, chart_svg, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_accessible_and_well_formed() -> None:
    svg = bar_chart(
        "Declined by reason",
        "Cases declined, by reason code.",
        bars([("No consent", 3), ("Other", 1)]),
    )
    root = ET.fromstring(svg)  # noqa: S314  # parses: valid XML
    assert root.get("role") == "img" and root.get("aria-label") == "Declined by reason"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    labelledby = root.get("aria-labelledby", "").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == labelledby  # type: ignore[union-attr]


def test_bar_lengths_are_proportional() -> None:
    svg = bar_chart("t", "d", bars([("a", 10), ("b", 5), ("c", 0)]))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert widths[0] < WIDTH


def test_text_is_escaped() -> None:
    svg = bar_chart("<script>x</script>", "a & b", [Bar('<b>"label"</b>', 1)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    ET.fromstring(svg)  # noqa: S314


def test_empty_chart_says_no_data() -> None:
    for svg in (bar_chart("t", "d", []), column_chart("t", "d", [])):
        assert "No data" in svg
        ET.fromstring(svg)  # noqa: S314


def test_column_chart_thins_axis_labels_but_keeps_every_value() -> None:
    data = [(f"2012-{m:02d}", float(m)) for m in range(1, 13)] * 10  # 120 periods
    svg = chart_svg("column", "Received", "per month", data)
    root = ET.fromstring(svg)  # noqa: S314
    assert len(root.findall(f"{SVG}rect")) == 120
    assert len([t for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]) <= 12
    assert "2012-05: 5" in svg  # every column has its own tooltip title


def test_values_are_formatted() -> None:
    assert Bar("x", 1234).text == "1,234"
    assert Bar("x", 12.25).text == "12.2" or Bar("x", 12.25).text == "12.3"
    assert Bar("x", 3, "3 cases").text == "3 cases"


def test_months_without_applications_are_zero_columns() -> None:
    from habeas.reports.charts import months_filled

    assert months_filled([]) == []
    assert months_filled([("2023-11", 2), ("2024-02", 1)]) == [
        ("2023-11", 2),
        ("2023-12", 0),
        ("2024-01", 0),
        ("2024-02", 1),
    ]
    assert months_filled([("2024-05", 3)]) == [("2024-05", 3)]
