"""Writes to case data. Every function checks access, validates, writes atomically and audits."""
