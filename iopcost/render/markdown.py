"""The Markdown rendering: a GitHub-style table, its bottom line and notes, shown literally."""

from __future__ import annotations

from iopcost.render.sheet import Sheet

# What could start emphasis, code, a link, an autolink, HTML or an entity, or
# end a table cell. Backslash escapes are CommonMark's own.
_MARKDOWN = {ord(c): "\\" + c for c in "\\`*_[]|"}
_MARKDOWN.update({ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"})


def escaped(text: str) -> str:
    """Text for a Markdown document or table cell, shown literally."""
    return text.translate(_MARKDOWN)


def markdown_text(sheet: Sheet) -> str:
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
    lines += [f"- {cell(note)}" for note in sheet.notes]
    return "\n".join(lines) + "\n"
