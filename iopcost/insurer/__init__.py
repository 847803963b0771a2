"""Insurers' machine-readable files (Transparency in Coverage): tables of contents and
in-network rate files, streamed."""
