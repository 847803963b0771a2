"""What cost files and codes files check alike of a level: its id, unit and schedule."""

from __future__ import annotations

from collections.abc import Mapping

from yaml.nodes import Node

from iopcost.core.language import _
from iopcost.core.levels import level_id_problem
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
