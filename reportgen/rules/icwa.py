"""Placeholder; rules land here."""

RULES: list = []
