"""Readers and writers: the only place textfix touches files (with the CLI)."""
