"""Charts as server-rendered SVG (pygal), drawn from a Table's numbers.

pygal writes a <script> with its settings into every chart, and its stylesheet as a
<style> element, and comments with its web address. Every <script> and comment is
taken out, and so is what only its script would use (the tooltips' data), which with
coordinates to fifteen digits (and, in an image, the chart's id before every rule of
its stylesheet) made a chart two to three times the size it needs (the dashboard has two dozen). The page shows the chart as <img src="data:image/svg+xml;base64,…">:
an SVG shown as an image is a document of its own, in which nothing runs and nothing
is fetched, and its <style> applies only inside it, so the page's Content-Security-
Policy (img-src 'self' data:, style-src 'self', no inline script) holds without any
exception. The PDF report embeds the same SVG inline (WeasyPrint draws it; PDFs have
no CSP). Either way the numbers are in the table beside the chart.
"""

import base64
import math
import re
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from sigap.reporting.selectors import Table

SVG_NS = "http://www.w3.org/2000/svg"
# The site's colours and system fonts (static/css/sigap.css), no web fonts.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1f",
    foreground_strong="#1b1b1f",
    foreground_subtle="#c9c9d3",
    colors=("#5a2380", "#1d6b35", "#a1131a", "#8a5a00"),
    font_family='system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=16,
    value_colors=("#ffffff",),
)
# Close to the width the page gives a chart, so its text shows at about its own size.
WIDTH = 560
WIDE = 880
ROW_HEIGHT = 30


# Elements only pygal's script reads (tooltip data and box), and titles, which an SVG
# shown as an image never displays.
UNUSED_TAGS = {"script", "desc", "title"}
DECIMALS = re.compile(r"\d+\.\d{2,}")
GEOMETRY = ("x", "y", "width", "height", "d", "transform")


def _tenths(value: str) -> str:
    """Numbers to a tenth of a pixel, which no screen or printer shows finer."""
    return DECIMALS.sub(lambda match: f"{float(match.group()):.1f}", value)


def _strip(root):
    """Remove every <script> and comment: nothing in a chart runs or points outside.
    Then what is left unused without the script, and digits nobody sees."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if child.tag is ElementTree.Comment or tag in UNUSED_TAGS or "tooltip-overlay" in child.get("class", ""):
                parent.remove(child)
        for name in GEOMETRY:
            if name in parent.attrib:
                parent.set(name, _tenths(parent.get(name)))
        if "tooltip-trigger" in parent.get("class", ""):
            parent.set("class", parent.get("class").replace(" tooltip-trigger", ""))
    return root


def _ticks(top: float) -> list[int]:
    """Whole-number steps up to `top` (counts have no fractions), at most about eight."""
    step = max(1, math.ceil(top / 8))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if nice >= step:
            step = nice
            break
    return list(range(0, math.ceil(top / step) * step + 1, step))


def chart_svg(table: Table) -> str:
    """The table's chart column as SVG markup, or "" for a table without a chart."""
    if not table.chart or not table.rows:
        return ""
    values = [value if isinstance(value, int | float) else None for value in table.column(table.chart_column)]
    labels = [str(row[0]) for row in table.rows]
    horizontal = table.chart == "hbar"
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(200, 80 + ROW_HEIGHT * len(labels)) if horizontal else 380
    ticks = _ticks(max([value for value in values if value] or [1]))
    chart = chart_class(
        style=STYLE,
        width=WIDE if len(table.headers) > 3 or not horizontal else WIDTH,
        height=height,
        disable_xml_declaration=True,
        js=[],
        show_legend=False,
        print_values=True,
        print_zeroes=False,
        x_label_rotation=0 if horizontal else 45,
        truncate_label=-1,
        truncate_legend=-1,
        margin=12,
        no_data_text="0",
        title=None,
        include_x_axis=True,
        range=(0, ticks[-1]),
        y_labels=ticks,
    )
    if horizontal:
        # pygal draws the first bar at the bottom; the table reads top down.
        labels, values = labels[::-1], values[::-1]
    chart.x_labels = labels
    chart.add(str(table.headers[table.chart_column]), values)
    chart.add_xml_filter(_strip)
    return chart.render(is_unicode=True)


CHART_ID = re.compile(r' id="(chart-[0-9a-f-]+)"')


def _unscoped(svg: str) -> str:
    """pygal scopes every rule of its stylesheet to the chart's id, for a page holding
    charts inline (the PDF report). An image is a document of its own: no scope needed."""
    match = CHART_ID.search(svg)
    if not match:
        return svg
    chart_id = match.group(1)
    return svg.replace(match.group(0), "", 1).replace(f"#{chart_id} ", "").replace(f"#{chart_id}", "svg")


def chart_data_uri(table: Table) -> str:
    svg = _unscoped(chart_svg(table))
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
