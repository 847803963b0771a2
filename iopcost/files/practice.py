"""The practice file: the providers and facilities that furnish care, for estimates."""

from __future__ import annotations

from iopcost.core.gfe import Practice, Provider, npi_problem, state_of, tin_problem
from iopcost.core.levels import CostTable
from iopcost.files.text_file import read_text
from iopcost.files.yamldoc import Document

PROVIDER_KEYS = ("name", "npi", "tin", "address")


def load_practice(source: str, *, table: CostTable) -> Practice:
    """Read a practice file: `providers:`, each with a name, an NPI (its check digit
    checked), a TIN, the address where care is given (and its state), and the levels it
    furnishes (ids or aliases of the cost file; default every level)."""
    name, text = read_text(source, what="practice file")
    doc = Document(name, text)
    top = doc.mapping(doc.root, what="the practice file", required=("providers",))
    items = doc.sequence(top["providers"], what="providers")
    if not items:
        doc.fail(top["providers"], "providers is empty; list at least one provider.")
    providers = []
    for number, node in enumerate(items, start=1):
        what = f"provider {number}"
        fields = doc.mapping(node, what=what, required=PROVIDER_KEYS, optional=("state", "levels"))
        text_of = {key: doc.text(fields[key], what=f"{what} {key}") for key in PROVIDER_KEYS}
        for key, check in (("npi", npi_problem), ("tin", tin_problem)):
            problem = check(text_of[key])
            if problem is not None:
                doc.fail(fields[key], f"{what} {key}: {problem}")
        state = (
            doc.text(fields["state"], what=f"{what} state").upper()
            if "state" in fields
            else state_of(text_of["address"])
        )
        if state is None or len(state) != 2 or not state.isalpha():
            doc.fail(
                fields.get("state", fields["address"]),
                f"{what}: the state where care is given is not clear; end the address with "
                "the state and ZIP code (Springfield, IL 62701) or add state: IL.",
            )
        levels = []
        for item in (
            doc.sequence(fields["levels"], what=f"{what} levels") if "levels" in fields else ()
        ):
            written = doc.text(item, what=f"{what} level")
            level = table.find(written)
            if level is None:
                doc.fail(
                    item,
                    f"{what} levels: {written!r} is not a level in the cost file "
                    f"(known: {table.ids()}).",
                )
            levels.append(level.id)
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
