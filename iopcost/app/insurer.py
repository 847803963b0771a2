"""insurer: a plan's own rates from its insurer's machine-readable files (Transparency in
Coverage): the plans a table of contents lists, and the rates an in-network file gives
the providers asked for, per level of care."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from iopcost.app.output import Say, emit
from iopcost.core.care import CareCodes
from iopcost.core.errors import IopcostError, UsageProblem
from iopcost.core.language import _
from iopcost.core.plan_rates import Answer, FileFacts, Size, Tally, kept_rate
from iopcost.core.text import clean
from iopcost.hospital.source import Source
from iopcost.hospital.web import Progress
from iopcost.insurer.providers import Providers
from iopcost.render.sheet import Record, Sheet

if TYPE_CHECKING:
    from iopcost.files.plan_catalogue import PlanKept, PlanRow


@dataclass(frozen=True, slots=True)
class Fetching:
    """How addresses are had: again from the server, or only from the cache."""

    refresh: bool = False
    offline: bool = False
    progress: Progress | None = None


@dataclass(frozen=True, slots=True)
class RatesRequest:
    sources: tuple[str, ...]
    npis: tuple[str, ...] = ()
    providers_file: str | None = None
    hospitals: bool = False
    codes: str | None = None
    plan: str | None = None
    output_format: str | None = None
    output: str | None = None
    force: bool = False
    keep: bool = False


def opened(source: str, fetching: Fetching) -> Source:
    """A path, standard input ("-") or an address (downloaded to the cache)."""
    from iopcost.hospital.site_index import is_web_address
    from iopcost.hospital.web import fetch

    if is_web_address(source):
        path = fetch(
            source, refresh=fetching.refresh, offline=fetching.offline, progress=fetching.progress
        )
        return Source(str(path), name=source)
    return Source(source)


def list_plans(
    source: str, plan: str | None, output_format: str | None, fetching: Fetching, *, out: TextIO
) -> None:
    """The plans a table of contents lists; with `plan`, that plan's in-network files."""
    from iopcost.insurer.toc import read_contents
    from iopcost.render.insurer import contents_lines, contents_records

    with opened(source, fetching) as toc:
        contents = read_contents(toc.open, toc.name, plan)
    known: dict[str, Size | None] = {}
    if plan is not None and not fetching.offline:
        from iopcost.insurer.sizes import sizes

        locations = list(dict.fromkeys(f.location for p in contents.plans for f in p.files))
        known = dict(zip(locations, sizes(locations), strict=True))
    if output_format == "json":
        from iopcost.render.machine import json_text

        out.write(json_text(contents_records(contents, known)) + "\n")
    else:
        for line in contents_lines(contents, whole=plan is not None, sizes=known):
            out.write(line + "\n")


def _providers(request: RatesRequest) -> tuple[Providers, list[str]]:
    """Who the rates are kept for, and their labels in the order asked."""
    from iopcost.insurer.providers import providers_of, read_provider_list

    named: list[tuple[str, str]] = []
    if request.hospitals:
        from iopcost.files.catalogue import connected
        from iopcost.files.plan_catalogue import kept_npis

        with connected() as connection:
            named = kept_npis(connection)
        if not named:
            raise IopcostError(
                _(
                    "no kept hospital names its NPI (v3 files give type_2_npi): add their "
                    "files with iopcost hospitals add, or give --npi."
                )
            )
    found = providers_of(request.npis, named)
    if request.providers_file is not None:
        read_provider_list(Path(request.providers_file), found)
    if not found:
        raise UsageProblem(
            _(
                "name the providers: --npi NPI or EIN (again for more), --providers FILE, or "
                "--hospitals for the kept hospitals."
            )
        )
    return found, found.labels()


def plan_rates(request: RatesRequest, fetching: Fetching, *, out: TextIO, say: Say) -> None:
    """Read each in-network file for the providers asked for; show, write or keep the
    plan's rates per provider and level."""
    from iopcost.files.care_codes import load_care_codes
    from iopcost.hospital.source import read_errors
    from iopcost.hospital.web import fetch
    from iopcost.insurer.references import References
    from iopcost.insurer.text_reader import read_in_network

    if request.keep and not request.hospitals:
        raise UsageProblem(
            _("it keeps the rates of the kept hospitals: add --hospitals."), option="--keep"
        )
    providers, asked = _providers(request)
    codes = load_care_codes(request.codes)
    tally = Tally()

    def remote(url: str) -> Path:
        return fetch(url, refresh=fetching.refresh, offline=fetching.offline)

    facts: list[FileFacts] = []
    for source in request.sources:
        references = References(providers, tally, remote)
        with opened(source, fetching) as file, read_errors(file.name):
            facts.append(read_in_network(file.open, file.name, codes, references, date.today()))
    _answer(request, facts, tally, codes, asked, out=out, say=say)


def _answer(
    request: RatesRequest,
    facts: list[FileFacts],
    tally: Tally,
    codes: CareCodes,
    asked: list[str],
    *,
    out: TextIO,
    say: Say,
) -> None:
    from iopcost.render.formats import write_sheet
    from iopcost.render.insurer import plan_title, source_notes
    from iopcost.render.plan_rates import plan_rates_sheet

    first = facts[0]
    plan = request.plan or first.plan or first.insurer or _("the plan")
    sheet = plan_rates_sheet(
        tally, codes, title=plan_title(first, plan), about=source_notes(facts), asked=asked
    )
    if request.keep:
        _keep(tally, codes, facts, plan, say=say)
    if request.output is not None:
        text = _file_text(request, sheet, tally, codes, facts, plan)
        emit(
            text,
            output=request.output,
            force=request.force,
            inputs=request.sources,
            out=out,
            say=say,
        )
    else:
        write_sheet(sheet, request.output_format or "table", out)


def _file_text(
    request: RatesRequest,
    sheet: Sheet[Record],
    tally: Tally,
    codes: CareCodes,
    facts: list[FileFacts],
    plan: str,
) -> str:
    from iopcost.render.formats import INSURER_RATES, output_format, sheet_text

    chosen = output_format(INSURER_RATES, Path(request.output or ""))
    if chosen == "yaml":
        from iopcost.files.cost_file import cost_file_text
        from iopcost.render.insurer import plan_cost_table

        table = plan_cost_table(tally, codes, facts, plan)
        if not table.levels:
            raise IopcostError(
                _(
                    "no provider asked for has a dollar rate for a level of care in the plan's "
                    "files, so there is no cost file to write."
                )
            )
        header = _(
            "A plan's own rates from its insurer's in-network file, made by iopcost insurer rates."
        )
        return cost_file_text(table, header=header)
    return sheet_text(sheet, chosen)


def _keep(
    tally: Tally,
    codes: CareCodes,
    facts: list[FileFacts],
    plan: str,
    *,
    say: Say,
) -> None:
    from iopcost.files.catalogue import connected
    from iopcost.files.plan_catalogue import keep_plan_rates, kept_gross

    with connected() as connection:
        rows, derived = _plan_rows(tally, codes, kept_gross(connection))
        count = keep_plan_rates(connection, _plan_kept(facts, plan), rows)
    say(
        _(
            "Kept {plan}'s rates for {count} hospitals; compare them with: iopcost compare "
            "--hospitals --plan {plan!r}",
            plan=clean(plan),
            count=count,
        )
    )
    if derived:
        say(
            _(
                "{count} of them are a percentage of billed charges, turned into dollars "
                "with the hospital's own gross charge (derived, and named so).",
                count=derived,
            )
        )


def _plan_kept(facts: list[FileFacts], plan: str) -> PlanKept:
    from iopcost.files.plan_catalogue import PlanKept
    from iopcost.hospital.types import iso_date

    insurer = (facts[0].insurer if facts else "") or _("insurer")
    return PlanKept(
        insurer=clean(insurer),
        plan=clean(plan),
        published=iso_date(facts[0].published) if facts else None,
        files=", ".join(clean(f.name) for f in facts),
    )


def _plan_rows(
    tally: Tally, codes: CareCodes, gross: dict[tuple[str, str], tuple[Decimal, Decimal]]
) -> tuple[list[PlanRow], int]:
    """The rows to keep per hospital and level, and how many were derived."""
    from iopcost.files.plan_catalogue import PlanRow

    by_provider: dict[tuple[str, str], list[Answer]] = {}
    for answer in tally.answers.values():
        by_provider.setdefault((answer.provider, answer.level), []).append(answer)
    rows, derived = [], 0
    for (provider, level_id), answers in by_provider.items():
        rate = kept_rate(answers, gross.get((provider, level_id)))
        if rate is None:
            continue
        level = codes.level(level_id)
        name = level.name
        if rate.percent is not None:
            derived += 1
            low, high = (f"{value:f}" for value in rate.percent)
            share = low if low == high else f"{low}-{high}"
            name = _("{level} (derived: {share} % of its gross charge)", level=name,
                     share=share)  # fmt: skip

        rows.append(
            PlanRow(
                hospital=provider,
                level=level_id,
                level_name=name,
                unit=str(level.unit),
                per_week=level.per_week,
                low=rate.low,
                high=rate.high,
                rows=rate.rows,
            )
        )
    return rows, derived


__all__ = ["Fetching", "RatesRequest", "list_plans", "plan_rates"]
