"""Corpus-level work: the two-pass runner and near-duplicate documents."""
