"""Batch output: long CSV/TSV rows, or JSON Lines, one scenario at a time."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import TextIO

from iopcost.batch.scenarios import Scenario
from iopcost.core.estimate import Bill, bill_from_start, list_totals, patient_from_start
from iopcost.core.household import household_costs
from iopcost.core.levels import CostTable, Level
from iopcost.core.money import plain
from iopcost.core.text import clean_cell
from iopcost.render.contract import BATCH_HOUSEHOLD_KEYS, BATCH_KEYS, BATCH_PATIENT_KEYS
from iopcost.render.estimate_documents import comparison_document, household_figures
from iopcost.render.machine import RowWriter, inert_cell, json_text

# List prices repeat; what the patient pays is worked out for each row's own terms.
CACHED_FIGURES = 4096


@lru_cache(maxsize=CACHED_FIGURES)
def listed_figures(
    level_id: str, low: Decimal, high: Decimal, units: int, top: int
) -> tuple[str, ...]:
    """A level's list totals as compare's bills have them (list_totals), as batch writes
    them: the level, its units (the shorter and longer length's, equal for one) and the
    totals; each distinct one worked out once (rows repeat a few hundred)."""
    total_low, total_high = list_totals(low, high, units, top)
    return (level_id, str(units), str(top), plain(total_low), plain(total_high))


class Writer:
    """Writes estimates as long CSV/TSV rows or as JSON Lines, flushing as it goes.

    The CSV header is written with the first scenario (or at the end), so a
    run whose first row is refused writes nothing at all.
    """

    def __init__(
        self,
        out: TextIO,
        table: CostTable,
        *,
        output_format: str,
        insured: bool,
        household: bool,
        flush_every: int,
    ) -> None:
        self.out = out
        self.table = table
        self.insured = insured
        self.household = household
        self.flush_every = flush_every
        self.count = 0
        self.rows: RowWriter | None = None
        self.header: tuple[str, ...] = ()
        if output_format != "jsonl":
            self.rows = RowWriter(out, output_format=output_format)
            self.header = (
                BATCH_KEYS
                + (BATCH_PATIENT_KEYS if insured else ())
                + (BATCH_HOUSEHOLD_KEYS if household else ())
            )

    def start(self) -> None:
        """Write the header, once."""
        if self.rows is not None and self.header:
            self.rows.writerow(self.header)
            self.header = ()

    def scenario(self, scenario: Scenario) -> None:
        """Price one scenario at every level and write it."""
        self.start()
        if self.rows is None:
            self._json_line(scenario)
        else:
            # The id is the only free text in a row (level ids are checked names).
            # The id is a stranger's text: control characters made harmless, never a formula.
            row, ident = scenario.row, inert_cell(clean_cell(scenario.id))
            figures = self._figures
            self.rows.writerows(
                [[row, ident, *figures(level, scenario)] for level in scenario.table.levels],
                carriage_return="\r" in scenario.id,
            )
        self.count += 1
        if self.count % self.flush_every == 0:
            self.out.flush()

    def _figures(self, level: Level, scenario: Scenario) -> tuple[str, ...]:
        per_week = scenario.per_week[level.id]
        weeks = scenario.weeks
        units, top = weeks.low * per_week, weeks.high * per_week
        figures = listed_figures(level.id, level.low, level.high, units, top)
        if not self.insured and not self.household:
            return figures
        terms = scenario.terms
        if self.insured:
            if terms is None:
                figures += ("", "")
            else:
                # What the patient pays of each row's own terms, by compare's rule.
                low, high = patient_from_start(level, units, top, terms)
                figures += (plain(low), plain(high))
        if self.household:
            bill = bill_from_start(level, units, terms, None if units == top else top)
            figures += tuple(self._household(scenario, level, bill))
        return figures

    @staticmethod
    def _household(scenario: Scenario, level: Level, bill: Bill) -> list[str]:
        """Household total (low and high, equal for one length) and all-in, as compare
        computes them; empty without household costs."""
        if scenario.household is None:
            return ["", "", "", ""]
        per_week, weeks = scenario.per_week[level.id], scenario.weeks
        costs = household_costs(level, per_week, weeks.high, scenario.household)
        if weeks.single:
            figures = household_figures(costs, *bill.paid)
            total = plain(figures["household_total"])
            return [total, total, plain(figures["all_in_low"]), plain(figures["all_in_high"])]
        costs_low = household_costs(level, per_week, weeks.low, scenario.household)
        figures = household_figures(costs, *bill.paid, costs_low)
        return [
            plain(figures["household_total_low"]),
            plain(figures["household_total_high"]),
            plain(figures["all_in_low"]),
            plain(figures["all_in_high"]),
        ]

    def _json_line(self, scenario: Scenario) -> None:
        from iopcost.core.estimate import compare

        comparison = compare(
            scenario.table,
            weeks=scenario.weeks,
            per_week=scenario.per_week,
            terms=scenario.terms,
            household=scenario.household,
        )
        document = comparison_document(comparison)
        weeks = scenario.weeks
        record: dict[str, object] = {"row": scenario.row, "id": scenario.id}
        if weeks.single:
            record["weeks"] = weeks.low
        record.update(weeks_low=weeks.low, weeks_high=weeks.high)
        if "dollars" in document:
            record["dollars"] = document["dollars"]
        record["levels"] = document["levels"]
        self.out.write(json_text(record, indent=None) + "\n")
