"""The practice file: the providers and facilities that furnish care, for estimates."""

from __future__ import annotations

from yaml.nodes import Node

from iopcost.core.gfe import STATES, Practice, Provider, npi_problem, state_of, tin_problem
from iopcost.core.language import _
from iopcost.core.levels import CostTable
from iopcost.files.text_file import read_text
from iopcost.files.yamldoc import Document

PROVIDER_KEYS = ("name", "npi", "tin", "address")


def _levels(doc: Document, fields: dict[str, Node], what: str, table: CostTable) -> list[str]:
    """The levels a provider furnishes: the cost file's id of each it prices, and the
    others as written (refused only if a step of the estimate needs one)."""
    levels = []
    for item in doc.sequence(fields["levels"], what=f"{what} levels") if "levels" in fields else ():
        written = doc.text(item, what=f"{what} level")
        level = table.find(written)
        levels.append(written if level is None else level.id)
    return levels


def load_practice(source: str, *, table: CostTable) -> Practice:
    """Read a practice file: `providers:`, each with a name, an NPI (its check digit
    checked), a TIN, the address where care is given (and its state), and the levels it
    furnishes (ids or aliases of the cost file; default every level)."""
    name, text = read_text(source, what=_("practice file"))
    doc = Document(name, text)
    top = doc.mapping(doc.root, what=_("the practice file"), required=("providers",))
    items = doc.sequence(top["providers"], what="providers")
    if not items:
        doc.fail(top["providers"], _("providers is empty; list at least one provider."))
    providers = []
    for number, node in enumerate(items, start=1):
        what = f"provider {number}"
        fields = doc.mapping(node, what=what, required=PROVIDER_KEYS, optional=("state", "levels"))
        text_of = {key: doc.text(fields[key], what=f"{what} {key}") for key in PROVIDER_KEYS}
        for key, check in (("npi", npi_problem), ("tin", tin_problem)):
            problem = check(text_of[key])
            if problem is not None:
                said = _("{what} {key}: {problem}", what=what, key=key, problem=problem)
                doc.fail(fields[key], said)
        state = (
            doc.text(fields["state"], what=f"{what} state").upper()
            if "state" in fields
            else state_of(text_of["address"])
        )
        if state is None or state not in STATES:
            doc.fail(
                fields.get("state", fields["address"]),
                _(
                    "{what}: the state where care is given is not clear{found}; end the "
                    "address with a US state's code and the ZIP code (Springfield, IL 62701) "
                    "or add state: IL.",
                    what=what,
                    found="" if state is None else _(" ({state} is no US state)", state=state),
                ),
            )
        levels = _levels(doc, fields, what, table)
        providers.append(
            Provider(
                name=text_of["name"],
                npi=text_of["npi"],
                tin=text_of["tin"],
                address=text_of["address"],
                state=state,
                levels=tuple(levels),
            )
        )
    return Practice(name, tuple(providers))
