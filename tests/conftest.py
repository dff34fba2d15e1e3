"""Shared test set-up. Core tests need no database; web tests use a real one (SQLite, or PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

os.environ.setdefault("HOTWASH_DATA_DIR", str(REPO / "var" / "test"))
