"""`levels`' sheet: the loaded levels, their units, schedules and rates (columns only)."""

from __future__ import annotations

from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.units import unit_word
from iopcost.render import source_words
from iopcost.render.contract import LEVELS_KEYS, LevelRecord
from iopcost.render.estimate_documents import levels_document
from iopcost.render.notes import Note
from iopcost.render.sheet import Column, Sheet, field, rate


def levels_sheet(table: CostTable) -> Sheet[LevelRecord]:
    """The loaded levels: ids, units, schedules and rate ranges, with their source."""
    document = levels_document(table)
    columns = (
        Column(_("Id"), field("id")),
        Column(_("Level of care"), field("name")),
        Column(_("Billed per"), lambda record, shown: unit_word(record["unit"])),
        Column(_("Per week"), field("per_week"), numeric=True),
        Column(_("Rate"), rate, numeric=True),
    )
    return Sheet(
        title=_("Levels of care and their rates{table}", table=source_words.in_dollars(table)),
        keys=LEVELS_KEYS,
        records=tuple(document["levels"]),
        columns=columns,
        notes=(
            Note("file", _("Cost file: {origin}.", origin=source_words.origin_text(table.origin))),
            *source_words.aliases_note(table),
            *source_words.source_notes(table),
        ),
        document=document,
        symbol=table.symbol,
    )
