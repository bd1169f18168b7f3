"""Unit tests: one file a module, each on a tiny synthetic project (tests/unit/project.py)."""
