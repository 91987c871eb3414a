"""Geometry for the report's bar charts; `templates/reports/_chart.html` draws it as accessible SVG.

Each bar has its own fill colour AND pattern (so print in grey and colour-blind readers can tell
bars apart), its label and value written beside it, and a 95% interval whisker.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Colour-blind-safe palette (Okabe-Ito), each paired with a pattern id in the template.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PATTERNS = ("diagonal", "dots", "cross", "horizontal", "vertical", "grid", "reverse", "solid")

WIDTH = 640
LABEL_WIDTH = 230
BAR_AREA = 330
ROW = 30
BAR = 18
TOP = 8


@dataclass
class Bar:
    label: str
    share: float | None
    ci: tuple[float, float] | None
    value_text: str
    y: float
    width: float
    colour: str
    pattern: str
    ci_x1: float | None = None
    ci_x2: float | None = None
    suppressed: bool = False


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA
    ticks: list[tuple[float, str]] = field(default_factory=list)


def bar_chart(chart_id: str, title: str, desc: str, items: Sequence[tuple[str, float | None, Sequence[float] | None, str]],
              tick_text=lambda share: f"{round(share * 100)}%") -> Chart:
    """``items``: (label, share or None when suppressed, 95% interval, value text)."""
    chart = Chart(id=chart_id, title=title, desc=desc)
    for i, (label, share, ci, value_text) in enumerate(items):
        y = TOP + i * ROW
        bar = Bar(label=label if len(label) <= 38 else label[:36] + "…", share=share,
                  ci=tuple(ci) if ci else None, value_text=value_text, y=y,
                  width=round((share or 0.0) * BAR_AREA, 2), colour=PALETTE[i % len(PALETTE)],
                  pattern=PATTERNS[i % len(PATTERNS)], suppressed=share is None)
        if ci and share is not None:
            bar.ci_x1 = round(LABEL_WIDTH + ci[0] * BAR_AREA, 2)
            bar.ci_x2 = round(LABEL_WIDTH + ci[1] * BAR_AREA, 2)
        chart.bars.append(bar)
    chart.height = TOP + len(items) * ROW + 22
    chart.ticks = [(LABEL_WIDTH + t * BAR_AREA, tick_text(t)) for t in (0, 0.25, 0.5, 0.75, 1.0)]
    return chart
