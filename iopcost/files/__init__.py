"""Reading and writing files: safe YAML with positions, cost, insurance, household,
price-index and care-codes files, bundled resources, atomic writes."""
