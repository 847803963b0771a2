"""The words a bill, a plan and a hospital's price list use, said once for people: the
documentation's glossary page is made from them (docs/hooks.py), and an HTML report
explains the ones it uses, its notes linking to them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from iopcost.core.language import N_, _


class Term(NamedTuple):
    """A word, the forms it is found by in a text (lower case, whole words), its meaning."""

    id: str
    word: str
    forms: tuple[str, ...]
    meaning: str


TERMS = (
    Term("level-of-care", N_("Level of care"), ("level of care", "levels of care"), N_(
        "How intensive treatment is: staying day and night in a hospital or a residential "
        "program, spending most of the day in a program and the night at home (partial "
        "hospitalization), or a few hours a few days a week (intensive outpatient).")),
    Term("deductible", N_("Deductible"), ("deductible",), N_(
        "What you pay for covered care in a plan year before your plan starts to share "
        "the cost; iopcost asks for what is left of it this year.")),
    Term("coinsurance", N_("Coinsurance"), ("coinsurance",), N_(
        "Your share of a bill after the deductible, as a percentage: 20 % means you pay "
        "$20 of each $100.")),
    Term("copay", N_("Copay"), ("copay",), N_(
        "A fixed amount you pay for each day or session of care after the deductible.")),
    Term("out-of-pocket-maximum", N_("Out-of-pocket maximum"), ("out-of-pocket maximum",), N_(
        "The most you pay for covered care in a plan year; after it, the plan pays "
        "everything. iopcost asks for what is left of it.")),
    Term("gross-charge", N_("Gross charge"), ("gross charge", "gross charges"), N_(
        "What a hospital charges before any discount: its list price, which few people "
        "pay.")),
    Term("cash-price", N_("Cash price"), ("cash price", "cash prices"), N_(
        "The discounted price a hospital asks of a patient who pays it directly, without "
        "insurance.")),
    Term("negotiated-rate", N_("Negotiated rate"), ("negotiated rate", "negotiated rates",
                                                    "what insurers pay"), N_(
        "What a health plan has agreed to pay a hospital; all plans include Medicaid "
        "plans, which often pay much less than others.")),
    Term("allowed-amount", N_("Allowed amount"), ("allowed amount", "allowed amounts"), N_(
        "What payers actually paid for a claim line; a line can cover several days, so it "
        "is not a rate per day.")),
    Term("per-diem", N_("Per diem"), ("per diem",), N_(
        "A price for a whole day of care, whatever happens in it.")),
    Term("list-price", N_("List price"), ("list price", "list prices"), N_(
        "A rate from a cost file before any insurance: the bundled national averages, or "
        "a program's own rates.")),
    Term("good-faith-estimate", N_("Good Faith Estimate"), ("good faith estimate",), N_(
        "The estimate a provider must give an uninsured or self-pay patient before care "
        "(45 CFR 149.610), from its own rates; a bill $400 or more above it can be "
        "disputed within 120 days.")),
)  # fmt: skip


def _pattern(term: Term) -> re.Pattern[str]:
    forms = sorted(term.forms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(form) for form in forms) + r")\b", re.I)


PATTERNS = {term.id: _pattern(term) for term in TERMS}


def terms_in(texts: Iterable[str]) -> list[Term]:
    """The terms the texts use, in the glossary's order."""
    joined = "\n".join(texts)
    return [term for term in TERMS if PATTERNS[term.id].search(joined)]


def linked(text: str, terms: Sequence[Term]) -> list[tuple[str, str | None]]:
    """A text cut where it first uses each of `terms`: (text, None) and (word, term id)."""
    found = []
    for term in terms:
        match = PATTERNS[term.id].search(text)
        if match:
            found.append((match.start(), match.end(), term.id))
    parts: list[tuple[str, str | None]] = []
    at = 0
    for start, end, term_id in sorted(found):
        if start < at:
            continue  # inside a longer term already linked
        parts += [(text[at:start], None), (text[start:end], term_id)]
        at = end
    parts.append((text[at:], None))
    return [part for part in parts if part[0]]


def glossary_markdown() -> str:
    """The glossary as Markdown sections, each with its anchor."""
    return "\n".join(f"## {_(term.word)} {{#{term.id}}}\n\n{_(term.meaning)}\n" for term in TERMS)
