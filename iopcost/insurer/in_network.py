"""An in-network item too large to hold, read as a stream of JSON events (ijson's C
parser) in flat memory: the text reader (iopcost.insurer.text_reader) hands it here as a
file of its own. A rate group keeps its prices and the asked-for providers it names,
nothing else; a huge list of provider references is looked up id by id, never held.
"""

from __future__ import annotations

from typing import Any

from iopcost.core.plan_rates import Price
from iopcost.core.text import clean
from iopcost.insurer.references import Events, group_labels
from iopcost.insurer.rules import Item, Matches, Rules, price_of

ITEM = "in_network.item"
RATE = ITEM + ".negotiated_rates.item"
PRICE = RATE + ".negotiated_prices.item"
REF_IDS = RATE + ".provider_references.item"
GROUPS = RATE + ".provider_groups"
ITEM_FIELDS = {
    ITEM + ".billing_code_type": "kind",
    ITEM + ".billing_code": "code",
    ITEM + ".negotiation_arrangement": "arrangement",
    ITEM + ".name": "name",
    ITEM + ".description": "description",
}
PRICE_FIELDS = {
    PRICE + ".negotiated_type": "kind",
    PRICE + ".negotiated_rate": "rate",
    PRICE + ".expiration_date": "expires",
    PRICE + ".billing_class": "billing_class",
    PRICE + ".setting": "setting",
}
MODIFIER = PRICE + ".billing_code_modifier.item"


def read_items(events: Events, rules: Rules) -> None:
    """The items of the events' `in_network` array (of a file holding it alone)."""
    for prefix, event, _value in events:
        if prefix == "in_network" and event == "start_array":
            _items(events, rules)
            return


def _items(events: Events, rules: Rules) -> None:
    item = Item()
    for prefix, event, value in events:
        if prefix == RATE:
            if event == "start_map":
                _rate(events, item, rules)
        elif prefix == ITEM:
            if event == "start_map":
                item = Item()
                rules.tally.items += not rules.second
            elif event == "end_map":
                rules.flush(item)
        elif prefix in ITEM_FIELDS:
            setattr(item, ITEM_FIELDS[prefix], str(value))
            if item.kind and item.code and item.level is None and not rules.wanted(item):
                _skip(events, ITEM, "end_map")
        elif prefix == "in_network":
            return


def _rate(events: Events, item: Item, rules: Rules) -> None:
    """One negotiated-rates element: its prices and the providers asked for it names."""
    prices: list[Price] = []
    matches: Matches = {}
    by_reference = False
    fields: dict[str, Any] = {}
    modifiers: list[str] = []
    references = rules.references
    resolve = references.resolve if references.known else None
    for prefix, event, value in events:
        if prefix == REF_IDS:
            by_reference = True
            if resolve is not None:
                for match in resolve(value):
                    matches[match.label] = matches.get(match.label, ()) + match.networks
        elif prefix in PRICE_FIELDS:
            fields[PRICE_FIELDS[prefix]] = value
        elif prefix == MODIFIER:
            modifiers.append(clean(str(value))[:10])
        elif prefix == PRICE and event == "end_map":
            prices.append(price_of(fields, modifiers))
            fields, modifiers = {}, []
        elif prefix == GROUPS and event == "start_array":
            for label in group_labels(events, GROUPS, references.providers):
                matches.setdefault(label, ())
        elif prefix == RATE and event == "end_map":
            break
    rules.rate_done(item, prices, matches, by_reference)


def _skip(events: Events, prefix: str, end: str) -> None:
    for found, event, _value in events:
        if found == prefix and event == end:
            return


__all__ = ["read_items"]
