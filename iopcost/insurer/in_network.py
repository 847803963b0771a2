"""An insurer's in-network rate file, of any size, read as a stream of JSON events (ijson's
C parser) in flat memory: what is kept is bounded by the providers and levels asked for,
never by the file.

An item whose billing code prices no level is passed over event by event without a
look; a rate group keeps its prices and the asked-for providers it names, nothing
else. Top-level keys come in any order: when `in_network` comes before the
`provider_references` its rate groups name, the rates that name them are read in a
second pass, once the references are known (inline `provider_groups`, schema 1.x, are
read in the first). Schema 1.x and 2.x shapes both read.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from decimal import Decimal
from typing import IO, Any

from iopcost.core.care import PER_CASE, CareCodes, normal_code
from iopcost.core.errors import DataFileError
from iopcost.core.language import _
from iopcost.core.plan_rates import (
    EVERY_CODE,
    EXPIRED,
    KINDS,
    NO_AMOUNT,
    OTHER_SETTING,
    PRICED_ARRANGEMENT,
    PROFESSIONAL,
    UNKNOWN_KIND,
    UNREFERENCED,
    FileFacts,
    Match,
    Price,
)
from iopcost.core.text import clean
from iopcost.insurer.references import Events, References, group_labels

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
EVERY = "CSTM-00"
# Rate groups held for an item whose billing code comes after its rates.
MOST_WAITING = 10_000
MOST_KEYS = 64


class _Item:
    __slots__ = ("arrangement", "code", "description", "kind", "level", "name", "pair", "waiting")

    def __init__(self) -> None:
        self.kind = self.code = self.name = self.description = ""
        self.arrangement = PRICED_ARRANGEMENT
        self.level: str | None = None
        self.pair = ("", "")
        self.waiting: list[tuple[list[Price], dict[str, tuple[str, ...]]]] = []


class Reader:
    """One in-network file's rates for the levels of `codes` and the providers asked
    for, added up in `tally`."""

    def __init__(self, codes: CareCodes, references: References, today: date) -> None:
        self.codes = codes
        self.references = references
        self.tally = references.tally
        self.today = today.isoformat()
        self.facts: dict[str, str] = {}
        self.keys: dict[str, None] = {}
        self.waiting_refs = 0
        self.second = False
        self.settings = {level.id: _setting(level.per_week) for level in codes.levels}

    def read(self, events: Events) -> None:
        """One pass over the file's events."""
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise _NotInNetwork
        for prefix, event, value in events:
            if prefix == "":
                if event == "map_key" and len(self.keys) < MOST_KEYS:
                    self.keys[value] = None
            elif prefix == "in_network" and event == "start_array":
                self._items(events)
            elif prefix == "provider_references" and event == "start_array":
                if self.second:
                    _skip(events, prefix, "end_array")
                else:
                    self.references.read(events)
            elif prefix in FACTS and event in ("string", "number"):
                self.facts[prefix] = clean(str(value))[:200]

    def _items(self, events: Events) -> None:
        item = _Item()
        for prefix, event, value in events:
            if prefix == RATE:
                if event == "start_map":
                    self._rate(events, item)
            elif prefix == ITEM:
                if event == "start_map":
                    item = _Item()
                    self.tally.items += not self.second
                elif event == "end_map":
                    self._flush(item)
            elif prefix in ITEM_FIELDS:
                setattr(item, ITEM_FIELDS[prefix], str(value))
                if item.kind and item.code and item.level is None and not self._wanted(item):
                    _skip(events, ITEM, "end_map")
            elif prefix == "in_network":
                return

    def _wanted(self, item: _Item) -> bool:
        """Whether an item's code prices a level (its level set), once its type and code
        are known."""
        kind, code = normal_code(item.kind, item.code)
        if code == EVERY or kind == "CSTM-ALL":
            self.tally.skip(EVERY_CODE, not self.second)
            return False
        level = self.codes.classify(kind, code)
        if level is None or level == PER_CASE:
            return False
        item.level = level
        item.pair = (kind, code)
        item.code = f"{kind} {code}"
        self.tally.level_items += not self.second
        return True

    def _rate(self, events: Events, item: _Item) -> None:
        """One negotiated-rates element: its prices and the providers asked for it names."""
        prices: list[Price] = []
        matches: dict[str, tuple[str, ...]] = {}
        by_reference = False
        fields: dict[str, Any] = {}
        modifiers: list[str] = []
        resolve = self.references.resolve if self.references.known else None
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
                prices.append(_price(fields, modifiers))
                fields, modifiers = {}, []
            elif prefix == GROUPS and event == "start_array":
                for label in group_labels(events, GROUPS, self.references.providers):
                    matches.setdefault(label, ())
            elif prefix == RATE and event == "end_map":
                break
        if by_reference and resolve is None:
            self.waiting_refs += 1
        # The second pass reads only what the first had to leave: rates by reference.
        elif matches and (by_reference or not self.second):
            if item.level is None:
                if len(item.waiting) >= MOST_WAITING:
                    raise DataFileError(
                        _(
                            "an item lists over {most:,} rate groups before its billing code; "
                            "iopcost does not hold that many.",
                            most=MOST_WAITING,
                        )
                    )
                item.waiting.append((prices, matches))
            else:
                self._add(item, prices, matches)

    def _flush(self, item: _Item) -> None:
        if item.waiting and (item.level is not None or self._wanted(item)):
            for prices, matches in item.waiting:
                self._add(item, prices, matches)
        item.waiting = []

    def _add(self, item: _Item, prices: list[Price], matches: dict[str, tuple[str, ...]]) -> None:
        assert item.level is not None
        level = item.level
        not_unit = self.codes.not_a_unit((item.pair,), item.description or item.name)
        arrangement = item.arrangement.strip().lower() or PRICED_ARRANGEMENT
        for price in prices:
            reason = not_unit or self._problem(price, level)
            if reason is not None:
                self.tally.skip(reason)
                continue
            for label, networks in matches.items():
                match = Match(label, tuple(dict.fromkeys(networks)))
                self.tally.add(match, level, item.code, arrangement, price)

    def _problem(self, price: Price, level: str) -> str | None:
        if price.kind not in KINDS:
            return UNKNOWN_KIND
        if price.rate is None:
            return NO_AMOUNT
        if price.expires[:10] < self.today and price.expires[:4].isdigit():
            return EXPIRED
        if price.billing_class == "professional":
            return PROFESSIONAL
        if price.setting not in ("", "both", self.settings[level]):
            return OTHER_SETTING
        return None

    def finish(self) -> None:
        """After a pass: rates that named references the file never defined."""
        if self.waiting_refs and not self.references.known:
            self.tally.skip(UNREFERENCED, self.waiting_refs)
            self.waiting_refs = 0


def _setting(per_week: int) -> str:
    """The setting a level's rate is for: a stay round the clock (billed every day of
    the week) is inpatient, a program the person goes home from is outpatient."""
    return "inpatient" if per_week == 7 else "outpatient"


def _price(fields: dict[str, Any], modifiers: list[str]) -> Price:
    rate = fields.get("rate")
    if isinstance(rate, str):
        try:
            rate = Decimal(rate.strip())
        except ArithmeticError:
            rate = None
    if isinstance(rate, bool) or not isinstance(rate, int | Decimal):
        amount = None
    else:
        amount = Decimal(rate)
        if not amount.is_finite() or amount <= 0 or amount >= 10**9:
            amount = None
    return Price(
        kind=str(fields.get("kind", "")).strip().lower(),
        rate=amount,
        expires=str(fields.get("expires", "")).strip(),
        billing_class=str(fields.get("billing_class", "")).strip().lower(),
        setting=str(fields.get("setting", "")).strip().lower(),
        modifiers=tuple(modifiers),
    )


def _skip(events: Events, prefix: str, end: str) -> None:
    for found, event, _value in events:
        if found == prefix and event == end:
            return


class _NotInNetworkError(Exception):
    pass


_NotInNetwork = _NotInNetworkError()


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

    reader = Reader(codes, references, today)
    passes = 0
    while True:
        with opened() as stream:
            try:
                reader.read(ijson.parse(stream, buf_size=1 << 16))
            except ijson.JSONError as exc:
                raise DataFileError(
                    _("{name} is not valid JSON ({why}).", name=name, why=clean(str(exc))[:160])
                ) from None
            except _NotInNetworkError:
                raise _not_in_network(name, reader.keys) from None
        passes += 1
        if "in_network" not in reader.keys:
            raise _not_in_network(name, reader.keys)
        if not (reader.waiting_refs and references.known) or passes > 1:
            break
        reader.waiting_refs = 0
        reader.second = True
    reader.finish()
    return _facts(name, reader.facts)


def _not_in_network(name: str, keys: dict[str, None]) -> DataFileError:
    if "reporting_structure" in keys:
        return DataFileError(
            _(
                "{name} is a table of contents, not an in-network file; list its plans and "
                "their files with: iopcost insurer plans {name}",
                name=name,
            )
        )
    found = ", ".join(clean(key)[:40] for key in list(keys)[:6]) or _("nothing")
    return DataFileError(
        _(
            "{name} is not an insurer's in-network rate file: it has no top-level in_network "
            "list (found: {found}).",
            name=name,
            found=found,
        )
    )


def _facts(name: str, facts: dict[str, str]) -> FileFacts:
    return FileFacts(
        name=name,
        insurer=facts.get("reporting_entity_name", ""),
        plan=facts.get("plan_name", ""),
        plan_id=facts.get("plan_id", ""),
        published=facts.get("last_updated_on", ""),
        version=facts.get("version", ""),
    )


__all__ = ["FileFacts", "Reader", "read_in_network"]
