"""`compare`'s sheet: every level side by side over the same weeks (columns only)."""

from __future__ import annotations

from iopcost.core.estimate import Comparison
from iopcost.core.language import _
from iopcost.render import answer, household_words, words
from iopcost.render.contract import (
    FAMILY_KEYS,
    HOUSEHOLD_KEYS,
    LEVEL_KEYS,
    PATIENT_KEYS,
    RANGE_HOUSEHOLD_KEYS,
    RANGE_LEVEL_KEYS,
    BillRecord,
)
from iopcost.render.estimate_documents import comparison_document
from iopcost.render.figures import Shown
from iopcost.render.sheet import (
    Column,
    Record,
    Sheet,
    amount,
    amount_range,
    billed,
    field,
    household_columns,
    rate,
    shown_money,
)


def comparison_columns(comparison: Comparison) -> list[Column]:
    """What people see of each level: billing, totals, and with terms what they pay."""
    # The most expensive level of each level's kind of price: kinds are never set against
    # each other, so each level is measured against its own kind's dearest.
    most = {bill.level.id: comparison.most_expensive_of(bill).level.id for bill in comparison.bills}
    insured = comparison.terms is not None

    def saving(record: Record, shown: Shown) -> str:
        if record["id"] == most[record["id"]]:
            return "-"
        return shown.amount(record["less_than_most_expensive"])

    # With plan terms, the difference people see first is in what they pay; the
    # list-price difference is hidden first on a narrow terminal.
    if len({bill.level.kind for bill in comparison.bills}) > 1:
        list_label = _("Less than the most expensive of its kind")
    elif insured:
        list_label = _("List price less than the most expensive")
    else:
        list_label = _("Less than the most expensive")
    columns = [
        Column(_("Level of care"), field("name")),
        Column(_("Billed"), billed),
        Column(_("Rate"), rate, hide_rank=3),
        Column(_("Total low"), amount("total_low"), numeric=True),
        Column(_("Total high"), amount("total_high"), numeric=True),
        Column(_("Midpoint"), amount("total_mid"), numeric=True, hide_rank=1),
        Column(list_label, saving, numeric=True, hide_rank=0 if insured else 2),
    ]
    if insured:
        costliest = {
            bill.level.id: comparison.costliest_for_patient(bill).level.id
            for bill in comparison.bills
        }

        def family_saving(record: Record, shown: Shown) -> str:
            value = record["patient_less_than_most_expensive"]
            return "-" if record["id"] == costliest[record["id"]] else shown.amount(value)

        columns += [
            Column(_("You pay"), amount_range("patient_low", "patient_high"), numeric=True),
            Column(
                _("Plan pays"),
                amount_range("insurer_low", "insurer_high"),
                numeric=True,
                hide_rank=4,
            ),
            Column(
                _("You pay less than at your costliest"),
                family_saving,
                numeric=True,
                hide_rank=2,
            ),
        ]
    if comparison.household_terms is not None:
        columns += household_columns()
    return columns


def comparison_sheet(comparison: Comparison) -> Sheet[BillRecord]:
    """Every level side by side over the same weeks."""
    table = comparison.table
    document = comparison_document(comparison)
    insured = comparison.terms is not None
    ranged = not comparison.weeks.single
    keys = (
        *(RANGE_LEVEL_KEYS if ranged else LEVEL_KEYS),
        "total_mid",
        "less_than_most_expensive",
        *(PATIENT_KEYS * insured),
        *(FAMILY_KEYS * insured),
        *(
            (RANGE_HOUSEHOLD_KEYS if ranged else HOUSEHOLD_KEYS)
            * (comparison.household_terms is not None)
        ),
    )
    shown = shown_money(table.symbol, document["levels"])
    household_lines: list[str] = []
    if comparison.household_terms is not None and comparison.household is not None:
        labelled = [
            (bill.level.name, costs)
            for bill, costs in zip(comparison.bills, comparison.household, strict=True)
        ]
        household_lines = household_words.household_notes(
            comparison.household_terms, labelled, shown
        )
    return Sheet(
        bottom_line=answer.comparison_bottom_line(comparison, document["levels"], shown),
        title=words.comparison_title(comparison),
        keys=keys,
        records=tuple(document["levels"]),
        columns=tuple(comparison_columns(comparison)),
        notes=words.comparison_notes(comparison, household_lines),
        document=document,
        symbol=table.symbol,
        bar_label=lambda record: str(record["name"]),
        about=words.about_figures(table),
        assumptions=words.assumptions(
            table,
            table.levels,
            comparison.per_week,
            length=words.length_note(comparison.weeks),
            terms=comparison.terms,
            household=household_lines,
        ),
    )
