"""The ``hotwash`` command: thin commands over core (and web for database commands)."""
