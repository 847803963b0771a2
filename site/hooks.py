"""MkDocs hook: pages made at build time from the code itself, so they cannot drift: the
command reference (from the Typer app) and the glossary (iopcost.render.glossary)."""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, page: Any, **_kwargs: Any) -> str:
    """Fill each page's marker with what it stands for."""
    if "<!-- commands -->" in markdown:
        from iopcost.cli.reference import reference_markdown

        markdown = markdown.replace("<!-- commands -->", reference_markdown())
    if "<!-- glossary -->" in markdown:
        from iopcost.render.glossary import glossary_markdown

        markdown = markdown.replace("<!-- glossary -->", glossary_markdown())
    return markdown
