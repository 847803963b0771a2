"""The Rich rendering for people: the table, its notes and the cost chart.

Imported only when a table is drawn, so machine formats never load Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from iopcost.render.notes import on_terminal
from iopcost.render.sheet import Column, Sheet
from iopcost.render.words import hidden_note

GAP = 2  # one separator and one space of padding between columns
# Narrower than this (COLUMNS=0, 1, 10) is no terminal a table can use: 80 is assumed.
MIN_WIDTH = 30
# Wider than this gains nothing, and a huge COLUMNS must not cost memory.
MAX_WIDTH = 240
RANGE = " - "


def _unbreakable(text: str, numeric: bool) -> int:
    """The widest part of a cell that must stay on one line, in terminal cells.

    An amount never breaks; a range may break after its dash ("$4,400 -" over
    "$6,080"); text may break between words.
    """
    if numeric:
        low, dash, high = text.partition(RANGE)
        return max(cell_len(low + dash.rstrip()), cell_len(high)) if dash else cell_len(text)
    return max((cell_len(word) for word in text.split()), default=1)


def _least(column: Column, texts: Sequence[str]) -> int:
    """The narrowest a column can be: whole amounts, whole words in labels and names."""
    words = max((cell_len(word) for word in column.label.split()), default=1)
    return max([words, *(_unbreakable(text, column.numeric) for text in texts[1:])])


def _most(texts: Sequence[str]) -> int:
    return max(cell_len(text) for text in texts)


def fit_columns(sheet: Sheet[Any], width: int) -> tuple[list[int], list[int | None]] | None:
    """Which columns to show at `width`, and how wide: amounts whole, text wrapped.

    Returns the indexes kept and each kept column's width (None: the natural
    width), or None when even the columns that cannot be hidden do not fit.
    """
    total = sheet.total_cells()
    rows = [*sheet.cells(), *([total] if total else [])]
    texts = [[column.label, *(row[i] for row in rows)] for i, column in enumerate(sheet.columns)]
    least = [_least(column, texts[i]) for i, column in enumerate(sheet.columns)]
    most = [_most(texts[i]) for i in range(len(sheet.columns))]
    kept = list(range(len(sheet.columns)))

    def needed(indexes: list[int], sizes: list[int]) -> int:
        return sum(sizes[i] for i in indexes) + GAP * (len(indexes) - 1)

    droppable = sorted(
        (c.hide_rank, i) for i, c in enumerate(sheet.columns) if c.hide_rank is not None
    )
    while needed(kept, least) > width and droppable:
        kept.remove(droppable.pop(0)[1])
    if needed(kept, least) > width:
        return None
    if needed(kept, most) <= width:
        return kept, [None] * len(kept)
    sizes = {i: least[i] for i in kept}
    spare = width - needed(kept, least)
    # Room left goes first to text columns that it lets unwrap entirely (the
    # closest first), then to the one furthest from its natural width.
    short = sorted(
        (most[i] - sizes[i], i) for i in kept if not sheet.columns[i].numeric and sizes[i] < most[i]
    )
    for deficit, index in short:
        if deficit <= spare:
            sizes[index] += deficit
            spare -= deficit
    if spare > 0 and short:
        widest = max(short)[1]
        sizes[widest] += min(spare, most[widest] - sizes[widest])
    return kept, [sizes[i] for i in kept]


def stacked(sheet: Sheet[Any]) -> RenderableType:
    """The sheet as a list, one record after another, for a terminal too narrow for a table."""
    text = Text()
    text.append(sheet.title + "\n", style="bold")
    rows = [*sheet.cells(), *([total] if (total := sheet.total_cells()) else [])]
    for row in rows:
        text.append("\n" + row[0] if row[0] else "\n", style="bold")
        for column, cell in zip(sheet.columns[1:], row[1:], strict=True):
            if cell:
                text.append(f"\n  {column.label}: {cell}")
        text.append("\n")
    return text


def sheet_table(sheet: Sheet[Any], *, width: int) -> tuple[RenderableType, list[Column]]:
    """The sheet as a Rich table fitted to `width` (or a list, where no table fits),
    and the columns it had to hide."""
    fitted = fit_columns(sheet, width)
    if fitted is None:
        return stacked(sheet), []
    kept, widths = fitted
    cells = sheet.cells()
    total = sheet.total_cells()
    table = Table(
        title=escape(sheet.title),
        box=box.SIMPLE_HEAD,
        title_style="bold",
        title_justify="left",
        show_edge=False,
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    for index, size in zip(kept, widths, strict=True):
        column = sheet.columns[index]
        table.add_column(
            escape(column.label),
            justify="right" if column.numeric else "left",
            width=size,
        )
    for row in cells:
        table.add_row(*(escape(row[i]) for i in kept))
    if total is not None:
        table.add_section()
        table.add_row(*(escape(total[i]) for i in kept), style="bold")
    hidden = [column for i, column in enumerate(sheet.columns) if i not in kept]
    return table, hidden


def notes_text(notes: Sequence[str]) -> Text:
    """The assumptions and source under the table, the last line emphasised."""
    text = Text()
    for index, note in enumerate(notes):
        last = index == len(notes) - 1
        text.append(note + ("" if last else "\n"), style="bold" if last else "dim")
    return text


def sheet_renderable(sheet: Sheet[Any], *, width: int, chart: bool = True) -> RenderableType:
    """The table, the chart (unless turned off), then the notes."""
    if not sheet.records:
        # No rows: the title alone says so, and the notes say why.
        said = on_terminal(sheet.notes)
        return Group(Text(sheet.title, style="bold"), Text(""), notes_text(said))
    table, hidden = sheet_table(sheet, width=width)
    parts: list[RenderableType] = [table, Text("")]
    if sheet.bottom_line:
        parts += [Text(" ".join(sheet.bottom_line), style="bold"), Text("")]
    bars = sheet.bars() if chart else ()
    if bars:
        from iopcost.render.chart import cost_chart

        parts += [cost_chart(bars, symbol=sheet.symbol), Text("")]
    notes = on_terminal(sheet.notes)
    if hidden:
        notes.insert(0, hidden_note([column.label for column in hidden], sheet.whole))
    parts.append(notes_text(notes))
    return Group(*parts)


class TerminalConsole(Console):
    """A Rich console that lets a closed pipe be handled like any other.

    Rich's own handling exits 1; iopcost ends quietly with 0 (`| head`).
    """

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def print_sheet(sheet: Sheet[Any], out: TextIO, *, chart: bool = True) -> None:
    """Print a sheet for people, fitted to the terminal's (or COLUMNS') width, with no
    line padded past its last character."""
    console = TerminalConsole(file=out)
    width = console.width
    if width < MIN_WIDTH:
        width = 80
    console.width = min(width, MAX_WIDTH)
    with console.capture() as captured:
        console.print(sheet_renderable(sheet, width=console.width, chart=chart))
    out.write("\n".join(line.rstrip() for line in captured.get().split("\n")))
