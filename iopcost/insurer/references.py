"""An in-network file's provider references, kept only where they name a provider
asked for: read as events (never a reference, a group or an NPI list whole), and, when
a reference is only the address of a separate file, that file fetched once, when a rate
of a level first names it, at most MOST_FETCHES of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from iopcost.core.errors import IopcostError
from iopcost.core.language import N_, _
from iopcost.core.plan_rates import Match, Tally
from iopcost.core.text import clean
from iopcost.hospital.source import Source, read_errors
from iopcost.insurer.providers import Providers

Events = Iterator[tuple[str, str, Any]]
# Addresses of separate provider-reference files kept (id -> address), and fetched.
MOST_REMOTE = 50_000
MOST_FETCHES = 500
# Network names kept per reference.
MOST_NETWORKS = 8


def ref_key(value: object) -> object:
    """A provider_group_id as compared: a number as itself (1, 1.0 and "1" are one),
    text trimmed."""
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        try:
            return Decimal(text)
        except ArithmeticError:
            return text
    return value


def group_labels(events: Events, base: str, providers: Providers) -> set[str]:
    """The labels of the providers asked for among the provider groups of the array at
    `base`, its events consumed up to the array's end."""
    item, npi = base + ".item", base + ".item.npi.item"
    tin_type, tin_value = base + ".item.tin.type", base + ".item.tin.value"
    by_npi = providers.by_npi
    labels: set[str] = set()
    kind: object = None
    value: object = None
    for prefix, event, found in events:
        if prefix == npi:
            label = by_npi.get(found)
            if label is not None:
                labels.add(label)
        elif prefix == tin_type:
            kind = found
        elif prefix == tin_value:
            value = found
        elif prefix == item and event == "end_map":
            label = providers.tin(kind, value)
            if label is not None:
                labels.add(label)
            kind = value = None
        elif prefix == base and event == "end_array":
            break
    return labels


def dict_labels(groups: object, providers: Providers) -> set[str]:
    """The labels of the providers asked for among decoded provider groups."""
    labels: set[str] = set()
    if not isinstance(groups, list):
        return labels
    by_npi = providers.by_npi
    for group in groups:
        if not isinstance(group, dict):
            continue
        npis = group.get("npi")
        if isinstance(npis, list):
            for npi in by_npi.keys() & {n for n in npis if isinstance(n, int | str)}:
                labels.add(by_npi[npi])
        tin = group.get("tin")
        if isinstance(tin, dict):
            label = providers.tin(tin.get("type"), tin.get("value"))
            if label is not None:
                labels.add(label)
    return labels


class References:
    """Provider group ids -> the providers asked for that they name (with networks)."""

    def __init__(
        self,
        providers: Providers,
        tally: Tally,
        fetch: Callable[[str], Path] | None = None,
    ) -> None:
        self.providers = providers
        self.tally = tally
        self.fetch = fetch
        self.matched: dict[object, tuple[Match, ...]] = {}
        self.remote: dict[object, str] = {}
        self.fetched = 0
        self.known = False
        self.seen = 0

    def read(self, events: Events) -> None:
        """The top-level `provider_references` array, from its first element's events
        to its end."""
        base = "provider_references.item"
        group_id: object = None
        networks: list[str] = []
        labels: set[str] = set()
        location: str | None = None
        for prefix, event, value in events:
            if prefix == base + ".provider_groups" and event == "start_array":
                labels |= group_labels(events, prefix, self.providers)
            elif prefix == base + ".provider_group_id":
                group_id = ref_key(value)
            elif prefix == base + ".network_name.item" and len(networks) < MOST_NETWORKS:
                networks.append(clean(str(value)))
            elif prefix == base + ".location":
                location = str(value)
            elif prefix == base and event == "end_map":
                self.keep(group_id, labels, tuple(networks), location)
                group_id, networks, labels, location = None, [], set(), None
            elif prefix == "provider_references" and event == "end_array":
                break

    def keep(
        self, group_id: object, labels: set[str], networks: tuple[str, ...], location: str | None
    ) -> None:
        self.seen += 1
        if labels:
            self.matched[group_id] = tuple(Match(label, networks) for label in sorted(labels))
        elif location is not None:
            if len(self.remote) < MOST_REMOTE:
                self.remote[group_id] = location
            else:
                self.tally.skip(_FAR_TOO_MANY)

    def resolve(self, group_id: object) -> tuple[Match, ...]:
        """The providers asked for that a group id names (fetching its file if remote)."""
        found = self.matched.get(group_id)
        if found is None and isinstance(group_id, str):
            group_id = ref_key(group_id)
            found = self.matched.get(group_id)
        if found is not None:
            return found
        location = self.remote.pop(group_id, None)
        if location is None:
            return ()
        found = self.matched[group_id] = self._remote(location)
        return found

    def _remote(self, location: str) -> tuple[Match, ...]:
        import ijson

        if self.fetch is None or self.fetched >= MOST_FETCHES:
            self.tally.failed.setdefault(
                location, _("not fetched (at most {most} a run)", most=MOST_FETCHES)
            )
            return ()
        self.fetched += 1
        try:
            path = self.fetch(location)
            with read_errors(location), Source(str(path), name=location).open() as raw:
                labels = group_labels(
                    _opened_groups(ijson.parse(raw)), "provider_groups", self.providers
                )
        except IopcostError as exc:
            self.tally.failed[location] = str(exc)
            return ()
        except (ijson.JSONError, OSError, ValueError) as exc:
            self.tally.failed[location] = _(
                "not a provider-reference file ({why})", why=clean(str(exc))[:120]
            )
            return ()
        return tuple(Match(label, ()) for label in sorted(labels))


def _opened_groups(events: Events) -> Events:
    """A provider-reference file's events from its `provider_groups` array on."""
    for prefix, event, _value in events:
        if prefix == "provider_groups" and event == "start_array":
            break
    return events


_FAR_TOO_MANY = N_("naming a provider-reference address past the most iopcost keeps")
