"""Rates restated in another month's dollars by a price index's ratio.

rate x index(target) / index(base), rounded to cents half-up, before it is
multiplied by units. Pure: the index is read by iopcost.files.price_index.
"""

from __future__ import annotations

import re

from iopcost.core.dollars import LATEST, Dollars, Month, PriceIndex, Series, parse_month
from iopcost.core.errors import DataFileError, InvalidValue
from iopcost.core.language import _
from iopcost.core.levels import CostTable, merge_tables
from iopcost.core.money import cents

_PUBLISHED = re.compile(r"([0-9]{4})-([0-9]{2})(?:-[0-9]{2})?")


def published_month(table: CostTable) -> Month | None:
    """The month the rates were published in, from source.published (YYYY-MM[-DD])."""
    published = table.source.published
    match = _PUBLISHED.fullmatch(published or "")
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return Month(int(match[1]), int(match[2]))


def _base(table: CostTable, series: Series) -> tuple[Month, Month]:
    """The base month asked for (the rates' own), and the one the series has a figure for."""
    asked = published_month(table)
    if asked is None:
        said = table.source.published
        if said:
            raise DataFileError(
                _("{origin}: source.published is {said!r}, not a date; give the date the rates "
                  "were published (YYYY-MM-DD) to restate them.", origin=table.origin, said=said)
            )  # fmt: skip
        raise DataFileError(
            _("{origin}: source.published is missing; give the date the rates were published "
              "(YYYY-MM-DD) to restate them.", origin=table.origin)
        )  # fmt: skip
    used = series.at_or_before(asked)
    if used is None:
        raise DataFileError(
            _(
                "{origin}: the rates are dated {asked}, before the price index starts "
                "({span}); they cannot be restated.",
                origin=table.origin,
                asked=asked,
                span=series.span(),
            )
        )
    return asked, used


def restate(table: CostTable, index: PriceIndex, *, series_key: str, target: str) -> CostTable:
    """The table with every rate in the target month's dollars ("latest" or YYYY-MM)."""
    if table.parts:  # merged: each file from its own month
        parts = [restate(part, index, series_key=series_key, target=target) for part in table.parts]
        return merge_tables(parts)
    series = index.series[series_key]
    asked_target = series.latest if target == LATEST else parse_month(target)
    if not series.first <= asked_target <= series.latest:
        raise InvalidValue(
            _(
                "the price index has months from {span}, not {asked_target}; give a "
                "month in that range or latest.",
                span=series.span(),
                asked_target=asked_target,
            ),
            subject="dollars",
        )
    used_target = series.at_or_before(asked_target)
    assert used_target is not None  # the series' first month has a figure
    asked_base, used_base = _base(table, series)
    dollars = Dollars(
        series=series,
        base=used_base,
        target=used_target,
        restated=True,
        asked_base=asked_base,
        asked_target=asked_target,
    )
    factor = dollars.factor
    levels = tuple(
        level._replace(low=cents(level.low * factor), high=cents(level.high * factor))
        for level in table.levels
    )
    return table._replace(levels=levels, dollars=dollars)


def as_published(table: CostTable, index: PriceIndex, *, series_key: str) -> CostTable:
    """The table as published, noting how prices moved since, when its date is known
    and older than the index's latest month."""
    if table.parts:
        return merge_tables(
            [as_published(part, index, series_key=series_key) for part in table.parts]
        )
    series = index.series[series_key]
    asked = published_month(table)
    if asked is None:
        return table
    used = series.at_or_before(asked)
    if used is None or used >= series.latest:
        return table
    dollars = Dollars(
        series=series,
        base=used,
        target=series.latest,
        restated=False,
        asked_base=used,
        asked_target=series.latest,
    )
    return table._replace(dollars=dollars)
