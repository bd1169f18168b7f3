"""Print-ready safeguarding leaflets and event packs from reviewed YAML content."""

__version__ = "0.1.0"
