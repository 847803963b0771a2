"""gfe: the Good Faith Estimate a provider gives a self-pay patient (45 CFR 149.610)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from iopcost.app.estimate import DEFAULT_RATES, Rates
from iopcost.app.output import Say, emit
from iopcost.core.errors import UsageProblem
from iopcost.core.language import _
from iopcost.core.text import describe, unsafe_character
from iopcost.render.formats import GFE, output_format


@dataclass(frozen=True, slots=True)
class GfeRequest:
    """What a Good Faith Estimate is asked for: the care, the patient, the practice, the
    provider's rates and where it goes."""

    steps: tuple[str, ...]
    practice: str
    patient_name: str
    birth_date: str
    start: str | None = None
    diagnoses: tuple[str, ...] = ()
    rates: Rates = DEFAULT_RATES
    sessions: int | None = None
    per_week: tuple[str, ...] = ()
    output_format: str | None = None
    output: str | None = None
    force: bool = False
    paper: str | None = None


def read_date(text: str, option: str) -> date:
    """A date written YYYY-MM-DD; refused in words naming its option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            _("{text!r} is not a date; write it as YYYY-MM-DD.", text=text), option=option
        ) from None


# The last first day of care an estimate can have: its 12 months must end by the last
# day a calendar here holds (9999-12-31).
LAST_START = date(9998, 12, 31)


def check_dates(born: date, first: date) -> None:
    """Care starts on or after the birth date, early enough for 12 months to fit (a birth
    date in the future is refused as such, with the estimate's other rules)."""
    if first < born <= date.today():
        raise UsageProblem(
            _(
                "care would start on {first}, before the birth date {born}; check both.",
                first=first.isoformat(),
                born=born.isoformat(),
            ),
            option="--start",
        )
    if first > LAST_START:
        raise UsageProblem(
            _(
                "{first} is too far ahead: an estimate covers up to 12 months of care, which "
                "would run past 9999-12-31; give a first day of care up to {last}.",
                first=first.isoformat(),
                last=LAST_START.isoformat(),
            ),
            option="--start",
        )


def patient_name(text: str) -> str:
    """The patient's name as it goes on the estimate: white space folded, never empty
    and never a control character."""
    name = " ".join(text.split())
    bad = unsafe_character(name)
    if not name or bad is not None:
        why = (
            _("is empty")
            if not name
            else _("holds the control character {value}", value=describe(bad or ""))
        )
        raise UsageProblem(
            _("--patient-name {why}; give the patient's name.", why=why), option="--patient-name"
        )
    return name


def refuse_averages(data: tuple[str, ...]) -> None:
    """Refuse to state the bundled national averages as a provider's own charges: a Good
    Faith Estimate (45 CFR 149.610) gives the provider's expected charges."""
    from iopcost.app.tables import data_sources

    if any(source is None for source in data_sources(data)):
        raise UsageProblem(
            _(
                "a Good Faith Estimate states the provider's own charges, and the bundled rates "
                "are national averages; give the provider's rates with --data FILE (iopcost "
                "levels --format yaml prints a cost file to fill in)."
            ),
            option="--data",
        )


def good_faith_estimate(request: GfeRequest, *, out: TextIO, say: Say) -> None:
    """The estimate, from the practice file and the provider's own rates, written."""
    from iopcost.app.tables import cost_table
    from iopcost.core.gfe import good_faith_estimate as estimate_of
    from iopcost.core.inputs import Asked, build_inputs, parse_per_week
    from iopcost.core.pathway import parse_steps, plan_course
    from iopcost.core.settings import settings
    from iopcost.files.practice import load_practice
    from iopcost.render.formats import render_gfe

    if request.output is not None and request.output_format is not None:
        raise UsageProblem(
            _(
                "--output chooses the estimate's format by its extension; leave out --format.",
            ),
            option="--format",
        )
    kind = request.output_format
    if request.output is not None:
        kind = output_format(GFE, Path(request.output))
    specs = parse_steps(request.steps)
    name = patient_name(request.patient_name)
    born = read_date(request.birth_date, "--birth-date")
    first = read_date(request.start, "--start") if request.start is not None else date.today()
    check_dates(born, first)
    rates = request.rates
    refuse_averages(rates.data)
    table = cost_table(rates.data, rates.dollars, rates.price_index, people=False)
    asked = Asked(sessions=request.sessions, per_week=parse_per_week(request.per_week))
    inputs = build_inputs(table, asked)
    course = plan_course(inputs.table, specs, per_week=inputs.per_week)
    estimate = estimate_of(
        course,
        load_practice(request.practice, table=table),
        patient_name=name,
        birth_date=born,
        start=first,
        made_on=date.today(),
        diagnoses=request.diagnoses,
    )
    text = render_gfe(estimate, kind or "markdown", paper=request.paper or settings().paper)
    emit(
        text,
        output=request.output,
        force=request.force,
        inputs=(*rates.data, request.practice),
        out=out,
        say=say,
    )
