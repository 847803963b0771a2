"""Everything people and programs read: sheets, the JSON contract, the sentences,
the format registry, tables, charts and reports."""
