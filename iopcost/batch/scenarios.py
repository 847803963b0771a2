"""Batch rows turned into scenarios: read by the one grammar, checked and assembled by
iopcost.core.inputs like compare's flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from iopcost.batch.rows import PER_WEEK_PREFIX, RowError, cell_text, given, spelled
from iopcost.core import amounts
from iopcost.core.dollars import PUBLISHED, parse_dollars
from iopcost.core.errors import InvalidValue
from iopcost.core.household import TERM_KEYS as HOUSEHOLD_KEYS
from iopcost.core.household import HouseholdTerms
from iopcost.core.inputs import NONE, READERS, Asked, Inputs, build_inputs
from iopcost.core.language import _
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


def _figure(column: str, value: object) -> Decimal:
    return READERS[column](cell_text(value, subject=column), subject=column)


_cached_figure = lru_cache(maxsize=CACHED_READS, typed=True)(_figure)


def read_figure(column: str, value: object) -> Decimal:
    """A plan term's or household figure's cell read by its reader; each distinct cell
    (of each type) once."""
    try:
        return _cached_figure(column, value)
    except TypeError:  # a JSON list or object: refused by the reader
        return _figure(column, value)


def _weeks(value: object) -> Weeks:
    if type(value) is str and "-" in value.strip()[1:]:
        return parse_weeks(value)
    weeks = whole_number(value, "weeks")
    return check_weeks(Weeks(weeks, weeks))


read_weeks = lru_cache(maxsize=CACHED_READS, typed=True)(_weeks)


def whole_number(value: object, subject: str, level: str | None = None) -> int:
    """A cell that must be a whole number (a JSON integer, or text as the grammar reads it)."""
    if not given(value):
        raise InvalidValue(_("is empty; give a whole number."), subject=subject, level=level)
    if type(value) is int:
        return value
    try:
        return amounts.parse_whole(cell_text(value, subject=subject, number=False), subject=subject)
    except InvalidValue:
        raise InvalidValue(
            _("{value} is not a whole number.", value=spelled(value)), subject=subject, level=level
        ) from None


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
        # Each distinct set of cells read once, while that pays; then (`caching` off) the
        # cells but the terms, for caseloads whose terms differ on every row.
        self.read_before = lru_cache(maxsize=CACHED_READS)(self._read_cells)
        self.bases = lru_cache(maxsize=CACHED_READS)(self._base_cells)
        self.caching = True
        # Rows read through the whole-row cache, and how many were new to it.
        self.rows = self.misses = 0
        self.schedules: dict[tuple[object, ...], Mapping[str, int]] = {}

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
            row=row,
            id="" if ident is None else str(ident),
            weeks=weeks,
            per_week=inputs.per_week,
            terms=inputs.terms,
            table=inputs.table,
            household=inputs.household,
        )

    def _inputs(self, values: Mapping[str, object]) -> Inputs:
        """The row's schedule, terms and table, each distinct set of cells read once
        (while that pays: a caseload whose every row differs is read row by row)."""
        if not self.caching:
            return self._split(values)
        cells = tuple(map(values.get, self.keyed))
        key = cells if self.text_cells else tuple((type(value), value) for value in cells)
        try:
            found = self.read_before(key)
        except TypeError:  # a JSON list or object in a cell: read it, do not keep it
            return self._read(values)
        self.rows += 1
        if self.misses >= CACHED_READS and (self.rows - self.misses) * 10 < self.misses:
            # A cache that filled and was hardly ever hit will not be: stop caching.
            self.caching = False
            self.read_before.cache_clear()
        return found

    def _key(self, values: Mapping[str, object], columns: tuple[str, ...]) -> tuple[object, ...]:
        """The cells of `columns`, for a cache; by type too for JSON, whose 1, 1.0 and true
        are equal keys but not equal cells."""
        cells = tuple(map(values.get, columns))
        return cells if self.text_cells else tuple((type(value), value) for value in cells)

    def _cells(self, key: tuple[object, ...], columns: tuple[str, ...]) -> dict[str, object]:
        """The cells a key was made of."""
        if not self.text_cells:
            key = tuple(pair[1] for pair in key)  # type: ignore[index]
        return dict(zip(columns, key, strict=True))

    def _read_cells(self, key: tuple[object, ...]) -> Inputs:
        self.misses += 1
        return self._read(self._cells(key, self.keyed))

    def _base_cells(self, key: tuple[object, ...]) -> Inputs:
        return self._read(self._cells(key, self.untermed), with_terms=False)

    def _split(self, values: Mapping[str, object]) -> Inputs:
        """A row's inputs when whole rows do not repeat: all but the terms from a cache of
        the other cells, and the terms read from the row."""
        try:
            base = self.bases(self._key(values, self.untermed))
        except TypeError:  # a JSON list or object in a cell: read it, do not keep it
            return self._read(values)
        if not self.terms:
            return base
        terms = plan_terms(None, **self._figures(values, self.terms))
        return Inputs(base.table, base.per_week, terms, base.household)

    def _read(self, values: Mapping[str, object], *, with_terms: bool = True) -> Inputs:
        """A row's schedule, terms and table, read and checked as compare's flags are."""
        sessions = None
        if self.has_sessions and given(value := values.get("sessions")):
            sessions = whole_number(value, "sessions")
        per_week = {
            level_id: whole_number(value, "per_week", level_id)
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
        asked = Asked(
            sessions=sessions, per_week=per_week, terms=terms, household=household, patient=patient
        )
        return build_inputs(table, asked, schedules=self.schedules)

    def _figures(
        self, values: Mapping[str, object], columns: tuple[str, ...]
    ) -> dict[str, Decimal]:
        """The plan terms or household figures a row gives, each read by its reader."""
        return {
            column: read_figure(column, value)
            for column in columns
            if given(value := values.get(column))
        }

    @staticmethod
    def _weeks(value: object) -> Weeks:
        """A row's length: whole weeks, or a range of them (8-12)."""
        try:
            return read_weeks(value)
        except TypeError:  # a JSON list or object: refused by the reader
            return _weeks(value)
