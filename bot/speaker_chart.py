"""A small bar chart of a speaker's quotes per month, as PNG bytes.

matplotlib's object API with its Agg canvas: no pyplot state, so charts drawn on worker
threads never touch each other, and nothing needs a display. Transparent background, blue
bars and mid-grey text: readable on Discord's dark and light themes alike. matplotlib is
imported only when a chart is drawn (it costs half a second)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from retrieval.speaker_record.model import MonthCount

BAR = "#5865F2"
INK = "#8E9297"  # mid grey: as legible on #313338 (dark) as on #FFFFFF (light)
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
    axes.set_xticks(ticks, [_label(months[i].month) for i in ticks], rotation=0, fontsize=8)
    axes.set_title(title, color=INK, fontsize=10, loc="left")
    axes.tick_params(colors=INK, labelsize=8)
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
