"""The translation catalogues: every sentence iopcost says, gathered from the code (`_`,
`N_`, `plural`), the page templates and the commands' own help, into
iopcost/locale/iopcost.pot; each language's .po kept in step with it; each .po compiled
to the .mo that ships in the wheel. Run after changing a sentence (a test says when):

    python scripts/messages.py          # extract, update every .po, compile

Then translate the new entries of each .po (empty, or marked fuzzy) and run it again.
Needs Babel (the test extra).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "iopcost" / "locale"
TEMPLATE = LOCALE / "iopcost.pot"
KEYWORDS = {"_": None, "N_": None, "plural": (1, 2), "N_plural": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
HEADER = "The sentences iopcost says, in English as written; each language's .po translates them."


def messages() -> list[str | tuple[str, str]]:
    """Every message id, in a stable order: the code's and templates', then the commands'
    help (their docstrings, as Typer reads them)."""
    found: dict[str | tuple[str, str], None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "iopcost", METHODS, keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": ""}},
    ):  # fmt: skip
        found[message] = None
    for text in command_help():
        found[text] = None
    return list(found)


def command_help() -> list[str]:
    """Each command's and group's help, as built in English."""
    import typer

    from iopcost.cli import app
    from iopcost.core.language import speak

    speak("en")
    texts: list[str] = []
    pending = [typer.main.get_command(app)]
    while pending:
        command = pending.pop(0)
        if command.help:
            texts.append(command.help)
        children = getattr(command, "commands", {})
        pending += [children[name] for name in sorted(children)]
    return texts


def template() -> Catalog:
    catalog = Catalog(project="iopcost", header_comment=f"# {HEADER}", fuzzy=False)
    for message in messages():
        catalog.add(message)
    return catalog


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=96, omit_header=False, no_location=True, sort_output=False,
             ignore_obsolete=True)  # fmt: skip
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` unless only the creation date in its header would change."""
    dated = re.compile(rb'"POT-Creation-Date: [^"]*"\n')
    if path.exists() and dated.sub(b"", path.read_bytes()) == dated.sub(b"", data):
        return
    path.write_bytes(data)


def languages() -> list[Path]:
    """Each language's .po."""
    return sorted(LOCALE.glob("*/LC_MESSAGES/iopcost.po"))


def main() -> None:
    fresh = template()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    _write(TEMPLATE, po_text(fresh))
    for po in languages():
        with po.open("rb") as source:
            catalog = read_po(source)
        created = catalog.creation_date  # kept: a run that changes nothing changes no file
        catalog.update(fresh, no_fuzzy_matching=True)
        catalog.creation_date = created
        catalog.obsolete.clear()
        _write(po, po_text(catalog))
        po.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        print(f"{po.relative_to(ROOT)}: {len(catalog) - 1} messages, {len(missing)} to translate")
    print(f"Wrote {TEMPLATE.relative_to(ROOT)}: {len(fresh) - 1} messages.", file=sys.stderr)


if __name__ == "__main__":
    main()
