"""Pure-Python domain of hotwash: no Django, no database, no network, no printing."""
