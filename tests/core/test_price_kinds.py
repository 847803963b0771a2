"""Kinds of price: one registry whose entries carry their words, payer-dependence,
generation and orders."""

from __future__ import annotations

import pytest

from iopcost.core.charges import (
    FALLBACK,
    PAYER_FREE,
    PRICE_KINDS,
    SHEET_KINDS,
    PriceKind,
    advice_order,
    kinds_in,
)


def test_the_orders_each_use_needs() -> None:
    """A sheet, --price's choices, the fallback and the advice each have their order."""
    assert SHEET_KINDS == ("gross", "cash", "negotiated", "allowed")
    assert PRICE_KINDS == ("negotiated", "cash", "gross", "allowed")
    assert FALLBACK == ("negotiated", "cash", "gross")
    assert advice_order(["gross", "allowed", "negotiated", "cash"]) == [
        "cash", "negotiated", "allowed", "gross"]  # fmt: skip
    assert set(PAYER_FREE) == {"cash", "gross"}


@pytest.mark.parametrize(
    ("generation", "kinds"),
    [("v2", ("gross", "cash", "negotiated")), ("v3", ("gross", "cash", "negotiated", "allowed"))],
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
    assert kind.by_payer == (kind in ("negotiated", "allowed"))
