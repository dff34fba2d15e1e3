"""hotwash: blameless postmortems, from timeline to follow-through."""

__version__ = "0.1.0"
