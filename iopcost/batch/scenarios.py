"""Batch rows turned into scenarios: read by the one grammar, checked and assembled by
iopcost.core.inputs like compare's flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from iopcost.batch.rows import PER_WEEK_PREFIX, RowError, cell_text, given, spelled
from iopcost.core import amounts
from iopcost.core.dollars import PUBLISHED, parse_dollars
from iopcost.core.errors import InvalidValue
from iopcost.core.household import TERM_KEYS as HOUSEHOLD_KEYS
from iopcost.core.household import HouseholdTerms
from iopcost.core.inputs import NONE, READERS, Asked, Inputs, build_inputs
from iopcost.core.levels import CostTable
from iopcost.core.terms import TERM_KEYS, PlanTerms, plan_terms
from iopcost.core.weeks import Weeks, check_weeks, parse_weeks


class Scenario(NamedTuple):
    """One checked input row, with the cost table in the dollars it asks for."""

    row: int
    id: str
    weeks: Weeks
    per_week: Mapping[str, int]
    terms: PlanTerms | None
    table: CostTable
    household: HouseholdTerms | None = None


CACHED_READS = 4096


class Tables:
    """The cost table in each month's dollars that a run asks for, each restated once."""

    def __init__(self, published: CostTable, *, price_index: str) -> None:
        self.published = published
        self.price_index = price_index
        self.restated: dict[str, CostTable] = {}

    def get(self, dollars: str) -> CostTable:
        """The table in `dollars` (published, latest or YYYY-MM)."""
        wanted = parse_dollars(dollars)
        if wanted == PUBLISHED:
            return self.published
        table = self.restated.get(wanted)
        if table is None:
            from iopcost.core.restate import restate
            from iopcost.files.price_index import load_price_index

            table = restate(
                self.published, load_price_index(), series_key=self.price_index, target=wanted
            )
            self.restated[wanted] = table
        return table


class ScenarioReader:
    """Turns rows into scenarios; which columns matter is worked out once per header."""

    def __init__(
        self, tables: Tables, default: CostTable, columns: Iterable[str], *, text_cells: bool
    ) -> None:
        columns = tuple(columns)
        # CSV cells are all text; JSON Lines cells may be numbers, true or lists.
        self.text_cells = text_cells
        self.columns = columns
        self.tables = tables
        self.table = default
        self.has_dollars = "dollars" in columns
        self.has_sessions = "sessions" in columns
        self.per_week = [
            (column, level.id)
            for column in columns
            if column.startswith(PER_WEEK_PREFIX)
            and (level := tables.published.find(column.removeprefix(PER_WEEK_PREFIX)))
        ]
        self.terms = tuple(column for column in columns if column in TERM_KEYS)
        self.household = tuple(column for column in columns if column in HOUSEHOLD_KEYS)
        self.has_patient = "patient" in columns
        # Caseloads repeat the same cells: each distinct set is read and checked once.
        self.keyed = tuple(column for column in columns if column not in ("id", "weeks"))
        # The cells but the plan terms: a caseload whose terms differ on every row
        # repeats these, so its schedule, table and household are read once each.
        self.untermed = tuple(column for column in self.keyed if column not in TERM_KEYS)
        self.bases: dict[tuple[object, ...], Inputs] = {}
        self.read_before: dict[tuple[object, ...], Inputs] = {}
        self.figures: dict[tuple[object, ...], Decimal] = {}
        self.caching = True
        self.hits = 0
        self.schedules: dict[tuple[object, ...], Mapping[str, int]] = {}
        self.lengths: dict[tuple[type, object], Weeks] = {}

    def read(self, row: int, values: Mapping[str, object]) -> Scenario:
        """Check one row's values and turn them into a scenario."""
        try:
            weeks = self._weeks(values.get("weeks"))
            inputs = self._inputs(values)
        except InvalidValue as exc:
            column = exc.subject
            if exc.subject == "per_week" and exc.level:
                column = PER_WEEK_PREFIX + exc.level
            raise RowError(row, column or None, str(exc)) from None
        ident = values.get("id")
        return Scenario(
            row,
            "" if ident is None else str(ident),
            weeks,
            inputs.per_week,
            inputs.terms,
            inputs.table,
            inputs.household,
        )

    def _inputs(self, values: Mapping[str, object]) -> Inputs:
        """The row's schedule, terms and table, each distinct set of cells read once
        (while that pays: a caseload whose every row differs is read row by row)."""
        if not self.caching:
            return self._split(values)
        key: tuple[object, ...] | None = tuple(map(values.get, self.keyed))
        if not self.text_cells:
            # By type too: JSON's 1, 1.0 and true are equal keys but not equal cells.
            key = tuple((type(value), value) for value in key)  # type: ignore[union-attr]
        try:
            known = self.read_before.get(key)  # type: ignore[arg-type]
        except TypeError:  # a JSON list or object in a cell: read it, do not keep it
            key = known = None
        if known is None:
            known = self._read(values)
            if key is not None:
                if len(self.read_before) >= CACHED_READS:
                    # A full cache that was hardly ever hit will not be: stop caching.
                    self.caching = self.hits * 10 >= CACHED_READS
                    self.read_before.clear()
                    self.hits = 0
                self.read_before[key] = known
        else:
            self.hits += 1
        return known

    def _split(self, values: Mapping[str, object]) -> Inputs:
        """A row's inputs when whole rows do not repeat: all but the terms from a cache of
        the other cells, and the terms read from the row."""
        key = tuple(map(values.get, self.untermed))
        if not self.text_cells:
            key = tuple((type(value), value) for value in key)
        try:
            base = self.bases.get(key)
        except TypeError:  # a JSON list or object in a cell: read it, do not keep it
            return self._read(values)
        if base is None:
            base = self._read(values, with_terms=False)
            if len(self.bases) >= CACHED_READS:
                self.bases.clear()
            self.bases[key] = base
        if not self.terms:
            return base
        terms = plan_terms(None, **self._figures(values, self.terms))
        return Inputs(base.table, base.per_week, terms, base.household)

    def _read(self, values: Mapping[str, object], *, with_terms: bool = True) -> Inputs:
        """A row's schedule, terms and table, read and checked as compare's flags are."""
        sessions = None
        if self.has_sessions and given(value := values.get("sessions")):
            sessions = self._whole(value, "sessions")
        per_week = {
            level_id: self._whole(value, "per_week", level_id)
            for column, level_id in self.per_week
            if given(value := values.get(column))
        }
        terms = self._figures(values, self.terms) if with_terms else {}
        household = self._figures(values, self.household) if self.household else NONE
        patient = None
        if self.has_patient and given(value := values.get("patient")):
            patient = cell_text(value, subject="patient", number=False)
        table = self.table
        if self.has_dollars and given(value := values.get("dollars")):
            table = self.tables.get(cell_text(value, subject="dollars", number=False))
        if len(self.schedules) >= CACHED_READS:
            self.schedules.clear()
        asked = Asked(sessions, per_week, terms, household, patient=patient)
        return build_inputs(table, asked, schedules=self.schedules)

    def _figures(
        self, values: Mapping[str, object], columns: tuple[str, ...]
    ) -> dict[str, Decimal]:
        """The plan terms or household figures a row gives, each read by its reader;
        each distinct cell once."""
        found: dict[str, Decimal] = {}
        figures = self.figures
        for column in columns:
            value = values.get(column)
            if not given(value):
                continue
            key = (column, value) if self.text_cells else (column, type(value), value)
            try:
                figure = figures.get(key)
            except TypeError:  # a JSON list or object: refused by the reader below
                figure = None
            if figure is None:
                figure = READERS[column](cell_text(value, subject=column), subject=column)
                if len(figures) >= CACHED_READS:
                    figures.clear()
                figures[key] = figure
            found[column] = figure
        return found

    def _weeks(self, value: object) -> Weeks:
        """A row's length: whole weeks, or a range of them (8-12); each cell read once."""
        key = (type(value), value)
        try:
            known = self.lengths.get(key)
        except TypeError:  # a JSON list or object: refused below
            known = None
        if known is not None:
            return known
        if type(value) is str and "-" in value.strip()[1:]:
            known = parse_weeks(value)
        else:
            weeks = self._whole(value, "weeks")
            known = check_weeks(Weeks(weeks, weeks))
        if len(self.lengths) < CACHED_READS:
            self.lengths[key] = known
        return known

    @staticmethod
    def _whole(value: object, subject: str, level: str | None = None) -> int:
        if not given(value):
            raise InvalidValue("is empty; give a whole number.", subject=subject, level=level)
        if type(value) is int:
            return value
        try:
            return amounts.parse_whole(
                cell_text(value, subject=subject, number=False), subject=subject
            )
        except InvalidValue:
            raise InvalidValue(
                f"{spelled(value)} is not a whole number.", subject=subject, level=level
            ) from None
