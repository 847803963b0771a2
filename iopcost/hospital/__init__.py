"""Hospitals' standard-charges files (45 CFR 180.50): opening, the CSV and JSON
readers, and the summary per level of care."""
