"""The /speaker chart: a transparent PNG whose bars and text stay readable on Discord's dark
and light themes (at least 3:1 contrast on both, WCAG's minimum for graphics and large
text), drawn only when some quote has a date."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bot.speaker_chart import quotes_per_month_png
from retrieval.speaker_record.model import MonthCount

DARK, LIGHT = (0x31, 0x33, 0x38), (0xFF, 0xFF, 0xFF)  # Discord's message backgrounds
COUNTS = [3, 0, 7, 1, 12, 4, 3, 0, 7, 1, 12, 4]
MONTHS = [MonthCount(f"2023-{m:02d}", n) for m, n in enumerate(COUNTS, 1)]


def luminance(rgb: tuple[int, ...]) -> float:
    def linear(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def chart() -> Image.Image:
    png = quotes_per_month_png(MONTHS, "Quotes per month: Daniel Whitfield")
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png)).convert("RGBA")


def test_background_is_transparent(chart: Image.Image) -> None:
    width, height = chart.size
    corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
    assert all(chart.getpixel(xy)[3] == 0 for xy in corners)


def test_everything_drawn_is_readable_on_dark_and_light_themes(chart: Image.Image) -> None:
    # Fully opaque pixels are the bars, the text and the axes, without antialiased edges.
    pixels = np.asarray(chart).reshape(-1, 4)
    drawn = pixels[pixels[:, 3] == 255]
    colours = {tuple(int(c) for c in p[:3]) for p in drawn}
    assert len(drawn) > 2000 and len(colours) >= 2  # bars and ink
    for colour in colours:
        assert contrast(colour, DARK) >= 3.0, colour
        assert contrast(colour, LIGHT) >= 3.0, colour


def test_no_chart_without_a_dated_quote() -> None:
    assert quotes_per_month_png([], "Quotes") is None
    assert quotes_per_month_png([MonthCount("2023-01", 0)], "Quotes") is None
