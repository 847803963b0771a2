"""The cost chart: one bar per level or step, on one scale, low-to-high range distinct.

Each bar is drawn in two parts: solid up to the low total, then a lighter run
from low to high. With plan terms a second, thinner bar shows what the family
pays. Without colour the bars use plain ASCII (# and =, with - for the family).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from iopcost.core.language import _
from iopcost.render.bars import by_kind, chart_rows, chart_scale, kind_caption
from iopcost.render.sheet import Bar

MIN_BAR = 10
MAX_LABEL = 30


def bar_cells(amount: Decimal, scale: Decimal, width: int) -> int:
    """How many cells of a `width`-cell bar stand for `amount` when `scale` fills it."""
    if scale <= 0 or amount <= 0:
        return 0
    cells = (amount / scale * width).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(0, min(width, int(cells)))


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Text padded with spaces to `width` terminal cells."""
    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space


class CostChart:
    """A Rich renderable that fits its bars to the width it is given.

    Wide enough, each bar sits on one line between its label and its amounts;
    narrower, or with a label longer than MAX_LABEL cells, each label goes whole on a
    line of its own above its bar and amounts.
    """

    def __init__(self, bars: Sequence[Bar], *, symbol: str) -> None:
        self.bars = tuple(bars)
        self.symbol = symbol

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        groups = by_kind(self.bars)
        for index, (kind, bars) in enumerate(groups):
            if index:
                yield Text("")
            caption = kind_caption(kind) if len(groups) > 1 else None
            yield from self._group(console, options, bars, caption)

    def _group(
        self,
        console: Console,
        options: ConsoleOptions,
        bars: Sequence[Bar],
        caption: str | None,
    ) -> RenderResult:
        """One kind's bars on a scale of their own (`caption`: which kind, when several)."""
        plain = console.no_color or console.color_system is None
        solid, spread, family = ("#", "=", "-") if plain else ("█", "░", "▆")
        rows = chart_rows(bars, symbol=self.symbol)
        insured = any(row.pays for row in rows)
        labels = [f"  {row.label}" if row.pays else row.label for row in rows]
        label_width = max(cell_len(label) for label in labels)
        amount_width = max(cell_len(row.amount) for row in rows)
        width = options.max_width
        inline_width = width - label_width - amount_width - 4
        # A label is never cut (the part that tells bars apart, a hospital's name or a
        # step's level, is often at its end): a long one goes on a line of its own.
        stacked = inline_width < MIN_BAR or label_width > MAX_LABEL
        bar_width = max(MIN_BAR, width - amount_width - 2) if stacked else inline_width
        scale = chart_scale(bars)

        key = _(
            "{solid} up to the low estimate, {spread} up to the high", solid=solid, spread=spread
        )
        title = (
            _("Cost on one scale: ")
            if caption is None
            else _("Cost on one scale, {kind}: ", kind=caption)
        )
        yield Text(title, style="bold").append(
            key + (_("; {family} what you pay", family=family) if insured else ""), style="dim"
        )
        for label, row in zip(labels, rows, strict=True):
            marks = (family, spread) if row.pays else (solid, spread)
            styles = ("magenta", "magenta dim") if row.pays else ("cyan", "cyan dim")
            low_cells = bar_cells(row.low, scale, bar_width)
            high_cells = max(low_cells, bar_cells(row.high, scale, bar_width))
            drawn = Text(marks[0] * low_cells, style=styles[0])
            drawn.append(marks[1] * (high_cells - low_cells), style=styles[1])
            line = Text() if stacked else Text(pad(label, label_width) + "  ")
            line.append_text(drawn)
            line.append(
                " " * (bar_width - high_cells) + "  " + pad(row.amount, amount_width, right=True)
            )
            if stacked:
                yield Text(label if row.pays else label.strip(), style="italic" if row.pays else "")
            yield line


def cost_chart(bars: Sequence[Bar], *, symbol: str) -> CostChart:
    """The chart for a sheet's bars."""
    return CostChart(bars, symbol=symbol)
