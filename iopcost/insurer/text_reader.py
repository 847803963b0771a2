"""An insurer's in-network rate file, of any size, read in flat memory and at the
speed of the standard library's C decoder.

The text is read in chunks; each element of `in_network` and `provider_references`
that fits in WINDOW characters is decoded whole, in C, and looked at once (an item
whose billing code prices no level is dropped at once; a wanted one is decoded again
with exact decimals). An element larger than WINDOW (one item naming a million
provider references) is never held: its text is found by a scan of its structure,
copied to a temporary file and read as a stream of events (iopcost.insurer.in_network).
What is kept is bounded by the providers and levels asked for, never by the file.

Top-level keys come in any order: when `in_network` comes before the
`provider_references` its rate groups name, the rates that name them are read in a
second pass (inline `provider_groups`, schema 1.x, are read in the first).
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal
from typing import IO, Any

from iopcost.core.care import CareCodes
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.plan_rates import FileFacts
from iopcost.core.text import clean
from iopcost.insurer.in_network import read_items
from iopcost.insurer.references import References, dict_labels, ref_key
from iopcost.insurer.rules import Item, Matches, Rules, price_of
from iopcost.insurer.window import MOST_STRING, TOO_BIG, Window

FACTS = (
    "reporting_entity_name",
    "reporting_entity_type",
    "plan_name",
    "plan_id_type",
    "plan_id",
    "plan_market_type",
    "issuer_name",
    "plan_sponsor_name",
    "last_updated_on",
    "version",
)
MOST_KEYS = 64
# Items noted for the second pass by their place (8 bytes each); past this many, the
# second pass reads the whole file again.
MOST_WAITING_ITEMS = 1_000_000


class TextReader:
    """One pass over an in-network file's text."""

    def __init__(self, rules: Rules, name: str) -> None:
        self.rules = rules
        self.name = name
        self.facts: dict[str, str] = {}
        self.keys: dict[str, None] = {}
        self.text: Window
        self.start = 0
        # Where each item waiting for references starts (None: too many to note).
        self.waiting: array[int] | None = array("q")

    def read(self, stream: IO[bytes]) -> None:
        text = self.text = Window(stream, self.name)
        if text.peek() != "{":
            raise _NotInNetworkError
        text.pos += 1
        if text.peek() == "}":
            text.pos += 1
            return
        while True:
            key, _start = text.value(MOST_STRING)
            if not isinstance(key, str):
                raise text.fail(_("a key that is not text"))
            if len(self.keys) < MOST_KEYS:
                self.keys[clean(key)[:40]] = None
            text.expect(":")
            self._value(text, key)
            if not text.after("}"):
                return

    def read_waiting(self, stream: IO[bytes]) -> None:
        """The second pass, when the first noted where the waiting items are: only those
        items, found by their place, each read again now that references are known."""
        assert self.waiting is not None
        text = self.text = Window(stream, self.name)
        for offset in self.waiting:
            text.forward(offset)
            value, start = text.value()
            if value is TOO_BIG:
                text.pos = start
                self._spilled(text, "in_network")
            else:
                self._item(value, start)

    def _value(self, text: Window, key: str) -> None:
        if key == "in_network" and text.peek() == "[":
            self._elements(text, self._item, "in_network")
        elif key == "provider_references" and text.peek() == "[":
            if self.rules.second:
                self._elements(text, lambda value, start: None, "")
            else:
                self._elements(text, self._reference, "provider_references")
                self.rules.references.known = True
        elif key in FACTS and text.peek() != "[":
            value, _start = text.value(1 << 16)
            if value is not TOO_BIG and not isinstance(value, dict | list):
                self.facts[key] = clean(str(value))[:200]
        else:
            text.scan()

    def _elements(self, text: Window, each: Callable[[Any, int], None], spill_key: str) -> None:
        """Each element of the array at `pos`: decoded and given to `each` (with where
        its text starts), or, when too large, spilled and read as events."""
        text.expect("[")
        if text.peek() == "]":
            text.pos += 1
            return
        while True:
            value, start = text.value()
            if value is TOO_BIG:
                text.pos = start
                self._spilled(text, spill_key)
            else:
                each(value, start)
            if not text.after("]"):
                return

    def _spilled(self, text: Window, key: str) -> None:
        """An element too large to hold: copied to a temporary file as the one element of
        an array under `key`, and read from there as events."""
        import ijson

        if key == "in_network" and not self.rules.references.known:
            self._note(self.text.base + text.pos)  # read again in the second pass
        with tempfile.TemporaryFile() as spool:
            spool.write(b'{"%s":[' % key.encode())
            text.scan(lambda part: spool.write(part.encode()))
            spool.write(b"]}")
            spool.seek(0)
            events = ijson.parse(spool)
            if key == "in_network":
                read_items(events, self.rules)
            elif key == "provider_references":
                self.rules.references.read(events)
            # (the second pass passes over references: nothing to read)

    def _item(self, value: Any, start: int) -> None:
        rules = self.rules
        rules.tally.items += not rules.second
        if not isinstance(value, dict):
            return
        item = Item()
        item.kind = str(value.get("billing_code_type", ""))
        item.code = str(value.get("billing_code", ""))
        if not rules.wanted(item):
            return
        rates = value.get("negotiated_rates")
        self.start = start
        if not isinstance(rates, list) or not self._may_match(rates):
            return
        value = self.exact(start)
        item.arrangement = str(value.get("negotiation_arrangement") or "ffs")
        item.name = str(value.get("name", ""))
        item.description = str(value.get("description", ""))
        rates = value.get("negotiated_rates")
        for rate in rates if isinstance(rates, list) else ():
            if isinstance(rate, dict):
                self._rate(item, rate)
        rules.flush(item)

    def _may_match(self, rates: list[Any]) -> bool:
        """Whether any rate group of an item (as decoded quickly) may name a provider
        asked for in this pass; if none does, the item is not decoded again."""
        references = self.rules.references
        waiting = 0
        for rate in rates:
            if not isinstance(rate, dict):
                continue
            ids = rate.get("provider_references")
            if isinstance(ids, list):
                if not references.known:
                    waiting += 1
                elif any(
                    not isinstance(i, int | str) or references.resolve(i) for i in ids
                ):  # a float id is looked up as written, exactly
                    return True
            if dict_labels(rate.get("provider_groups"), references.providers):
                return True
        if waiting:
            self.rules.waiting_refs += waiting
            self._note(self.text.base + self.start)
        return False

    def _note(self, offset: int) -> None:
        """Note where an item the second pass must read again starts."""
        if self.waiting is not None:
            self.waiting.append(offset)
            if len(self.waiting) > MOST_WAITING_ITEMS:
                self.waiting = None  # the second pass reads every item again

    def _rate(self, item: Item, rate: dict[str, Any]) -> None:
        references = self.rules.references
        matches: Matches = {}
        ids = rate.get("provider_references")
        by_reference = isinstance(ids, list)
        if by_reference and references.known:
            for group_id in ids:  # type: ignore[union-attr]
                if isinstance(group_id, int | Decimal | str):
                    for match in references.resolve(group_id):
                        matches[match.label] = matches.get(match.label, ()) + match.networks
        for label in dict_labels(rate.get("provider_groups"), references.providers):
            matches.setdefault(label, ())
        prices = [
            price_of(_price_fields(price), _modifiers(price))
            for price in rate.get("negotiated_prices") or ()
            if isinstance(price, dict)
        ]
        self.rules.rate_done(item, prices, matches, by_reference)

    def _reference(self, value: Any, start: int) -> None:
        if not isinstance(value, dict):
            return
        value = self.exact(start)
        networks = value.get("network_name")
        names = tuple(clean(str(n)) for n in networks[:8]) if isinstance(networks, list) else ()
        location = value.get("location")
        self.rules.references.keep(
            ref_key(value.get("provider_group_id")),
            dict_labels(value.get("provider_groups"), self.rules.references.providers),
            names,
            str(location) if isinstance(location, str) else None,
        )

    def exact(self, start: int) -> Any:
        """The element just decoded, again with exact decimals."""
        return self.text.exact(start)


_PRICE_KEYS = {
    "negotiated_type": "kind",
    "negotiated_rate": "rate",
    "expiration_date": "expires",
    "billing_class": "billing_class",
    "setting": "setting",
}


def _price_fields(price: dict[str, Any]) -> dict[str, Any]:
    return {field: price[key] for key, field in _PRICE_KEYS.items() if key in price}


def _modifiers(price: dict[str, Any]) -> list[str]:
    found = price.get("billing_code_modifier")
    return [clean(str(m))[:10] for m in found] if isinstance(found, list) else []


class _NotInNetworkError(Exception):
    pass


def read_in_network(
    opened: Callable[[], AbstractContextManager[IO[bytes]]],
    name: str,
    codes: CareCodes,
    references: References,
    today: date,
) -> FileFacts:
    """Read the file (`opened` gives its decompressed bytes from the start, as often as
    needed) into `references.tally`; its facts returned."""
    import ijson

    rules = Rules(codes, references, today)
    reader = TextReader(rules, name)
    while True:
        with opened() as stream:
            try:
                if rules.second and reader.waiting is not None:
                    reader.read_waiting(stream)
                else:
                    reader.read(stream)
            except ijson.JSONError as exc:  # an element too large, read as events
                raise DataFileError(
                    _("{name} is not valid JSON ({why}).", name=name, why=clean(str(exc))[:160])
                ) from None
            except _NotInNetworkError:
                raise _not_in_network(name, reader.keys) from None
        if "in_network" not in reader.keys:
            raise _not_in_network(name, reader.keys)
        if rules.second or not (rules.waiting_refs and references.known):
            break
        rules.waiting_refs = 0
        rules.second = True
    rules.finish()
    return FileFacts(
        name=name,
        insurer=reader.facts.get("reporting_entity_name", ""),
        plan=reader.facts.get("plan_name", ""),
        plan_id=reader.facts.get("plan_id", ""),
        published=reader.facts.get("last_updated_on", ""),
        version=reader.facts.get("version", ""),
    )


def _not_in_network(name: str, keys: dict[str, None]) -> DataFileError:
    if "reporting_structure" in keys:
        return DataFileError(
            _(
                "{name} is a table of contents, not an in-network file; list its plans and "
                "their files with: iopcost insurer plans {name}",
                name=name,
            )
        )
    found = ", ".join(list(keys)[:6]) or _("nothing")
    return DataFileError(
        _(
            "{name} is not an insurer's in-network rate file: it has no top-level in_network "
            "list (found: {found}).",
            name=name,
            found=found,
        )
    )
