"""A small bar chart of a speaker's quotes per month, as PNG bytes.

matplotlib's object API with its Agg canvas: no pyplot state, so charts drawn on worker
threads never touch each other, and nothing needs a display. The background is transparent,
so the chart sits on whichever theme the reader uses; the bars and the text are mid-tones with
at least 3:1 contrast (WCAG's minimum for graphics and large text) against both Discord's dark
(#313338) and light (#FFFFFF) message backgrounds. matplotlib is imported only when a chart is
drawn (it costs half a second)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from retrieval.speaker_record.model import MonthCount

BAR = "#3B82F6"  # contrast 3.4 on dark, 3.7 on light
INK = "#808891"  # contrast 3.5 on dark, 3.6 on light
MAX_LABELS = 12
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _label(month: str) -> str:
    return f"{_MONTHS[int(month[5:7]) - 1]} {month[2:4]}"


def quotes_per_month_png(months: Sequence[MonthCount], title: str) -> bytes | None:
    """The chart, or None when no quote has a date."""
    if not months or not any(m.quotes for m in months):
        return None
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 2.4), dpi=100)
    axes = figure.add_subplot()
    positions = range(len(months))
    axes.bar(positions, [m.quotes for m in months], color=BAR, width=0.8)
    step = max(1, -(-len(months) // MAX_LABELS))
    ticks = list(positions)[::step]
    axes.set_xticks(ticks, [_label(months[i].month) for i in ticks], rotation=0, fontsize=9)
    axes.set_title(title, color=INK, fontsize=11, loc="left", fontweight="bold")
    axes.tick_params(colors=INK, labelsize=9)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="y", color=INK, alpha=0.25, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(INK)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", transparent=True)
    return out.getvalue()
