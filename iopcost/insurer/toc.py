"""An insurer's table of contents: the plans it covers and each plan's in-network files,
read one reporting structure at a time (a table of contents can list hundreds of
thousands), a plan found by its name, EIN or HIOS id."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import IO, Any

from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.plan_rates import Contents, Plan, PlanFile
from iopcost.core.text import clean
from iopcost.insurer.providers import ein_digits

STRUCTURE = "reporting_structure.item"
# Names kept to suggest a close one when none matches; files listed for one plan.
MOST_NAMES = 5_000
MOST_FILES = 10_000


def _text(value: object, most: int = 200) -> str:
    return clean(str(value if value is not None else "")).strip()[:most]


def _structure_plans(structure: object) -> Iterator[Plan]:
    if not isinstance(structure, dict):
        return
    files = structure.get("in_network_files")
    listed = tuple(
        PlanFile(_text(f.get("description")), str(f.get("location") or "").strip())
        for f in (files if isinstance(files, list) else [])[:MOST_FILES]
        if isinstance(f, dict) and f.get("location")
    )
    plans = structure.get("reporting_plans")
    for plan in plans if isinstance(plans, list) else []:
        if isinstance(plan, dict):
            yield Plan(
                name=_text(plan.get("plan_name")),
                id_type=_text(plan.get("plan_id_type"), 10).lower(),
                id=_text(plan.get("plan_id"), 40),
                market=_text(plan.get("plan_market_type"), 20),
                files=listed,
            )


def matches(plan: Plan, query: str) -> bool:
    """Whether a plan is the one asked for: by its id (an EIN with or without its dash,
    a HIOS id) or by its name (whole, or a part of it, in any case)."""
    wanted = query.strip()
    digits = ein_digits(wanted)
    if digits is not None and ein_digits(plan.id) == digits:
        return True
    if wanted and wanted == plan.id:
        return True
    return bool(wanted) and wanted.casefold() in plan.name.casefold()


def read_contents(
    opened: Callable[[], AbstractContextManager[IO[bytes]]], name: str, plan: str | None = None
) -> Contents:
    """The plans of a table of contents (only those matching `plan`, when given)."""
    import ijson

    facts: dict[str, str] = {}
    kept: list[Plan] = []
    names: dict[str, None] = {}
    count = 0
    keys: set[str] = set()
    with opened() as stream:
        try:
            for found in _structures(ijson.parse(stream), facts, keys):
                for each in _structure_plans(found):
                    count += 1
                    if plan is None or matches(each, plan):
                        kept.append(each)
                    elif len(names) < MOST_NAMES:
                        names.setdefault(each.name, None)
        except ijson.JSONError as exc:
            raise DataFileError(
                _("{name} is not valid JSON ({why}).", name=name, why=clean(str(exc))[:160])
            ) from None
    if "reporting_structure" not in keys:
        raise DataFileError(
            _("{name} is not a table of contents: it has no reporting_structure list.", name=name)
        )
    if plan is not None and not kept:
        raise _no_plan(name, plan, list(names), count)
    return Contents(
        facts.get("reporting_entity_name", ""), facts.get("last_updated_on", ""), tuple(kept), count
    )


def _structures(
    events: Iterator[tuple[str, str, Any]], facts: dict[str, str], keys: set[str]
) -> Iterator[object]:
    """Each reporting structure, built whole (it is one plan group's list), and the
    file's own facts."""
    import ijson

    builder: Any = None
    for prefix, event, value in events:
        if builder is not None:
            builder.event(event, value)
            if prefix == STRUCTURE and event == "end_map":
                yield builder.value
                builder = None
        elif prefix == STRUCTURE and event == "start_map":
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
        elif prefix == "" and event == "map_key" and len(keys) < 64:
            keys.add(value)
        elif prefix in ("reporting_entity_name", "last_updated_on") and event == "string":
            facts[prefix] = _text(value)


def _no_plan(name: str, plan: str, names: list[str], count: int) -> DataFileError:
    close = difflib.get_close_matches(plan, names, n=3, cutoff=0.5)
    if close:
        return DataFileError(
            _(
                "{name} lists no plan {plan!r} among its {count:,} plans; did you mean {close}?",
                name=name,
                plan=clean(plan),
                count=count,
                close=" or ".join(repr(each) for each in close),
            )
        )
    return DataFileError(
        _(
            "{name} lists no plan {plan!r} among its {count:,} plans; list them with: iopcost "
            "insurer plans {name}",
            name=name,
            plan=clean(plan),
            count=count,
        )
    )
