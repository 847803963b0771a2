"""The cost chart as an SVG image: light background, one scale, amounts as text.

Drawn with plain rectangles and text in a generic font, so it looks the same in a
browser and after conversion (rsvg-convert); every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from iopcost.core.language import _
from iopcost.render.bars import ChartRow, by_kind, chart_rows, chart_scale, kind_caption
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


def chart_svg(bars: Sequence[Bar], *, symbol: str, title: str) -> str:
    """An SVG chart of the bars: each range, and what the family pays of it. Bars of one
    kind of price share a scale; another kind is a group of its own, captioned, on a scale
    of its own (kinds are never drawn one against another)."""
    groups = by_kind(bars)
    captioned = len(groups) > 1
    rows = [chart_rows(members, symbol=symbol) for _kind, members in groups]
    insured = any(row.pays for group in rows for row in group)
    height = TOP + sum(ROW * (len(group) + captioned) for group in rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label={quoteattr(title)} '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold" fill="{INK}">'
        f"{escape(title)}</text>",
    ]
    y = TOP
    for (kind, members), group in zip(groups, rows, strict=True):
        if captioned:
            parts.append(
                f'<text x="10" y="{y + BAR - 2}" font-weight="bold" fill="{INK}">'
                f"{escape(_capitalised(kind_caption(kind)))}</text>"
            )
            y += ROW
        scale = chart_scale(members)
        for row in group:
            parts += _row(row, y, scale)
            y += ROW
    key = _("dark: up to the low estimate; light: up to the high")
    if insured:
        key += _("; red: what you pay")
    parts.append(
        f'<text x="10" y="{height - 10}" font-size="11" fill="#52606d">{escape(key)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(row: ChartRow, y: int, scale: Decimal) -> list[str]:
    """One row: its label, its bar on the group's scale, its amounts."""
    span = WIDTH - LABEL - AMOUNTS - 20
    label = row.label
    if not row.pays and len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    solid, light = (PAID_LOW, PAID_HIGH) if row.pays else (LIST_LOW, LIST_HIGH)
    low_width = _scaled(row.low, scale, span)
    high_width = max(low_width, _scaled(row.high, scale, span))
    indent = 24 if row.pays else 10
    style = ' font-style="italic"' if row.pays else ""
    return [
        f'<text x="{indent}" y="{y + BAR - 2}" fill="{INK}"{style}>{escape(label)}</text>',
        f'<rect x="{LABEL}" y="{y}" width="{high_width}" height="{BAR}" fill="{light}"/>',
        f'<rect x="{LABEL}" y="{y}" width="{low_width}" height="{BAR}" fill="{solid}"/>',
        f'<text x="{WIDTH - 10}" y="{y + BAR - 2}" text-anchor="end" fill="{INK}">'
        f"{escape(row.amount)}</text>",
    ]
