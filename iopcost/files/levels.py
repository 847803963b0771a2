"""What cost files and codes files check alike of a level: its id, unit and schedule."""

from __future__ import annotations

from collections.abc import Mapping

from yaml.nodes import Node

from iopcost.core.language import _
from iopcost.core.levels import UsualLength, level_id_problem
from iopcost.core.units import UNITS_PER_WEEK, Unit, unit_named
from iopcost.files.yamldoc import Document


def check_level_id(doc: Document, node: Node, level_id: str) -> None:
    """Refuse a level id that is not a plain name, naming its position."""
    problem = level_id_problem(level_id)
    if problem is not None:
        doc.fail(node, problem)


def read_billing(doc: Document, fields: Mapping[str, Node], *, what: str) -> tuple[Unit, int]:
    """A level's billing unit and its units per week, within what a week can hold."""
    text = doc.text(fields["unit"], what=f"{what} unit")
    unit = unit_named(text)
    if unit is None:
        doc.fail(
            fields["unit"],
            _(
                "{what} unit must be one of: {units}; not {text!r}.",
                what=what,
                units=", ".join(UNITS_PER_WEEK),
                text=text,
            ),
        )
    per_week = doc.whole(
        fields["per_week"], what=f"{what} per_week", low=1, high=unit.most_per_week
    )
    return unit, per_week


# The longest usual length a level may say, in days (a year).
MOST_USUAL_DAYS = 365


def read_usual(doc: Document, node: Node, *, what: str) -> UsualLength:
    """usual_length: {days: 5 or "3-7", source: who says so}."""
    fields = doc.mapping(node, what=f"{what} usual_length", required=("days", "source"))
    written = doc.text(fields["days"], what=f"{what} usual_length days").strip()
    low_text, _dash, high_text = written.partition("-")
    low = _days(doc, fields["days"], low_text, what)
    high = _days(doc, fields["days"], high_text, what) if high_text else low
    if high < low:
        doc.fail(
            fields["days"],
            _(
                "{what} usual_length days {text!r} runs backwards; write it low-high.",
                what=what,
                text=written,
            ),
        )
    source = doc.text(fields["source"], what=f"{what} usual_length source")
    return UsualLength(low=low, high=high, source=source)


def _days(doc: Document, node: Node, text: str, what: str) -> int:
    text = text.strip()
    if not text.isdigit() or not 1 <= int(text) <= MOST_USUAL_DAYS:
        doc.fail(
            node,
            _(
                "{what} usual_length days must be a whole number of days from 1 to {most}, "
                "or a range such as 3-7; not {text!r}.",
                what=what,
                most=MOST_USUAL_DAYS,
                text=text,
            ),
        )
    return int(text)
