"""The household file: the family's own costs, whose they are, and per-level schedules."""

from __future__ import annotations

from decimal import Decimal

from iopcost.core.errors import InvalidValue
from iopcost.core.household import (
    SCHEDULE_KEYS,
    TERM_KEYS,
    TERM_READERS,
    HouseholdTerms,
    Patient,
    Schedule,
    parse_patient,
)
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.core.limits import HOUSEHOLD_PER_WEEK_MOST
from iopcost.files.text_file import read_text
from iopcost.files.yamldoc import Document


def load_household(source: str, *, table: CostTable) -> HouseholdTerms:
    """Read a household file: lost_pay, travel, childcare, patient and per-level schedules."""
    name, text = read_text(source, what=_("household file"))
    doc = Document(name, text)
    top = doc.mapping(
        doc.root, what=_("the household file"), optional=(*TERM_KEYS, "patient", "levels")
    )
    values: dict[str, Decimal] = {
        key: doc.read(top[key], what=key, reader=TERM_READERS[key])
        for key in TERM_KEYS
        if key in top
    }
    patient = Patient.ADULT
    if "patient" in top:
        try:
            patient = parse_patient(doc.text(top["patient"], what="patient"))
        except InvalidValue as exc:
            doc.fail(top["patient"], _("patient: {problem}", problem=exc))
    by_level: list[tuple[str, Schedule]] = []
    if "levels" in top:
        for level_id, fields in doc.per_level(top["levels"], table=table, keys=SCHEDULE_KEYS):
            schedule = tuple(
                (
                    key,
                    doc.whole(
                        value,
                        what=f"levels.{level_id}.{key}",
                        low=0,
                        high=HOUSEHOLD_PER_WEEK_MOST[key],
                    ),
                )
                for key, value in fields.items()
            )
            by_level.append((level_id, schedule))
    return HouseholdTerms(by_level=tuple(by_level), patient=patient, **values)
