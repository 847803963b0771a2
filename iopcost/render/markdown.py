"""The Markdown rendering: a GitHub-style table, its bottom line and notes, shown literally."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from iopcost.render.notes import on_terminal
from iopcost.render.sheet import Sheet

# What could start emphasis, code, a link, an autolink, HTML or an entity, or
# end a table cell; and GitHub's extensions: strikethrough (~) and the autolinks it
# makes of bare addresses ("https://", "www."), broken by escaping their punctuation.
# Backslash escapes are CommonMark's own.
_MARKDOWN = {ord(c): "\\" + c for c in "\\`*_[]|~"}
_MARKDOWN.update({ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"})
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)")


def escaped(text: str) -> str:
    """Text for a Markdown document or table cell, shown literally."""
    return _AUTOLINK.sub(lambda match: "\\" + match[0], text.translate(_MARKDOWN))


def markdown_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[bool] | None = None,
    numeric_from: int | None = None,
) -> str:
    """A GitHub-style table, every text shown literally; numeric columns right-aligned
    (`numeric` per column, or every column from `numeric_from`)."""
    right = (
        list(numeric)
        if numeric is not None
        else [numeric_from is not None and index >= numeric_from for index in range(len(headers))]
    )
    lines = ["| " + " | ".join(escaped(header) for header in headers) + " |"]
    lines.append("|" + "|".join("---:" if flag else "---" for flag in right) + "|")
    lines += ["| " + " | ".join(escaped(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_text(sheet: Sheet[Any]) -> str:
    """A GitHub-style table with its title and notes, every text shown literally."""
    cell = escaped
    rows = [tuple(cell(text) for text in row) for row in sheet.cells()]
    total = sheet.total_cells()
    if total is not None:
        rows.append(tuple(f"**{cell(text)}**" if text else "" for text in total))
    lines = [f"**{cell(sheet.title)}**", ""]
    lines.append("| " + " | ".join(cell(column.label) for column in sheet.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in sheet.columns) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    if sheet.bottom_line:
        lines += [cell(" ".join(sheet.bottom_line)), ""]
    lines += [f"- {cell(note)}" for note in on_terminal(sheet.notes)]
    return "\n".join(lines) + "\n"
