"""Kinds of price: one registry whose entries carry their words, payer-dependence,
generation and orders."""

from __future__ import annotations

import pytest

from iopcost.core.charges import (
    FALLBACK,
    FILE_KINDS,
    PAYER_FREE,
    PRICE_KINDS,
    SHEET_KINDS,
    PriceKind,
    advice_order,
    kinds_in,
)


def test_the_orders_each_use_needs() -> None:
    """A sheet, --price's choices, the fallback and the advice each have their order."""
    assert SHEET_KINDS == ("gross", "cash", "negotiated", "allowed", "minmax")
    assert PRICE_KINDS == ("negotiated", "cash", "gross", "allowed", "minmax", "plan")
    # --price offers what hospitals' files give: a plan's own rate comes from its insurer.
    assert FILE_KINDS == ("negotiated", "cash", "gross", "allowed", "minmax")
    # The de-identified minimum and maximum: never by default, only when asked by name.
    assert FALLBACK == ("negotiated", "cash", "gross")
    assert advice_order(["gross", "allowed", "minmax", "negotiated", "cash"]) == [
        "cash", "negotiated", "allowed", "gross", "minmax"]  # fmt: skip
    assert set(PAYER_FREE) == {"cash", "gross", "minmax"}


@pytest.mark.parametrize(
    ("generation", "kinds"),
    [
        ("v2", ("gross", "cash", "negotiated", "minmax")),
        ("v3", ("gross", "cash", "negotiated", "allowed", "minmax")),
    ],
    ids=["v2", "v3"],
)
def test_allowed_amounts_exist_only_in_v3(generation: str, kinds: tuple[str, ...]) -> None:
    """One rule, one place: allowed amounts are a v3 file's."""
    assert kinds_in(generation) == kinds


@pytest.mark.parametrize("kind", list(PriceKind), ids=str)
def test_every_kind_says_what_it_is(kind: PriceKind) -> None:
    """Each kind has its words, its cell label and what lacking it means; a kind is its
    name wherever a string is expected (JSON, the catalogue)."""
    assert kind.words and kind.label and kind.missing.startswith("no ")
    assert kind == kind.value and f"{kind}" == kind.value
    assert kind.by_payer == (kind in ("negotiated", "allowed", "plan"))
    assert kind.facts.group and kind.facts.basis
