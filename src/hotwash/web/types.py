"""Type aliases shared by the Django apps."""

from typing import Any

# ``request.user``: a signed-in User, an AnonymousUser, or None for system actions.
# Services check ``is_authenticated`` themselves; the alias keeps signatures honest but simple.
Actor = Any
