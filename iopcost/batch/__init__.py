"""Estimates in bulk: scenarios streamed in, one estimate each streamed out."""
