"""Charts as data, drawn as inline SVG (the portfolio page) and as Word charts (.docx).

A :class:`Chart` is a clustered column chart: categories (years, stages, investments)
and a few series of whole numbers. A value of ``None`` is "not measured" (or not
reported): it draws no column and is labelled so, never as a zero column. Both
renderers read the same object, so the page and the Word document show the same
figures. Nothing here imports a chart library: the SVG is text, the Word chart is
DrawingML written by ``docx_charts.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from socinv.i18n import Lang, kronor
from socinv.io.xmltext import attribute, escape

#: series colours (also the Word chart's), distinguishable in grey print
COLOURS = ("1F4E79", "E07B00", "5B9B3A", "8C8C8C", "7A3E9D")


@dataclass(frozen=True)
class Series:
    """One series of a chart."""

    name: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of a paper: title, categories and series."""

    key: str  # a stable name: "pipeline", "budget", "savings", "money", "annex"
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kronor: bool = True  # False: counts
    missing: str = ""  # the label of a None value ("inte mätt")
    description: str = ""  # the chart in words (alt text)

    @property
    def empty(self) -> bool:
        """Nothing to draw: no category, or every value 0 or not measured."""
        return not self.categories or all(
            not value for series in self.series for value in series.values)


def axis_ticks(top: int) -> list[int]:
    """Round tick values from 0 to at least ``top`` (four to six steps)."""
    if top <= 0:
        return [0, 1] if top == 0 else [0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]


def _short(value: int, lang: Lang, money: bool) -> str:
    """An axis label: ``1,5 mnkr`` / ``SEK 1.5m`` for millions, else the full figure."""
    if not money:
        return str(value)
    if abs(value) >= 1_000_000:
        number = f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".")
        return f"{number.replace('.', ',')} mnkr" if lang == "sv" else f"SEK {number}m"
    if abs(value) >= 1000:
        number = f"{value / 1000:.0f}"
        return f"{number} tkr" if lang == "sv" else f"SEK {number}k"
    return kronor(value, lang)


def svg(chart: Chart, lang: Lang, width: int = 1080, height: int = 320) -> str:
    """The chart as an inline ``<svg>`` element (no namespace URL: HTML5 needs none)."""
    left, right, top, bottom = 78, 16, 34, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in chart.series for v in s.values if v is not None]
    low = min([0, *values])
    ticks = axis_ticks(max([0, *values]))
    if low < 0:
        ticks = [-t for t in reversed(axis_ticks(-low)[1:])] + ticks
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1

    def y(value: int) -> float:
        return top + plot_h - (value - lo) / span * plot_h

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{attribute(chart.title)}">',
           f"<title>{escape(chart.title)}</title>",
           f'<text x="{left}" y="18" class="chart-title">{escape(chart.title)}</text>']
    for tick in ticks:
        ty = y(tick)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
                   f'class="{"axis" if tick == 0 else "grid"}"/>')
        out.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" class="tick" text-anchor="end">'
                   f"{escape(_short(tick, lang, chart.kronor))}</text>")
    count = max(len(chart.categories), 1)
    group = plot_w / count
    series = max(len(chart.series), 1)
    bar = min(group * 0.8 / series, 56)
    for index, category in enumerate(chart.categories):
        start = left + index * group + (group - bar * series) / 2
        for number, item in enumerate(chart.series):
            value = item.values[index] if index < len(item.values) else None
            x = start + number * bar
            colour = COLOURS[number % len(COLOURS)]
            if value is None:
                if chart.missing:
                    out.append(f'<text x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" '
                               f'class="missing" text-anchor="start" transform="rotate(-90 '
                               f'{x + bar / 2:.1f} {y(0) - 4:.1f})">{escape(chart.missing)}'
                               "</text>")
                continue
            y0, y1 = sorted((y(0), y(value)))
            label = kronor(value, lang) if chart.kronor else str(value)
            out.append(f'<rect x="{x + 1:.1f}" y="{y0:.1f}" width="{max(bar - 2, 1):.1f}" '
                       f'height="{max(y1 - y0, 0.5):.1f}" fill="#{colour}">'
                       f"<title>{escape(item.name)}, {escape(category)}: "
                       f"{escape(label)}</title></rect>")
        name = category if len(category) <= 28 else category[:27] + "…"
        out.append(f'<text x="{left + index * group + group / 2:.1f}" '
                   f'y="{top + plot_h + 16}" class="category" text-anchor="middle">'
                   f"{escape(name)}</text>")
    x = left
    for number, item in enumerate(chart.series):
        colour = COLOURS[number % len(COLOURS)]
        out.append(f'<rect x="{x}" y="{height - 20}" width="12" height="12" '
                   f'fill="#{colour}"/>')
        out.append(f'<text x="{x + 17}" y="{height - 10}" class="legend">'
                   f"{escape(item.name)}</text>")
        x += 30 + int(len(item.name) * 7.2)
    out.append("</svg>")
    return "\n".join(out)


