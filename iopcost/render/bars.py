"""The chart's rows, computed once for the terminal chart and the SVG image.

A bar's row shows its list-price range; with plan terms a second row shows
what the family pays of it. Each row carries its amounts as text, and whether
it is the family's.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from iopcost.core import money
from iopcost.core.language import N_, _
from iopcost.render.figures import Shown
from iopcost.render.sheet import Bar

PAYS_LABEL = N_("you pay")


class ChartRow(NamedTuple):
    """One drawn row: its label, its range on the scale, the range as text."""

    label: str
    low: Decimal
    high: Decimal
    amount: str
    # What the family pays (drawn apart), or the list price.
    pays: bool


def chart_rows(bars: Sequence[Bar], *, symbol: str) -> tuple[ChartRow, ...]:
    """Each bar's list-price row, then with plan terms the family's row."""
    shown = Shown(symbol, money.has_cents(a for bar in bars for a in (bar.low, bar.high)))
    rows: list[ChartRow] = []
    for bar in bars:
        rows.append(
            ChartRow(
                label=bar.label,
                low=bar.low,
                high=bar.high,
                amount=shown.range(bar.low, bar.high),
                pays=False,
            )
        )
        if bar.patient_low is not None and bar.patient_high is not None:
            pays = shown.range(bar.patient_low, bar.patient_high)
            rows.append(
                ChartRow(
                    label=_(PAYS_LABEL),
                    low=bar.patient_low,
                    high=bar.patient_high,
                    amount=pays,
                    pays=True,
                )
            )
    return tuple(rows)


def by_kind(bars: Sequence[Bar]) -> list[tuple[str | None, tuple[Bar, ...]]]:
    """The bars in groups of one kind of price each, in the order first met: each group is
    drawn on a scale of its own, and kinds are never drawn one against another."""
    groups: dict[str | None, list[Bar]] = {}
    for bar in bars:
        groups.setdefault(bar.kind, []).append(bar)
    return [(kind, tuple(members)) for kind, members in groups.items()]


def kind_caption(kind: str | None) -> str:
    """What a group's figures are, for its caption: "list prices", "cash price (paying
    yourself)"."""
    from iopcost.core.charges import PriceKind

    return _("list prices") if kind is None else PriceKind(kind).plain


def chart_scale(bars: Sequence[Bar]) -> Decimal:
    """The amount the full width of the chart stands for: the highest bar."""
    return max((bar.high for bar in bars), default=Decimal(0))
