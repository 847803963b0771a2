"""Cost files made from hospitals' files: what prices -o writes for several hospitals."""

from __future__ import annotations

from collections.abc import Sequence

from iopcost.core.charges import PriceKind, Read
from iopcost.core.language import _


def several_hospitals_file(reads: Sequence[Read], price: str | None) -> str:
    """One cost file of several hospitals' levels, each hospital its own source."""
    from iopcost.files.cost_file import cost_file_text
    from iopcost.hospital.summary import hospitals_table

    def note(kind: str) -> str:
        words = PriceKind(kind).words
        return _("{kinds}, from its standard-charges file.", kinds=words[:1].upper() + words[1:])

    from iopcost.render.hospital_words import source_file

    table = hospitals_table(reads, price, note=note, file=source_file)
    header = _(
        "Local prices from several hospitals' standard-charges files, made by iopcost prices.",
    )
    return cost_file_text(table, header=header)
