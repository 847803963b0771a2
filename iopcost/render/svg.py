"""The cost chart as an SVG image: light background, one scale, amounts as text.

Drawn with plain rectangles and text in a generic font, so it looks the same in a
browser and after conversion (rsvg-convert); every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from iopcost.core.language import _
from iopcost.render.bars import chart_rows, chart_scale
from iopcost.render.sheet import Bar

WIDTH = 760
LABEL = 230
AMOUNTS = 190
ROW = 26
BAR = 14
TOP = 40
MAX_LABEL = 30
INK = "#1f2933"
LIST_LOW, LIST_HIGH = "#2f6f9f", "#9cc3e0"
PAID_LOW, PAID_HIGH = "#a33d6b", "#e3a7c1"


def _scaled(amount: Decimal, scale: Decimal, span: int) -> float:
    if scale <= 0 or amount <= 0:
        return 0.0
    return round(float(amount / scale) * span, 1)


def chart_svg(bars: Sequence[Bar], *, symbol: str, title: str = "Cost on one scale") -> str:
    """An SVG chart of the bars: each range on one scale, and what the family pays of it."""
    rows = chart_rows(bars, symbol=symbol)
    insured = any(row.pays for row in rows)
    span = WIDTH - LABEL - AMOUNTS - 20
    scale = chart_scale(bars)
    height = TOP + ROW * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label={quoteattr(title)} '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold" fill="{INK}">'
        f"{escape(title)}</text>",
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        label = row.label
        if not row.pays and len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        solid, light = (PAID_LOW, PAID_HIGH) if row.pays else (LIST_LOW, LIST_HIGH)
        low_width = _scaled(row.low, scale, span)
        high_width = max(low_width, _scaled(row.high, scale, span))
        indent = 24 if row.pays else 10
        style = ' font-style="italic"' if row.pays else ""
        parts += [
            f'<text x="{indent}" y="{y + BAR - 2}" fill="{INK}"{style}>{escape(label)}</text>',
            f'<rect x="{LABEL}" y="{y}" width="{high_width}" height="{BAR}" fill="{light}"/>',
            f'<rect x="{LABEL}" y="{y}" width="{low_width}" height="{BAR}" fill="{solid}"/>',
            f'<text x="{WIDTH - 10}" y="{y + BAR - 2}" text-anchor="end" fill="{INK}">'
            f"{escape(row.amount)}</text>",
        ]
    key = _("dark: up to the low estimate; light: up to the high")
    if insured:
        key += _("; red: what you pay")
    parts.append(
        f'<text x="10" y="{height - 10}" font-size="11" fill="#52606d">{escape(key)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
