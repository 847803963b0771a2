"""A Good Faith Estimate as people and programs read it: HTML, PDF, Markdown and JSON,
following the sections of the HHS model notice (patient, service, providers, itemised
charges, total, the required statements)."""

from __future__ import annotations

from iopcost import __version__
from iopcost.core import money
from iopcost.core.gfe import (
    DISPUTE_AMOUNT,
    DISPUTE_DAYS,
    MAX_MONTHS,
    Estimate,
    Item,
    ProviderItems,
)
from iopcost.core.language import N_, _
from iopcost.core.phrases import date_text, listed
from iopcost.core.text import clean
from iopcost.render.figures import Shown
from iopcost.render.markdown import escaped, markdown_table
from iopcost.render.source_words import origin_text
from iopcost.render.words import billed_text, rate_text

TITLE = N_("Good Faith Estimate for health care items and services")
WHAT_IT_IS = N_(
    "You are receiving this Good Faith Estimate because you are not enrolled in a health "
    "plan or are not seeking to have a claim for this care submitted to your plan. Under "
    "the No Surprises Act, health care providers and facilities must give you a Good Faith "
    "Estimate of the expected charges for items and services when they are scheduled, or "
    "when you ask for one."
)


def statements() -> tuple[str, ...]:
    """The statements every estimate carries."""
    dispute = money.show(DISPUTE_AMOUNT, "$", with_cents=False)
    return (
        _(
            "Other items or services may be recommended as part of your care; they "
            "are not included in this estimate and would be estimated separately.",
        ),
        _(
            "This is only an estimate: the actual items, services or charges may differ from it.",
        ),
        _(
            "You have the right to start the patient-provider dispute resolution "
            "process if your bill from any provider or facility listed here is at "
            "least {dispute} more than this estimate for that provider or facility. "
            "You must start it within {DISPUTE_DAYS} calendar days (about 4 months) "
            "of the date on the bill.",
            dispute=dispute,
            DISPUTE_DAYS=DISPUTE_DAYS,
        ),
        _(
            "To learn more and to get a form to start the process, go to "
            "www.cms.gov/nosurprises or call 1-800-985-3059.",
        ),
        _(
            "This Good Faith Estimate is not a contract and does not require you to "
            "obtain the items or services from any provider or facility listed.",
        ),
        _(
            "Keep a copy of this estimate, or a picture of it, in a safe place: you "
            "may need it if you are billed more.",
        ),
    )


def primary_service(estimate: Estimate) -> str:
    """The care estimated, in plain words."""
    names = list(dict.fromkeys(item.level.name for p in estimate.providers for item in p.items))
    return listed(names)


def _quantity(item: Item) -> str:
    return billed_text(item.units, item.units_high, item.level.unit)


def _codes(item: Item) -> str:
    return ", ".join(clean(code) for code in item.level.codes) or "-"


def _shown(estimate: Estimate) -> Shown:
    amounts = [a for p in estimate.providers for i in p.items for a in (i.total_low, i.total_high)]
    return Shown("$", money.has_cents(amounts))


def item_rows(estimate: Estimate) -> list[tuple[ProviderItems, list[tuple[str, ...]]]]:
    """Per provider, each item: service, code, quantity, charge per unit, total."""
    shown = _shown(estimate)
    return [
        (
            block,
            [
                (
                    clean(item.level.name),
                    _codes(item),
                    _("{quantity} over {length}", quantity=_quantity(item), length=item.length),
                    rate_text(item.level.low, item.level.high, item.level.unit, "$"),
                    shown.range(item.total_low, item.total_high),
                )
                for item in block.items
            ],
        )
        for block in estimate.providers
    ]


ITEM_HEADERS = (
    N_("Service"),
    N_("Service code"),
    N_("Quantity"),
    N_("Expected charge per unit"),
    N_("Total"),
)


def facts(estimate: Estimate) -> list[tuple[str, str]]:
    """The estimate's facts, topic by topic, in the model notice's order."""
    period = _("{first} to {last}", first=date_text(estimate.start), last=date_text(estimate.end))
    return [
        (_("Patient"), clean(estimate.patient_name)),
        (_("Date of birth"), date_text(estimate.birth_date)),
        (_("Service"), primary_service(estimate)),
        (_("Expected dates of service"), period),
        *(
            ((_("Diagnosis codes (ICD-10-CM)"), ", ".join(estimate.diagnoses)),)
            if estimate.diagnoses
            else ()
        ),
        (_("Estimate made on"), date_text(estimate.made_on)),
    ]


def source_line(estimate: Estimate) -> str:
    """Where the charges come from."""
    return _(
        "Charges are the provider's own rates, from {origin} ({cite}), for care "
        "over up to {MAX_MONTHS} months.",
        origin=origin_text(clean(estimate.origin)),
        cite=clean(estimate.source.cite()),
        MAX_MONTHS=MAX_MONTHS,
    )


def gfe_document(estimate: Estimate) -> dict[str, object]:
    """The estimate as data, for JSON (amounts exact)."""
    return {
        "kind": "good_faith_estimate",
        "patient": {
            "name": clean(estimate.patient_name),
            "birth_date": estimate.birth_date.isoformat(),
        },
        "service": primary_service(estimate),
        "start": estimate.start.isoformat(),
        "end": estimate.end.isoformat(),
        "made_on": estimate.made_on.isoformat(),
        "diagnoses": list(estimate.diagnoses),
        "providers": [
            {
                "name": clean(p.provider.name),
                "npi": p.provider.npi,
                "tin": p.provider.tin,
                "address": clean(p.provider.address),
                "state": p.provider.state,
                "items": [
                    {
                        "level": item.level.id,
                        "service": clean(item.level.name),
                        "codes": [clean(code) for code in item.level.codes],
                        "length": item.length,
                        "unit": item.level.unit,
                        "quantity_low": item.units,
                        "quantity_high": item.units_high,
                        "rate_low": item.level.low,
                        "rate_high": item.level.high,
                        "total_low": item.total_low,
                        "total_high": item.total_high,
                    }
                    for item in p.items
                ],
                "total_low": p.total_low,
                "total_high": p.total_high,
            }
            for p in estimate.providers
        ],
        "total_low": estimate.total_low,
        "total_high": estimate.total_high,
        "source": {"cost_file": clean(estimate.origin), "cited": clean(estimate.source.cite())},
        "practice_file": clean(estimate.practice),
        "statements": list(statements()),
    }


def gfe_markdown(estimate: Estimate) -> str:
    """The estimate in Markdown, every text shown literally."""
    out = [f"# {_(TITLE)}", "", escaped(_(WHAT_IT_IS)), ""]
    out += [f"**{escaped(topic)}:** {escaped(text)}  " for topic, text in facts(estimate)]
    shown = _shown(estimate)
    for number, (block, rows) in enumerate(item_rows(estimate), start=1):
        provider = block.provider
        heading = _("Provider {number}: {name}", number=number, name=escaped(provider.name))
        out += ["", f"## {heading}", ""]
        out += [
            _(
                "NPI {npi}, TIN {tin}, {address} (care given in {state})",
                npi=provider.npi,
                tin=provider.tin,
                address=escaped(provider.address),
                state=provider.state,
            ),
            "",
        ]
        out.append(markdown_table([_(header) for header in ITEM_HEADERS], rows, numeric_from=3))
        out += [
            "",
            _(
                "Total for this provider: {total_low}",
                total_low=shown.range(block.total_low, block.total_high),
            ),
        ]
    total = shown.range(estimate.total_low, estimate.total_high)
    out += [
        "",
        _("**Total estimated charges: {total}**", total=total),
        "",
        escaped(source_line(estimate)),
        "",
    ]
    out += [_("## What you should know"), ""]
    out += [f"- {escaped(text)}" for text in statements()]
    out += [
        "",
        _(
            "Made {isoformat} with iopcost {version__}.",
            isoformat=date_text(estimate.made_on),
            version__=__version__,
        ),
    ]
    return "\n".join(out) + "\n"


def gfe_html(estimate: Estimate, *, paper: str) -> str:
    """The estimate as a standalone page (Jinja2, every text autoescaped)."""
    from iopcost.render.report import PAPERS, rendered

    shown = _shown(estimate)
    return rendered(
        "gfe.html",
        title=_(TITLE),
        what_it_is=_(WHAT_IT_IS),
        facts=facts(estimate),
        blocks=item_rows(estimate),
        headers=[_(header) for header in ITEM_HEADERS],
        range=shown.range,
        total=shown.range(estimate.total_low, estimate.total_high),
        source=source_line(estimate),
        statements=statements(),
        paper=PAPERS[paper],
        footer=_(
            "Made {isoformat} with iopcost {version__}.",
            isoformat=date_text(estimate.made_on),
            version__=__version__,
        ),
    )
