"""Payer rows that give no dollar amount (a percentage of charges, or a rule): said as
they are, never turned into dollars."""

from __future__ import annotations

from decimal import Decimal

from iopcost.core.charges import PercentRows
from iopcost.core.language import N_plural, _, plural
from iopcost.core.text import clean

# Payer rows that give no dollar amount, by what they give instead.
PERCENT_ONLY = N_plural(
    "{name}: {count} payer row gives a percentage ({share}) and no dollar amount{example}; "
    "not turned into dollars.",
    "{name}: {count} payer rows give a percentage ({share}) and no dollar amount{example}; "
    "not turned into dollars.",
)
PERCENT_OR_RULE = N_plural(
    "{name}: {count} payer row gives a percentage ({share}) or a rule and no dollar "
    "amount{example}; not turned into dollars.",
    "{name}: {count} payer rows give a percentage ({share}) or a rule and no dollar "
    "amount{example}; not turned into dollars.",
)
RULE_ONLY = N_plural(
    "{name}: {count} payer row gives a rule and no dollar amount{example}; not turned into "
    "dollars.",
    "{name}: {count} payer rows give a rule and no dollar amount{example}; not turned into "
    "dollars.",
)


def percent_note(rows: PercentRows) -> str:
    """Payer rows that give a percentage or a rule only, as they are."""
    share = ""
    if rows.low is not None and rows.high is not None:
        share = (
            f"{percent_text(rows.low)} %"
            if rows.low == rows.high
            else f"{percent_text(rows.low)} %-{percent_text(rows.high)} %"
        )
    example = _(', e.g. "{example}"', example=clean(rows.example)) if rows.example else ""
    if share and not rows.example:
        forms = PERCENT_ONLY
    elif share:
        forms = PERCENT_OR_RULE
    else:
        forms = RULE_ONLY
    return plural(
        *forms,
        rows.rows,
        name=rows.level.name,
        share=share,
        example=example,
    )


def percent_text(value: Decimal) -> str:
    """A percentage without trailing zeros: 165, 82.5."""
    return format(value.normalize(), "f")
